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
		{SessionPubkey: goodKey, Expiry: at.Add(30 * types.Day)},
		{SessionPubkey: strings.Repeat("ff", 32), Expiry: at},
	}
	gs.Receipts = []types.Receipt{
		{ReceiptId: "r-1", Processor: testAddr(3), SessionPubkey: goodKey},
		{ReceiptId: "r-2", Processor: testAddr(3), SessionPubkey: goodKey, RevokedAt: &at},
	}
	gs.Revenue = types.Revenue{ToPool: math.NewInt(9), ToLiquidity: math.NewInt(1), Purchases: 1}
	gs.Swept = &types.Revenue{ToPool: math.NewInt(9), ToLiquidity: math.NewInt(1), Purchases: 1}
	return gs
}

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
