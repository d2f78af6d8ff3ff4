// Package keeper holds the state and the state transitions of the Staking
// Reward Pool.
package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/event"
	"cosmossdk.io/core/header"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/internal/typedevent"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// Keeper manages the Staking Reward Pool. The pool itself is the bank balance
// of the module account; the keeper stores the params, the current day's
// emission state and the running totals.
type Keeper struct {
	addressCodec  address.Codec
	eventService  event.Service
	headerService header.Service
	logger        log.Logger
	authority     string

	accountKeeper types.AccountKeeper
	bankKeeper    types.BankKeeper
	recipient     types.EmissionRecipient
	// poolAddr is the pool module account's address.
	poolAddr sdk.AccAddress

	Schema        collections.Schema
	Params        collections.Item[types.Params]
	Emission      collections.Item[types.EmissionState]
	Inflows       collections.Map[string, math.Int]
	TotalEmitted  collections.Item[math.Int]
	TotalRetained collections.Item[math.Int]
}

// NewKeeper builds the keeper. svc.Authority is the bech32 address allowed to
// change params (the gov module account by default).
func NewKeeper(
	svc moduleutil.Services,
	accountKeeper types.AccountKeeper,
	bankKeeper types.BankKeeper,
) Keeper {
	pool := accountKeeper.GetModuleAddress(types.PoolAccount)
	if pool == nil {
		panic("the " + types.PoolAccount + " module account has not been set")
	}
	sb := collections.NewSchemaBuilder(svc.StoreService)
	k := Keeper{
		addressCodec:  svc.AddressCodec,
		eventService:  typedevent.Wrap(svc.EventService),
		headerService: svc.HeaderService,
		logger:        svc.Logger.With(log.ModuleKey, "x/"+types.ModuleName),
		authority:     svc.Authority,
		accountKeeper: accountKeeper,
		bankKeeper:    bankKeeper,
		poolAddr:      pool,
		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](svc.Cdc)),
		Emission:      collections.NewItem(sb, types.EmissionStateKey, "emission", codec.CollValue[types.EmissionState](svc.Cdc)),
		Inflows:       collections.NewMap(sb, types.InflowsKey, "inflows", collections.StringKey, sdk.IntValue),
		TotalEmitted:  collections.NewItem(sb, types.TotalEmittedKey, "total_emitted", sdk.IntValue),
		TotalRetained: collections.NewItem(sb, types.TotalRetainedKey, "total_retained", sdk.IntValue),
	}
	schema := moduleutil.BuildSchema(sb)
	k.Schema = schema
	return k
}

// SetEmissionRecipient wires the module that receives the emission. It is
// called once while the app is built; without it the pool keeps its tokens.
func (k *Keeper) SetEmissionRecipient(r types.EmissionRecipient) {
	if k.recipient != nil {
		panic("rewardpool: emission recipient already set")
	}
	k.recipient = r
}

// Authority returns the address allowed to change params.
func (k Keeper) Authority() string { return k.authority }

// Balance returns the pool balance in nsesh.
func (k Keeper) Balance(ctx context.Context) math.Int {
	return k.bankKeeper.GetBalance(ctx, k.accountKeeper.GetModuleAddress(types.PoolAccount), types.Denom).Amount
}

// DayRewardNow returns the current day's reward in nsesh.
func (k Keeper) DayRewardNow(ctx context.Context) (math.Int, error) {
	state, err := k.Emission.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	return state.DayReward, nil
}
