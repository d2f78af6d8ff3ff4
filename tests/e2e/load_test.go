//go:build e2e

package e2e

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/sessiontoken/sessionchain/app"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

const (
	// loadTxs is the size of the burst: loadTxs/loadSenders transactions from
	// each sender, half in each of two waves.
	loadTxs = 2400
	// loadSenders is how many fresh accounts send the burst.
	loadSenders = 30
	// loadSessionKeys is how many Session accounts the subscriptions are for,
	// so that purchases stack.
	loadSessionKeys = 12
	// loadGas is every transaction's gas limit. A subscription's record
	// grows with the periods stacked on it, and so does the gas of the next
	// purchase; 1,000,000 covers the ~50 a key gets here with room to spare.
	loadGas = 1_000_000
	// loadFee is every transaction's fee, in nsesh. The devnet takes zero
	// fees (--minimum-gas-prices 0nsesh); one is paid anyway so that the
	// balances account for it.
	loadFee = 5_000
	// loadSeed fixes the plan's random choices (amounts, kinds, recipients);
	// the keys are fresh on every run.
	loadSeed = 20260101
	// loadIncludeTimeout bounds the wait for a wave to be in blocks.
	loadIncludeTimeout = 90 * time.Second

	// loadFillers send, as their first transaction, exactly loadFillStake to
	// the fill node, whose operator stake leaves 9 × loadFillStake open: any
	// 9 of those contributions fill it, whatever their order, and the rest
	// find it active. Its contributors then earn, so that claims succeed in
	// the second wave.
	loadFillers = 12
)

var (
	seshInt          = math.NewInt(oneSESH)
	loadFillOperator = seshInt.MulRaw(7_000)
	loadFillStake    = seshInt.MulRaw(2_000)
	// The top-up node is left open 18,750 SESH, 9 spots. A sender's first
	// contribution to it is ceil(18,750 / 9) SESH, which is always at least
	// the minimum however many spots and top-ups came before (it may be
	// above what is left); its later ones are top-ups of up to 20 SESH,
	// small enough for many to fit.
	loadTopUpOperator = seshInt.MulRaw(6_250)
	loadTopUpFirst    = nstypes.CeilDiv(seshInt.MulRaw(18_750), math.NewInt(9))
)

// txKind is what a load transaction does.
type txKind int

const (
	kindSend txKind = iota
	kindFund
	kindSubscribe
	kindContribute
	kindClaim
	numKinds
)

func (k txKind) String() string {
	return [...]string{"send", "fund", "subscribe", "contribute", "claim"}[k]
}

// loadTx is one transaction of the burst and what became of it.
type loadTx struct {
	kind   txKind
	sender int
	seq    uint64
	wave   int
	msg    sdk.Msg
	// spend is the most msg can take from the sender, besides the fee.
	spend math.Int

	bytes []byte
	hash  string
	res   *sdk.TxResponse // the result in its block, from GetTx
	place txPlace
}

func (tx *loadTx) accepted() bool { return tx.res != nil && tx.res.Code == 0 }

// loadSender is a fresh account of the burst.
type loadSender struct {
	priv   cryptotypes.PrivKey
	addr   string
	accNum uint64
}

// loadTargets are what the plan's messages point at.
type loadTargets struct {
	fillNode, topUpNode string
	sampleNodes         []string
	sessionKeys         []string
	quotes              map[uint32]math.Int // plan id → cost in nsesh
}

// TestLoadBurst sends a bounded burst of a few thousand mixed transactions
// (bank sends, pool funding, Pro subscriptions, node contributions, reward
// claims) signed in-process by fresh accounts to one devnet node over gRPC,
// and checks that each accepted one took effect exactly once, each refused
// one not at all, and the conservation invariants hold.
func TestLoadBurst(t *testing.T) {
	start := time.Now()
	d := startDevnet(t)
	c := newLoadClient(t, d, "sessiond-e2e-1")
	requireMempoolRoom(t, d, loadTxs)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// Setup: what to aim at, the two open nodes, the senders' funds.
	nsq := nstypes.NewQueryClient(c.conn)
	proq := protypes.NewQueryClient(c.conn)
	active, err := nsq.Nodes(ctx, &nstypes.QueryNodesRequest{Status: nstypes.NODE_STATUS_ACTIVE})
	require.NoError(t, err)
	require.Len(t, active.Nodes, 3, "the devnet's sample nodes")
	targets := loadTargets{quotes: map[uint32]math.Int{}}
	for _, n := range active.Nodes {
		targets.sampleNodes = append(targets.sampleNodes, n.Pubkey)
	}
	plans, err := proq.Plans(ctx, &protypes.QueryPlansRequest{})
	require.NoError(t, err)
	durations := map[uint32]time.Duration{}
	for _, p := range plans.Plans {
		q, err := proq.Quote(ctx, &protypes.QueryQuoteRequest{PlanId: p.Id})
		require.NoError(t, err)
		targets.quotes[p.Id] = q.Amount
		durations[p.Id] = p.Duration
	}
	require.Len(t, targets.quotes, 3)
	proParams, err := proq.Params(ctx, &protypes.QueryParamsRequest{})
	require.NoError(t, err)
	for range loadSessionKeys {
		targets.sessionKeys = append(targets.sessionKeys, randomHex(t, 32))
	}
	fillKey := filepath.Join(t.TempDir(), "fill.key")
	topUpKey := filepath.Join(t.TempDir(), "topup.key")
	targets.fillNode = strings.TrimSpace(d.cli(t, "node-key", "generate", fillKey))
	targets.topUpNode = strings.TrimSpace(d.cli(t, "node-key", "generate", topUpKey))

	senders := make([]loadSender, loadSenders)
	addrs := make([]string, loadSenders)
	for i := range senders {
		priv := secp256k1.GenPrivKey()
		senders[i] = loadSender{priv: priv, addr: sdk.AccAddress(priv.PubKey().Address()).String()}
		addrs[i] = senders[i].addr
	}
	plan := planLoad(rand.New(rand.NewPCG(loadSeed, loadSeed)), addrs, targets)
	fundAndRegister(t, d, c, plan, addrs, fillKey, topUpKey)
	signLoad(t, c, senders, plan)
	t.Logf("setup done after %s", time.Since(start).Round(time.Millisecond))

	// The burst, in two waves: the second starts once the first is in
	// blocks, so that the fill node is active and its contributors have
	// rewards to claim.
	h0, err := d.latestHeight()
	require.NoError(t, err)
	before := readState(t, c, h0, addrs, targets.sessionKeys)
	requireConservation(t, before, math.ZeroInt())
	scanner := newBlockScanner(d, h0+1)
	for wave := 1; wave <= 2; wave++ {
		waveStart := time.Now()
		hashes := sendWave(t, c, plan, wave)
		sentIn := time.Since(waveStart)
		scanner.scanUntil(t, hashes, time.Now().Add(loadIncludeTimeout))
		t.Logf("wave %d: %d transactions through CheckTx in %s, all in blocks after %s (height %d)",
			wave, len(hashes), sentIn.Round(time.Millisecond), time.Since(waveStart).Round(time.Millisecond), scanner.next-1)
	}
	t.Logf("transactions per block: %s", scanner.perBlock(h0+1))

	// Where each one went and what it did: the block it is in (exactly one)
	// and its result there, from the tx index.
	lookupStart := time.Now()
	all := lookUpLoad(t, c, scanner, plan)
	t.Logf("looked up %d transactions in %s", len(all), time.Since(lookupStart).Round(time.Millisecond))
	logOutcomes(t, all)

	h1, err := d.latestHeight()
	require.NoError(t, err)
	after := readState(t, c, h1, addrs, targets.sessionKeys)
	claimed := requireEffects(t, all, addrs, targets, durations, proParams.Params.PoolShareBps, before, after)
	requireProSweeps(t, d, all)
	requireConservation(t, after, claimed)

	// The node goes on producing blocks.
	reached := d.waitForHeight(t, h1+3, 30*time.Second)
	t.Logf("height %d -> %d after the burst; total %s", h1, reached, time.Since(start).Round(time.Millisecond))
}

// fundAndRegister funds every sender with what its worst case needs, so
// that no transaction fails for want of funds (a fee that cannot be paid in
// the block would leave the sequence unused and refuse every later
// transaction), and registers the two open nodes: bob the fill node, carol
// the top-up node. Three CLI transactions from three accounts, one block.
func fundAndRegister(t *testing.T, d *devnet, c *loadClient, plan [][]*loadTx, addrs []string, fillKey, topUpKey string) {
	t.Helper()
	need := math.ZeroInt()
	for _, own := range plan {
		n := math.NewInt(int64(len(own)) * loadFee)
		for _, tx := range own {
			n = n.Add(tx.spend)
		}
		need = math.MaxInt(need, n)
	}
	funding := need.Quo(seshInt).AddRaw(1).Mul(seshInt)
	alice := strings.TrimSpace(d.cli(t, "keys", "show", "alice", "-a", "--keyring-backend", "test"))
	bal, err := banktypes.NewQueryClient(c.conn).Balance(context.Background(),
		&banktypes.QueryBalanceRequest{Address: alice, Denom: app.BaseDenom})
	require.NoError(t, err)
	require.True(t, bal.Balance.Amount.GTE(funding.MulRaw(int64(len(addrs)))),
		"alice holds %s, the senders need %s each", bal.Balance.Amount, funding)
	t.Logf("funding %d senders with %s nsesh each", len(addrs), funding)

	args := append([]string{"tx", "bank", "multi-send", "alice"}, addrs...)
	sent := []txResult{
		// One output per sender: far more than the CLI's default 200,000 gas.
		d.broadcast(t, append(args, funding.String()+app.BaseDenom, "--gas", "5000000", "--yes")...),
		d.broadcast(t, "tx", "nodestaking", "register-node", loadFillOperator.String()+app.BaseDenom,
			"--node-key-file", fillKey, "--fee-bps", "1000", "--from", "bob", "--yes"),
		d.broadcast(t, "tx", "nodestaking", "register-node", loadTopUpOperator.String()+app.BaseDenom,
			"--node-key-file", topUpKey, "--fee-bps", "1500", "--from", "carol", "--yes"),
	}
	for _, s := range sent {
		require.Zero(t, s.Code, "CheckTx: %+v", s)
	}
	for _, s := range sent {
		res := d.waitTx(t, s.TxHash)
		require.Zero(t, res.Code, "%s: %s", s.TxHash, res.RawLog)
	}
}

// signLoad signs every transaction of the plan with its sender's account
// number and its place in the sender's sequence.
func signLoad(t *testing.T, c *loadClient, senders []loadSender, plan [][]*loadTx) {
	t.Helper()
	auth := authtypes.NewQueryClient(c.conn)
	fee := sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, loadFee))
	for s := range senders {
		info, err := auth.AccountInfo(context.Background(), &authtypes.QueryAccountInfoRequest{Address: senders[s].addr})
		require.NoError(t, err, "sender %d", s)
		require.Zero(t, info.Info.Sequence, "a fresh sender")
		senders[s].accNum = info.Info.AccountNumber
		for _, tx := range plan[s] {
			bz, err := c.sign(senders[s].priv, senders[s].accNum, tx.seq, loadGas, fee, tx.msg)
			require.NoError(t, err)
			tx.bytes, tx.hash = bz, txHash(bz)
		}
	}
}

// sendWave broadcasts a wave, each sender's transactions in sequence order
// and the senders in parallel, and returns their hashes. CometBFT takes
// several transactions of one sender into a block: CheckTx advances the
// sequence in its own state. No transaction of the burst is invalid and the
// mempool has room for all, so any CheckTx refusal fails the test.
func sendWave(t *testing.T, c *loadClient, plan [][]*loadTx, wave int) []string {
	t.Helper()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []string
	)
	for _, own := range plan {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, tx := range own {
				if tx.wave != wave {
					continue
				}
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				res, err := c.broadcast(ctx, tx.bytes)
				cancel()
				mu.Lock()
				switch {
				case err != nil:
					errs = append(errs, fmt.Sprintf("%s (sender %d seq %d): %v", tx.kind, tx.sender, tx.seq, err))
				case res.Code != 0:
					errs = append(errs, fmt.Sprintf("%s (sender %d seq %d): CheckTx %s/%d %s", tx.kind, tx.sender, tx.seq, res.Codespace, res.Code, res.RawLog))
				case res.TxHash != tx.hash:
					errs = append(errs, fmt.Sprintf("%s (sender %d seq %d): hash %s, computed %s", tx.kind, tx.sender, tx.seq, res.TxHash, tx.hash))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("wave %d: %d transactions refused or not sent, e.g.:\n%s", wave, len(errs), strings.Join(errs[:min(len(errs), 10)], "\n"))
	}
	var hashes []string
	for _, own := range plan {
		for _, tx := range own {
			if tx.wave == wave {
				hashes = append(hashes, tx.hash)
			}
		}
	}
	return hashes
}

// lookUpLoad finds every transaction's block and result. Each is in exactly
// one block, the one GetTx names, and the blocks hold nothing else.
func lookUpLoad(t *testing.T, c *loadClient, scanner *blockScanner, plan [][]*loadTx) []*loadTx {
	t.Helper()
	var all []*loadTx
	for _, own := range plan {
		all = append(all, own...)
	}
	ours := map[string]bool{}
	hashes := make([]string, len(all))
	for i, tx := range all {
		hashes[i] = tx.hash
		ours[tx.hash] = true
	}
	results := c.getTxs(t, hashes, 30*time.Second)
	for i, tx := range all {
		places := scanner.places[tx.hash]
		require.Len(t, places, 1, "%s %s (sender %d seq %d) is in %d blocks", tx.kind, tx.hash, tx.sender, tx.seq, len(places))
		tx.place, tx.res = places[0], results[i]
		require.Equal(t, tx.hash, tx.res.TxHash)
		require.Equal(t, tx.place.height, tx.res.Height, "%s: the tx index and the block disagree on the height", tx.hash)
	}
	for h := range scanner.places {
		require.True(t, ours[h], "block txs: %s is not one of the burst's", h)
	}
	return all
}

// planLoad draws each sender's transactions, in sequence order: sends to
// other senders, pool funding, subscriptions for a few Session keys,
// contributions to the fill node, the top-up node and the (full) sample
// nodes, and reward claims.
func planLoad(r *rand.Rand, addrs []string, tg loadTargets) [][]*loadTx {
	perSender := loadTxs / len(addrs)
	out := make([][]*loadTx, len(addrs))
	// weights of the kinds, in txKind order
	weights := [numKinds]int{30, 18, 25, 15, 12}
	randAmount := func(most math.Int) math.Int { // 1..most nsesh
		return math.NewInt(r.Int64N(most.Int64()) + 1)
	}
	for s, addr := range addrs {
		inTopUp := false
		for j := range perSender {
			tx := &loadTx{sender: s, seq: uint64(j), wave: 1, spend: math.ZeroInt()}
			if j >= perSender/2 {
				tx.wave = 2
			}
			kind := kindContribute
			if j > 0 || s >= loadFillers {
				kind = pickKind(r, weights)
			}
			tx.kind = kind
			switch {
			case j == 0 && s < loadFillers:
				tx.msg, tx.spend = contribute(addr, tg.fillNode, loadFillStake)
			case kind == kindSend:
				to := r.IntN(len(addrs) - 1)
				if to >= s {
					to++
				}
				amount := randAmount(seshInt.MulRaw(100))
				tx.msg = banktypes.NewMsgSend(sdk.MustAccAddressFromBech32(addr), sdk.MustAccAddressFromBech32(addrs[to]),
					sdk.NewCoins(sdk.NewCoin(app.BaseDenom, amount)))
				tx.spend = amount
			case kind == kindFund:
				amount := randAmount(seshInt.MulRaw(50))
				tx.msg = &rptypes.MsgFundPool{Depositor: addr, Amount: sdk.NewCoin(app.BaseDenom, amount)}
				tx.spend = amount
			case kind == kindSubscribe:
				plan := uint32(1)
				switch p := r.IntN(100); {
				case p < 8:
					plan = 3
				case p < 30:
					plan = 2
				}
				maxAmount := tg.quotes[plan].MulRaw(2)
				tx.msg = &protypes.MsgSubscribe{
					Payer: addr, SessionPubkey: tg.sessionKeys[r.IntN(len(tg.sessionKeys))], PlanId: plan,
					MaxAmount: sdk.NewCoin(app.BaseDenom, maxAmount),
				}
				tx.spend = maxAmount
			case kind == kindContribute:
				switch p := r.IntN(100); {
				case p < 10: // a full, active node: refused
					tx.msg, tx.spend = contribute(addr, tg.sampleNodes[r.IntN(len(tg.sampleNodes))], seshInt.MulRaw(100))
				case p < 20: // the fill node, full once 9 got in
					tx.msg, tx.spend = contribute(addr, tg.fillNode, loadFillStake)
				case !inTopUp:
					tx.msg, tx.spend = contribute(addr, tg.topUpNode, loadTopUpFirst)
					inTopUp = true
				default:
					tx.msg, tx.spend = contribute(addr, tg.topUpNode, randAmount(seshInt.MulRaw(20)))
				}
			case kind == kindClaim:
				tx.msg = &nstypes.MsgClaimRewards{Claimant: addr}
			}
			out[s] = append(out[s], tx)
		}
	}
	return out
}

// pickKind draws a kind with the given weights.
func pickKind(r *rand.Rand, weights [numKinds]int) txKind {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for k, w := range weights {
		if n < w {
			return txKind(k)
		}
		n -= w
	}
	panic("unreachable")
}

// contribute returns a MsgContribute and what it spends.
func contribute(addr, pubkey string, amount math.Int) (sdk.Msg, math.Int) {
	key, err := hex.DecodeString(pubkey)
	if err != nil {
		panic(err)
	}
	return &nstypes.MsgContribute{Contributor: addr, Pubkey: key, Amount: sdk.NewCoin(app.BaseDenom, amount)}, amount
}

// randomHex returns n random bytes in lowercase hex.
func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	_, err := crand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

// requireMempoolRoom checks that CometBFT's mempool (config.toml
// [mempool] size; the SDK's own app-side mempool is off, max-txs = -1)
// holds the whole burst, so that no transaction is refused for room: the
// burst is bounded below it on purpose. Blocks are no limit either: the
// devnet genesis has max_gas -1 and a max_bytes of tens of MB.
func requireMempoolRoom(t *testing.T, d *devnet, n int) {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(d.home, "config", "config.toml"))
	require.NoError(t, err)
	section := regexp.MustCompile(`(?s)\n\[mempool\]\n(.*?)\n\[`).FindSubmatch(cfg)
	require.NotNil(t, section, "no [mempool] in config.toml")
	m := regexp.MustCompile(`(?m)^size = (\d+)$`).FindSubmatch(section[1])
	require.NotNil(t, m, "no mempool size in config.toml")
	size, err := strconv.Atoi(string(m[1]))
	require.NoError(t, err)
	require.Less(t, n, size, "the burst must fit in the mempool")
}
