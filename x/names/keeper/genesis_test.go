package keeper_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// A state exported and imported into a new store gives the same store,
// byte for byte (indexes included), and the same export. The listing
// cursor is not exported: the imported chain's first EndBlock walks the
// expired records again, and ends any listing among them.
func TestGenesisRoundTrip(t *testing.T) {
	f := managedFixture(t)
	f.mustRegister(users[2], "other1", 5)
	require.NoError(t, f.list(users[0], managed, sesh(700)))
	_, err := f.buy(f.buyMsg(users[3], managed, sesh(700)))
	require.NoError(t, err)
	require.NoError(t, f.list(users[2], "other1", sesh(30)))
	f.mustRegister(users[0], "gone22", 1)
	f.advance(types.Year + types.DefaultGracePeriod + types.Day) // "gone22" released, "managed" in grace
	f.endBlock()

	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Len(t, exported.Records, 3)
	require.Len(t, exported.Listings, 1, "the expired name's listing ended")
	require.NoError(t, exported.Validate())

	g := newFixture(t, withGenesis(exported))
	want := f.store()
	require.Contains(t, want, "09", "EndBlock moved the listing cursor")
	delete(want, "09")
	require.Equal(t, want, g.store())
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)
}

// A state exported before its block's EndBlock swept the fees carries
// what is still to sweep: the import holds the same totals, and its first
// EndBlock sweeps the rest.
func TestGenesisCarriesUnswept(t *testing.T) {
	f := newFixture(t)
	f.mustRegister(users[0], "alice7", 1)
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, types.ZeroRevenue(), exported.Swept)
	require.Equal(t, int64(90_000_000_000), exported.Revenue.ToPool.Int64())

	// The bank's genesis carries the module account's balance.
	g := newFixture(t, withGenesis(exported), withModuleBalance(f.balance(f.moduleAddr)))
	require.Equal(t, f.store(), g.store())
	g.endBlock()
	require.True(t, g.balance(g.moduleAddr).IsZero())
	require.Equal(t, int64(90_000_000_000), g.namesInflow().Int64())
	require.Equal(t, int64(10_000_000_000), g.balance(g.liquidityAddr).Int64())
}

// InitGenesis refuses a names module account that holds more or less than
// the revenue the genesis has not swept yet: a sweep would move what is not
// revenue, or fail every block.
func TestGenesisRefusesModuleBalanceMismatch(t *testing.T) {
	unswept := types.DefaultGenesis()
	unswept.Revenue = types.Revenue{ToPool: sesh(9), ToLiquidity: sesh(1), Registrations: 1}
	tests := []struct {
		name    string
		gs      *types.GenesisState
		held    math.Int
		wantErr error
	}{
		{"nothing to sweep, the account holds some", types.DefaultGenesis(), math.NewInt(1), types.ErrInvalidGenesis},
		{"10 SESH to sweep, the account holds less", unswept, sesh(10).SubRaw(1), types.ErrInvalidGenesis},
		{"10 SESH to sweep, the account holds more", unswept, sesh(10).AddRaw(1), types.ErrInvalidGenesis},
		{"10 SESH to sweep, the account holds nothing", unswept, math.ZeroInt(), types.ErrInvalidGenesis},
		{"10 SESH to sweep, the account holds them", unswept, sesh(10), nil},
		{"nothing to sweep, the account holds nothing", types.DefaultGenesis(), math.ZeroInt(), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tryFixture(t, withGenesis(tc.gs), withModuleBalance(tc.held))
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.ErrorContains(t, err, "names module account holds "+tc.held.String())
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestUpdateParams(t *testing.T) {
	params := types.DefaultParams()
	params.MarketFeeBps = 500
	bad := types.DefaultParams()
	bad.Terms = append(bad.Terms, types.Term{Years: 3, PriceUsd: 1})
	tests := []struct {
		name      string
		authority string
		params    types.Params
		wantErr   error
	}{
		{"not the authority", users[0].String(), params, types.ErrInvalidAuthority},
		{"a term of 3 years", "", bad, types.ErrInvalidParams},
		{"the authority", "", params, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			authority := tc.authority
			if authority == "" {
				authority = f.authority
			}
			before := f.snapshot()
			err := f.deliver(func(ctx context.Context) error {
				_, err := f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: authority, Params: tc.params})
				return err
			})
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.snapshot())
				return
			}
			require.NoError(t, err)
			got, err := f.k.Params.Get(f.ctx)
			require.NoError(t, err)
			require.Equal(t, params, got)
		})
	}
}
