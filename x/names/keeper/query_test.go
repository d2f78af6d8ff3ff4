package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

func reverse() *query.PageRequest       { return &query.PageRequest{Reverse: true} }
func limit(n uint64) *query.PageRequest { return &query.PageRequest{Limit: n} }

// An owner's names, page by page, with their statuses.
func TestOwnerNames(t *testing.T) {
	f := newFixture(t)
	for _, name := range []string{"first1", "second", "third3"} {
		f.mustRegister(users[0], name, 1)
	}
	f.mustRegister(users[1], "theirs", 1)
	f.advance(types.Year - types.Day)
	_, err := f.renew(users[0], "second", 1, startingBalance)
	require.NoError(t, err)
	f.advance(2 * types.Day)

	res, err := f.queries.OwnerNames(f.ctx, &types.QueryOwnerNamesRequest{Owner: users[0].String(), Pagination: &query.PageRequest{Limit: 2, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, res.Records, 2)
	require.Equal(t, uint64(3), res.Pagination.Total)
	next, err := f.queries.OwnerNames(f.ctx, &types.QueryOwnerNamesRequest{Owner: users[0].String(), Pagination: &query.PageRequest{Key: res.Pagination.NextKey}})
	require.NoError(t, err)
	require.Len(t, next.Records, 1)
	statuses := map[string]types.NameStatus{}
	for i, r := range append(res.Records, next.Records...) {
		require.Equal(t, users[0].String(), r.Owner)
		statuses[r.NameHash] = append(res.Statuses, next.Statuses...)[i]
	}
	require.Equal(t, map[string]types.NameStatus{
		types.NameHashHex("first1"): types.NAME_STATUS_GRACE,
		types.NameHashHex("second"): types.NAME_STATUS_ACTIVE,
		types.NameHashHex("third3"): types.NAME_STATUS_GRACE,
	}, statuses)

	_, err = f.queries.OwnerNames(f.ctx, &types.QueryOwnerNamesRequest{Owner: "nobody"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
}

func TestQuote(t *testing.T) {
	f := newFixture(t)
	f.mustRegister(users[0], "bob", 1)

	// A held name's renewal costs by its own length, whatever length the
	// request says.
	res, err := f.queries.Quote(f.ctx, &types.QueryQuoteRequest{NameHash: types.NameHashHex("bob"), Years: 1, NameLength: 40})
	require.NoError(t, err)
	require.True(t, res.Renewal)
	require.Equal(t, uint64(50_000_000), res.Usd, "$5 times 10 for 3 letters")
	require.Equal(t, sesh(1_000), res.Amount)
	require.Equal(t, "0.050000000000000000", res.Price.String())

	tests := []struct {
		name    string
		req     *types.QueryQuoteRequest
		setup   func(f *fixture)
		wantErr error
	}{
		{"no length for a name nobody holds", &types.QueryQuoteRequest{NameHash: types.NameHashHex("x"), Years: 1}, nil, types.ErrInvalidName},
		{"a length over 64", &types.QueryQuoteRequest{NameHash: types.NameHashHex("x"), Years: 1, NameLength: 65}, nil, types.ErrInvalidName},
		{"a term not on sale", &types.QueryQuoteRequest{NameHash: types.NameHashHex("bob"), Years: 4}, nil, types.ErrInvalidTerm},
		{"a hash of 31 bytes", &types.QueryQuoteRequest{NameHash: types.NameHashHex("bob")[2:], Years: 1}, nil, types.ErrInvalidNameHash},
		{"no valid price", &types.QueryQuoteRequest{NameHash: types.NameHashHex("bob"), Years: 1}, func(f *fixture) { f.prices.Clear() }, protypes.ErrNoPrice},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.mustRegister(users[0], "bob", 1)
			if tc.setup != nil {
				tc.setup(f)
			}
			_, err := f.queries.Quote(f.ctx, tc.req)
			require.ErrorIs(t, err, tc.wantErr)
		})
	}
}

func TestResolveUnknown(t *testing.T) {
	f := newFixture(t)
	_, err := f.queries.Resolve(f.ctx, &types.QueryResolveRequest{NameHash: types.NameHashHex("nobody")})
	require.ErrorIs(t, err, types.ErrNameNotFound)
	_, err = f.queries.Resolve(f.ctx, &types.QueryResolveRequest{NameHash: "zz"})
	require.ErrorIs(t, err, types.ErrInvalidNameHash)
	_, err = f.queries.Resolve(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}
