package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ZeroAddressTotals returns the counters of an address never counted.
func ZeroAddressTotals() AddressTotals {
	return AddressTotals{RewardsClaimed: math.ZeroInt(), StakesReturned: math.ZeroInt(), PenaltiesPaid: math.ZeroInt()}
}

// Add returns t plus o, counter by counter.
func (t AddressTotals) Add(o AddressTotals) AddressTotals {
	return AddressTotals{
		RewardsClaimed: t.RewardsClaimed.Add(o.RewardsClaimed),
		StakesReturned: t.StakesReturned.Add(o.StakesReturned),
		PenaltiesPaid:  t.PenaltiesPaid.Add(o.PenaltiesPaid),
	}
}

// Validate checks that every counter is set and not negative.
func (t AddressTotals) Validate() error {
	for _, f := range []struct {
		name  string
		value math.Int
	}{
		{"rewards_claimed", t.RewardsClaimed},
		{"stakes_returned", t.StakesReturned},
		{"penalties_paid", t.PenaltiesPaid},
	} {
		if f.value.IsNil() || f.value.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "%s must be zero or positive", f.name)
		}
	}
	return nil
}

// validateTotals checks the per-address counters: valid addresses, each
// listed once, counters not negative, and the claims they count add up to
// total_claimed less what was claimed before they began (with no
// totals_start, a new genesis, everything claimed so far came before).
func (gs GenesisState) validateTotals() error {
	before := gs.TotalClaimed
	if gs.TotalsStart != nil {
		before = gs.TotalsStart.ClaimedBefore
		if err := nonNegative("totals_start.claimed_before", before); err != nil {
			return err
		}
		if gs.TotalsStart.Height < 0 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "totals_start.height %d is negative", gs.TotalsStart.Height)
		}
	}
	seen := make(map[string]bool, len(gs.AddressTotals))
	claimed := math.ZeroInt()
	for _, rec := range gs.AddressTotals {
		if _, err := sdk.AccAddressFromBech32(rec.Address); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "address_totals address %q: %s", rec.Address, err)
		}
		if seen[rec.Address] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "address_totals address %s listed twice", rec.Address)
		}
		seen[rec.Address] = true
		if err := rec.Totals.Validate(); err != nil {
			return errorsmod.Wrapf(err, "address_totals of %s", rec.Address)
		}
		claimed = claimed.Add(rec.Totals.RewardsClaimed)
	}
	if want := gs.TotalClaimed.Sub(before); !claimed.Equal(want) {
		return errorsmod.Wrapf(ErrInvalidGenesis,
			"address_totals count %s claimed; total_claimed %s less %s claimed before the counters began is %s",
			claimed, gs.TotalClaimed, before, want)
	}
	return nil
}

// Equal reports whether t and o hold the same counts.
func (t AddressTotals) Equal(o AddressTotals) bool {
	return t.RewardsClaimed.Equal(o.RewardsClaimed) && t.StakesReturned.Equal(o.StakesReturned) && t.PenaltiesPaid.Equal(o.PenaltiesPaid)
}
