package types_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// validGenesis holds one of everything.
func validGenesis() *types.GenesisState {
	gs := types.DefaultGenesis()
	gs.Params.Feeders = []string{testAddr(1), testAddr(2)}
	gs.Params.Processors = []string{testAddr(3)}
	at := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	gs.Prices = []types.PriceSubmission{
		{Feeder: testAddr(1), Price: math.LegacyMustNewDecFromStr("0.25"), SubmittedAt: at},
		{Feeder: testAddr(2), Price: math.LegacyMustNewDecFromStr("0.26"), SubmittedAt: at},
	}
	gs.Subscriptions = []types.Subscription{
		{SessionPubkey: goodKey, Expiry: at.Add(30 * types.Day), Generation: 2, RevocationTag: types.RevocationTag(goodKey, 2, 9), ProofExpiryOffset: 86_399},
		{SessionPubkey: strings.Repeat("ff", 32), Expiry: at},
	}
	gs.Receipts = []types.Receipt{
		{ReceiptId: "r-1", Processor: testAddr(3), SessionPubkey: goodKey},
		{ReceiptId: "r-2", Processor: testAddr(3), SessionPubkey: goodKey, RevokedAt: &at},
	}
	gs.Revenue = types.Revenue{ToPool: math.NewInt(9), ToLiquidity: math.NewInt(1), Purchases: 1}
	gs.Swept = &types.Revenue{ToPool: math.NewInt(9), ToLiquidity: math.NewInt(1), Purchases: 1}
	gs.Revocations = []types.Revocation{
		{Ticket: 2, RevocationTag: types.RevocationTag(goodKey, 1, 3), SessionPubkey: goodKey, Generation: 1},
		{Ticket: 4, RevocationTag: types.RevocationTag(goodKey, 1, 3), SessionPubkey: goodKey, Generation: 1},
	}
	gs.LastRevocationTicket = 5
	gs.IssuerKeys = []types.IssuerKey{{Pubkey: issuerKey, NotBefore: at}}
	return gs
}

// issuerKey is the public key of the Ed25519 seed 0x01…
const issuerKey = "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"

func TestGenesisStateValidate(t *testing.T) {
	tests := []struct {
		name    string
		modify  func(gs *types.GenesisState)
		wantErr error
	}{
		{"valid", func(*types.GenesisState) {}, nil},
		{"receipt of a processor no longer named", func(gs *types.GenesisState) { gs.Params.Processors = nil }, nil},
		{"invalid params", func(gs *types.GenesisState) { gs.Params.MinFeeders = 0 }, types.ErrInvalidParams},
		{"price from a non-feeder", func(gs *types.GenesisState) { gs.Prices[1].Feeder = testAddr(4) }, types.ErrInvalidGenesis},
		{"price listed twice", func(gs *types.GenesisState) { gs.Prices[1].Feeder = gs.Prices[0].Feeder }, types.ErrInvalidGenesis},
		{"price zero", func(gs *types.GenesisState) { gs.Prices[0].Price = math.LegacyZeroDec() }, types.ErrInvalidGenesis},
		{"price negative", func(gs *types.GenesisState) { gs.Prices[0].Price = math.LegacyNewDec(-1) }, types.ErrInvalidGenesis},
		{"price nil", func(gs *types.GenesisState) { gs.Prices[0].Price = math.LegacyDec{} }, types.ErrInvalidGenesis},
		{"subscription key malformed", func(gs *types.GenesisState) { gs.Subscriptions[0].SessionPubkey = "abc" }, types.ErrInvalidGenesis},
		{"subscription key uppercase", func(gs *types.GenesisState) {
			gs.Subscriptions[0].SessionPubkey = strings.ToUpper(goodKey)
		}, types.ErrInvalidGenesis},
		{"subscription listed twice", func(gs *types.GenesisState) {
			gs.Subscriptions[1].SessionPubkey = gs.Subscriptions[0].SessionPubkey
		}, types.ErrInvalidGenesis},
		{"receipt id empty", func(gs *types.GenesisState) { gs.Receipts[0].ReceiptId = "" }, types.ErrInvalidGenesis},
		{"receipt listed twice", func(gs *types.GenesisState) { gs.Receipts[1].ReceiptId = gs.Receipts[0].ReceiptId }, types.ErrInvalidGenesis},
		{"revenue to pool negative", func(gs *types.GenesisState) { gs.Revenue.ToPool = math.NewInt(-1) }, types.ErrInvalidGenesis},
		{"revenue to liquidity nil", func(gs *types.GenesisState) { gs.Revenue.ToLiquidity = math.Int{} }, types.ErrInvalidGenesis},
		{"swept absent (an older export)", func(gs *types.GenesisState) { gs.Swept = nil }, nil},
		{"swept a part of the revenue", func(gs *types.GenesisState) {
			gs.Swept = &types.Revenue{ToPool: math.NewInt(8), ToLiquidity: math.NewInt(0)}
		}, nil},
		{"swept more to the pool than the revenue", func(gs *types.GenesisState) {
			gs.Swept = &types.Revenue{ToPool: math.NewInt(10), ToLiquidity: math.NewInt(1), Purchases: 1}
		}, types.ErrInvalidGenesis},
		{"swept more to liquidity than the revenue", func(gs *types.GenesisState) {
			gs.Swept = &types.Revenue{ToPool: math.NewInt(9), ToLiquidity: math.NewInt(2), Purchases: 1}
		}, types.ErrInvalidGenesis},
		{"swept more purchases than the revenue", func(gs *types.GenesisState) {
			gs.Swept = &types.Revenue{ToPool: math.NewInt(9), ToLiquidity: math.NewInt(1), Purchases: 2}
		}, types.ErrInvalidGenesis},
		{"swept negative", func(gs *types.GenesisState) {
			gs.Swept = &types.Revenue{ToPool: math.NewInt(-1), ToLiquidity: math.NewInt(1)}
		}, types.ErrInvalidGenesis},
		{"swept nil amount", func(gs *types.GenesisState) { gs.Swept = &types.Revenue{ToPool: math.NewInt(1)} }, types.ErrInvalidGenesis},
		{"the same receipt id of two processors", func(gs *types.GenesisState) {
			gs.Receipts[1].ReceiptId, gs.Receipts[1].Processor = gs.Receipts[0].ReceiptId, testAddr(4)
		}, nil},
		{"receipt of a malformed processor", func(gs *types.GenesisState) { gs.Receipts[0].Processor = "p" }, types.ErrInvalidGenesis},
		{"generation without a tag", func(gs *types.GenesisState) { gs.Subscriptions[0].RevocationTag = nil }, types.ErrInvalidGenesis},
		{"tag without a generation", func(gs *types.GenesisState) { gs.Subscriptions[0].Generation = 0 }, types.ErrInvalidGenesis},
		{"revoked without a generation", func(gs *types.GenesisState) { gs.Subscriptions[1].Revoked = true }, types.ErrInvalidGenesis},
		{"grid offset of a day", func(gs *types.GenesisState) { gs.Subscriptions[0].ProofExpiryOffset = 86_400 }, types.ErrInvalidGenesis},
		{"revocation tickets out of order", func(gs *types.GenesisState) { gs.Revocations[1].Ticket = 2 }, types.ErrInvalidGenesis},
		{"revocation past the last ticket", func(gs *types.GenesisState) { gs.LastRevocationTicket = 3 }, types.ErrInvalidGenesis},
		{"revocation tag short", func(gs *types.GenesisState) { gs.Revocations[0].RevocationTag = []byte{1} }, types.ErrInvalidGenesis},
		{"revocation of a malformed key", func(gs *types.GenesisState) { gs.Revocations[0].SessionPubkey = "k" }, types.ErrInvalidGenesis},
		{"issuer key uppercase", func(gs *types.GenesisState) { gs.IssuerKeys[0].Pubkey = strings.ToUpper(issuerKey) }, types.ErrInvalidGenesis},
		{"issuer key twice", func(gs *types.GenesisState) { gs.IssuerKeys = append(gs.IssuerKeys, gs.IssuerKeys[0]) }, types.ErrInvalidGenesis},
		{"issuer key of small order", func(gs *types.GenesisState) { gs.IssuerKeys[0].Pubkey = "01" + strings.Repeat("00", 31) }, types.ErrInvalidGenesis},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gs := validGenesis()
			tc.modify(gs)

			err := gs.Validate()

			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
		})
	}
}

func TestDefaultGenesisValidates(t *testing.T) {
	require.NoError(t, types.DefaultGenesis().Validate())
}
