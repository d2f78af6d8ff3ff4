package types_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// goodKey is a well-formed Session key in canonical form.
var goodKey = strings.Repeat("0123456789abcdef", 4)

func TestParseSessionKey(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr error
	}{
		{"lowercase", goodKey, goodKey, nil},
		{"uppercase becomes lowercase", strings.ToUpper(goodKey), goodKey, nil},
		{"mixed case becomes lowercase", "ABCDEF" + goodKey[6:], "abcdef" + goodKey[6:], nil},
		{"31 bytes", goodKey[:62], "", types.ErrInvalidSessionKey},
		{"33 bytes", goodKey + "00", "", types.ErrInvalidSessionKey},
		{"odd length", goodKey[:63], "", types.ErrInvalidSessionKey},
		{"empty", "", "", types.ErrInvalidSessionKey},
		{"not hex", "zz" + goodKey[2:], "", types.ErrInvalidSessionKey},
		{"0x prefix", "0x" + goodKey[2:], "", types.ErrInvalidSessionKey},
		{"Session ID with 05 prefix", "05" + goodKey, "", types.ErrInvalidSessionKey},
		{"surrounding space", " " + goodKey[1:], "", types.ErrInvalidSessionKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := types.ParseSessionKey(tc.in)

			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Empty(t, got)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestValidateReceiptID(t *testing.T) {
	tests := []struct {
		name string
		id   string
		ok   bool
	}{
		{"one character", "a", true},
		{"store receipt", "GPA.3391-4444-5555-66666", true},
		{"every printable symbol", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", true},
		{"128 characters", strings.Repeat("r", 128), true},
		{"129 characters", strings.Repeat("r", 129), false},
		{"empty", "", false},
		{"space", "a b", false},
		{"tab", "a\tb", false},
		{"newline", "ab\n", false},
		{"DEL", "ab\x7f", false},
		{"non-ASCII", "reçu", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateReceiptID(tc.id)

			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrInvalidReceipt)
		})
	}
}

func nsesh(n int64) sdk.Coin { return sdk.NewCoin(types.Denom, math.NewInt(n)) }

// validateBasicCase is one ValidateBasic table row.
type validateBasicCase struct {
	name    string
	msg     sdk.HasValidateBasic
	wantErr error
}

func runValidateBasic(t *testing.T, tests []validateBasicCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.msg.ValidateBasic()

			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
		})
	}
}

func TestMsgSubmitPriceValidateBasic(t *testing.T) {
	feeder := testAddr(1)
	runValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgSubmitPrice{Feeder: feeder, Price: math.LegacyMustNewDecFromStr("0.25")}, nil},
		{"smallest price", &types.MsgSubmitPrice{Feeder: feeder, Price: math.LegacySmallestDec()}, nil},
		{"zero price", &types.MsgSubmitPrice{Feeder: feeder, Price: math.LegacyZeroDec()}, types.ErrInvalidPrice},
		{"negative price", &types.MsgSubmitPrice{Feeder: feeder, Price: math.LegacyNewDec(-1)}, types.ErrInvalidPrice},
		{"nil price", &types.MsgSubmitPrice{Feeder: feeder}, types.ErrInvalidPrice},
	})
}

func TestMsgSubscribeValidateBasic(t *testing.T) {
	payer := testAddr(1)
	runValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgSubscribe{Payer: payer, SessionPubkey: goodKey, PlanId: 1, MaxAmount: nsesh(1)}, nil},
		{"uppercase key", &types.MsgSubscribe{Payer: payer, SessionPubkey: strings.ToUpper(goodKey), PlanId: 1, MaxAmount: nsesh(1)}, nil},
		{"unknown plan is the server's check", &types.MsgSubscribe{Payer: payer, SessionPubkey: goodKey, PlanId: 99, MaxAmount: nsesh(1)}, nil},
		// The signer's address is the SDK's to decode (GetSigners), not ValidateBasic's.
		{"signer not decoded here", &types.MsgSubscribe{Payer: "x", SessionPubkey: goodKey, PlanId: 1, MaxAmount: nsesh(1)}, nil},
		{"malformed key", &types.MsgSubscribe{Payer: payer, SessionPubkey: goodKey[:10], PlanId: 1, MaxAmount: nsesh(1)}, types.ErrInvalidSessionKey},
		{"zero max_amount", &types.MsgSubscribe{Payer: payer, SessionPubkey: goodKey, PlanId: 1, MaxAmount: nsesh(0)}, types.ErrInvalidAmount},
		{"negative max_amount", &types.MsgSubscribe{Payer: payer, SessionPubkey: goodKey, PlanId: 1, MaxAmount: sdk.Coin{Denom: types.Denom, Amount: math.NewInt(-1)}}, types.ErrInvalidAmount},
		{"nil max_amount", &types.MsgSubscribe{Payer: payer, SessionPubkey: goodKey, PlanId: 1, MaxAmount: sdk.Coin{Denom: types.Denom}}, types.ErrInvalidAmount},
		{"wrong denom", &types.MsgSubscribe{Payer: payer, SessionPubkey: goodKey, PlanId: 1, MaxAmount: sdk.NewInt64Coin("stake", 1)}, types.ErrInvalidDenom},
		{"display denom", &types.MsgSubscribe{Payer: payer, SessionPubkey: goodKey, PlanId: 1, MaxAmount: sdk.NewInt64Coin("sesh", 1)}, types.ErrInvalidDenom},
	})
}

func TestMsgRecordPaymentValidateBasic(t *testing.T) {
	p := testAddr(2)
	runValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgRecordPayment{Processor: p, ReceiptId: "r-1", SessionPubkey: goodKey, PlanId: 1, Amount: nsesh(5)}, nil},
		{"empty receipt", &types.MsgRecordPayment{Processor: p, SessionPubkey: goodKey, PlanId: 1, Amount: nsesh(5)}, types.ErrInvalidReceipt},
		{"receipt with space", &types.MsgRecordPayment{Processor: p, ReceiptId: "r 1", SessionPubkey: goodKey, PlanId: 1, Amount: nsesh(5)}, types.ErrInvalidReceipt},
		{"malformed key", &types.MsgRecordPayment{Processor: p, ReceiptId: "r-1", SessionPubkey: "k", PlanId: 1, Amount: nsesh(5)}, types.ErrInvalidSessionKey},
		{"zero amount", &types.MsgRecordPayment{Processor: p, ReceiptId: "r-1", SessionPubkey: goodKey, PlanId: 1, Amount: nsesh(0)}, types.ErrInvalidAmount},
		{"negative amount", &types.MsgRecordPayment{Processor: p, ReceiptId: "r-1", SessionPubkey: goodKey, PlanId: 1, Amount: sdk.Coin{Denom: types.Denom, Amount: math.NewInt(-5)}}, types.ErrInvalidAmount},
		{"wrong denom", &types.MsgRecordPayment{Processor: p, ReceiptId: "r-1", SessionPubkey: goodKey, PlanId: 1, Amount: sdk.NewInt64Coin("uatom", 5)}, types.ErrInvalidDenom},
	})
}

func TestMsgRevokePaymentValidateBasic(t *testing.T) {
	p := testAddr(2)
	runValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgRevokePayment{Processor: p, ReceiptId: "r-1"}, nil},
		{"empty receipt", &types.MsgRevokePayment{Processor: p}, types.ErrInvalidReceipt},
		{"receipt too long", &types.MsgRevokePayment{Processor: p, ReceiptId: strings.Repeat("x", 129)}, types.ErrInvalidReceipt},
	})
}

func TestMsgSpendProtocolLiquidityValidateBasic(t *testing.T) {
	gov, to := testAddr(9), testAddr(3)
	runValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgSpendProtocolLiquidity{Authority: gov, Recipient: to, Amount: nsesh(7)}, nil},
		{"malformed recipient", &types.MsgSpendProtocolLiquidity{Authority: gov, Recipient: "to", Amount: nsesh(7)}, types.ErrInvalidAddress},
		{"recipient of another chain", &types.MsgSpendProtocolLiquidity{Authority: gov, Recipient: otherPrefixAddr(3), Amount: nsesh(7)}, types.ErrInvalidAddress},
		{"zero amount", &types.MsgSpendProtocolLiquidity{Authority: gov, Recipient: to, Amount: nsesh(0)}, types.ErrInvalidAmount},
		{"wrong denom", &types.MsgSpendProtocolLiquidity{Authority: gov, Recipient: to, Amount: sdk.NewInt64Coin("stake", 7)}, types.ErrInvalidDenom},
	})
}

func TestMsgUpdateParamsValidateBasic(t *testing.T) {
	gov := testAddr(9)
	bad := types.DefaultParams()
	bad.PoolShareBps = 10_001
	runValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgUpdateParams{Authority: gov, Params: types.DefaultParams()}, nil},
		{"invalid params", &types.MsgUpdateParams{Authority: gov, Params: bad}, types.ErrInvalidParams},
		{"empty params", &types.MsgUpdateParams{Authority: gov}, types.ErrInvalidParams},
	})
}
