package integration

import (
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/version"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestUpgradeToNodeStakingVersion6 runs the session-liveness-v6 upgrade on
// a chain whose x/nodestaking is at version 5: at the plan's height the
// old binary halts, the new one runs Migrate5to6 (proof_block_window,
// halt_threshold and fee_change_notice at their defaults), the nodes keep their liveness with no
// endpoint, and the first proof after the upgrade names a recent block and
// registers one. The per-address lifetime counters begin at the upgrade
// block at zero, with the claims made before as claimed_before, and count
// the claims after.
func TestUpgradeToNodeStakingVersion6(t *testing.T) {
	savedVersion, savedUpgrades := version.Version, app.Upgrades
	t.Cleanup(func() { version.Version, app.Upgrades = savedVersion, savedUpgrades })
	// The release before: no upgrade of that name.
	version.Version, app.Upgrades = "v-integration-old", nil

	// Long timeouts: the vote on the plan takes longer than a proof interval.
	c := livenessChain(t, 3, func(p *nstypes.Params) { p.UptimeProofTimeout = nstypes.MaxDuration })
	c.NextBlock(time.Second)
	keys := registerNodes(t, c, []testutil.Account{c.Accounts[0], c.Accounts[1]})
	c.NextBlock(time.Minute)
	claimer := c.Accounts[0]
	r := c.Deliver(time.Second, claimer, &nstypes.MsgClaimRewards{Claimant: claimer.Address.String()})
	require.Zero(t, r.Code, r.Log)

	// What version 5 has: no proof_block_window, version 5 in the map.
	//nolint:staticcheck // the writes go straight to the store the next block commits, as an old chain holds them
	ctx := c.App.NewUncachedContext(false, cmtproto.Header{Height: c.Height, Time: c.Time, ChainID: c.ChainID})
	params, err := c.App.NodeStakingKeeper.Params.Get(ctx)
	require.NoError(t, err)
	params.ProofBlockWindow, params.HaltThreshold, params.FeeChangeNotice = 0, 0, 0
	params.MissedVotePenalty, params.MaxMissedVotes, params.MaxFreeVotesPerBlock, params.MissedSharePenalty = 0, 0, 0, 0
	require.NoError(t, c.App.NodeStakingKeeper.Params.Set(ctx, params))
	vm, err := c.App.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	vm[nstypes.ModuleName] = 5
	require.NoError(t, c.App.UpgradeKeeper.SetModuleVersionMap(ctx, vm))
	// Nor the lifetime counters.
	require.NoError(t, c.App.NodeStakingKeeper.Totals.ByAddress.Clear(ctx, nil))
	require.NoError(t, c.App.NodeStakingKeeper.Totals.Start.Remove(ctx))
	claimedBefore, err := c.App.NodeStakingKeeper.Rewards.TotalClaimed.Get(ctx)
	require.NoError(t, err)
	require.True(t, claimedBefore.IsPositive(), "a claim before the upgrade")
	before := recordOf(t, c, keys[0])
	c.NextBlock(time.Second)

	upgradeHeight := c.Height + 10
	id := submitProposal(t, c, c.Accounts[0], "Liveness v6", &upgradetypes.MsgSoftwareUpgrade{
		Authority: govAuthority, Plan: upgradetypes.Plan{Name: app.LivenessUpgrade, Height: upgradeHeight},
	})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, id)
	for c.Height < upgradeHeight-1 {
		c.NextBlock(time.Second)
	}
	require.ErrorContains(t, c.TryNextBlock(time.Second), `UPGRADE "`+app.LivenessUpgrade+`" NEEDED at height`)
	version.Version, app.Upgrades = "v-integration-liveness-v6", savedUpgrades
	c.Restart()
	c.NextBlock(time.Second)

	vm, err = c.App.UpgradeKeeper.GetModuleVersionMap(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(nodestaking.ConsensusVersion), vm[nstypes.ModuleName])
	params, err = c.App.NodeStakingKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, nstypes.DefaultProofBlockWindow, params.ProofBlockWindow)
	require.Equal(t, nstypes.DefaultHaltThreshold, params.HaltThreshold)
	require.Equal(t, nstypes.DefaultFeeChangeNotice, params.FeeChangeNotice)
	require.Equal(t, nstypes.DefaultMissedVotePenalty, params.MissedVotePenalty)
	require.Equal(t, nstypes.DefaultMissedSharePenalty, params.MissedSharePenalty)
	require.Equal(t, nstypes.DefaultMaxMissedVotes, params.MaxMissedVotes)
	require.Equal(t, nstypes.DefaultMaxFreeVotesPerBlock, params.MaxFreeVotesPerBlock)
	after := recordOf(t, c, keys[0])
	require.Equal(t, before.Proofs, after.Proofs)
	require.Nil(t, after.Endpoint, "no endpoint until the node's next proof")
	totals, err := nsQuery(c).AddressTotals(c.Ctx(), &nstypes.QueryAddressTotalsRequest{Address: claimer.Address.String()})
	require.NoError(t, err)
	require.True(t, totals.Totals.RewardsClaimed.IsZero(), "the claim before the upgrade is not counted")
	require.Equal(t, upgradeHeight, totals.Since.Height)
	require.Equal(t, claimedBefore.String(), totals.Since.ClaimedBefore.String())

	// A claim after the upgrade counts; the invariants (checked after every
	// block) hold the counters to the claimed total.
	balance := c.Balance(claimer.Address)
	r = c.Deliver(time.Second, claimer, &nstypes.MsgClaimRewards{Claimant: claimer.Address.String()})
	require.Zero(t, r.Code, r.Log)
	paid := c.Balance(claimer.Address).Sub(balance) // the test chain charges no fee
	totals, err = nsQuery(c).AddressTotals(c.Ctx(), &nstypes.QueryAddressTotalsRequest{Address: claimer.Address.String()})
	require.NoError(t, err)
	require.Equal(t, paid.String(), totals.Totals.RewardsClaimed.String())
	requireNodeConservation(t, c)

	// The first proof after the upgrade registers the endpoint.
	res := c.NextBlock(time.Hour, proofTx(t, c, c.Accounts[0], keys[0]))
	require.Zero(t, res.TxResults[0].Code, res.TxResults[0].Log)
	endpoint := testutil.TestEndpoint()
	require.Equal(t, &endpoint, recordOf(t, c, keys[0]).Endpoint)
}
