//go:build e2e

package e2e

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/sessiontoken/sessionchain/app"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// allowedFailures are the DeliverTx failures a kind may meet in the burst;
// any other failure, and any failure of the other kinds, fails the test.
var allowedFailures = map[txKind][]*errorsmod.Error{
	kindContribute: {nstypes.ErrStakeTooLow, nstypes.ErrStakeTooHigh, nstypes.ErrNodeFull, nstypes.ErrWrongStatus},
	kindClaim:      {nstypes.ErrNothingToClaim},
}

// failureReason names a failed transaction's registered error, and whether
// its kind may fail that way.
func failureReason(tx *loadTx) (string, bool) {
	for _, e := range allowedFailures[tx.kind] {
		if e.Codespace() == tx.res.Codespace && e.ABCICode() == tx.res.Code {
			return fmt.Sprintf("%s/%d %s", e.Codespace(), e.ABCICode(), e.Error()), true
		}
	}
	return fmt.Sprintf("%s/%d", tx.res.Codespace, tx.res.Code), false
}

// logOutcomes logs, per kind, how many were sent, accepted and refused in
// their block by which registered error, and fails on an unexpected failure.
func logOutcomes(t *testing.T, all []*loadTx) {
	t.Helper()
	type row struct {
		sent, accepted int
		failed         map[string]int
		maxGas         int64
	}
	rows := make([]row, numKinds)
	var unexpected []string
	accepted := 0
	for _, tx := range all {
		r := &rows[tx.kind]
		r.sent++
		r.maxGas = max(r.maxGas, tx.res.GasUsed)
		if tx.accepted() {
			r.accepted++
			accepted++
			continue
		}
		reason, ok := failureReason(tx)
		if r.failed == nil {
			r.failed = map[string]int{}
		}
		r.failed[reason]++
		if !ok {
			unexpected = append(unexpected, fmt.Sprintf("%s (sender %d seq %d, height %d): %s %s",
				tx.kind, tx.sender, tx.seq, tx.place.height, reason, tx.res.RawLog))
		}
	}
	t.Logf("%d transactions, none refused by CheckTx: %d accepted, %d refused in their block", len(all), accepted, len(all)-accepted)
	for k, r := range rows {
		reasons := make([]string, 0, len(r.failed))
		for reason, n := range r.failed {
			reasons = append(reasons, fmt.Sprintf("%d × %s", n, reason))
		}
		sort.Strings(reasons)
		t.Logf("  %-10s sent %4d  accepted %4d  max gas %7d  refused: %s", txKind(k), r.sent, r.accepted, r.maxGas, strings.Join(reasons, "; "))
	}
	if len(unexpected) > 0 {
		t.Fatalf("%d unexpected failures, e.g.:\n%s", len(unexpected), strings.Join(unexpected[:min(len(unexpected), 10)], "\n"))
	}
}

// moduleEvents returns the typed events of the chain's own modules in a
// transaction's result.
func moduleEvents(t *testing.T, tx *loadTx) []proto.Message {
	t.Helper()
	var out []proto.Message
	for _, ev := range tx.res.Events {
		if !strings.HasPrefix(ev.Type, "sessionchain.") {
			continue
		}
		msg, err := sdk.ParseTypedEvent(ev)
		require.NoError(t, err, "%s: event %s", tx.hash, ev.Type)
		out = append(out, msg)
	}
	return out
}

// only returns the one event of type T among evs.
func only[T proto.Message](t *testing.T, tx *loadTx, evs []proto.Message) T {
	t.Helper()
	var found []T
	for _, e := range evs {
		if v, ok := e.(T); ok {
			found = append(found, v)
		}
	}
	require.Len(t, found, 1, "%s %s: events %v", tx.kind, tx.hash, evs)
	return found[0]
}

// purchase is an accepted subscription.
type purchase struct {
	tx *loadTx
	ev *protypes.EventSubscribed
}

// requireEffects checks that the accepted transactions, and only they, took
// effect, each exactly once: on every sender's balance and sequence, the
// pool's inflows, Pro revenue and subscriptions, and the nodes' stakes. It
// returns the rewards claimed.
func requireEffects(t *testing.T, all []*loadTx, addrs []string, tg loadTargets, durations map[uint32]time.Duration,
	poolShareBps uint32, before, after chainState,
) math.Int {
	t.Helper()
	delta := map[string]math.Int{}
	for _, a := range addrs {
		delta[a] = math.ZeroInt()
	}
	included := map[string]uint64{}
	funds, toPool, toLiquidity, paid, claimed := math.ZeroInt(), math.ZeroInt(), math.ZeroInt(), math.ZeroInt(), math.ZeroInt()
	var purchases uint64
	staked := map[string]map[string]math.Int{} // node → contributor → stake added
	activated := map[string]int{}
	bought := map[string][]purchase{} // Session key → accepted purchases
	claims := 0

	for _, tx := range all {
		addr := addrs[tx.sender]
		included[addr]++
		// Every transaction in a block pays its fee, failed or not.
		delta[addr] = delta[addr].SubRaw(loadFee)
		evs := moduleEvents(t, tx)
		if !tx.accepted() {
			require.Empty(t, evs, "%s %s failed (%s) but emitted events", tx.kind, tx.hash, tx.res.RawLog)
			continue
		}
		switch m := tx.msg.(type) {
		case *banktypes.MsgSend:
			require.Empty(t, evs, "%s %s", tx.kind, tx.hash)
			amount := m.Amount.AmountOf(app.BaseDenom)
			delta[addr] = delta[addr].Sub(amount)
			delta[m.ToAddress] = delta[m.ToAddress].Add(amount)
		case *rptypes.MsgFundPool:
			ev := only[*rptypes.EventPoolFunded](t, tx, evs)
			require.Equal(t, rptypes.SourceFund, ev.Source)
			require.Equal(t, addr, ev.Funder)
			require.Equal(t, m.Amount.Amount.String(), ev.Amount.String())
			delta[addr] = delta[addr].Sub(m.Amount.Amount)
			funds = funds.Add(m.Amount.Amount)
		case *protypes.MsgSubscribe:
			ev := only[*protypes.EventSubscribed](t, tx, evs)
			require.Equal(t, addr, ev.Payer)
			require.Equal(t, m.SessionPubkey, ev.SessionPubkey)
			require.Equal(t, m.PlanId, ev.PlanId)
			require.Equal(t, tg.quotes[m.PlanId].String(), ev.Amount.String(), "plan %d at the fixed price", m.PlanId)
			require.Equal(t, ev.Amount.MulRaw(int64(poolShareBps)).QuoRaw(10_000).String(), ev.ToPool.String(), "pool part of %s", ev.Amount)
			require.Equal(t, ev.Amount.String(), ev.ToPool.Add(ev.ToLiquidity).String(), "purchase = pool part + liquidity part")
			// The pool part waits in the pro module account until EndBlock
			// (requireProSweeps).
			for _, e := range evs {
				_, funded := e.(*rptypes.EventPoolFunded)
				require.False(t, funded, "%s %s: a purchase funds the pool at the end of its block", tx.kind, tx.hash)
			}
			delta[addr] = delta[addr].Sub(ev.Amount)
			paid, toPool, toLiquidity = paid.Add(ev.Amount), toPool.Add(ev.ToPool), toLiquidity.Add(ev.ToLiquidity)
			purchases++
			bought[m.SessionPubkey] = append(bought[m.SessionPubkey], purchase{tx: tx, ev: ev})
		case *nstypes.MsgContribute:
			node := hex.EncodeToString(m.Pubkey)
			ev := only[*nstypes.EventContributed](t, tx, evs)
			require.Equal(t, node, ev.Pubkey)
			require.Equal(t, addr, ev.Contributor)
			require.Equal(t, m.Amount.Amount.String(), ev.Amount.String())
			for _, e := range evs {
				if a, ok := e.(*nstypes.EventNodeActivated); ok {
					require.Equal(t, node, a.Pubkey)
					activated[node]++
				}
			}
			delta[addr] = delta[addr].Sub(m.Amount.Amount)
			if staked[node] == nil {
				staked[node] = map[string]math.Int{}
			}
			if _, ok := staked[node][addr]; !ok {
				staked[node][addr] = math.ZeroInt()
			}
			staked[node][addr] = staked[node][addr].Add(m.Amount.Amount)
		case *nstypes.MsgClaimRewards:
			ev := only[*nstypes.EventRewardsClaimed](t, tx, evs)
			require.Equal(t, addr, ev.Claimant)
			require.True(t, ev.Amount.IsPositive(), "%s claimed %s", tx.hash, ev.Amount)
			delta[addr] = delta[addr].Add(ev.Amount)
			claimed = claimed.Add(ev.Amount)
			claims++
		default:
			t.Fatalf("unexpected message %T", m)
		}
	}

	// Accounts: balances and sequences.
	for _, a := range addrs {
		require.Equal(t, before.balances[a].Add(delta[a]).String(), after.balances[a].String(),
			"balance of %s: %s at height %d, change expected %s", a, before.balances[a], before.height, delta[a])
		require.Equal(t, included[a], after.sequences[a]-before.sequences[a],
			"sequence of %s: one per transaction in a block", a)
	}
	require.Equal(t, before.supply.String(), after.supply.String(), "total supply")

	// The pool: funds and the pool part of the purchases, nothing else.
	inflowDelta := func(source string) string {
		a, b := after.inflows[source], before.inflows[source]
		if a.IsNil() {
			a = math.ZeroInt()
		}
		if b.IsNil() {
			b = math.ZeroInt()
		}
		return a.Sub(b).String()
	}
	require.Equal(t, funds.String(), inflowDelta(rptypes.SourceFund), "fund inflow")
	require.Equal(t, toPool.String(), inflowDelta(rptypes.SourcePro), "pro inflow")
	require.Equal(t, "0", inflowDelta(rptypes.SourceGenesis))
	require.Equal(t, "0", inflowDelta(rptypes.SourcePenalty))

	// Pro: revenue and the liquidity account.
	require.Equal(t, purchases, after.revenue.Purchases-before.revenue.Purchases, "purchases")
	require.Equal(t, toPool.String(), after.revenue.ToPool.Sub(before.revenue.ToPool).String(), "revenue to_pool")
	require.Equal(t, toLiquidity.String(), after.revenue.ToLiquidity.Sub(before.revenue.ToLiquidity).String(), "revenue to_liquidity")
	require.Equal(t, paid.String(), toPool.Add(toLiquidity).String())
	require.Equal(t, toLiquidity.String(), after.liquidity.Sub(before.liquidity).String(), "liquidity balance")

	// Subscriptions: each purchase adds its plan's duration once, from the
	// later of its block time and the expiry before it, in block order.
	for _, key := range tg.sessionKeys {
		require.False(t, before.subscriptions[key].Active, "a fresh Session key")
		ps := bought[key]
		sub := after.subscriptions[key]
		if len(ps) == 0 {
			require.False(t, sub.Active, "%s: no purchase got in", key)
			continue
		}
		sort.Slice(ps, func(i, j int) bool {
			a, b := ps[i].tx.place, ps[j].tx.place
			return a.height < b.height || (a.height == b.height && a.index < b.index)
		})
		var expiry time.Time
		for _, p := range ps {
			start := expiry
			if p.tx.place.time.After(start) {
				start = p.tx.place.time
			}
			expiry = start.Add(durations[p.ev.PlanId])
			require.True(t, expiry.Equal(p.ev.Expiry), "%s: purchase %s at height %d: expiry %s, want %s",
				key, p.tx.hash, p.tx.place.height, p.ev.Expiry, expiry)
		}
		require.True(t, sub.Active, key)
		require.True(t, expiry.Equal(sub.Subscription.Expiry), "%s: expiry %s after %d purchases, want %s",
			key, sub.Subscription.Expiry, len(ps), expiry)
		// Purchases stack from the expiry, so their SESH periods meet and
		// merge into one (review L-1): its length does not grow with history.
		require.Len(t, sub.Subscription.Periods, 1, "%s: %d stacked purchases merge into one period", key, len(ps))
	}

	// Nodes: each contributor's stake and each node's total.
	stakedTotal := math.ZeroInt()
	for _, a := range addrs {
		require.Empty(t, before.contributed[a], "a fresh sender has no stake")
		want := map[string]string{}
		for node, by := range staked {
			if amount, ok := by[a]; ok {
				want[node] = amount.String()
			}
		}
		got := map[string]string{}
		for node, amount := range after.contributed[a] {
			got[node] = amount.String()
		}
		require.Equal(t, want, got, "stakes of %s", a)
	}
	for node, rec := range after.nodes {
		added := math.ZeroInt()
		for _, amount := range staked[node] {
			added = added.Add(amount)
		}
		stakedTotal = stakedTotal.Add(added)
		prev := before.nodes[node]
		if prev.Node.Pubkey == "" {
			t.Fatalf("node %s appeared during the burst", node)
		}
		require.Equal(t, prev.Node.TotalStaked.Add(added).String(), rec.Node.TotalStaked.String(), "node %s total", node)
		require.Equal(t, prev.Node.Contributors+uint32(len(staked[node])), rec.Node.Contributors, "node %s contributors", node)
		wantActivations := 0
		if prev.Node.Status == nstypes.NODE_STATUS_AWAITING && rec.Node.Status == nstypes.NODE_STATUS_ACTIVE {
			wantActivations = 1
		}
		require.Equal(t, wantActivations, activated[node], "node %s activations", node)
	}
	require.Equal(t, stakedTotal.String(), after.totalStaked.Sub(before.totalStaked).String(), "total staked")
	fill := after.nodes[tg.fillNode].Node
	require.Equal(t, nstypes.NODE_STATUS_ACTIVE, fill.Status, "the fill node")
	require.Equal(t, loadFillOperator.Add(loadFillStake.MulRaw(9)).String(), fill.TotalStaked.String())
	require.Len(t, staked[tg.fillNode], 9, "nine contributors filled the fill node")
	require.Positive(t, claims, "no claim got in: the fill node's contributors had nothing to claim")
	t.Logf("accepted: %s nsesh funded, %d purchases (%s to the pool, %s to liquidity), %s staked, %d claims of %s",
		funds, purchases, toPool, toLiquidity, stakedTotal, claims, claimed)
	return claimed
}

// requireProSweeps checks that the end of every block with purchases moved
// their pool parts into the pool at once: one EventPoolFunded among the
// block's EndBlock events, source pro, funder the pro module account, for
// the sum of the block's pool parts.
func requireProSweeps(t *testing.T, d *devnet, all []*loadTx) {
	t.Helper()
	perBlock := map[int64]math.Int{}
	for _, tx := range all {
		if _, ok := tx.msg.(*protypes.MsgSubscribe); !ok || !tx.accepted() {
			continue
		}
		ev := only[*protypes.EventSubscribed](t, tx, moduleEvents(t, tx))
		sum, ok := perBlock[tx.place.height]
		if !ok {
			sum = math.ZeroInt()
		}
		perBlock[tx.place.height] = sum.Add(ev.ToPool)
	}
	require.NotEmpty(t, perBlock, "the burst bought subscriptions")
	proAccount := sdk.MustBech32ifyAddressBytes(app.Bech32Prefix, authtypes.NewModuleAddress(protypes.ModuleName))
	for height, sum := range perBlock {
		var funded []abciEvent
		for _, ev := range d.finalizeEvents(t, height) {
			if ev.Type == "sessionchain.rewardpool.v1.EventPoolFunded" && ev.attr("source") == rptypes.SourcePro {
				funded = append(funded, ev)
			}
		}
		require.Len(t, funded, 1, "height %d: the EndBlock sweep of the block's purchases", height)
		require.Equal(t, proAccount, funded[0].attr("funder"), "height %d", height)
		require.Equal(t, sum.String(), funded[0].attr("amount"), "height %d: the block's pool parts", height)
	}
	t.Logf("%d blocks with purchases, each swept into the pool at its end", len(perBlock))
}
