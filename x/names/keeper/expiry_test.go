package keeper_test

import (
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// Renewals stack on the current expiry, never on the block time: while
// active (by anyone), and in the grace period (by the owner).
func TestRenewalsStackFromExpiry(t *testing.T) {
	f := newFixture(t)
	const name = "alice7"
	f.mustRegister(users[0], name, 1)
	expiry := genesisTime.Add(types.Year)

	// Straight away, two years more.
	res, err := f.renew(users[0], name, 2, startingBalance)
	require.NoError(t, err)
	require.Equal(t, int64(180_000_000_000), res.Amount.Int64(), "$9 at $0.05")
	expiry = expiry.Add(2 * types.Year)
	require.Equal(t, expiry, res.Expiry)

	// Half a year later, a friend renews it as a gift.
	f.advance(types.Year / 2)
	res, err = f.renew(users[1], name, 1, startingBalance)
	require.NoError(t, err)
	expiry = expiry.Add(types.Year)
	require.Equal(t, expiry, res.Expiry)
	require.Equal(t, users[0].String(), f.resolve(name).Record.Owner, "a gift changes no owner")

	// In the grace period the owner renews from the old expiry.
	f.advance(expiry.Sub(f.now()) + 10*types.Day)
	require.Equal(t, types.NAME_STATUS_GRACE, f.resolve(name).Status)
	f.clearEvents()
	res, err = f.renew(users[0], name, 1, startingBalance)
	require.NoError(t, err)
	require.Equal(t, expiry.Add(types.Year), res.Expiry, "from the expiry, not from now")
	require.Equal(t, types.NAME_STATUS_ACTIVE, f.resolve(name).Status)
	require.Equal(t, []proto.Message{&types.EventNameRenewed{
		NameHash: types.NameHashHex(name), Payer: users[0].String(), Years: 1, Amount: math.NewInt(oneYear),
		ToPool: math.NewInt(90_000_000_000), ToLiquidity: math.NewInt(10_000_000_000), Expiry: res.Expiry,
	}}, f.events())
	require.Equal(t, uint64(3), f.revenue().Renewals)
}

// After its expiry a name is in its grace period: it does not resolve,
// only its owner may renew it, nobody may register, update, transfer or
// list it. After the grace period it is released: anyone may register it,
// paying the premium; it can no longer be renewed.
func TestGraceAndRelease(t *testing.T) {
	f := newFixture(t)
	const name = "alice7"
	f.mustRegister(users[0], name, 1)
	expiry := genesisTime.Add(types.Year)
	f.advance(expiry.Sub(f.now()))
	require.Equal(t, types.NAME_STATUS_GRACE, f.resolve(name).Status, "at its expiry")

	before := f.snapshot()
	_, err := f.renew(users[1], name, 1, startingBalance)
	require.ErrorIs(t, err, types.ErrNotOwner, "a gift in the grace period")
	_, err = f.register(f.registerMsg(users[1], name, 1, startingBalance))
	require.ErrorIs(t, err, types.ErrNameTaken)
	require.ErrorIs(t, f.update(&types.MsgUpdateName{Signer: users[0].String(), NameHash: types.NameHashHex(name), EncryptedValue: value(t, name, 9)}),
		types.ErrNameExpired)
	require.ErrorIs(t, f.list(users[0], name, sesh(10)), types.ErrNameExpired, "listing an expired name")
	_, err = f.transfer(&types.MsgTransferName{Signer: users[0].String(), NameHash: types.NameHashHex(name), NewOwner: users[1].String(), MaxFee: coin(sesh(100))})
	require.ErrorIs(t, err, types.ErrNameExpired)
	require.Equal(t, before, f.snapshot())

	// The last instant of the grace period, then its end.
	release := expiry.Add(types.DefaultGracePeriod)
	f.advance(release.Sub(f.now()) - time.Nanosecond)
	require.Equal(t, types.NAME_STATUS_GRACE, f.resolve(name).Status)
	f.advance(time.Nanosecond)
	require.Equal(t, types.NAME_STATUS_RELEASED, f.resolve(name).Status)
	_, err = f.renew(users[0], name, 1, startingBalance)
	require.ErrorIs(t, err, types.ErrNameReleased, "a released name is registered anew")

	// At release the premium is its start less its end value.
	params := types.DefaultParams()
	premium := params.PremiumStartUsd - params.PremiumStartUsd>>params.PremiumDays
	quote := f.quote(name, 1)
	require.False(t, quote.Renewal)
	require.Equal(t, premium, quote.PremiumUsd)
	require.Equal(t, 5_000_000+premium, quote.Usd)
	f.clearEvents()
	res, err := f.register(f.registerMsg(users[1], name, 1, quote.Amount))
	require.NoError(t, err)
	require.Equal(t, quote.Amount, res.Amount)
	require.Equal(t, premium, f.events()[0].(*types.EventNameRegistered).PremiumUsd)
	got := f.resolve(name)
	require.Equal(t, types.NAME_STATUS_ACTIVE, got.Status)
	require.Equal(t, users[1].String(), got.Record.Owner)
	require.Equal(t, f.now(), got.Record.RegisteredAt)
	owned, err := f.queries.OwnerNames(f.ctx, &types.QueryOwnerNamesRequest{Owner: users[0].String()})
	require.NoError(t, err)
	require.Empty(t, owned.Records, "the old owner's index entry went with the record")
}

// A released name nobody registers keeps its record until its premium
// ends; the EndBlock of that moment removes it, and the name costs its
// plain price again.
func TestReleasedRecordRemoved(t *testing.T) {
	f := newFixture(t)
	const name = "alice7"
	f.mustRegister(users[0], name, 1)
	removal := types.DefaultParams().RemovalTime(genesisTime.Add(types.Year))

	f.advance(removal.Sub(f.now()) - time.Nanosecond)
	f.endBlock()
	require.Equal(t, types.NAME_STATUS_RELEASED, f.resolve(name).Status, "kept until the premium ends")
	require.Equal(t, uint64(1), f.quote(name, 1).PremiumUsd, "a micro-dollar of premium is left")

	f.nextBlock(time.Nanosecond)
	f.endBlock()
	_, err := f.queries.Resolve(f.ctx, &types.QueryResolveRequest{NameHash: types.NameHashHex(name)})
	require.ErrorIs(t, err, types.ErrNameNotFound)
	require.Equal(t, []proto.Message{&types.EventNameRemoved{
		NameHash: types.NameHashHex(name), Owner: users[0].String(), Expiry: genesisTime.Add(types.Year),
	}}, f.events())
	require.Zero(t, f.quote(name, 1).PremiumUsd)
	require.Equal(t, oneYear, f.quote(name, 1).Amount.Int64())
	for key := range f.store() {
		require.Contains(t, []string{"00", "02", "03", "09"}, key,
			"only params, revenue, swept and the listing cursor are left: no record, index entry or listing")
	}
}

// EndBlock removes at most MaxRemovalsPerBlock records a block, earliest
// first, and reads nothing when nothing is due.
func TestRemovalBoundedPerBlock(t *testing.T) {
	gs := types.DefaultGenesis()
	n := types.MaxRemovalsPerBlock + 7
	for i := range n {
		name := "name" + string(rune('a'+i%26)) + string(rune('a'+(i/26)%26)) + string(rune('a'+i/676))
		gs.Records = append(gs.Records, types.NameRecord{
			NameHash: types.NameHashHex(name), Owner: users[0].String(), EncryptedValue: value(t, name, 1),
			NameLength: uint32(len(name)), RegisteredAt: genesisTime.Add(-2 * types.Year), //nolint:gosec // short
			Expiry: genesisTime.Add(-types.Year).Add(time.Duration(i) * time.Second), UpdatedAt: genesisTime,
		})
	}
	f := newFixture(t, withGenesis(gs))
	count := func() int {
		it, err := f.k.Records.Iterate(f.ctx, nil)
		require.NoError(t, err)
		keys, err := it.Keys()
		require.NoError(t, err)
		return len(keys)
	}

	f.endBlock()
	require.Equal(t, 7, count(), "the first block removes the bound")
	f.advance(time.Second)
	require.Zero(t, count(), "the next the rest")
	before := f.snapshot()
	f.endBlock()
	require.Equal(t, before, f.snapshot(), "nothing due, nothing written")
}
