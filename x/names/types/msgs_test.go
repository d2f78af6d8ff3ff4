package types_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// addr returns a distinct address for each i, with the chain's prefix
// (which TestMain sets before any test runs).
func addr(i byte) string { return sdk.AccAddress(bytes.Repeat([]byte{i}, 20)).String() }

func encrypted(t *testing.T, name string) []byte {
	t.Helper()
	enc, err := types.EncryptValue(name, types.Value{SessionID: append([]byte{5}, bytes.Repeat([]byte{9}, 32)...)},
		bytes.Repeat([]byte{1}, types.NonceSize))
	require.NoError(t, err)
	return enc
}

func nsesh(n int64) sdk.Coin { return sdk.NewInt64Coin(types.Denom, n) }

func TestValidateBasic(t *testing.T) {
	addrA, addrB := addr(1), addr(2)
	hash := types.NameHashHex("alice")
	value := encrypted(t, "alice")
	tests := []struct {
		name    string
		msg     sdk.HasValidateBasic
		wantErr error
	}{
		{"register", &types.MsgRegisterName{Owner: addrA, Name: "alice", EncryptedValue: value, Years: 1, MaxAmount: nsesh(1)}, nil},
		{"register with a backup", &types.MsgRegisterName{Owner: addrA, Name: "alice", EncryptedValue: value, BackupOwner: addrB, Years: 10, MaxAmount: nsesh(1)}, nil},
		{"register a bad name", &types.MsgRegisterName{Owner: addrA, Name: "al ice", EncryptedValue: value, Years: 1, MaxAmount: nsesh(1)}, types.ErrInvalidName},
		{"register no value", &types.MsgRegisterName{Owner: addrA, Name: "alice", Years: 1, MaxAmount: nsesh(1)}, types.ErrInvalidValue},
		{"register 0 years", &types.MsgRegisterName{Owner: addrA, Name: "alice", EncryptedValue: value, MaxAmount: nsesh(1)}, types.ErrInvalidTerm},
		{"register a nil max", &types.MsgRegisterName{Owner: addrA, Name: "alice", EncryptedValue: value, Years: 1, MaxAmount: sdk.Coin{Denom: types.Denom}}, types.ErrInvalidAmount},
		{"register a negative max", &types.MsgRegisterName{Owner: addrA, Name: "alice", EncryptedValue: value, Years: 1,
			MaxAmount: sdk.Coin{Denom: types.Denom, Amount: math.NewInt(-1)}}, types.ErrInvalidAmount},
		{"renew", &types.MsgRenewName{Payer: addrA, NameHash: hash, Years: 2, MaxAmount: nsesh(1)}, nil},
		{"renew 7 years", &types.MsgRenewName{Payer: addrA, NameHash: hash, Years: 7, MaxAmount: nsesh(1)}, types.ErrInvalidTerm},
		{"renew a bad hash", &types.MsgRenewName{Payer: addrA, NameHash: "alice", Years: 1, MaxAmount: nsesh(1)}, types.ErrInvalidNameHash},
		{"update the value", &types.MsgUpdateName{Signer: addrA, NameHash: hash, EncryptedValue: value}, nil},
		{"update nothing", &types.MsgUpdateName{Signer: addrA, NameHash: hash}, types.ErrNothingToUpdate},
		{"update a bad backup", &types.MsgUpdateName{Signer: addrA, NameHash: hash, BackupOwner: "x"}, types.ErrInvalidBackupOwner},
		{"transfer", &types.MsgTransferName{Signer: addrA, NameHash: hash, NewOwner: addrB}, nil},
		{"transfer with a max fee", &types.MsgTransferName{Signer: addrA, NameHash: hash, NewOwner: addrB, MaxFee: nsesh(0)}, nil},
		{"transfer to nobody", &types.MsgTransferName{Signer: addrA, NameHash: hash}, types.ErrInvalidAddress},
		{"transfer a max fee in another denom", &types.MsgTransferName{Signer: addrA, NameHash: hash, NewOwner: addrB, MaxFee: sdk.NewInt64Coin("stake", 1)},
			types.ErrInvalidDenom},
		{"list", &types.MsgListName{Seller: addrA, NameHash: hash, Price: nsesh(1)}, nil},
		{"list at 2^64", &types.MsgListName{Seller: addrA, NameHash: hash,
			Price: sdk.NewCoin(types.Denom, math.NewIntFromUint64(^uint64(0)).AddRaw(1))}, types.ErrInvalidAmount},
		{"cancel a bad hash", &types.MsgCancelListing{Seller: addrA, NameHash: strings.Repeat("0", 63)}, types.ErrInvalidNameHash},
		{"buy", &types.MsgBuyName{Buyer: addrA, NameHash: hash, MaxPrice: nsesh(1), EncryptedValue: value}, nil},
		{"buy without a value", &types.MsgBuyName{Buyer: addrA, NameHash: hash, MaxPrice: nsesh(1)}, types.ErrInvalidValue},
		{"params", &types.MsgUpdateParams{Params: types.Params{}}, types.ErrInvalidParams},
	}
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

func TestGenesisValidate(t *testing.T) {
	addrA, addrB := addr(1), addr(2)
	require.NoError(t, types.DefaultGenesis().Validate())
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	record := func() types.NameRecord {
		return types.NameRecord{
			NameHash: types.NameHashHex("alice"), Owner: addrA, EncryptedValue: encrypted(t, "alice"),
			NameLength: 5, RegisteredAt: at, Expiry: at.Add(types.Year), UpdatedAt: at,
		}
	}
	listing := func() types.Listing {
		return types.Listing{NameHash: types.NameHashHex("alice"), Seller: addrA, Price: math.NewInt(5), ListedAt: at, Expiry: at.Add(types.Year)}
	}
	good := types.DefaultGenesis()
	good.Records = []types.NameRecord{record()}
	good.Listings = []types.Listing{listing()}
	require.NoError(t, good.Validate())

	tests := []struct {
		name   string
		modify func(gs *types.GenesisState)
	}{
		{"a record twice", func(gs *types.GenesisState) { gs.Records = append(gs.Records, record()) }},
		{"an uppercase hash", func(gs *types.GenesisState) { gs.Records[0].NameHash = strings.ToUpper(gs.Records[0].NameHash) }},
		{"no owner", func(gs *types.GenesisState) { gs.Records[0].Owner = "" }},
		{"the owner as backup", func(gs *types.GenesisState) { gs.Records[0].BackupOwner = addrA }},
		{"a short value", func(gs *types.GenesisState) { gs.Records[0].EncryptedValue = []byte{1} }},
		{"a length of 0", func(gs *types.GenesisState) { gs.Records[0].NameLength = 0 }},
		{"an expiry before the registration", func(gs *types.GenesisState) { gs.Records[0].Expiry = at }},
		{"a listing without a record", func(gs *types.GenesisState) { gs.Records = nil }},
		{"a listing by another", func(gs *types.GenesisState) { gs.Listings[0].Seller = addrB }},
		{"a listing twice", func(gs *types.GenesisState) { gs.Listings = append(gs.Listings, listing()) }},
		{"a listing at 0", func(gs *types.GenesisState) { gs.Listings[0].Price = math.ZeroInt() }},
		{"negative revenue", func(gs *types.GenesisState) { gs.Revenue.ToPool = math.NewInt(-1) }},
		{"more swept than paid", func(gs *types.GenesisState) { gs.Swept.ToLiquidity = math.NewInt(1) }},
		{"no swept totals", func(gs *types.GenesisState) { gs.Swept = types.Revenue{} }},
		{"bad params", func(gs *types.GenesisState) { gs.Params.PoolShareBps = 10_001 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gs := types.DefaultGenesis()
			gs.Records = []types.NameRecord{record()}
			gs.Listings = []types.Listing{listing()}
			tc.modify(gs)
			require.Error(t, gs.Validate())
		})
	}
}

func TestMarketFee(t *testing.T) {
	require.Equal(t, math.NewInt(25), types.MarketFee(math.NewInt(1_000), 250))
	require.Equal(t, math.NewInt(0), types.MarketFee(math.NewInt(39), 250), "rounded down: the seller keeps the fraction")
	require.Equal(t, math.NewInt(1_000), types.MarketFee(math.NewInt(1_000), types.BasisPoints))
	big := math.NewIntFromUint64(^uint64(0))
	require.Equal(t, big, types.MarketFee(big, types.BasisPoints), "no overflow")
}
