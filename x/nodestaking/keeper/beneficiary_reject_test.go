package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func TestBadBeneficiaryOrRecipientIsRefused(t *testing.T) {
	f, key := earnedNode(t)
	require.NoError(t, f.register(testAddr(4), nodeKey(3), sesh(10_000), 0))
	f.nextBlock(6e9)
	badAddr := "session1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq" // bad checksum
	pool := poolAddr.String()
	tests := []struct {
		name    string
		send    func() error
		wantErr error
		wantIn  string
	}{
		{"set: not an address", func() error { return f.setBeneficiary(testAddr(2), key, badAddr) }, types.ErrInvalidAddress, badAddr},
		{"set: a module account", func() error { return f.setBeneficiary(testAddr(2), key, pool) }, types.ErrInvalidAddress, pool},
		{"set: not a contributor", func() error { return f.setBeneficiary(testAddr(5), key, testAddr(6).String()) }, types.ErrNotContributor, testAddr(5).String()},
		{"set: unknown node", func() error { return f.setBeneficiary(testAddr(2), nodeKey(9), testAddr(6).String()) }, types.ErrNodeNotFound, keyHex(nodeKey(9))},
		{"set: short node key", func() error {
			_, err := f.msgs.SetBeneficiary(f.ctx, &types.MsgSetBeneficiary{Contributor: testAddr(2).String(), Pubkey: []byte{1}, Beneficiary: testAddr(6).String()})
			return err
		}, types.ErrInvalidPubkey, "got 1"},
		{"set: bad contributor", func() error {
			_, err := f.msgs.SetBeneficiary(f.ctx, &types.MsgSetBeneficiary{Contributor: "x", Pubkey: pubkey(key), Beneficiary: testAddr(6).String()})
			return err
		}, types.ErrInvalidAddress, `"x"`},
		{"claim: recipient not an address", func() error { _, err := f.claimTo(testAddr(1), badAddr); return err }, types.ErrInvalidAddress, badAddr},
		{"claim: recipient a module account", func() error { _, err := f.claimTo(testAddr(1), pool); return err }, types.ErrInvalidAddress, pool},
		{"register: bad beneficiary", func() error { return f.registerFor(testAddr(5), nodeKey(4), sesh(10_000), 0, badAddr) }, types.ErrInvalidAddress, badAddr},
		{"contribute: bad beneficiary", func() error { return f.contributeFor(testAddr(5), nodeKey(3), sesh(5_000), badAddr) }, types.ErrInvalidAddress, badAddr},
		{"contribute: a module account", func() error { return f.contributeFor(testAddr(5), nodeKey(3), sesh(5_000), pool) }, types.ErrInvalidAddress, pool},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			err := tc.send()
			f.requireRejected(err, tc.wantErr, before)
			require.Contains(t, err.Error(), tc.wantIn, "the error names the value")
			require.Empty(t, events[*types.EventBeneficiarySet](f))
		})
	}
}

func TestGenesisCarriesBeneficiaries(t *testing.T) {
	f, key := earnedNode(t)
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	g := newFixtureFromGenesis(t, exported, f.balance(moduleAddr))
	g.ctx = g.ctx.WithHeaderInfo(f.ctx.HeaderInfo())

	require.Equal(t, testAddr(11).String(), g.beneficiaryOf(key, testAddr(1)))
	require.Equal(t, testAddr(12).String(), g.beneficiaryOf(key, testAddr(2)))
	require.Equal(t, f.snapshot().Genesis, g.snapshot().Genesis)
	// The imported chain pays them as the first does.
	for _, c := range []*fixture{f, g} {
		c.nextBlock(6e9)
		before := c.snapshot()
		paid, err := c.claim(testAddr(2))
		require.NoError(t, err)
		require.Equal(t, paid.String(), diff(before, c, testAddr(12)).String())
	}
	g.checkConservation()
}

func TestConservationChecksStoredBeneficiaries(t *testing.T) {
	f, key := earnedNode(t)
	ck := collections.Join(keyHex(key), testAddr(2))
	c, err := f.k.Staking.Contributions.Get(f.ctx, ck)
	require.NoError(t, err)
	for _, bad := range []string{testAddr(2).String(), "session1nope"} {
		c.Beneficiary = bad
		require.NoError(t, f.k.Staking.Contributions.Set(f.ctx, ck, c))

		err := f.k.CheckConservation(f.ctx, f.balance(moduleAddr))

		require.ErrorContains(t, err, "beneficiary")
	}
}
