package keeper_test

// The keeper tests' Msgs and queries: each helper delivers one Msg to, or
// reads one answer from, the fixture's current block.

import (
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// registerMsg returns a registration signed by key for the fixture's chain.
func (f *fixture) registerMsg(operator sdk.AccAddress, key ed25519.PrivateKey, amount math.Int, feeBps uint32, reserved ...types.ReservedSpot) *types.MsgRegisterNode {
	f.t.Helper()
	signBytes, err := types.RegistrationSignBytes(chainID, operator.String(), feeBps, reserved)
	require.NoError(f.t, err)
	return &types.MsgRegisterNode{
		Operator:  operator.String(),
		Pubkey:    pubkey(key),
		Signature: ed25519.Sign(key, signBytes),
		FeeBps:    feeBps,
		Stake:     sdk.NewCoin(types.Denom, amount),
		Reserved:  reserved,
	}
}

func (f *fixture) register(operator sdk.AccAddress, key ed25519.PrivateKey, amount math.Int, feeBps uint32, reserved ...types.ReservedSpot) error {
	_, err := f.msgs.RegisterNode(f.ctx, f.registerMsg(operator, key, amount, feeBps, reserved...))
	return err
}

func (f *fixture) contribute(addr sdk.AccAddress, key ed25519.PrivateKey, amount math.Int) (*types.MsgContributeResponse, error) {
	return f.msgs.Contribute(f.ctx, &types.MsgContribute{
		Contributor: addr.String(), Pubkey: pubkey(key), Amount: sdk.NewCoin(types.Denom, amount),
	})
}

func (f *fixture) withdraw(addr sdk.AccAddress, key ed25519.PrivateKey) error {
	_, err := f.msgs.WithdrawContribution(f.ctx, &types.MsgWithdrawContribution{Contributor: addr.String(), Pubkey: pubkey(key)})
	return err
}

func (f *fixture) unlock(addr sdk.AccAddress, key ed25519.PrivateKey) error {
	_, err := f.msgs.RequestUnlock(f.ctx, &types.MsgRequestUnlock{Requester: addr.String(), Pubkey: pubkey(key)})
	return err
}

func (f *fixture) deregister(key ed25519.PrivateKey) error {
	_, err := f.msgs.DeregisterNode(f.ctx, &types.MsgDeregisterNode{Authority: f.authority, Pubkey: pubkey(key)})
	return err
}

func (f *fixture) claim(addr sdk.AccAddress) (math.Int, error) {
	res, err := f.msgs.ClaimRewards(f.ctx, &types.MsgClaimRewards{Claimant: addr.String()})
	if err != nil {
		return math.Int{}, err
	}
	return res.Amount, nil
}

// newNode registers a node for stakes[0] (the operator) with the others as
// contributors, in order; it is active if the stakes reach the requirement.
func (f *fixture) newNode(key ed25519.PrivateKey, feeBps uint32, stakes ...stake) {
	f.t.Helper()
	require.NoError(f.t, f.register(stakes[0].addr, key, stakes[0].amount, feeBps))
	for _, s := range stakes[1:] {
		_, err := f.contribute(s.addr, key, s.amount)
		require.NoError(f.t, err)
	}
}

// soloNode registers a node fully staked by its operator: active at once.
func (f *fixture) soloNode(key ed25519.PrivateKey, operator sdk.AccAddress, feeBps uint32) {
	f.t.Helper()
	f.newNode(key, feeBps, stake{operator, types.DefaultStakingRequirement})
}

// record returns a node with its contributions, as the Node query does.
func (f *fixture) record(key ed25519.PrivateKey) types.NodeRecord {
	f.t.Helper()
	res, err := f.queries.Node(f.ctx, &types.QueryNodeRequest{Pubkey: keyHex(key)})
	require.NoError(f.t, err)
	return res.Node
}

// hasNode reports whether a node is in state.
func (f *fixture) hasNode(key ed25519.PrivateKey) bool {
	f.t.Helper()
	has, err := f.k.Staking.Nodes.Has(f.ctx, keyHex(key))
	require.NoError(f.t, err)
	return has
}

// rewards returns the Rewards query's answer for addr.
func (f *fixture) rewards(addr sdk.AccAddress) *types.QueryRewardsResponse {
	f.t.Helper()
	res, err := f.queries.Rewards(f.ctx, &types.QueryRewardsRequest{Address: addr.String()})
	require.NoError(f.t, err)
	return res
}

// claimable returns what addr has been credited and not claimed.
func (f *fixture) claimable(addr sdk.AccAddress) math.Int { return f.rewards(addr).Claimable }

// activeCount returns the number of earning nodes.
func (f *fixture) activeCount() uint64 {
	f.t.Helper()
	st, err := f.k.Rewards.State.Get(f.ctx)
	require.NoError(f.t, err)
	return st.EarningNodes
}

// index returns the global reward index, and carry the carry.
func (f *fixture) index() math.Int {
	f.t.Helper()
	st, err := f.k.Rewards.State.Get(f.ctx)
	require.NoError(f.t, err)
	return st.RewardIndex
}

func (f *fixture) carry() math.Int {
	f.t.Helper()
	st, err := f.k.Rewards.State.Get(f.ctx)
	require.NoError(f.t, err)
	return st.Carry
}

// exitQueue returns the exit queue's entries in order, as "unixnano/node".
func (f *fixture) exitQueue() []string {
	f.t.Helper()
	it, err := f.k.Staking.ExitQueue.Iterate(f.ctx, nil)
	require.NoError(f.t, err)
	keys, err := it.Keys()
	require.NoError(f.t, err)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%d/%s", k.K1(), k.K2())
	}
	return out
}

// queueEntry is the exit queue entry of a node leaving at t.
func queueEntry(t time.Time, key ed25519.PrivateKey) string {
	return fmt.Sprintf("%d/%s", t.UnixNano(), keyHex(key))
}
