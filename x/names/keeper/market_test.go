package keeper_test

import (
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// A sale moves everything at once: the buyer pays the price, the seller
// receives it less the protocol's fee, the fee is split 90/10 like every
// fee, and the name, with the buyer's value and no backup owner, is the
// buyer's; the listing is gone.
func TestBuy(t *testing.T) {
	hash := types.NameHashHex(managed)
	f := managedFixture(t)
	price := math.NewInt(123_456_789_013)
	require.NoError(t, f.list(users[0], managed, price))
	f.endBlock()
	sellerBefore, poolBefore := f.balance(users[0]), f.namesInflow()
	f.clearEvents()

	res, err := f.buy(f.buyMsg(users[2], managed, price))

	require.NoError(t, err)
	fee := math.NewInt(3_086_419_725) // floor(2.5%)
	require.Equal(t, &types.MsgBuyNameResponse{Price: price, Fee: fee}, res)
	require.Equal(t, startingBalance.Sub(price).String(), f.balance(users[2]).String(), "buyer")
	require.Equal(t, sellerBefore.Add(price).Sub(fee).String(), f.balance(users[0]).String(), "seller")
	rec := f.resolve(managed)
	require.Equal(t, users[2].String(), rec.Record.Owner)
	require.Empty(t, rec.Record.BackupOwner)
	require.Nil(t, rec.Listing)
	v, err := types.DecryptValue(managed, rec.Record.EncryptedValue)
	require.NoError(t, err)
	require.Equal(t, sessionID(users[2][0]), v.SessionID, "the buyer's value")
	toPool, toLiquidity := math.NewInt(2_777_777_752), math.NewInt(308_641_973)
	require.Equal(t, []proto.Message{&types.EventNameSold{
		NameHash: hash, Seller: users[0].String(), Buyer: users[2].String(), Price: price, Fee: fee,
		ToPool: toPool, ToLiquidity: toLiquidity,
	}}, f.events())
	f.endBlock()
	require.Equal(t, poolBefore.Add(toPool), f.namesInflow())
	require.Equal(t, uint64(1), f.revenue().Sales)
	listings, err := f.queries.Listings(f.ctx, &types.QueryListingsRequest{})
	require.NoError(t, err)
	require.Empty(t, listings.Listings)
	for _, owner := range []string{users[0].String(), users[2].String()} {
		names, err := f.queries.OwnerNames(f.ctx, &types.QueryOwnerNamesRequest{Owner: owner})
		require.NoError(t, err)
		require.Len(t, names.Records, map[bool]int{true: 1, false: 0}[owner == users[2].String()], owner)
	}
}

func TestMarketRejections(t *testing.T) {
	price := sesh(500)
	tests := []struct {
		name    string
		setup   func(f *fixture)
		act     func(f *fixture) error
		wantErr error
	}{
		{"buying one's own name", nil, func(f *fixture) error {
			_, err := f.buy(f.buyMsg(users[0], managed, price))
			return err
		}, types.ErrBuyOwnName},
		{"buying a name not on sale", func(f *fixture) { require.NoError(t, f.cancel(users[0], managed)) }, func(f *fixture) error {
			_, err := f.buy(f.buyMsg(users[2], managed, price))
			return err
		}, types.ErrNotListed},
		{"buying after the seller raised the price", func(f *fixture) { require.NoError(t, f.list(users[0], managed, price.AddRaw(1))) },
			func(f *fixture) error {
				_, err := f.buy(f.buyMsg(users[2], managed, price))
				return err
			}, types.ErrSlippage},
		{"buying without the funds", nil, func(f *fixture) error {
			_, err := f.buy(f.buyMsg(outsider, managed, price))
			return err
		}, sdkerrors.ErrInsufficientFunds},
		{"buying an expired name before EndBlock ended its listing", func(f *fixture) { f.nextBlock(types.Year) }, func(f *fixture) error {
			_, err := f.buy(f.buyMsg(users[2], managed, price))
			return err
		}, types.ErrNameExpired},
		{"buying with a value of the wrong size", nil, func(f *fixture) error {
			msg := f.buyMsg(users[2], managed, price)
			msg.EncryptedValue = msg.EncryptedValue[1:]
			_, err := f.buy(msg)
			return err
		}, types.ErrInvalidValue},
		{"listing an expired name", func(f *fixture) { f.advance(types.Year) }, func(f *fixture) error {
			return f.list(users[0], managed, price)
		}, types.ErrNameExpired},
		{"listing by the backup owner", nil, func(f *fixture) error { return f.list(users[1], managed, price) }, types.ErrNotOwner},
		{"listing at a zero price", nil, func(f *fixture) error { return f.list(users[0], managed, math.ZeroInt()) }, types.ErrInvalidAmount},
		{"listing a name nobody registered", nil, func(f *fixture) error { return f.list(users[0], "other", price) }, types.ErrNameNotFound},
		{"cancelling someone else's listing", nil, func(f *fixture) error { return f.cancel(users[1], managed) }, types.ErrNotOwner},
		{"cancelling no listing", func(f *fixture) { require.NoError(t, f.cancel(users[0], managed)) },
			func(f *fixture) error { return f.cancel(users[0], managed) }, types.ErrNotListed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := managedFixture(t)
			require.NoError(t, f.list(users[0], managed, price))
			if tc.setup != nil {
				tc.setup(f)
			}
			f.clearEvents()
			before := f.snapshot()

			err := tc.act(f)

			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}

// A listing ends with its name's expiry, in the EndBlock that reaches it;
// a renewal moves that end.
func TestListingEndsAtExpiry(t *testing.T) {
	f := managedFixture(t)
	require.NoError(t, f.list(users[0], managed, sesh(500)))
	expiry := genesisTime.Add(types.Year)

	f.advance(expiry.Sub(f.now()) - time.Nanosecond)
	require.NotNil(t, f.resolve(managed).Listing)
	_, err := f.renew(users[3], managed, 1, startingBalance)
	require.NoError(t, err)
	require.Equal(t, expiry.Add(types.Year), f.resolve(managed).Listing.Expiry, "the renewal moved the listing's end")
	f.advance(time.Nanosecond)
	require.NotNil(t, f.resolve(managed).Listing, "renewed: still on sale")

	f.advance(types.Year)
	f.clearEvents()
	f.endBlock()
	require.Nil(t, f.resolve(managed).Listing)
	require.Equal(t, []proto.Message{&types.EventListingCancelled{
		NameHash: types.NameHashHex(managed), Seller: users[0].String(), Reason: "expired",
	}}, f.events())
}

// The marketplace lists names cheapest first, or dearest first.
func TestListingsByPrice(t *testing.T) {
	f := newFixture(t)
	prices := map[string]int64{"alpha1": 300, "beta22": 100, "gamma3": 200}
	for name, p := range prices {
		f.mustRegister(users[0], name, 1)
		require.NoError(t, f.list(users[0], name, sesh(p)))
	}
	page := func(req *types.QueryListingsRequest) []int64 {
		res, err := f.queries.Listings(f.ctx, req)
		require.NoError(t, err)
		var out []int64
		for _, l := range res.Listings {
			out = append(out, l.Price.Quo(sesh(1)).Int64())
		}
		return out
	}
	require.Equal(t, []int64{100, 200, 300}, page(&types.QueryListingsRequest{}))
	require.Equal(t, []int64{300, 200, 100}, page(&types.QueryListingsRequest{Pagination: reverse()}))
	require.Equal(t, []int64{100, 200}, page(&types.QueryListingsRequest{Pagination: limit(2)}))

	// A new price moves a listing.
	require.NoError(t, f.list(users[0], "alpha1", sesh(50)))
	require.Equal(t, []int64{50, 100, 200}, page(&types.QueryListingsRequest{}))
}
