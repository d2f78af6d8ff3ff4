package integration

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"

	"github.com/sessiontoken/sessionchain/testutil"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestNodestakingBeneficiaryAndRecipient pays a node's rewards and its
// returned stake to the operator's beneficiary and a claim to another
// address, through the whole app (x/bank's blocked addresses included), to
// the nsesh; the chain checks the invariants after every block.
func TestNodestakingBeneficiaryAndRecipient(t *testing.T) {
	opts := testutil.DefaultChainOptions()
	opts.Accounts = 4
	opts.EditGenesis = testutil.WithoutUptimeTimeout
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	op, ben, other := c.Accounts[0], c.Accounts[1], c.Accounts[2]

	reg, key := testutil.RegisterNodeMsg(t, c.ChainID, op.Address, sesh(25_000), 500)
	reg.Beneficiary = ben.Address.String() // not signed by the node key: the operator's choice
	require.Zero(t, c.Deliver(time.Second, op, reg).Code)
	record, err := nsQuery(c).Node(c.Ctx(), &nstypes.QueryNodeRequest{Pubkey: nodeID(key)})
	require.NoError(t, err)
	require.Equal(t, ben.Address.String(), record.Node.Contributions[0].Contribution.Beneficiary)

	// x/bank refuses to pay module accounts: so does the module, up front.
	distr := authtypes.NewModuleAddress(distrtypes.ModuleName).String()
	r := c.Deliver(time.Second, op, &nstypes.MsgSetBeneficiary{Contributor: op.Address.String(), Pubkey: pubkey(key), Beneficiary: distr})
	require.Equal(t, nstypes.ErrInvalidAddress.ABCICode(), r.Code, r.Log)
	r = c.Deliver(time.Second, op, &nstypes.MsgClaimRewards{Claimant: op.Address.String(), Recipient: distr})
	require.Equal(t, nstypes.ErrInvalidAddress.ABCICode(), r.Code, r.Log)

	// The node's share goes to the beneficiary, whatever the recipient.
	c.NextBlock(time.Hour)
	opBefore, benBefore, otherBefore := c.Balance(op.Address), c.Balance(ben.Address), c.Balance(other.Address)
	r = c.Deliver(time.Second, op, &nstypes.MsgClaimRewards{Claimant: op.Address.String(), Recipient: other.Address.String()})
	require.Zero(t, r.Code, r.Log)
	claimed := typedEvents[*nstypes.EventRewardsClaimed](t, r.Events)
	require.Len(t, claimed, 1)
	require.Equal(t, ben.Address.String(), claimed[0].Recipient)
	require.True(t, claimed[0].Amount.IsPositive())
	require.Equal(t, benBefore.Add(claimed[0].Amount), c.Balance(ben.Address))
	require.Equal(t, otherBefore, c.Balance(other.Address))
	require.Equal(t, opBefore, c.Balance(op.Address))

	// Cleared (naming itself), the recipient gets it.
	r = c.Deliver(time.Second, op, &nstypes.MsgSetBeneficiary{Contributor: op.Address.String(), Pubkey: pubkey(key), Beneficiary: op.Address.String()})
	require.Zero(t, r.Code, r.Log)
	c.NextBlock(time.Hour)
	otherBefore = c.Balance(other.Address)
	r = c.Deliver(time.Second, op, &nstypes.MsgClaimRewards{Claimant: op.Address.String(), Recipient: other.Address.String()})
	require.Zero(t, r.Code, r.Log)
	claimed = typedEvents[*nstypes.EventRewardsClaimed](t, r.Events)
	require.Len(t, claimed, 1)
	require.Equal(t, other.Address.String(), claimed[0].Recipient)
	require.Equal(t, otherBefore.Add(claimed[0].Amount), c.Balance(other.Address))
	requireNodeConservation(t, c)

	// Named again, the beneficiary gets the whole stake back at the exit.
	r = c.Deliver(time.Second, op, &nstypes.MsgSetBeneficiary{Contributor: op.Address.String(), Pubkey: pubkey(key), Beneficiary: ben.Address.String()})
	require.Zero(t, r.Code, r.Log)
	r = c.Deliver(time.Second, op, &nstypes.MsgRequestUnlock{Requester: op.Address.String(), Pubkey: pubkey(key)})
	require.Zero(t, r.Code, r.Log)
	opBefore, benBefore = c.Balance(op.Address), c.Balance(ben.Address)
	for range 16 {
		c.NextBlock(24 * time.Hour)
	}
	_, err = c.App.NodeStakingKeeper.Staking.Nodes.Get(c.Ctx(), nodeID(key))
	require.Error(t, err, "the node has exited")
	require.Equal(t, benBefore.Add(sesh(25_000)), c.Balance(ben.Address))
	require.Equal(t, opBefore, c.Balance(op.Address))
	require.True(t, rewardsOf(t, c, ben).Claimable.IsPositive(), "the final share is credited to the beneficiary")
	require.True(t, rewardsOf(t, c, op).Claimable.IsZero())
	requireNodeConservation(t, c)
}
