package integration

import (
	"crypto/ed25519"
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil"
	nskeeper "github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func sesh(n int64) math.Int { return testutil.SESH.MulRaw(n) }

func contribute(c *testutil.Chain, from testutil.Account, key ed25519.PrivateKey, amount math.Int) []byte {
	return c.SignTx(from, &nstypes.MsgContribute{
		Contributor: from.Address.String(),
		Pubkey:      key.Public().(ed25519.PublicKey),
		Amount:      sdk.NewCoin(nstypes.Denom, amount),
	})
}

func pubkey(key ed25519.PrivateKey) []byte { return key.Public().(ed25519.PublicKey) }

// nodeID is a node's key as state and queries name it: lowercase hex.
func nodeID(key ed25519.PrivateKey) string { return hex.EncodeToString(pubkey(key)) }

func nsQuery(c *testutil.Chain) nstypes.QueryServer {
	return nskeeper.NewQueryServerImpl(c.App.NodeStakingKeeper)
}

func rewardsOf(t *testing.T, c *testutil.Chain, a testutil.Account) *nstypes.QueryRewardsResponse {
	t.Helper()
	res, err := nsQuery(c).Rewards(c.Ctx(), &nstypes.QueryRewardsRequest{Address: a.Address.String()})
	require.NoError(t, err)
	return res
}

func nodeStatus(t *testing.T, c *testutil.Chain, key ed25519.PrivateKey) nstypes.NodeStatus {
	t.Helper()
	node, err := c.App.NodeStakingKeeper.Staking.Nodes.Get(c.Ctx(), nodeID(key))
	require.NoError(t, err)
	return node.Status
}

func rewardIndex(t *testing.T, c *testutil.Chain) math.Int {
	t.Helper()
	st, err := c.App.NodeStakingKeeper.Rewards.State.Get(c.Ctx())
	require.NoError(t, err)
	return st.RewardIndex
}

func requireNodeConservation(t *testing.T, c *testutil.Chain) {
	t.Helper()
	balance := c.Balance(authtypes.NewModuleAddress(nstypes.ModuleName))
	require.NoError(t, c.App.NodeStakingKeeper.CheckConservation(c.Ctx(), balance))
	requireConservation(t, c)
	st, err := c.App.NodeStakingKeeper.Rewards.State.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, totalsQuery(t, c).TotalEmitted, st.TotalReceived, "what the pool paid out is what the nodes received")
}

// TestNodeLifecycle follows two nodes from registration to exit through the
// whole app and checks every reward and stake to the nsesh.
func TestNodeLifecycle(t *testing.T) {
	opts := testutil.DefaultChainOptions()
	opts.Accounts = 6
	opts.EditGenesis = testutil.WithoutUptimeTimeout
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	a, b, cc, d, e := c.Accounts[0], c.Accounts[1], c.Accounts[2], c.Accounts[3], c.Accounts[4]
	start := map[string]math.Int{}
	for _, acc := range c.Accounts {
		start[acc.Address.String()] = c.Balance(acc.Address)
	}

	// Node 1: operator A (10,000 SESH, 10% fee) with B, C, D (5,000 each).
	// Node 2: operator E alone with the full 25,000, no fee. All in one block,
	// so both nodes start earning from the next block.
	reg1, key1 := testutil.RegisterNodeMsg(t, c.ChainID, a.Address, sesh(10_000), 1_000)
	reg2, key2 := testutil.RegisterNodeMsg(t, c.ChainID, e.Address, sesh(25_000), 0)
	res := c.NextBlock(time.Second, c.SignTx(a, reg1), c.SignTx(e, reg2))
	for _, r := range res.TxResults {
		require.Zero(t, r.Code, r.Log)
	}
	require.Equal(t, nstypes.NODE_STATUS_AWAITING, nodeStatus(t, c, key1))
	require.Equal(t, nstypes.NODE_STATUS_ACTIVE, nodeStatus(t, c, key2), "a full stake activates at registration")
	// The stakes went to the module account's address: genesis made the
	// account, and it is still a module account.
	require.Implements(t, (*sdk.ModuleAccountI)(nil),
		c.App.AccountKeeper.GetAccount(c.Ctx(), authtypes.NewModuleAddress(nstypes.ModuleName)))

	next, err := nsQuery(c).NextContribution(c.Ctx(), &nstypes.QueryNextContributionRequest{Pubkey: nodeID(key1)})
	require.NoError(t, err)
	require.Equal(t, nstypes.CeilDiv(sesh(15_000), math.NewInt(9)), next.Minimum, "ceil(15,000 SESH / 9 open spots)")
	require.Equal(t, sesh(15_000), next.Maximum)

	res = c.NextBlock(time.Second, contribute(c, b, key1, sesh(5_000)), contribute(c, cc, key1, sesh(5_000)), contribute(c, d, key1, sesh(5_000)))
	for _, r := range res.TxResults {
		require.Zero(t, r.Code, r.Log)
	}
	require.Equal(t, nstypes.NODE_STATUS_ACTIVE, nodeStatus(t, c, key1))
	requireNodeConservation(t, c)
	indexAtStart := rewardIndex(t, c)

	// A day of blocks: both nodes earn the same; within node 1 the fee
	// comes first, then 40/20/20/20.
	for range 24 {
		c.NextBlock(time.Hour)
	}
	requireNodeConservation(t, c)
	accrued1 := rewardIndex(t, c).Sub(indexAtStart)
	require.True(t, accrued1.IsPositive())
	require.Equal(t, accrued1.Add(indexAtStart), rewardsOf(t, c, e).Pending, "node 2 earned the full index since genesis of the split")
	fee := accrued1.MulRaw(1_000).QuoRaw(10_000)
	rest := accrued1.Sub(fee)
	share := rest.MulRaw(5_000).QuoRaw(25_000)
	operatorPart := rest.MulRaw(10_000).QuoRaw(25_000)
	rounding := rest.Sub(operatorPart).Sub(share.MulRaw(3))
	require.True(t, rounding.GTE(math.ZeroInt()) && rounding.LT(math.NewInt(4)), "the roundings leave less than 1 nsesh per contributor")
	require.Equal(t, share, rewardsOf(t, c, b).Pending, "B: 20% of what is left after the fee")
	require.Equal(t, share, rewardsOf(t, c, cc).Pending)
	require.Equal(t, share, rewardsOf(t, c, d).Pending)
	require.Equal(t, fee.Add(operatorPart), rewardsOf(t, c, a).Pending, "A: the fee and 40% of the rest; the rounding is A's when the stakes return")

	// B claims exactly what it was shown.
	before := c.Balance(b.Address)
	r := c.Deliver(time.Second, b, &nstypes.MsgClaimRewards{Claimant: b.Address.String()})
	require.Zero(t, r.Code, r.Log)
	claimedB := c.Balance(b.Address).Sub(before)
	require.True(t, claimedB.GTE(share), "the claim block adds its own share")
	require.True(t, rewardsOf(t, c, b).Pending.IsZero())
	require.True(t, rewardsOf(t, c, b).Claimable.IsZero())
	requireNodeConservation(t, c)

	// C holds 20%: no unlock in the node's first 30 days.
	r = c.Deliver(time.Second, cc, &nstypes.MsgRequestUnlock{Requester: cc.Address.String(), Pubkey: pubkey(key1)})
	require.Equal(t, nstypes.ErrTooEarly.ABCICode(), r.Code, r.Log)
	require.Equal(t, nstypes.ModuleName, r.Codespace)
	// A stranger cannot unlock anything.
	r = c.Deliver(time.Second, c.Accounts[5], &nstypes.MsgRequestUnlock{Requester: c.Accounts[5].Address.String(), Pubkey: pubkey(key1)})
	require.Equal(t, nstypes.ErrNotContributor.ABCICode(), r.Code, r.Log)

	// Governance deregisters node 2: it earns nothing from then on.
	id := submitProposal(t, c, a, "Deregister node 2", &nstypes.MsgDeregisterNode{Authority: govAuthority, Pubkey: pubkey(key2)})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, id)
	require.Equal(t, nstypes.NODE_STATUS_DEREGISTERED, nodeStatus(t, c, key2))
	eOwed := rewardsOf(t, c, e)
	require.True(t, eOwed.Pending.IsPositive(), "what node 2 earned stays E's to claim")
	c.NextBlock(time.Hour)
	require.Equal(t, eOwed.Pending, rewardsOf(t, c, e).Pending, "a deregistered node earns nothing")
	requireNodeConservation(t, c)

	// Node 2's stakes stay locked for 30 days.
	eLocked := c.Balance(e.Address)
	c.NextBlock(29 * 24 * time.Hour)
	require.Equal(t, nstypes.NODE_STATUS_DEREGISTERED, nodeStatus(t, c, key2))
	require.Equal(t, eLocked, c.Balance(e.Address))

	// 30 days after activation C may unlock; node 1 earns 15 more days.
	c.NextBlock(24 * time.Hour)
	r = c.Deliver(time.Second, cc, &nstypes.MsgRequestUnlock{Requester: cc.Address.String(), Pubkey: pubkey(key1)})
	require.Zero(t, r.Code, r.Log)
	node1, err := c.App.NodeStakingKeeper.Staking.Nodes.Get(c.Ctx(), nodeID(key1))
	require.NoError(t, err)
	require.Equal(t, nstypes.NODE_STATUS_UNLOCKING, node1.Status)
	require.Equal(t, c.Time.Add(15*24*time.Hour), *node1.ExitTime)

	// Node 2's stakes came back when its 30-day lock ended (during the last
	// day's jump): 25,000 SESH less 0.2% of the full stake, paid into the
	// pool as a penalty.
	_, err = c.App.NodeStakingKeeper.Staking.Nodes.Get(c.Ctx(), nodeID(key2))
	require.Error(t, err, "node 2 has left")
	penalty := sesh(25_000).MulRaw(20).QuoRaw(10_000)
	require.Equal(t, sesh(50), penalty)
	require.Equal(t, penalty, inflow(totalsQuery(t, c), rptypes.SourcePenalty))
	require.Equal(t, start[e.Address.String()].Sub(penalty), c.Balance(e.Address), "E got back 25,000 SESH less the penalty")
	requireNodeConservation(t, c)

	// One block before the exit time node 1 is still there; at it, it leaves
	// and every stake goes back.
	c.NextBlock(node1.ExitTime.Sub(c.Time) - time.Second)
	require.Equal(t, nstypes.NODE_STATUS_UNLOCKING, nodeStatus(t, c, key1))
	beforeExit := map[string]math.Int{}
	for _, acc := range []testutil.Account{a, b, cc, d} {
		beforeExit[acc.Address.String()] = c.Balance(acc.Address)
	}
	c.NextBlock(time.Second)
	_, err = c.App.NodeStakingKeeper.Staking.Nodes.Get(c.Ctx(), nodeID(key1))
	require.Error(t, err, "node 1 has left")
	for _, back := range []struct {
		acc   testutil.Account
		stake math.Int
	}{{a, sesh(10_000)}, {b, sesh(5_000)}, {cc, sesh(5_000)}, {d, sesh(5_000)}} {
		require.Equal(t, beforeExit[back.acc.Address.String()].Add(back.stake), c.Balance(back.acc.Address))
	}
	stats, err := nsQuery(c).Stats(c.Ctx(), &nstypes.QueryStatsRequest{})
	require.NoError(t, err)
	require.Zero(t, stats.ActiveNodes)
	require.True(t, stats.TotalStaked.IsZero())
	requireNodeConservation(t, c)

	// Everyone claims: the module is left with the carry alone.
	for _, acc := range []testutil.Account{a, b, cc, d, e} {
		r := c.Deliver(time.Second, acc, &nstypes.MsgClaimRewards{Claimant: acc.Address.String()})
		require.Zero(t, r.Code, r.Log)
	}
	st, err := c.App.NodeStakingKeeper.Rewards.State.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, st.Carry, c.Balance(authtypes.NewModuleAddress(nstypes.ModuleName)))
	requireNodeConservation(t, c)
}

// TestWithdrawBeforeActivation covers the 24-hour rule and the operator's
// cancel.
func TestWithdrawBeforeActivation(t *testing.T) {
	c := testutil.NewChain(t, testutil.DefaultChainOptions())
	c.NextBlock(time.Second)
	op, b := c.Accounts[0], c.Accounts[1]
	opStart, bStart := c.Balance(op.Address), c.Balance(b.Address)

	reg, key := testutil.RegisterNodeMsg(t, c.ChainID, op.Address, sesh(10_000), 500)
	require.Zero(t, c.Deliver(time.Second, op, reg).Code)
	res := c.NextBlock(time.Second, contribute(c, b, key, sesh(2_000)))
	require.Zero(t, res.TxResults[0].Code, res.TxResults[0].Log)

	withdraw := func(from testutil.Account) uint32 {
		return c.Deliver(time.Second, from, &nstypes.MsgWithdrawContribution{Contributor: from.Address.String(), Pubkey: pubkey(key)}).Code
	}
	require.Equal(t, nstypes.ErrTooEarly.ABCICode(), withdraw(b), "not within 24 h of the last contribution")
	require.Equal(t, bStart.Sub(sesh(2_000)), c.Balance(b.Address))

	c.NextBlock(24 * time.Hour)
	require.Zero(t, withdraw(b))
	require.Equal(t, bStart, c.Balance(b.Address), "B has its stake back")
	record, err := nsQuery(c).Node(c.Ctx(), &nstypes.QueryNodeRequest{Pubkey: nodeID(key)})
	require.NoError(t, err)
	require.Len(t, record.Node.Contributions, 1)
	require.Equal(t, sesh(10_000), record.Node.Node.TotalStaked)

	require.Zero(t, withdraw(op), "the operator withdrawing cancels the node")
	require.Equal(t, opStart, c.Balance(op.Address))
	_, err = c.App.NodeStakingKeeper.Staking.Nodes.Get(c.Ctx(), nodeID(key))
	require.Error(t, err)
	requireNodeConservation(t, c)
}
