// Package keeper holds the state and state transitions of Session Pro: the
// SESH/USD price, subscriptions, external receipts and the revenue split.
package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/blocktime"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/internal/revenue"
	"github.com/sessiontoken/sessionchain/x/internal/typedevent"
	"github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// Keeper manages Session Pro. Its module account holds only the current
// block's purchases: each is paid into it in one transfer, split exactly,
// and EndBlock moves the block's pool parts into the reward pool and its
// liquidity parts to the protocol_liquidity account (Sweep).
type Keeper struct {
	addressCodec  address.Codec
	eventService  event.Service
	headerService header.Service
	logger        log.Logger
	authority     string

	accountKeeper types.AccountKeeper
	bankKeeper    types.BankKeeper
	moduleAddr    sdk.AccAddress
	liquidityAddr sdk.AccAddress
	// ledger pays purchases into the module account and sweeps them.
	ledger revenue.Ledger[types.Revenue]
	// cdc and storeService read layouts of earlier consensus versions in
	// the migrations.
	cdc          codec.BinaryCodec
	storeService store.KVStoreService

	Schema collections.Schema
	Params collections.Item[types.Params]
	// Prices holds each feeder's latest submission.
	Prices collections.Map[sdk.AccAddress, types.PriceSubmission]
	// Subscriptions by Session public key (lowercase hex).
	Subscriptions collections.Map[string, types.Subscription]
	// Receipts of external payments by (processor, receipt id): each
	// processor has its own namespace of ids.
	Receipts collections.Map[collections.Pair[sdk.AccAddress, string], types.Receipt]
	// Revoked lists the revoked receipts, for clients to check.
	Revoked collections.KeySet[collections.Pair[sdk.AccAddress, string]]
	Revenue collections.Item[types.Revenue]
	// Swept is the part of Revenue EndBlock has moved on from the module
	// account: equal to Revenue after every block.
	Swept collections.Item[types.Revenue]
	// Active holds (expiry in Unix ns, Session key) for every subscription
	// counted as active, so EndBlock finds the ones that ended by reading
	// the head. A subscription is counted from its purchase until the
	// EndBlock that reaches its expiry.
	Active collections.KeySet[collections.Pair[int64, string]]
	// ActiveCount is the number of entries in Active.
	ActiveCount collections.Item[uint64]
	// PriceReference is the current update window's reference price: the
	// price in force may lie at most max_price_change_bps from it.
	PriceReference collections.Item[types.PriceReference]
	// RevocationList holds the revoked entitlement generations Session
	// clients poll, by ticket; EndBlock prunes entries past the retention.
	RevocationList collections.Map[uint64, types.Revocation]
	// LastRevocationTicket is the ticket of the latest revocation.
	LastRevocationTicket collections.Item[uint64]
	// IssuerKeys holds the keys governance allows to sign Pro proofs, by
	// public key (lowercase hex).
	IssuerKeys collections.Map[string, types.IssuerKey]
}

// NewKeeper builds the keeper. svc.Authority may change params and spend the
// protocol-owned liquidity (the gov module account by default).
func NewKeeper(
	svc moduleutil.Services,
	accountKeeper types.AccountKeeper,
	bankKeeper types.BankKeeper,
	rewardPool types.RewardPool,
) Keeper {
	moduleAddr, liquidity := revenue.Accounts(accountKeeper, types.ModuleName, types.LiquidityAccount)
	sb := collections.NewSchemaBuilder(svc.StoreService)
	k := Keeper{
		accountKeeper: accountKeeper,
		addressCodec:  svc.AddressCodec,
		eventService:  typedevent.Wrap(svc.EventService),
		headerService: svc.HeaderService,
		logger:        svc.Logger.With(log.ModuleKey, "x/"+types.ModuleName),
		authority:     svc.Authority,
		bankKeeper:    bankKeeper,
		moduleAddr:    moduleAddr,
		liquidityAddr: liquidity,
		cdc:           svc.Cdc,
		storeService:  svc.StoreService,
		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](svc.Cdc)),
		Prices:        collections.NewMap(sb, types.PricesKey, "prices", sdk.AccAddressKey, codec.CollValue[types.PriceSubmission](svc.Cdc)),
		Subscriptions: collections.NewMap(sb, types.SubscriptionsKey, "subscriptions", collections.StringKey, codec.CollValue[types.Subscription](svc.Cdc)),
		Receipts: collections.NewMap(sb, types.ProcessorReceiptsKey, "processor_receipts", receiptKeyCodec,
			codec.CollValue[types.Receipt](svc.Cdc)),
		Revoked: collections.NewKeySet(sb, types.ProcessorRevokedKey, "processor_revoked", receiptKeyCodec),
		Revenue: collections.NewItem(sb, types.RevenueKey, "revenue", codec.CollValue[types.Revenue](svc.Cdc)),
		Swept:   collections.NewItem(sb, types.SweptKey, "swept", codec.CollValue[types.Revenue](svc.Cdc)),
		Active: collections.NewKeySet(sb, types.ActiveKey, "active",
			collections.PairKeyCodec(collections.Int64Key, collections.StringKey)),
		ActiveCount: collections.NewItem(sb, types.ActiveCountKey, "active_count", collections.Uint64Value),
		PriceReference: collections.NewItem(sb, types.PriceReferenceKey, "price_reference",
			codec.CollValue[types.PriceReference](svc.Cdc)),
		RevocationList: collections.NewMap(sb, types.RevocationListKey, "revocation_list", collections.Uint64Key,
			codec.CollValue[types.Revocation](svc.Cdc)),
		LastRevocationTicket: collections.NewItem(sb, types.LastRevocationTicketKey, "last_revocation_ticket", collections.Uint64Value),
		IssuerKeys:           collections.NewMap(sb, types.IssuerKeysKey, "issuer_keys", collections.StringKey, codec.CollValue[types.IssuerKey](svc.Cdc)),
	}
	schema := moduleutil.BuildSchema(sb)
	k.Schema = schema
	k.ledger = revenue.NewLedger(revenue.Config{
		Module: types.ModuleName, ModuleAddr: moduleAddr, LiquidityAddr: liquidity,
		Source: rewardpooltypes.SourcePro, Denom: types.Denom, Label: "Pro",
		Bank: bankKeeper, Pool: rewardPool, Logger: k.logger,
	}, k.Revenue, k.Swept, revenueParts)
	return k
}

// receiptKeyCodec keys a receipt by its processor and its id.
var receiptKeyCodec = collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey)

// Authority returns the address allowed to change params and spend liquidity.
func (k Keeper) Authority() string { return k.authority }

// LiquidityBalance returns what the protocol_liquidity account holds.
func (k Keeper) LiquidityBalance(ctx context.Context) sdk.Coin {
	return k.bankKeeper.GetBalance(ctx, k.liquidityAddr, types.Denom)
}

func (k Keeper) now(ctx context.Context) time.Time {
	return blocktime.Now(ctx, k.headerService)
}
