package integration

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestNodestakingReservationsAndFeeChange changes a node's terms through the
// whole app: its reserved spots and fee before activation, then a fee
// raise that the EndBlocker applies after fee_change_notice; the chain
// checks the invariants after every block.
func TestNodestakingReservationsAndFeeChange(t *testing.T) {
	opts := testutil.DefaultChainOptions()
	opts.Accounts = 4
	opts.EditGenesis = testutil.WithoutUptimeTimeout
	c := testutil.NewChain(t, opts)
	c.NextBlock(time.Second)
	op, friend, other := c.Accounts[0], c.Accounts[1], c.Accounts[2]
	reg, key := testutil.RegisterNodeMsg(t, c.ChainID, op.Address, sesh(12_500), 500)
	require.Zero(t, c.Deliver(time.Second, op, reg).Code)

	r := c.Deliver(time.Second, other, &nstypes.MsgUpdateReservations{Operator: other.Address.String(), Pubkey: pubkey(key)})
	require.Equal(t, nstypes.ErrNotOperator.ABCICode(), r.Code, r.Log)
	spot := nstypes.ReservedSpot{Address: friend.Address.String(), Amount: sesh(12_500)}
	r = c.Deliver(time.Second, op, &nstypes.MsgUpdateReservations{Operator: op.Address.String(), Pubkey: pubkey(key), Reserved: []nstypes.ReservedSpot{spot}})
	require.Zero(t, r.Code, r.Log)
	r = c.Deliver(time.Second, op, &nstypes.MsgChangeFee{Operator: op.Address.String(), Pubkey: pubkey(key), FeeBps: 800})
	require.Zero(t, r.Code, r.Log)
	record, err := nsQuery(c).Node(c.Ctx(), &nstypes.QueryNodeRequest{Pubkey: nodeID(key)})
	require.NoError(t, err)
	require.Equal(t, []nstypes.ReservedSpot{spot}, record.Node.Reserved)
	require.Equal(t, uint32(800), record.Node.Node.FeeBps, "awaiting: at once")

	r = c.Deliver(time.Second, friend, &nstypes.MsgContribute{Contributor: friend.Address.String(), Pubkey: pubkey(key), Amount: sdk.NewCoin(nstypes.Denom, sesh(12_500))})
	require.Zero(t, r.Code, r.Log)
	r = c.Deliver(time.Second, op, &nstypes.MsgChangeFee{Operator: op.Address.String(), Pubkey: pubkey(key), FeeBps: 1_500})
	require.Zero(t, r.Code, r.Log)
	require.Len(t, typedEvents[*nstypes.EventFeeChangeScheduled](t, r.Events), 1)
	c.NextBlock(nstypes.DefaultFeeChangeNotice - time.Hour)
	record, err = nsQuery(c).Node(c.Ctx(), &nstypes.QueryNodeRequest{Pubkey: nodeID(key)})
	require.NoError(t, err)
	require.Equal(t, uint32(800), record.Node.Node.FeeBps)
	require.Equal(t, uint32(1_500), record.Node.Node.PendingFeeBps)
	c.NextBlock(2 * time.Hour)
	record, err = nsQuery(c).Node(c.Ctx(), &nstypes.QueryNodeRequest{Pubkey: nodeID(key)})
	require.NoError(t, err)
	require.Equal(t, uint32(1_500), record.Node.Node.FeeBps)
	require.Nil(t, record.Node.Node.FeeChangeAt)
	require.True(t, record.Node.Node.FeeBase.IsPositive(), "earnings before the change keep the old fee")
	requireNodeConservation(t, c)
}
