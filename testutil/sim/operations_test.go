package sim

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// TestRunFactory checks that a factory runs on the caller's goroutine: its
// message comes back, a panic after its skip is the skip, and a panic
// without one is not swallowed.
func TestRunFactory(t *testing.T) {
	reporter := func() simsx.SimulationReporter {
		return simsx.NewBasicSimulationReporter().WithScope(&banktypes.MsgSend{})
	}
	want := &banktypes.MsgSend{FromAddress: "a"}
	_, msg := runFactory(context.Background(), nil, reporter(),
		func(context.Context, *simsx.ChainDataSource, simsx.SimulationReporter) ([]simsx.SimAccount, sdk.Msg) {
			return nil, want
		})
	require.Equal(t, want, msg)

	rep := reporter()
	signers, msg := runFactory(context.Background(), nil, rep,
		func(_ context.Context, _ *simsx.ChainDataSource, r simsx.SimulationReporter) ([]simsx.SimAccount, sdk.Msg) {
			r.Skip("nothing to send")
			panic("reads the empty account the skip left")
		})
	require.Nil(t, signers)
	require.Nil(t, msg)
	require.True(t, rep.IsSkipped())

	boom := errors.New("a factory bug")
	require.PanicsWithError(t, boom.Error(), func() {
		runFactory(context.Background(), nil, reporter(),
			func(context.Context, *simsx.ChainDataSource, simsx.SimulationReporter) ([]simsx.SimAccount, sdk.Msg) {
				panic(boom)
			})
	})
}
