// Package totals is the per-address lifetime counters of the nodestaking
// keeper (consensus version 6 on): what claims paid each address, the
// stakes it got back and the exit penalties taken from its stakes. The
// reward component counts claims; the staking component counts returned
// stakes and penalties. It calls no one.
//
// The counters begin at zero when the module reaches version 6 (or at
// genesis): nothing before can be derived exactly from the state (a claim,
// a refund or a penalty leaves no per-address record). Start records when
// they began and the network's claimed total then, so that the claims the
// counters hold add up to the total claimed since.
package totals

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Keeper is the counters component.
type Keeper struct {
	env env.Env

	// ByAddress holds each counted address's totals.
	ByAddress collections.Map[sdk.AccAddress, types.AddressTotals]
	// Start is when the counters began.
	Start collections.Item[types.TotalsStart]
}

// NewKeeper declares the component's collections on sb.
func NewKeeper(sb *collections.SchemaBuilder, cdc codec.BinaryCodec, e env.Env) *Keeper {
	return &Keeper{
		env: e,
		ByAddress: collections.NewMap(sb, types.AddressTotalsKey, "address_totals", sdk.AccAddressKey,
			codec.CollValue[types.AddressTotals](cdc)),
		Start: collections.NewItem(sb, types.TotalsStartKey, "totals_start", codec.CollValue[types.TotalsStart](cdc)),
	}
}

// Of returns an address's totals, zero for an address never counted.
func (k *Keeper) Of(ctx context.Context, addr sdk.AccAddress) (types.AddressTotals, error) {
	t, err := k.ByAddress.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return types.ZeroAddressTotals(), nil
	}
	return t, err
}

// add adds delta to addr's totals; a zero delta writes nothing.
func (k *Keeper) add(ctx context.Context, addr sdk.AccAddress, delta types.AddressTotals) error {
	t, err := k.Of(ctx, addr)
	if err != nil {
		return err
	}
	return k.ByAddress.Set(ctx, addr, t.Add(delta))
}

// AddClaimed counts a claim paid to addr.
func (k *Keeper) AddClaimed(ctx context.Context, addr sdk.AccAddress, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	d := types.ZeroAddressTotals()
	d.RewardsClaimed = amount
	return k.add(ctx, addr, d)
}

// AddReturned counts a stake sent back to addr.
func (k *Keeper) AddReturned(ctx context.Context, addr sdk.AccAddress, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	d := types.ZeroAddressTotals()
	d.StakesReturned = amount
	return k.add(ctx, addr, d)
}

// AddPenalty counts a penalty taken from addr's stake.
func (k *Keeper) AddPenalty(ctx context.Context, addr sdk.AccAddress, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	d := types.ZeroAddressTotals()
	d.PenaltiesPaid = amount
	return k.add(ctx, addr, d)
}

// Begin starts the counters at this block: claimedBefore is the network's
// claimed total now, which they do not include.
func (k *Keeper) Begin(ctx context.Context, claimedBefore math.Int) error {
	info := k.env.HeaderService.GetHeaderInfo(ctx)
	return k.Start.Set(ctx, types.TotalsStart{Height: info.Height, Time: k.env.Now(ctx), ClaimedBefore: claimedBefore})
}

// Since returns when the counters began; before version 6 ran (a state
// that has no counters yet), the zero start.
func (k *Keeper) Since(ctx context.Context) (types.TotalsStart, error) {
	start, err := k.Start.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return types.TotalsStart{ClaimedBefore: math.ZeroInt()}, nil
	}
	return start, err
}

// Sum adds up every address's totals: for the invariants, not for blocks.
func (k *Keeper) Sum(ctx context.Context) (types.AddressTotals, error) {
	sum := types.ZeroAddressTotals()
	err := k.ByAddress.Walk(ctx, nil, func(_ sdk.AccAddress, t types.AddressTotals) (bool, error) {
		sum = sum.Add(t)
		return false, nil
	})
	return sum, err
}
