package ante_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/ante"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// feeDecorator records that the fee was charged.
type feeDecorator struct{ called *bool }

func (d feeDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	*d.called = true
	return next(ctx, tx, simulate)
}

// freeVotes admits what it is told to, and records what it was asked.
type freeVotes struct {
	free  bool
	err   error
	asked *bool
}

func (v freeVotes) Admit(context.Context, []sdk.Msg) (bool, error) {
	*v.asked = true
	return v.free, v.err
}

// Limits are the defaults: 1,000,000 gas and 4,096 bytes.
func (v freeVotes) Limits(context.Context) (uint64, uint32, error) {
	return types.DefaultMaxFreeVoteGas, types.DefaultMaxFreeVoteTxBytes, nil
}

func TestFeeDecorator(t *testing.T) {
	txConfig := moduletestutil.MakeTestEncodingConfig().TxConfig
	vote := &types.MsgNodeStateVote{Sender: sdk.AccAddress("sender").String()}
	send := &banktypes.MsgSend{}
	boom := errors.New("boom")
	tests := []struct {
		name      string
		msg       sdk.Msg
		fee       sdk.Coins
		gas       uint64
		shape     func(client.TxBuilder)
		txBytes   int
		votes     freeVotes
		wantFee   bool
		wantAsked bool
		wantErr   error
	}{
		{name: "an exempt vote without a fee", msg: vote, gas: 100_000, votes: freeVotes{free: true}, wantAsked: true},
		{name: "a vote not exempt", msg: vote, gas: 100_000, votes: freeVotes{}, wantAsked: true, wantFee: true},
		{name: "a vote with a fee pays it", msg: vote, gas: 100_000, fee: sdk.NewCoins(sdk.NewCoin("nsesh", math.NewInt(5))), votes: freeVotes{free: true}, wantFee: true},
		{name: "any other message", msg: send, gas: 100_000, votes: freeVotes{}, wantAsked: true, wantFee: true},
		{name: "an exempt vote without gas", msg: vote, votes: freeVotes{free: true}, wantAsked: true, wantErr: errors.New("must provide positive gas")},
		{name: "a failing check", msg: vote, gas: 100_000, votes: freeVotes{err: boom}, wantAsked: true, wantErr: boom},
		// A free transaction is small and plain; the exemption is not even
		// asked (nothing counted) for one that is not.
		{name: "an exempt vote at the gas bound", msg: vote, gas: types.DefaultMaxFreeVoteGas, votes: freeVotes{free: true}, wantAsked: true},
		{name: "an exempt vote asking for more gas", msg: vote, gas: types.DefaultMaxFreeVoteGas + 1, votes: freeVotes{free: true}, wantFee: true},
		{name: "an exempt vote at the size bound", msg: vote, gas: 100_000, txBytes: int(types.DefaultMaxFreeVoteTxBytes), votes: freeVotes{free: true}, wantAsked: true},
		{name: "an exempt vote too large", msg: vote, gas: 100_000, txBytes: int(types.DefaultMaxFreeVoteTxBytes) + 1, votes: freeVotes{free: true}, wantFee: true},
		{name: "an exempt vote with a memo", msg: vote, gas: 100_000, shape: func(b client.TxBuilder) { b.SetMemo("x") }, votes: freeVotes{free: true}, wantFee: true},
		{name: "an exempt vote with a timeout height", msg: vote, gas: 100_000, shape: func(b client.TxBuilder) { b.SetTimeoutHeight(10) }, votes: freeVotes{free: true}, wantFee: true},
		{name: "an exempt vote with a timeout time", msg: vote, gas: 100_000, shape: func(b client.TxBuilder) { b.SetTimeoutTimestamp(time.Unix(1e9, 0)) }, votes: freeVotes{free: true}, wantFee: true},
		{name: "an exempt vote, unordered", msg: vote, gas: 100_000, shape: func(b client.TxBuilder) { b.SetUnordered(true) }, votes: freeVotes{free: true}, wantFee: true},
		{name: "an exempt vote with an extension option", msg: vote, gas: 100_000, shape: func(b client.TxBuilder) {
			ext, ok := b.(authtx.ExtensionOptionsTxBuilder)
			require.True(t, ok)
			ext.SetNonCriticalExtensionOptions(&codectypes.Any{TypeUrl: "/x"})
		}, votes: freeVotes{free: true}, wantFee: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			builder := txConfig.NewTxBuilder()
			require.NoError(t, builder.SetMsgs(tc.msg))
			builder.SetFeeAmount(tc.fee)
			builder.SetGasLimit(tc.gas)
			if tc.shape != nil {
				tc.shape(builder)
			}
			ctx := testutil.DefaultContext(storetypes.NewKVStoreKey("test"), storetypes.NewTransientStoreKey("transient")).WithBlockHeight(2).
				WithTxBytes(make([]byte, tc.txBytes))
			var charged, asked, reached bool
			tc.votes.asked = &asked
			d := ante.NewFeeDecorator(feeDecorator{called: &charged}, tc.votes)

			_, err := d.AnteHandle(ctx, builder.GetTx(), false, func(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) {
				reached = true
				return ctx, nil
			})

			if tc.wantErr != nil {
				require.ErrorContains(t, err, tc.wantErr.Error())
				require.False(t, reached)
			} else {
				require.NoError(t, err)
				require.True(t, reached)
			}
			require.Equal(t, tc.wantFee, charged)
			require.Equal(t, tc.wantAsked, asked)
		})
	}
}
