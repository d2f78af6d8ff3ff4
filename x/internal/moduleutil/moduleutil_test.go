package moduleutil_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// configurator records the migrations registered with it; the other
// methods are the embedded interface's and are not called.
type configurator struct {
	module.Configurator
	from []uint64
	fail uint64
}

func (c *configurator) RegisterMigration(name string, from uint64, _ module.MigrationHandler) error {
	if from == c.fail {
		return errors.New("taken")
	}
	c.from = append(c.from, from)
	return nil
}

func TestRegisterMigrations(t *testing.T) {
	step := func(sdk.Context) error { return nil }

	cfg := &configurator{}
	require.NoError(t, moduleutil.RegisterMigrations(cfg, "m", step, step, step))
	require.Equal(t, []uint64{1, 2, 3}, cfg.from, "step i migrates from version i+1")

	cfg = &configurator{fail: 2}
	err := moduleutil.RegisterMigrations(cfg, "m", step, step, step)
	require.EqualError(t, err, "m: migration 2 to 3: taken")

	require.NoError(t, moduleutil.RegisterMigrations(grpc.NewServer(), "m", step),
		"a registrar that is not the configurator takes no migrations")
}

func TestGenesis(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	var loaded *types.GenesisState
	exported := types.DefaultGenesis()
	exported.Params.MaxCatchupDays = 7
	g := moduleutil.NewGenesis("rewardpool", types.DefaultGenesis,
		func(_ context.Context, gs *types.GenesisState) error { loaded = gs; return nil },
		func(context.Context) (*types.GenesisState, error) { return exported, nil })

	bz := g.DefaultGenesis(cdc)
	require.NoError(t, g.ValidateGenesis(cdc, nil, bz))
	require.ErrorContains(t, g.ValidateGenesis(cdc, nil, []byte(`{"params":7}`)), "failed to unmarshal rewardpool genesis state")

	g.InitGenesis(sdk.Context{}, cdc, bz)
	require.Equal(t, types.DefaultGenesis(), loaded, "InitGenesis hands the keeper the decoded state")

	var back types.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(g.ExportGenesis(sdk.Context{}, cdc), &back))
	require.Equal(t, exported, &back)

	failing := moduleutil.NewGenesis("rewardpool", types.DefaultGenesis,
		func(context.Context, *types.GenesisState) error { return errors.New("bad") },
		func(context.Context) (*types.GenesisState, error) { return nil, errors.New("unreadable") })
	require.PanicsWithError(t, "rewardpool genesis: bad", func() { failing.InitGenesis(sdk.Context{}, cdc, bz) })
	require.PanicsWithError(t, "rewardpool export: unreadable", func() { failing.ExportGenesis(sdk.Context{}, cdc) })
}
