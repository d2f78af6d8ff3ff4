package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// DefaultGenesis returns the genesis state of a new chain.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params:        DefaultParams(),
		Prices:        []PriceSubmission{},
		Subscriptions: []Subscription{},
		Receipts:      []Receipt{},
		Revenue:       Revenue{ToPool: math.ZeroInt(), ToLiquidity: math.ZeroInt()},
	}
}

// Validate checks the genesis state.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	feeders := map[string]bool{}
	for _, p := range gs.Prices {
		if !gs.Params.IsFeeder(p.Feeder) || feeders[p.Feeder] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "price from %s: not a feeder, or listed twice", p.Feeder)
		}
		feeders[p.Feeder] = true
		if p.Price.IsNil() || !p.Price.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "price from %s must be positive", p.Feeder)
		}
	}
	keys := map[string]bool{}
	for _, s := range gs.Subscriptions {
		canonical, err := ParseSessionKey(s.SessionPubkey)
		if err != nil || canonical != s.SessionPubkey || keys[s.SessionPubkey] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "subscription %q: invalid, not lowercase or listed twice", s.SessionPubkey)
		}
		keys[s.SessionPubkey] = true
	}
	receipts := map[string]bool{}
	for _, r := range gs.Receipts {
		if err := ValidateReceiptID(r.ReceiptId); err != nil || receipts[r.ReceiptId] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "receipt %q: invalid or listed twice", r.ReceiptId)
		}
		receipts[r.ReceiptId] = true
	}
	for _, v := range []math.Int{gs.Revenue.ToPool, gs.Revenue.ToLiquidity} {
		if v.IsNil() || v.IsNegative() {
			return errorsmod.Wrap(ErrInvalidGenesis, "revenue totals must be zero or positive")
		}
	}
	return nil
}
