package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Migrator holds the store migrations of the pro module, one per consensus
// version step. The app's upgrade handlers run them through the module
// manager (app/upgrades.go).
type Migrator struct {
	keeper *Keeper
}

// NewMigrator returns the migrations for k.
func NewMigrator(k *Keeper) Migrator { return Migrator{keeper: k} }

// Migrate1to2 builds the expiry-ordered index of active subscriptions and
// their count (consensus version 2) from the subscriptions in the store,
// and creates the protocol_liquidity module account if no purchase has
// created it yet: purchases now pay the liquidity share to its address
// directly.
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	m.keeper.accountKeeper.GetModuleAccount(ctx, types.LiquidityAccount)
	return m.keeper.RebuildActive(ctx)
}

// Migrate2to3 creates the pro module account, into which purchases now pay
// (consensus version 3), and records every purchase so far as swept: each
// of them paid the pool and protocol_liquidity directly.
func (m Migrator) Migrate2to3(ctx sdk.Context) error {
	m.keeper.accountKeeper.GetModuleAccount(ctx, types.ModuleName)
	revenue, err := m.keeper.Revenue.Get(ctx)
	if err != nil {
		return err
	}
	return m.keeper.Swept.Set(ctx, revenue)
}

// Migrate3to4 locks the protocol-owned liquidity (consensus version 4): a
// chain upgraded from version 3 had no lock, and does not know its genesis
// time, so the lock runs five years from the upgrade, which is at least five
// years from launch.
func (m Migrator) Migrate3to4(ctx sdk.Context) error {
	params, err := m.keeper.Params.Get(ctx)
	if err != nil {
		return err
	}
	if !params.LiquidityLockedUntil.IsZero() {
		return nil
	}
	params.LiquidityLockedUntil = types.DefaultLiquidityLock(m.keeper.now(ctx))
	return m.keeper.Params.Set(ctx, params)
}

// Migrate4to5 moves to consensus version 5: receipts are kept per
// processor (ids no longer collide across processors), every subscription
// gets its first entitlement generation (revocation tag and proof expiry
// grid offset, from the upgrade height), its consecutive SESH periods are
// joined, a last payment whose receipt was revoked gives way to the latest
// period that stands, the revocation list starts empty at ticket 0, and
// the new params take their defaults: each plan's minimum receipt amount
// (one SESH per day of the plan), the grace period and the revocation
// list's timings.
func (m Migrator) Migrate4to5(ctx sdk.Context) error {
	k := m.keeper
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	for i, plan := range params.Plans {
		if plan.MinReceiptAmount.IsNil() || !plan.MinReceiptAmount.IsPositive() {
			params.Plans[i].MinReceiptAmount = types.DefaultMinReceiptAmount(plan.Duration)
		}
	}
	params.GracePeriod = types.DefaultGracePeriod
	params.RevocationDelay = types.DefaultRevocationDelay
	params.RevocationRetention = types.DefaultRevocationRetention
	if err := params.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, params); err != nil {
		return err
	}
	if err := m.migrateReceipts(ctx); err != nil {
		return err
	}
	if err := m.migrateSubscriptions(ctx); err != nil {
		return err
	}
	return k.LastRevocationTicket.Set(ctx, 0)
}

// legacyReceipts are the receipt collections of consensus versions 1 to 3,
// keyed by receipt id alone.
type legacyReceipts struct {
	receipts collections.Map[string, types.Receipt]
	revoked  collections.KeySet[string]
}

func (k Keeper) legacyReceipts() (legacyReceipts, error) {
	sb := collections.NewSchemaBuilder(k.storeService)
	l := legacyReceipts{
		receipts: collections.NewMap(sb, types.ReceiptsKey, "receipts", collections.StringKey, codec.CollValue[types.Receipt](k.cdc)),
		revoked:  collections.NewKeySet(sb, types.RevokedKey, "revoked", collections.StringKey),
	}
	_, err := sb.Build()
	return l, err
}

// migrateReceipts moves every receipt under its processor and empties the
// old collections.
func (m Migrator) migrateReceipts(ctx sdk.Context) error {
	k := m.keeper
	legacy, err := k.legacyReceipts()
	if err != nil {
		return err
	}
	receipts, err := values(ctx, legacy.receipts)
	if err != nil {
		return err
	}
	if err := legacy.receipts.Clear(ctx, nil); err != nil {
		return err
	}
	if err := legacy.revoked.Clear(ctx, nil); err != nil {
		return err
	}
	for _, r := range receipts {
		if err := k.setReceipt(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// migrateSubscriptions opens every subscription's first generation, joins
// its SESH periods and replaces a revoked last payment.
func (m Migrator) migrateSubscriptions(ctx sdk.Context) error {
	k := m.keeper
	subs, err := values(ctx, k.Subscriptions)
	if err != nil {
		return err
	}
	height := k.height(ctx)
	for _, sub := range subs {
		openGeneration(&sub, height)
		sub.ProofExpiryOffset = types.ProofExpiryOffset(sub.SessionPubkey, sub.Expiry, height)
		sub.Periods = compacted(sub.Periods)
		revoked, err := k.isRevokedReceipt(ctx, sub.LastPayment)
		if err != nil {
			return err
		}
		if revoked {
			sub.LastPayment = standing(sub.Periods)
		}
		if err := k.Subscriptions.Set(ctx, sub.SessionPubkey, sub); err != nil {
			return err
		}
	}
	return nil
}

// isRevokedReceipt reports whether p was paid with a receipt since revoked.
func (k Keeper) isRevokedReceipt(ctx context.Context, p types.Payment) (bool, error) {
	if p.Method != types.PAYMENT_METHOD_EXTERNAL {
		return false, nil
	}
	processor, err := k.addressCodec.StringToBytes(p.Payer)
	if err != nil {
		return false, err
	}
	return k.Revoked.Has(ctx, collections.Join(sdk.AccAddress(processor), p.ReceiptId))
}

// Migrate5to6 gives the price its health (consensus version 6): every stored
// submission gets its submission time as its source time, the new params
// take their defaults (the chain's min_feeders stays as governance set it),
// and the reference price starts from the price in force, if any.
func (m Migrator) Migrate5to6(ctx sdk.Context) error {
	params, err := m.keeper.Params.Get(ctx)
	if err != nil {
		return err
	}
	defaults := types.DefaultParams()
	params.MaxSourceDelay = min(defaults.MaxSourceDelay, params.MaxPriceAge)
	params.PriceWindow = defaults.PriceWindow
	params.MaxPriceChangeBps = defaults.MaxPriceChangeBps
	params.PriceFloor = defaults.PriceFloor
	params.PriceCeiling = math.LegacyMinDec(defaults.PriceCeiling, math.LegacyNewDecFromInt(math.NewIntFromUint64(params.MaxPriceUsd)))
	if err := params.Validate(); err != nil {
		return err
	}
	if err := m.keeper.Params.Set(ctx, params); err != nil {
		return err
	}
	var subs []collections.KeyValue[sdk.AccAddress, types.PriceSubmission]
	if err := m.keeper.Prices.Walk(ctx, nil, func(feeder sdk.AccAddress, p types.PriceSubmission) (bool, error) {
		subs = append(subs, collections.KeyValue[sdk.AccAddress, types.PriceSubmission]{Key: feeder, Value: p.WithSourceTime()})
		return false, nil
	}); err != nil {
		return err
	}
	for _, kv := range subs {
		if err := m.keeper.Prices.Set(ctx, kv.Key, kv.Value); err != nil {
			return err
		}
	}
	return m.keeper.advanceReference(ctx, params)
}
