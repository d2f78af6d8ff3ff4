package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Bech32 accepts an address spelt in upper case as well as in lower case:
// the module must treat both spellings as the same account.

func TestOperatorWithdrawalInUpperCaseCancelsTheNode(t *testing.T) {
	f := newFixture(t)
	key, operator, contributor := nodeKey(1), testAddr(1), testAddr(2)
	require.NoError(t, f.register(operator, key, sesh(6_250), 0))
	_, err := f.contribute(contributor, key, sesh(5_000))
	require.NoError(t, err)
	f.nextBlock(2 * day)

	_, err = f.msgs.WithdrawContribution(f.ctx, &types.MsgWithdrawContribution{
		Contributor: strings.ToUpper(operator.String()), Pubkey: pubkey(key),
	})

	require.NoError(t, err)
	require.False(t, f.hasNode(key), "the operator's withdrawal cancels the node")
	require.Equal(t, startBalance.String(), f.balance(operator).String())
	require.Equal(t, startBalance.String(), f.balance(contributor).String())
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, gs.Validate())
	f.checkConservation()
}

func TestRegisterNodeInUpperCaseStoresTheCanonicalOperator(t *testing.T) {
	f := newFixture(t)
	key, operator := nodeKey(1), testAddr(1)
	msg := f.registerMsg(operator, key, sesh(6_250), 0)
	msg.Operator = strings.ToUpper(msg.Operator)
	msg = signedFor(t, msg, key, chainID)

	_, err := f.msgs.RegisterNode(f.ctx, msg)

	require.NoError(t, err)
	require.Equal(t, operator.String(), f.record(key).Node.Operator)
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, gs.Validate(), "the exported state must load again")
	f.nextBlock(2 * day)
	require.NoError(t, f.withdraw(operator, key))
	require.False(t, f.hasNode(key))
	require.Equal(t, startBalance.String(), f.balance(operator).String())
}

func TestReservedSpotsInAnotherSpellingAreRefused(t *testing.T) {
	operator, other := testAddr(1), testAddr(2)
	tests := []struct {
		name     string
		reserved []types.ReservedSpot
	}{
		{name: "the operator in upper case", reserved: []types.ReservedSpot{
			{Address: strings.ToUpper(operator.String()), Amount: sesh(5_000)},
		}},
		{name: "one address in both spellings", reserved: []types.ReservedSpot{
			spot(other, sesh(5_000)), {Address: strings.ToUpper(other.String()), Amount: sesh(5_000)},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.snapshot()
			err := f.register(operator, nodeKey(1), sesh(6_250), 0, tc.reserved...)
			f.requireRejected(err, types.ErrInvalidReserved, before)
		})
	}
}
