package source

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/aggregate"
	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/twap"
)

// poolABI is the part of IUniswapV3Pool (v3-core) the feeder calls, and
// ERC-20's decimals().
const poolABI = `[
 {"type":"function","name":"token0","stateMutability":"view","inputs":[],"outputs":[{"name":"","type":"address"}]},
 {"type":"function","name":"token1","stateMutability":"view","inputs":[],"outputs":[{"name":"","type":"address"}]},
 {"type":"function","name":"liquidity","stateMutability":"view","inputs":[],"outputs":[{"name":"","type":"uint128"}]},
 {"type":"function","name":"slot0","stateMutability":"view","inputs":[],"outputs":[
  {"name":"sqrtPriceX96","type":"uint160"},{"name":"tick","type":"int24"},{"name":"observationIndex","type":"uint16"},
  {"name":"observationCardinality","type":"uint16"},{"name":"observationCardinalityNext","type":"uint16"},
  {"name":"feeProtocol","type":"uint8"},{"name":"unlocked","type":"bool"}]},
 {"type":"function","name":"observe","stateMutability":"view","inputs":[{"name":"secondsAgos","type":"uint32[]"}],"outputs":[
  {"name":"tickCumulatives","type":"int56[]"},{"name":"secondsPerLiquidityCumulativeX128s","type":"uint160[]"}]},
 {"type":"function","name":"decimals","stateMutability":"view","inputs":[],"outputs":[{"name":"","type":"uint8"}]}
]`

var parsedPoolABI = func() abi.ABI {
	a, err := abi.JSON(strings.NewReader(poolABI))
	if err != nil {
		panic(err)
	}
	return a
}()

// EVM is what a Uniswap source needs of an EVM node (ethclient.Client).
type EVM interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error)
}

// Finality says which block a Uniswap source reads at.
type Finality struct {
	// Finalized reads at the finalized block; otherwise at the head less
	// Confirmations.
	Finalized     bool
	Confirmations uint64
}

// UniswapConfig is one Uniswap V3 path from SESH to a USD stablecoin.
type UniswapConfig struct {
	Name           string
	Tokens         []common.Address
	Pools          []common.Address
	Window         time.Duration
	MinCardinality uint16
	MinLiquidity   *big.Int
}

// Uniswap reads a path of Uniswap V3 pools at a final block: each pool's
// geometric-mean tick over the window from observe([W, 0]), refusing pools
// that keep too few observations or hold too little in-range liquidity, then
// the path's price with the tokens' decimals.
type Uniswap struct {
	cfg      UniswapConfig
	evm      EVM
	finality Finality

	mu       sync.Mutex
	decimals map[common.Address]uint8
	token0   map[common.Address]common.Address
}

// NewUniswap returns the source.
func NewUniswap(cfg UniswapConfig, evm EVM, finality Finality) (*Uniswap, error) {
	if len(cfg.Tokens) < 2 || len(cfg.Pools) != len(cfg.Tokens)-1 {
		return nil, fmt.Errorf("uniswap source %s: %d tokens and %d pools do not make a path", cfg.Name, len(cfg.Tokens), len(cfg.Pools))
	}
	if cfg.Window < time.Second || cfg.Window%time.Second != 0 || cfg.Window > 24*time.Hour {
		return nil, fmt.Errorf("uniswap source %s: window %s", cfg.Name, cfg.Window)
	}
	return &Uniswap{cfg: cfg, evm: evm, finality: finality,
		decimals: map[common.Address]uint8{}, token0: map[common.Address]common.Address{}}, nil
}

// Name implements Source.
func (u *Uniswap) Name() string { return u.cfg.Name }

// Read implements Source: the path's price at the final block, dated with
// that block's time.
func (u *Uniswap) Read(ctx context.Context) (aggregate.Reading, error) {
	head, err := u.finalBlock(ctx)
	if err != nil {
		return aggregate.Reading{}, err
	}
	block := head.Number
	legs := make([]twap.Leg, len(u.cfg.Pools))
	for i, pool := range u.cfg.Pools {
		leg, err := u.readPool(ctx, pool, u.cfg.Tokens[i], u.cfg.Tokens[i+1], block)
		if err != nil {
			return aggregate.Reading{}, fmt.Errorf("pool %s at block %s: %w", pool, block, err)
		}
		legs[i] = leg
	}
	tick, err := twap.PathTick(legs)
	if err != nil {
		return aggregate.Reading{}, err
	}
	base, err := u.tokenDecimals(ctx, u.cfg.Tokens[0], block)
	if err != nil {
		return aggregate.Reading{}, err
	}
	quote, err := u.tokenDecimals(ctx, u.cfg.Tokens[len(u.cfg.Tokens)-1], block)
	if err != nil {
		return aggregate.Reading{}, err
	}
	price, err := twap.Price(tick, base, quote)
	if err != nil {
		return aggregate.Reading{}, err
	}
	if !price.IsPositive() {
		return aggregate.Reading{}, fmt.Errorf("the path's tick %d gives no price at 18 decimals", tick)
	}
	return aggregate.Reading{Source: u.cfg.Name, Price: price, Time: time.Unix(int64(head.Time), 0).UTC()}, nil //nolint:gosec // block times fit
}

// finalBlock returns the header the source reads at.
func (u *Uniswap) finalBlock(ctx context.Context) (*types.Header, error) {
	if u.finality.Finalized {
		h, err := u.evm.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
		if err != nil {
			return nil, fmt.Errorf("finalized block: %w", err)
		}
		return h, nil
	}
	head, err := u.evm.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("head block: %w", err)
	}
	if head.Number.Uint64() < u.finality.Confirmations {
		return nil, fmt.Errorf("the head %s is below %d confirmations", head.Number, u.finality.Confirmations)
	}
	n := new(big.Int).Sub(head.Number, new(big.Int).SetUint64(u.finality.Confirmations))
	h, err := u.evm.HeaderByNumber(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("block %s: %w", n, err)
	}
	return h, nil
}

// readPool checks one pool and returns its oriented mean tick.
func (u *Uniswap) readPool(ctx context.Context, pool, in, out common.Address, block *big.Int) (twap.Leg, error) {
	token0, err := u.poolToken0(ctx, pool, in, out, block)
	if err != nil {
		return twap.Leg{}, err
	}
	slot0, err := u.call(ctx, pool, block, "slot0")
	if err != nil {
		return twap.Leg{}, err
	}
	cardinality, ok := slot0[3].(uint16)
	if !ok {
		return twap.Leg{}, errors.New("slot0: unexpected observationCardinality")
	}
	if cardinality < u.cfg.MinCardinality {
		return twap.Leg{}, fmt.Errorf("observation cardinality %d is below the floor %d: the TWAP would be near the spot price", cardinality, u.cfg.MinCardinality)
	}
	liq, err := u.call(ctx, pool, block, "liquidity")
	if err != nil {
		return twap.Leg{}, err
	}
	inRange, ok := liq[0].(*big.Int)
	if !ok {
		return twap.Leg{}, errors.New("liquidity: unexpected answer")
	}
	if inRange.Cmp(u.cfg.MinLiquidity) < 0 {
		return twap.Leg{}, fmt.Errorf("in-range liquidity %s is below the floor %s", inRange, u.cfg.MinLiquidity)
	}
	seconds := uint32(u.cfg.Window / time.Second) //nolint:gosec // at most a day
	obs, err := u.call(ctx, pool, block, "observe", []uint32{seconds, 0})
	if err != nil {
		return twap.Leg{}, fmt.Errorf("%w (a pool younger than the window, or whose observations do not reach back, reverts with OLD)", err)
	}
	ticks, ok1 := obs[0].([]*big.Int)
	spl, ok2 := obs[1].([]*big.Int)
	if !ok1 || !ok2 || len(ticks) != 2 || len(spl) != 2 {
		return twap.Leg{}, errors.New("observe: unexpected answer")
	}
	mean, err := twap.MeanTick(ticks[0].Int64(), ticks[1].Int64(), seconds)
	if err != nil {
		return twap.Leg{}, err
	}
	harmonic, err := twap.HarmonicMeanLiquidity(spl[0], spl[1], seconds)
	if err != nil {
		return twap.Leg{}, err
	}
	if harmonic.Cmp(u.cfg.MinLiquidity) < 0 {
		return twap.Leg{}, fmt.Errorf("the window's harmonic-mean liquidity %s is below the floor %s", harmonic, u.cfg.MinLiquidity)
	}
	return twap.Leg{MeanTick: mean, InIsToken0: token0 == in, Description: pool.Hex()}, nil
}

// poolToken0 returns the pool's token0 after checking that the pool trades
// in against out; pools are immutable, so the answer is kept.
func (u *Uniswap) poolToken0(ctx context.Context, pool, in, out common.Address, block *big.Int) (common.Address, error) {
	u.mu.Lock()
	t0, ok := u.token0[pool]
	u.mu.Unlock()
	if ok {
		return t0, nil
	}
	a, err := u.call(ctx, pool, block, "token0")
	if err != nil {
		return common.Address{}, err
	}
	b, err := u.call(ctx, pool, block, "token1")
	if err != nil {
		return common.Address{}, err
	}
	t0, ok0 := a[0].(common.Address)
	t1, ok1 := b[0].(common.Address)
	if !ok0 || !ok1 || !(t0 == in && t1 == out || t0 == out && t1 == in) {
		return common.Address{}, fmt.Errorf("the pool trades %s/%s, not %s/%s", t0, t1, in, out)
	}
	u.mu.Lock()
	u.token0[pool] = t0
	u.mu.Unlock()
	return t0, nil
}

// tokenDecimals returns an ERC-20's decimals, kept after the first read.
func (u *Uniswap) tokenDecimals(ctx context.Context, token common.Address, block *big.Int) (uint8, error) {
	u.mu.Lock()
	d, ok := u.decimals[token]
	u.mu.Unlock()
	if ok {
		return d, nil
	}
	out, err := u.call(ctx, token, block, "decimals")
	if err != nil {
		return 0, fmt.Errorf("decimals of %s: %w", token, err)
	}
	d, ok = out[0].(uint8)
	if !ok || d > 36 {
		return 0, fmt.Errorf("decimals of %s: unexpected answer %v", token, out[0])
	}
	u.mu.Lock()
	u.decimals[token] = d
	u.mu.Unlock()
	return d, nil
}

// call calls a view function of the pool ABI at block.
func (u *Uniswap) call(ctx context.Context, to common.Address, block *big.Int, method string, args ...any) ([]any, error) {
	data, err := parsedPoolABI.Pack(method, args...)
	if err != nil {
		return nil, err
	}
	out, err := u.evm.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, block)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	res, err := parsedPoolABI.Unpack(method, out)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	return res, nil
}
