package keeper_test

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// issuerPub returns a distinct issuer public key (hex) for each i.
func issuerPub(i byte) string {
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = i
	return hex.EncodeToString(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey))
}

func (f *fixture) registerIssuerKeyMsg(msg *types.MsgRegisterIssuerKey) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.RegisterIssuerKey(ctx, msg)
		return err
	})
}

func (f *fixture) registerIssuerKey(pubkey string, notBefore, notAfter *time.Time) error {
	return f.registerIssuerKeyMsg(&types.MsgRegisterIssuerKey{
		Authority: f.authority, Pubkey: pubkey, NotBefore: notBefore, NotAfter: notAfter, Description: "issuer " + pubkey[:8],
	})
}

func (f *fixture) retireIssuerKey(msg *types.MsgRetireIssuerKey) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.RetireIssuerKey(ctx, msg)
		return err
	})
}

func (f *fixture) issuerKeys() []types.IssuerKey {
	f.t.Helper()
	res, err := f.queries.IssuerKeys(f.ctx, &types.QueryIssuerKeysRequest{Pagination: &query.PageRequest{Limit: 100}})
	require.NoError(f.t, err)
	return res.IssuerKeys
}

func TestRegisterAndRetireIssuerKeys(t *testing.T) {
	f := newFixture(t)
	later := genesisTime.Add(48 * time.Hour)
	end := genesisTime.Add(365 * types.Day)

	require.NoError(t, f.registerIssuerKey(strings.ToUpper(issuerPub(1)), nil, nil))
	require.NoError(t, f.registerIssuerKey(issuerPub(2), &later, &end))
	require.Equal(t, []any{
		&types.EventIssuerKeyRegistered{Pubkey: issuerPub(1), NotBefore: genesisTime},
		&types.EventIssuerKeyRegistered{Pubkey: issuerPub(2), NotBefore: later, NotAfter: &end},
	}, eventsAny(f))

	keys := map[string]types.IssuerKey{}
	for _, k := range f.issuerKeys() {
		keys[k.Pubkey] = k
	}
	require.Len(t, keys, 2)
	require.True(t, keys[issuerPub(1)].IsValidAt(genesisTime), "valid from the block time, stored lowercase")
	require.False(t, keys[issuerPub(2)].IsValidAt(genesisTime), "not before its window")
	require.True(t, keys[issuerPub(2)].IsValidAt(later))
	require.False(t, keys[issuerPub(2)].IsValidAt(end), "not at its end")

	// Retiring at once, then later: the earlier end stands.
	f.advance(time.Hour)
	f.clearEvents()
	require.NoError(t, f.retireIssuerKey(&types.MsgRetireIssuerKey{Authority: f.authority, Pubkey: issuerPub(1)}))
	retired := f.now()
	farther := f.now().Add(types.Day)
	require.NoError(t, f.retireIssuerKey(&types.MsgRetireIssuerKey{Authority: f.authority, Pubkey: issuerPub(1), RetireAt: &farther}))
	require.Equal(t, []any{
		&types.EventIssuerKeyRetired{Pubkey: issuerPub(1), NotAfter: retired},
		&types.EventIssuerKeyRetired{Pubkey: issuerPub(1), NotAfter: retired},
	}, eventsAny(f))
	for _, k := range f.issuerKeys() {
		if k.Pubkey == issuerPub(1) {
			require.Equal(t, retired, *k.NotAfter)
			require.False(t, k.IsValidAt(retired))
			require.True(t, k.IsValidAt(retired.Add(-time.Nanosecond)))
		}
	}
	// A key retired before its window opens never is valid.
	require.NoError(t, f.retireIssuerKey(&types.MsgRetireIssuerKey{Authority: f.authority, Pubkey: issuerPub(2)}))
	for _, k := range f.issuerKeys() {
		if k.Pubkey == issuerPub(2) {
			require.Equal(t, later, *k.NotAfter)
			require.False(t, k.IsValidAt(later))
		}
	}
}

func TestIssuerKeyMessagesRejected(t *testing.T) {
	smallOrder := "0100000000000000000000000000000000000000000000000000000000000000"
	before := genesisTime.Add(-time.Hour)
	tests := []struct {
		name    string
		act     func(f *fixture) error
		wantErr error
	}{
		{"register by a payer", func(f *fixture) error {
			return f.registerIssuerKeyMsg(&types.MsgRegisterIssuerKey{Authority: payers[0].String(), Pubkey: issuerPub(3)})
		}, types.ErrInvalidAuthority},
		{"register a key twice", func(f *fixture) error { return f.registerIssuerKey(issuerPub(1), nil, nil) }, types.ErrIssuerKeyExists},
		{"register a key of small order", func(f *fixture) error { return f.registerIssuerKey(smallOrder, nil, nil) }, types.ErrInvalidIssuerKey},
		{"register a short key", func(f *fixture) error { return f.registerIssuerKey(issuerPub(3)[:62], nil, nil) }, types.ErrInvalidIssuerKey},
		{"register a key not in hex", func(f *fixture) error { return f.registerIssuerKey("zz"+issuerPub(3)[2:], nil, nil) }, types.ErrInvalidIssuerKey},
		{"register a window that ends before it starts", func(f *fixture) error {
			return f.registerIssuerKey(issuerPub(3), nil, &before)
		}, types.ErrInvalidIssuerKey},
		{"register a long description", func(f *fixture) error {
			return f.registerIssuerKeyMsg(&types.MsgRegisterIssuerKey{Authority: f.authority, Pubkey: issuerPub(3), Description: strings.Repeat("d", 257)})
		}, types.ErrInvalidIssuerKey},
		{"retire by a processor", func(f *fixture) error {
			return f.retireIssuerKey(&types.MsgRetireIssuerKey{Authority: processors[0].String(), Pubkey: issuerPub(1)})
		}, types.ErrInvalidAuthority},
		{"retire an unknown key", func(f *fixture) error {
			return f.retireIssuerKey(&types.MsgRetireIssuerKey{Authority: f.authority, Pubkey: issuerPub(3)})
		}, types.ErrIssuerKeyNotFound},
		{"retire a malformed key", func(f *fixture) error {
			return f.retireIssuerKey(&types.MsgRetireIssuerKey{Authority: f.authority, Pubkey: "k"})
		}, types.ErrInvalidIssuerKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			require.NoError(t, f.registerIssuerKey(issuerPub(1), nil, nil))
			f.advance(time.Minute)
			before := f.snapshot()

			err := tc.act(f)

			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}
