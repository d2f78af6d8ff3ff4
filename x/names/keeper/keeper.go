// Package keeper holds the state and state transitions of Session names:
// the records by name hash, the marketplace's listings, the revenue and its
// sweep into the reward pool and protocol-owned liquidity, and the expiry
// work of EndBlock.
package keeper

import (
	"context"
	"math"
	"time"

	"cosmossdk.io/collections"
	collcodec "cosmossdk.io/collections/codec"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/addrcache"
	"github.com/sessiontoken/sessionchain/x/internal/blocktime"
	"github.com/sessiontoken/sessionchain/x/internal/colls"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/internal/revenue"
	"github.com/sessiontoken/sessionchain/x/internal/typedevent"
	"github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// RecordIndexes index the records by owner, for an owner's names; by
// expiry, for EndBlock's end of listings and removal of released names;
// and the listed ones by price, for the marketplace's listing.
type RecordIndexes struct {
	Owner  *colls.Multi[string, []byte, types.NameRecord]
	Expiry *colls.Multi[int64, []byte, types.NameRecord]
	Price  *PriceIndex
}

// IndexesList implements collections.Indexes: the three as one index
// (oneRead), so that a record's write reads its old value once.
func (i RecordIndexes) IndexesList() []collections.Index[[]byte, types.NameRecord] {
	return []collections.Index[[]byte, types.NameRecord]{oneRead{i.Owner, i.Expiry, i.Price}}
}

// Keeper manages Session names. Its module account holds only the current
// block's fees: each is paid into it in one transfer and split exactly, and
// EndBlock moves the block's pool parts into the reward pool and its
// liquidity parts to the protocol_liquidity account (Sweep), as x/pro does.
type Keeper struct {
	cdc           codec.BinaryCodec
	storeService  store.KVStoreService
	addressCodec  address.Codec
	eventService  event.Service
	headerService header.Service
	logger        log.Logger
	authority     string

	accountKeeper types.AccountKeeper
	bankKeeper    types.BankKeeper
	prices        types.PriceOracle
	moduleAddr    sdk.AccAddress
	// ledger pays fees into the module account and sweeps them.
	ledger revenue.Ledger[types.Revenue]

	Schema collections.Schema
	Params collections.Item[types.Params]
	// Records by name hash (32 bytes), each with its listing while on sale.
	Records *collections.IndexedMap[[]byte, types.NameRecord, RecordIndexes]
	// ListingCursor is the last entry of the records' expiry index whose
	// listing EndBlock has ended (EndExpiredListings); absent before the
	// first.
	ListingCursor collections.Item[collections.Pair[int64, []byte]]
	Revenue       collections.Item[types.Revenue]
	// Swept is the part of Revenue EndBlock has moved on from the module
	// account: equal to Revenue after every block.
	Swept collections.Item[types.Revenue]
}

// NewKeeper builds the keeper. svc.Authority may change the params (the gov
// module account by default); prices converts USD prices into nsesh.
func NewKeeper(
	svc moduleutil.Services,
	accountKeeper types.AccountKeeper,
	bankKeeper types.BankKeeper,
	rewardPool types.RewardPool,
	prices types.PriceOracle,
) Keeper {
	moduleAddr, liquidity := revenue.Accounts(accountKeeper, types.ModuleName, protypes.LiquidityAccount)
	sb := collections.NewSchemaBuilder(svc.StoreService)
	k := Keeper{
		// The same owners, buyers and sellers come back: decode each once
		// (x/internal/addrcache).
		cdc:           svc.Cdc,
		storeService:  svc.StoreService,
		addressCodec:  addrcache.New(svc.AddressCodec),
		eventService:  typedevent.Wrap(svc.EventService),
		headerService: svc.HeaderService,
		logger:        svc.Logger.With(log.ModuleKey, "x/"+types.ModuleName),
		authority:     svc.Authority,
		accountKeeper: accountKeeper,
		bankKeeper:    bankKeeper,
		prices:        prices,
		moduleAddr:    moduleAddr,
		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](svc.Cdc)),
		Records: collections.NewIndexedMap(sb, types.RecordsKey, "records", collections.BytesKey,
			codec.CollValue[types.NameRecord](svc.Cdc),
			RecordIndexes{
				Owner: colls.NewMulti(sb, types.RecordsByOwnerKey, "records_by_owner", collections.StringKey, collections.BytesKey,
					func(_ []byte, r types.NameRecord) (string, error) { return r.Owner, nil }),
				Expiry: colls.NewMulti(sb, types.RecordsByExpiryKey, "records_by_expiry", collections.Int64Key, collections.BytesKey,
					func(_ []byte, r types.NameRecord) (int64, error) { return timeKey(r.Expiry), nil }),
				Price: NewPriceIndex(sb, types.ListingsByPriceKey, "listings_by_price"),
			},
		),
		ListingCursor: collections.NewItem(sb, types.ListingCursorKey, "listing_cursor",
			collcodec.KeyToValueCodec(collections.PairKeyCodec(collections.Int64Key, collections.BytesKey))),
		Revenue: collections.NewItem(sb, types.RevenueKey, "revenue", codec.CollValue[types.Revenue](svc.Cdc)),
		Swept:   collections.NewItem(sb, types.SweptKey, "swept", codec.CollValue[types.Revenue](svc.Cdc)),
	}
	schema := moduleutil.BuildSchema(sb)
	k.Schema = schema
	k.ledger = revenue.NewLedger(revenue.Config{
		Module: types.ModuleName, ModuleAddr: moduleAddr, LiquidityAddr: liquidity,
		Source: rewardpooltypes.SourceNames, Denom: types.Denom, Label: "names",
		Bank: bankKeeper, Pool: rewardPool, Logger: k.logger,
	}, k.Revenue, k.Swept, revenueParts)
	return k
}

// Authority returns the address allowed to change the params.
func (k Keeper) Authority() string { return k.authority }

func (k Keeper) now(ctx context.Context) time.Time {
	return blocktime.Now(ctx, k.headerService)
}

// lastKeyTime is the latest time int64 Unix nanoseconds hold (in 2262).
var lastKeyTime = time.Unix(0, math.MaxInt64)

// timeKey is the index key of a time: Unix nanoseconds. Times past
// lastKeyTime share its value (no name is paid for that far ahead); times
// before 1970 are negative and sort first.
func timeKey(t time.Time) int64 {
	if t.After(lastKeyTime) {
		return math.MaxInt64
	}
	return t.UnixNano()
}
