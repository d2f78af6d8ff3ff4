package keeper_test

import (
	"crypto/ed25519"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// registerFor registers a node for operator naming beneficiary (empty: none).
func (f *fixture) registerFor(operator sdk.AccAddress, key ed25519.PrivateKey, amount math.Int, feeBps uint32, beneficiary string) error {
	msg := f.registerMsg(operator, key, amount, feeBps)
	msg.Beneficiary = beneficiary
	_, err := f.msgs.RegisterNode(f.ctx, msg)
	return err
}

// contributeFor contributes naming beneficiary (empty: keep or none).
func (f *fixture) contributeFor(addr sdk.AccAddress, key ed25519.PrivateKey, amount math.Int, beneficiary string) error {
	_, err := f.msgs.Contribute(f.ctx, &types.MsgContribute{
		Contributor: addr.String(), Pubkey: pubkey(key), Amount: sdk.NewCoin(types.Denom, amount), Beneficiary: beneficiary,
	})
	return err
}

// setBeneficiary sends MsgSetBeneficiary.
func (f *fixture) setBeneficiary(addr sdk.AccAddress, key ed25519.PrivateKey, beneficiary string) error {
	_, err := f.msgs.SetBeneficiary(f.ctx, &types.MsgSetBeneficiary{Contributor: addr.String(), Pubkey: pubkey(key), Beneficiary: beneficiary})
	return err
}

// claimTo claims addr's rewards to recipient.
func (f *fixture) claimTo(addr sdk.AccAddress, recipient string) (math.Int, error) {
	res, err := f.msgs.ClaimRewards(f.ctx, &types.MsgClaimRewards{Claimant: addr.String(), Recipient: recipient})
	if err != nil {
		return math.Int{}, err
	}
	return res.Amount, nil
}

// beneficiaryOf returns the beneficiary of addr's contribution to a node.
func (f *fixture) beneficiaryOf(key ed25519.PrivateKey, addr sdk.AccAddress) string {
	f.t.Helper()
	for _, c := range f.record(key).Contributions {
		if c.Address == addr.String() {
			return c.Contribution.Beneficiary
		}
	}
	f.t.Fatalf("%s has no contribution to %s", addr, keyHex(key))
	return ""
}

// earnedNode runs a node (operator 1 with beneficiary 11 at registration,
// contributor 2 who names beneficiary 12 afterwards) beside another for a
// few blocks of emission.
func earnedNode(t *testing.T) (*fixture, ed25519.PrivateKey) {
	f := newFixture(t)
	key := nodeKey(1)
	require.NoError(t, f.registerFor(testAddr(1), key, sesh(15_000), 1_000, testAddr(11).String()))
	require.NoError(t, f.contributeFor(testAddr(2), key, sesh(10_000), ""))
	require.NoError(t, f.setBeneficiary(testAddr(2), key, testAddr(12).String()))
	f.soloNode(nodeKey(2), testAddr(3), 0)
	for range 3 {
		f.nextBlock(6e9)
		require.True(t, f.emit(math.NewInt(2_000_000_007)))
		f.endBlock()
	}
	return f, key
}

func TestBeneficiaryIsSetAtRegistrationAndByMsg(t *testing.T) {
	f, key := earnedNode(t)
	require.Equal(t, testAddr(11).String(), f.beneficiaryOf(key, testAddr(1)))
	require.Equal(t, testAddr(12).String(), f.beneficiaryOf(key, testAddr(2)))
	nodes, err := f.queries.ContributorNodes(f.ctx, &types.QueryContributorNodesRequest{Address: testAddr(2).String()})
	require.NoError(t, err)
	require.Equal(t, testAddr(12).String(), nodes.Nodes[0].Beneficiary)

	// Naming the contributor itself clears it; so does empty.
	f.nextBlock(6e9)
	require.NoError(t, f.setBeneficiary(testAddr(2), key, testAddr(2).String()))
	require.Empty(t, f.beneficiaryOf(key, testAddr(2)))
	require.Equal(t, []*types.EventBeneficiarySet{{Pubkey: keyHex(key), Contributor: testAddr(2).String()}},
		events[*types.EventBeneficiarySet](f))
	require.NoError(t, f.setBeneficiary(testAddr(1), key, ""))
	require.Empty(t, f.beneficiaryOf(key, testAddr(1)))
	f.checkConservation()
}

func TestTopUpKeepsOrChangesTheBeneficiary(t *testing.T) {
	f := newFixture(t)
	key := nodeKey(1)
	require.NoError(t, f.register(testAddr(1), key, sesh(10_000), 0))
	require.NoError(t, f.contributeFor(testAddr(2), key, sesh(5_000), testAddr(12).String()))
	require.NoError(t, f.contributeFor(testAddr(2), key, sesh(1_000), ""))
	require.Equal(t, testAddr(12).String(), f.beneficiaryOf(key, testAddr(2)), "an empty top-up keeps it")
	require.NoError(t, f.contributeFor(testAddr(2), key, sesh(1_000), testAddr(13).String()))
	require.Equal(t, testAddr(13).String(), f.beneficiaryOf(key, testAddr(2)))
	f.checkConservation()
}

func TestClaimPaysTheBeneficiaries(t *testing.T) {
	f, _ := earnedNode(t)
	f.nextBlock(6e9)
	for _, c := range []struct{ claimant, beneficiary sdk.AccAddress }{{testAddr(1), testAddr(11)}, {testAddr(2), testAddr(12)}} {
		want := f.rewards(c.claimant).Pending
		require.True(t, want.IsPositive())
		claimantBefore, beneficiaryBefore := f.balance(c.claimant), f.balance(c.beneficiary)
		totalsBefore := f.totals(c.claimant).RewardsClaimed

		// A recipient does not redirect a share whose contribution names a
		// beneficiary.
		paid, err := f.claimTo(c.claimant, testAddr(20).String())

		require.NoError(t, err)
		require.Equal(t, want.String(), paid.String())
		require.Equal(t, beneficiaryBefore.Add(want).String(), f.balance(c.beneficiary).String())
		require.Equal(t, claimantBefore.String(), f.balance(c.claimant).String())
		require.Equal(t, startBalance.String(), f.balance(testAddr(20)).String())
		require.Equal(t, totalsBefore.Add(want).String(), f.totals(c.claimant).RewardsClaimed.String(),
			"the claim counts in the claimant's totals")
		require.Contains(t, events[*types.EventRewardsClaimed](f),
			&types.EventRewardsClaimed{Claimant: c.claimant.String(), Recipient: c.beneficiary.String(), Amount: want})
	}
	f.checkConservation()
}

func TestClaimToARecipient(t *testing.T) {
	f := newFixture(t)
	claimant, recipient := testAddr(1), testAddr(20)
	f.soloNode(nodeKey(1), claimant, 0)
	f.soloNode(nodeKey(2), testAddr(2), 0)
	f.nextBlock(6e9)
	require.True(t, f.emit(math.NewInt(1_000_000_001)))
	want := f.rewards(claimant).Pending
	before := f.balance(claimant)

	paid, err := f.claimTo(claimant, recipient.String())

	require.NoError(t, err)
	require.Equal(t, "500000000", want.String())
	require.Equal(t, want.String(), paid.String())
	require.Equal(t, startBalance.Add(want).String(), f.balance(recipient).String())
	require.Equal(t, before.String(), f.balance(claimant).String())
	require.Equal(t, []*types.EventRewardsClaimed{{Claimant: claimant.String(), Recipient: recipient.String(), Amount: want}},
		events[*types.EventRewardsClaimed](f))
	require.Equal(t, want.String(), f.totals(claimant).RewardsClaimed.String())
	require.True(t, f.totals(recipient).RewardsClaimed.IsZero())
	f.checkConservation()
}

// finalShares returns what each contribution of a node will be credited
// when its stakes return at this block: its SplitReward share of all the
// node earned, less what it took.
func (f *fixture) finalShares(key ed25519.PrivateKey, addrs ...sdk.AccAddress) []math.Int {
	f.t.Helper()
	node := f.node(key)
	st, err := f.k.Rewards.State.Get(f.ctx)
	require.NoError(f.t, err)
	amounts := make([]math.Int, len(addrs))
	for i, c := range f.record(key).Contributions {
		require.Equal(f.t, addrs[i].String(), c.Address)
		amounts[i] = c.Contribution.Amount
	}
	shares := types.SplitReward(node.EarnedTotal(st.RewardIndex), node.FeeBps, amounts)
	for i, a := range addrs {
		taken, err := f.k.Rewards.TakenBy(f.ctx, keyHex(key), a)
		require.NoError(f.t, err)
		shares[i] = shares[i].Sub(taken)
	}
	return shares
}

func TestExitReturnsStakesAndFinalSharesToTheBeneficiaries(t *testing.T) {
	f, key := earnedNode(t)
	_, err := f.claim(testAddr(2)) // some taken before the exit
	require.NoError(t, err)
	f.nextBlock(6e9)
	require.NoError(t, f.unlock(testAddr(1), key))
	f.endBlock()
	f.nextBlock(15 * day)
	require.True(t, f.emit(math.NewInt(3_000_000_011)))
	shares := f.finalShares(key, testAddr(1), testAddr(2))
	before := f.snapshot()

	f.endBlock() // the exit

	require.False(t, f.hasNode(key))
	require.Equal(t, sesh(15_000).String(), diff(before, f, testAddr(11)).String())
	require.Equal(t, sesh(10_000).String(), diff(before, f, testAddr(12)).String())
	require.True(t, diff(before, f, testAddr(1)).IsZero())
	require.True(t, diff(before, f, testAddr(2)).IsZero())
	require.Equal(t, shares[0].String(), f.claimable(testAddr(11)).String())
	require.Equal(t, shares[1].String(), f.claimable(testAddr(12)).String())
	require.True(t, f.claimable(testAddr(1)).IsZero())
	require.Equal(t, sesh(15_000).String(), f.totals(testAddr(1)).StakesReturned.String(), "counted for the contributor")
	require.Equal(t, sesh(10_000).String(), f.totals(testAddr(2)).StakesReturned.String())
	_, err = f.claim(testAddr(12))
	require.NoError(t, err)
	f.checkConservation()
}

// diff returns how much addr's balance grew since before.
func diff(before snapshot, f *fixture, addr sdk.AccAddress) math.Int {
	was, ok := math.NewIntFromString(before.Balances[addr.String()])
	require.True(f.t, ok)
	return f.balance(addr).Sub(was)
}

func TestDeregisteredStakeReturnsToTheBeneficiaryLessThePenalty(t *testing.T) {
	f, key := earnedNode(t)
	f.nextBlock(6e9)
	require.NoError(t, f.deregister(key))
	penalty := f.node(key).ExitPenalty
	require.Equal(t, "50000000000", penalty.String(), "0.2% of 25,000 SESH")
	f.endBlock()
	f.nextBlock(30 * day)
	before := f.snapshot()

	f.endBlock()

	require.False(t, f.hasNode(key))
	require.Equal(t, sesh(15_000).Sub(penalty).String(), diff(before, f, testAddr(11)).String())
	require.Equal(t, sesh(10_000).String(), diff(before, f, testAddr(12)).String())
	require.Equal(t, penalty.String(), f.totals(testAddr(1)).PenaltiesPaid.String())
	f.checkConservation()
}

func TestWithdrawalAndCancellationPayTheBeneficiaries(t *testing.T) {
	f := newFixture(t)
	key := nodeKey(1)
	require.NoError(t, f.registerFor(testAddr(1), key, sesh(10_000), 0, testAddr(11).String()))
	require.NoError(t, f.contributeFor(testAddr(2), key, sesh(5_000), testAddr(12).String()))
	require.NoError(t, f.contributeFor(testAddr(3), key, sesh(5_000), testAddr(13).String()))
	f.nextBlock(day)
	before := f.snapshot()

	require.NoError(t, f.withdraw(testAddr(2), key))

	require.Equal(t, sesh(5_000).String(), diff(before, f, testAddr(12)).String())
	require.True(t, diff(before, f, testAddr(2)).IsZero())
	require.Equal(t, []*types.EventContributionWithdrawn{{
		Pubkey: keyHex(key), Contributor: testAddr(2).String(), Amount: sesh(5_000), Recipient: testAddr(12).String(),
	}}, events[*types.EventContributionWithdrawn](f))

	require.NoError(t, f.withdraw(testAddr(1), key)) // cancels: everyone refunded

	require.Equal(t, sesh(10_000).String(), diff(before, f, testAddr(11)).String())
	require.Equal(t, sesh(5_000).String(), diff(before, f, testAddr(13)).String())
	require.True(t, diff(before, f, testAddr(1)).IsZero())
	require.True(t, diff(before, f, testAddr(3)).IsZero())
	f.checkConservation()
}
