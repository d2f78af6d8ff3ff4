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
		Swept:         &Revenue{ToPool: math.ZeroInt(), ToLiquidity: math.ZeroInt()},
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
	if gs.Swept != nil {
		return validateSwept(*gs.Swept, gs.Revenue)
	}
	return nil
}

// validateSwept checks that the swept totals are a part of the revenue.
func validateSwept(swept, revenue Revenue) error {
	for _, v := range []math.Int{swept.ToPool, swept.ToLiquidity} {
		if v.IsNil() || v.IsNegative() {
			return errorsmod.Wrap(ErrInvalidGenesis, "swept totals must be zero or positive")
		}
	}
	if swept.ToPool.GT(revenue.ToPool) || swept.ToLiquidity.GT(revenue.ToLiquidity) || swept.Purchases > revenue.Purchases {
		return errorsmod.Wrapf(ErrInvalidGenesis, "swept %s to the pool, %s to liquidity in %d purchases is more than the revenue %s, %s in %d",
			swept.ToPool, swept.ToLiquidity, swept.Purchases, revenue.ToPool, revenue.ToLiquidity, revenue.Purchases)
	}
	return nil
}

// SweptOrRevenue returns the swept totals, or the revenue when the genesis
// has none (an export of a release that did not export them, taken when
// every purchase had been swept).
func (gs GenesisState) SweptOrRevenue() Revenue {
	if gs.Swept == nil {
		return gs.Revenue
	}
	return *gs.Swept
}

// Unswept is what the pro module account holds of the revenue: the parts
// of purchases not yet moved on.
func Unswept(revenue, swept Revenue) math.Int {
	return revenue.ToPool.Sub(swept.ToPool).Add(revenue.ToLiquidity.Sub(swept.ToLiquidity))
}
