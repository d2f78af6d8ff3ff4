package types_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func nsesh(amount math.Int) sdk.Coin { return sdk.NewCoin(types.Denom, amount) }

// checkValidateBasic runs a ValidateBasic table: nil wantErr means valid.
func checkValidateBasic(t *testing.T, tests []validateBasicCase) {
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

type validateBasicCase struct {
	name    string
	msg     sdk.HasValidateBasic
	wantErr error
}

func TestMsgRegisterNodeValidateBasic(t *testing.T) {
	pub, _ := testKey(1)
	valid := func(change func(*types.MsgRegisterNode)) *types.MsgRegisterNode {
		m := &types.MsgRegisterNode{
			Operator:  testAddr(1),
			Pubkey:    pub,
			Signature: make([]byte, 64),
			FeeBps:    500,
			Stake:     nsesh(sesh(6_250)),
			Reserved:  []types.ReservedSpot{{Address: testAddr(2), Amount: sesh(5_000)}},
		}
		change(m)
		return m
	}
	checkValidateBasic(t, []validateBasicCase{
		{"valid", valid(func(*types.MsgRegisterNode) {}), nil},
		{"fee of 100%", valid(func(m *types.MsgRegisterNode) { m.FeeBps = 10_000 }), nil},
		{"no reserved spots", valid(func(m *types.MsgRegisterNode) { m.Reserved = nil }), nil},
		{"bad operator", valid(func(m *types.MsgRegisterNode) { m.Operator = "session1notanaddress" }), types.ErrInvalidAddress},
		{"no operator", valid(func(m *types.MsgRegisterNode) { m.Operator = "" }), types.ErrInvalidAddress},
		{"short pubkey", valid(func(m *types.MsgRegisterNode) { m.Pubkey = pub[:31] }), types.ErrInvalidPubkey},
		{"long pubkey", valid(func(m *types.MsgRegisterNode) { m.Pubkey = append(pub[:32:32], 0) }), types.ErrInvalidPubkey},
		{"fee over 100%", valid(func(m *types.MsgRegisterNode) { m.FeeBps = 10_001 }), types.ErrInvalidFee},
		{"stake in another denom", valid(func(m *types.MsgRegisterNode) { m.Stake = sdk.NewCoin("uatom", sesh(6_250)) }), types.ErrInvalidDenom},
		{"zero stake", valid(func(m *types.MsgRegisterNode) { m.Stake = nsesh(math.ZeroInt()) }), types.ErrInvalidAmount},
		{"negative stake", valid(func(m *types.MsgRegisterNode) { m.Stake = sdk.Coin{Denom: types.Denom, Amount: math.NewInt(-1)} }), types.ErrInvalidAmount},
		{"reserved spot with a bad address", valid(func(m *types.MsgRegisterNode) { m.Reserved[0].Address = "nope" }), types.ErrInvalidReserved},
		{"operator reserves a spot for itself", valid(func(m *types.MsgRegisterNode) { m.Reserved[0].Address = testAddr(1) }), types.ErrInvalidReserved},
		{"an address reserved twice", valid(func(m *types.MsgRegisterNode) {
			m.Reserved = append(m.Reserved, types.ReservedSpot{Address: testAddr(2), Amount: sesh(5_000)})
		}), types.ErrInvalidReserved},
		{"operator reserves a spot for itself in upper case", valid(func(m *types.MsgRegisterNode) {
			m.Reserved[0].Address = strings.ToUpper(testAddr(1))
		}), types.ErrInvalidReserved},
		{"an address reserved twice in two spellings", valid(func(m *types.MsgRegisterNode) {
			m.Reserved = append(m.Reserved, types.ReservedSpot{Address: strings.ToUpper(testAddr(2)), Amount: sesh(5_000)})
		}), types.ErrInvalidReserved},
		{"zero reserved amount", valid(func(m *types.MsgRegisterNode) { m.Reserved[0].Amount = math.ZeroInt() }), types.ErrInvalidReserved},
		{"no reserved amount", valid(func(m *types.MsgRegisterNode) { m.Reserved[0].Amount = math.Int{} }), types.ErrInvalidReserved},
	})
}

func TestMsgContributeValidateBasic(t *testing.T) {
	pub, _ := testKey(1)
	checkValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgContribute{Contributor: testAddr(1), Pubkey: pub, Amount: nsesh(math.OneInt())}, nil},
		{"bad pubkey", &types.MsgContribute{Contributor: testAddr(1), Pubkey: []byte{1, 2}, Amount: nsesh(math.OneInt())}, types.ErrInvalidPubkey},
		{"another denom", &types.MsgContribute{Contributor: testAddr(1), Pubkey: pub, Amount: sdk.NewCoin("sesh", math.OneInt())}, types.ErrInvalidDenom},
		{"zero amount", &types.MsgContribute{Contributor: testAddr(1), Pubkey: pub, Amount: nsesh(math.ZeroInt())}, types.ErrInvalidAmount},
		{"negative amount", &types.MsgContribute{Contributor: testAddr(1), Pubkey: pub, Amount: sdk.Coin{Denom: types.Denom, Amount: math.NewInt(-5)}}, types.ErrInvalidAmount},
		{"max fee of 100%", &types.MsgContribute{Contributor: testAddr(1), Pubkey: pub, Amount: nsesh(math.OneInt()), MaxFeeBps: 10_000}, nil},
		{"max fee above 100%", &types.MsgContribute{Contributor: testAddr(1), Pubkey: pub, Amount: nsesh(math.OneInt()), MaxFeeBps: 10_001}, types.ErrInvalidFee},
	})
}

func TestMsgWithdrawContributionValidateBasic(t *testing.T) {
	pub, _ := testKey(1)
	checkValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgWithdrawContribution{Contributor: testAddr(1), Pubkey: pub}, nil},
		{"no pubkey", &types.MsgWithdrawContribution{Contributor: testAddr(1)}, types.ErrInvalidPubkey},
	})
}

func TestMsgRequestUnlockValidateBasic(t *testing.T) {
	pub, _ := testKey(1)
	checkValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgRequestUnlock{Requester: testAddr(1), Pubkey: pub}, nil},
		{"short pubkey", &types.MsgRequestUnlock{Requester: testAddr(1), Pubkey: pub[:16]}, types.ErrInvalidPubkey},
	})
}

func TestMsgUpdateReservationsValidateBasic(t *testing.T) {
	pub, _ := testKey(1)
	spot := func(addr string, n int64) types.ReservedSpot {
		return types.ReservedSpot{Address: addr, Amount: math.NewInt(n)}
	}
	checkValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgUpdateReservations{Operator: testAddr(1), Pubkey: pub, Reserved: []types.ReservedSpot{spot(testAddr(2), 5)}}, nil},
		{"clear", &types.MsgUpdateReservations{Operator: testAddr(1), Pubkey: pub}, nil},
		{"short pubkey", &types.MsgUpdateReservations{Operator: testAddr(1), Pubkey: pub[:16]}, types.ErrInvalidPubkey},
		{"the operator", &types.MsgUpdateReservations{Operator: testAddr(1), Pubkey: pub, Reserved: []types.ReservedSpot{spot(testAddr(1), 5)}}, types.ErrInvalidReserved},
		{"twice", &types.MsgUpdateReservations{Operator: testAddr(1), Pubkey: pub, Reserved: []types.ReservedSpot{spot(testAddr(2), 5), spot(testAddr(2), 5)}}, types.ErrInvalidReserved},
		{"not an address", &types.MsgUpdateReservations{Operator: testAddr(1), Pubkey: pub, Reserved: []types.ReservedSpot{spot("x", 5)}}, types.ErrInvalidReserved},
		{"zero", &types.MsgUpdateReservations{Operator: testAddr(1), Pubkey: pub, Reserved: []types.ReservedSpot{spot(testAddr(2), 0)}}, types.ErrInvalidReserved},
	})
}

func TestMsgChangeFeeValidateBasic(t *testing.T) {
	pub, _ := testKey(1)
	checkValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgChangeFee{Operator: testAddr(1), Pubkey: pub, FeeBps: 10_000}, nil},
		{"above 100%", &types.MsgChangeFee{Operator: testAddr(1), Pubkey: pub, FeeBps: 10_001}, types.ErrInvalidFee},
		{"short pubkey", &types.MsgChangeFee{Operator: testAddr(1), Pubkey: pub[:16]}, types.ErrInvalidPubkey},
	})
}

func TestMsgClaimRewardsValidateBasic(t *testing.T) {
	checkValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgClaimRewards{Claimant: testAddr(1)}, nil},
		// The signer's address is the SDK's to decode (GetSigners), not ValidateBasic's.
		{"signer not decoded here", &types.MsgClaimRewards{Claimant: "claimant"}, nil},
	})
}

func TestMsgDeregisterNodeValidateBasic(t *testing.T) {
	pub, _ := testKey(1)
	checkValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgDeregisterNode{Authority: testAddr(7), Pubkey: pub}, nil},
		{"bad pubkey", &types.MsgDeregisterNode{Authority: testAddr(7), Pubkey: make([]byte, 33)}, types.ErrInvalidPubkey},
	})
}

func TestMsgUpdateParamsValidateBasic(t *testing.T) {
	bad := types.DefaultParams()
	bad.MaxContributors = 0
	checkValidateBasic(t, []validateBasicCase{
		{"valid", &types.MsgUpdateParams{Authority: testAddr(7), Params: types.DefaultParams()}, nil},
		{"invalid params", &types.MsgUpdateParams{Authority: testAddr(7), Params: bad}, types.ErrInvalidParams},
	})
}

func TestParsePubkeyHex(t *testing.T) {
	lower := "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr error
	}{
		{name: "lowercase", in: lower, want: lower},
		{name: "uppercase is made canonical", in: "8A88E3DD7409F195FD52DB2D3CBA5D72CA6709BF1D94121BF3748801B40F6F5C", want: lower},
		{name: "not hex", in: "zz" + lower[2:], wantErr: types.ErrInvalidPubkey},
		{name: "31 bytes", in: lower[2:], wantErr: types.ErrInvalidPubkey},
		{name: "empty", in: "", wantErr: types.ErrInvalidPubkey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := types.ParsePubkeyHex(tc.in)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}
