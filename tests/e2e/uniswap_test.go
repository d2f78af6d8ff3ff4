//go:build e2e

package e2e

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	pfbindings "github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/contracts/bindings"
	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
)

// The pool's fee tier (0.3%) and its tick spacing.
const (
	uniswapFee         = 3000
	uniswapTickSpacing = 60
)

// uniswapMarket is a SESH/USDC market on geth --dev made of the real
// Uniswap V3 contracts: v3-core's published factory deploys the pool.
type uniswapMarket struct {
	g                *gethNode
	sesh, usdc       common.Address
	factory, pool    common.Address
	driver           common.Address
	seshIsToken0     bool
	seshDec, usdcDec int64
	liquidity        *big.Int
}

// deployMarket deploys a 9-decimal SESH, a 6-decimal USDC and v3-core's
// factory, creates the SESH/USDC pool at priceUSD, raises its observation
// cardinality to cardinality and adds liquidity over the full tick range.
func deployMarket(t *testing.T, g *gethNode, priceUSD string, cardinality uint16) *uniswapMarket {
	t.Helper()
	m := &uniswapMarket{g: g, seshDec: 9, usdcDec: 6, liquidity: big.NewInt(1_000_000_000_000_000)}
	supply := new(big.Int).Exp(big.NewInt(10), big.NewInt(30), nil)
	m.sesh = g.deployToken(t, supply)
	m.usdc = g.deploy(t, pfbindings.TestUSDCMetaData.Bin, pfbindings.NewTestUSDC().PackConstructor(supply))
	m.factory = g.deploy(t, pfbindings.UniswapV3FactoryMetaData.Bin, nil)
	m.driver = g.deploy(t, pfbindings.UniswapV3DriverMetaData.Bin, nil)

	factory := pfbindings.NewUniswapV3Factory()
	g.transact(t, m.factory, factory.PackCreatePool(m.sesh, m.usdc, big.NewInt(uniswapFee)))
	pool, err := bind.Call(factory.Instance(g.client, m.factory), nil, factory.PackGetPool(m.sesh, m.usdc, big.NewInt(uniswapFee)), factory.UnpackGetPool)
	require.NoError(t, err)
	require.NotEqual(t, common.Address{}, pool)
	m.pool = pool
	m.seshIsToken0 = m.sesh.Cmp(m.usdc) < 0

	p := pfbindings.NewUniswapV3Pool()
	g.transact(t, m.pool, p.PackInitialize(m.sqrtPriceX96(t, priceUSD)))
	g.transact(t, m.pool, p.PackIncreaseObservationCardinalityNext(cardinality))
	maxUint := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	g.transact(t, m.sesh, bindings.NewTestSESH().PackApprove(m.driver, maxUint))
	g.transact(t, m.usdc, pfbindings.NewTestUSDC().PackApprove(m.driver, maxUint))
	lower, upper := big.NewInt(-887220), big.NewInt(887220) // the full range, in multiples of 60
	g.transact(t, m.driver, pfbindings.NewUniswapV3Driver().PackMint(m.pool, lower, upper, m.liquidity))
	t.Logf("SESH %s, USDC %s, factory %s, pool %s (SESH is token%d) at %s USD", m.sesh, m.usdc, m.factory, m.pool, map[bool]int{true: 0, false: 1}[m.seshIsToken0], priceUSD)
	return m
}

// sqrtPriceX96 is the pool's square-root price for priceUSD per SESH:
// sqrt(token1 units per token0 unit) · 2^96.
func (m *uniswapMarket) sqrtPriceX96(t *testing.T, priceUSD string) *big.Int {
	t.Helper()
	p, ok := new(big.Float).SetPrec(256).SetString(priceUSD)
	require.True(t, ok, priceUSD)
	// USDC units per SESH unit.
	raw := new(big.Float).SetPrec(256).Quo(p, new(big.Float).SetPrec(256).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(m.seshDec-m.usdcDec), nil)))
	if !m.seshIsToken0 {
		raw.Quo(new(big.Float).SetPrec(256).SetInt64(1), raw)
	}
	root := new(big.Float).SetPrec(256).Sqrt(raw)
	root.Mul(root, new(big.Float).SetPrec(256).SetInt(new(big.Int).Lsh(big.NewInt(1), 96)))
	out, _ := root.Int(nil)
	return out
}

// moveTo swaps in one transaction until the pool's spot price is priceUSD
// (the swap stops at that square-root price).
func (m *uniswapMarket) moveTo(t *testing.T, priceUSD string) {
	t.Helper()
	target := m.sqrtPriceX96(t, priceUSD)
	p := pfbindings.NewUniswapV3Pool()
	slot0, err := bind.Call(p.Instance(m.g.client, m.pool), nil, p.PackSlot0(), p.UnpackSlot0)
	require.NoError(t, err)
	if target.Cmp(slot0.SqrtPriceX96) == 0 {
		return
	}
	zeroForOne := target.Cmp(slot0.SqrtPriceX96) < 0 // selling token0 lowers its price
	amountIn := new(big.Int).Exp(big.NewInt(10), big.NewInt(27), nil)
	data := pfbindings.NewUniswapV3Driver().PackSwap(m.pool, zeroForOne, amountIn, target)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	from := crypto.PubkeyToAddress(m.g.dev.PublicKey)
	_, err = m.g.client.CallContract(ctx, ethereum.CallMsg{From: from, To: &m.driver, Data: data}, nil)
	require.NoError(t, err, "swap to %s (zeroForOne %v) from %s", priceUSD, zeroForOne, slot0.SqrtPriceX96)
	m.g.transact(t, m.driver, data)
	after, err := bind.Call(p.Instance(m.g.client, m.pool), nil, p.PackSlot0(), p.UnpackSlot0)
	require.NoError(t, err)
	require.Equal(t, target, after.SqrtPriceX96, "the swap stops at the limit price")
}

// deploy deploys bytecode (hex) with constructor input from the dev account.
func (g *gethNode) deploy(t testing.TB, bin string, input []byte) common.Address {
	t.Helper()
	addr, tx, err := bind.DeployContract(g.opts(g.dev), common.FromHex(bin), g.client, input)
	require.NoError(t, err)
	g.waitMined(t, tx)
	return addr
}

// transact sends data to contract from the dev account and waits for its
// successful receipt; a revert is replayed at its parent block for the reason.
func (g *gethNode) transact(t testing.TB, contract common.Address, data []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), receiptTimeout)
	defer cancel()
	from := crypto.PubkeyToAddress(g.dev.PublicKey)
	gas, err := g.client.EstimateGas(ctx, ethereum.CallMsg{From: from, To: &contract, Data: data})
	require.NoError(t, err)
	opts := g.opts(g.dev)
	// Twice the estimate: the estimate runs in the pending block's context,
	// where a pool's oracle may have written this second's observation
	// already; the block itself writes a new one (a cold slot) first.
	// Capped below geth --dev's block gas limit (11.5 M), which creating a
	// pool (11 M) nearly fills.
	opts.GasLimit = max(gas, min(2*gas, 11_400_000))
	tx, err := bind.Transact(bind.NewBoundContract(contract, pfbindings.NewUniswapV3Pool().GetABI(), g.client, g.client, g.client), opts, data)
	require.NoError(t, err)
	for {
		r, err := g.client.TransactionReceipt(ctx, tx.Hash())
		if err == nil {
			if r.Status != ethtypes.ReceiptStatusSuccessful {
				parent := new(big.Int).Sub(r.BlockNumber, big.NewInt(1))
				_, callErr := g.client.CallContract(ctx, ethereum.CallMsg{From: from, To: &contract, Data: data, Gas: tx.Gas()}, parent)
				blk, _ := g.client.HeaderByNumber(ctx, r.BlockNumber)
				var out hexutil.Bytes
				overErr := g.client.Client().CallContext(ctx, &out, "eth_call",
					map[string]any{"from": from, "to": contract, "data": hexutil.Bytes(data), "gas": hexutil.Uint64(tx.Gas())},
					hexutil.EncodeBig(parent), map[string]any{}, map[string]any{"time": hexutil.Uint64(blk.Time), "number": hexutil.EncodeBig(r.BlockNumber)})
				t.Fatalf("EVM tx %s to %s reverted (gas %d of %d): replayed at the parent: %v; with the block's time: %v", tx.Hash(), contract, r.GasUsed, tx.Gas(), callErr, overErr)
			}
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("EVM tx %s not mined within %s", tx.Hash(), receiptTimeout)
		case <-time.After(receiptPoll):
		}
	}
}

// TestUniswapMarket checks the test market itself: the pool moves to the
// prices asked, up and down, and keeps its observations.
func TestUniswapMarket(t *testing.T) {
	g := startGeth(t)
	m := deployMarket(t, g, "0.05", 100)
	for _, price := range []string{"0.053", "0.0795", "0.053", "0.04"} {
		t.Logf("moving the pool to %s", price)
		m.moveTo(t, price)
	}
	p := pfbindings.NewUniswapV3Pool()
	slot0, err := bind.Call(p.Instance(g.client, m.pool), nil, p.PackSlot0(), p.UnpackSlot0)
	require.NoError(t, err)
	require.Equal(t, uint16(100), slot0.ObservationCardinality)
}
