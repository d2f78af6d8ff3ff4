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
	"github.com/sessiontoken/sessionchain/x/internal/typedevent"
	"github.com/sessiontoken/sessionchain/x/pro/types"
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
	rewardPool    types.RewardPool
	moduleAddr    sdk.AccAddress
	liquidityAddr sdk.AccAddress
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

// NewKeeper builds the keeper. authority may change params and spend the
// protocol-owned liquidity (the gov module account by default).
func NewKeeper(
	cdc codec.BinaryCodec,
	addressCodec address.Codec,
	storeService store.KVStoreService,
	eventService event.Service,
	headerService header.Service,
	logger log.Logger,
	authority string,
	accountKeeper types.AccountKeeper,
	bankKeeper types.BankKeeper,
	rewardPool types.RewardPool,
) Keeper {
	moduleAddr := accountKeeper.GetModuleAddress(types.ModuleName)
	if moduleAddr == nil {
		panic("the " + types.ModuleName + " module account has not been set")
	}
	liquidity := accountKeeper.GetModuleAddress(types.LiquidityAccount)
	if liquidity == nil {
		panic("the " + types.LiquidityAccount + " module account has not been set")
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		accountKeeper: accountKeeper,
		addressCodec:  addressCodec,
		eventService:  typedevent.Wrap(eventService),
		headerService: headerService,
		logger:        logger.With(log.ModuleKey, "x/"+types.ModuleName),
		authority:     authority,
		bankKeeper:    bankKeeper,
		rewardPool:    rewardPool,
		moduleAddr:    moduleAddr,
		liquidityAddr: liquidity,
		cdc:           cdc,
		storeService:  storeService,
		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Prices:        collections.NewMap(sb, types.PricesKey, "prices", sdk.AccAddressKey, codec.CollValue[types.PriceSubmission](cdc)),
		Subscriptions: collections.NewMap(sb, types.SubscriptionsKey, "subscriptions", collections.StringKey, codec.CollValue[types.Subscription](cdc)),
		Receipts: collections.NewMap(sb, types.ProcessorReceiptsKey, "processor_receipts", receiptKeyCodec,
			codec.CollValue[types.Receipt](cdc)),
		Revoked: collections.NewKeySet(sb, types.ProcessorRevokedKey, "processor_revoked", receiptKeyCodec),
		Revenue: collections.NewItem(sb, types.RevenueKey, "revenue", codec.CollValue[types.Revenue](cdc)),
		Swept:   collections.NewItem(sb, types.SweptKey, "swept", codec.CollValue[types.Revenue](cdc)),
		Active: collections.NewKeySet(sb, types.ActiveKey, "active",
			collections.PairKeyCodec(collections.Int64Key, collections.StringKey)),
		ActiveCount: collections.NewItem(sb, types.ActiveCountKey, "active_count", collections.Uint64Value),
		PriceReference: collections.NewItem(sb, types.PriceReferenceKey, "price_reference",
			codec.CollValue[types.PriceReference](cdc)),
		RevocationList: collections.NewMap(sb, types.RevocationListKey, "revocation_list", collections.Uint64Key,
			codec.CollValue[types.Revocation](cdc)),
		LastRevocationTicket: collections.NewItem(sb, types.LastRevocationTicketKey, "last_revocation_ticket", collections.Uint64Value),
		IssuerKeys:           collections.NewMap(sb, types.IssuerKeysKey, "issuer_keys", collections.StringKey, codec.CollValue[types.IssuerKey](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
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
