package types

import (
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
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
		Revocations:   []Revocation{},
		IssuerKeys:    []IssuerKey{},
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
	if r := gs.PriceReference; r != nil && (r.Price.IsNil() || !r.Price.IsPositive() || r.Since.IsZero()) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "price_reference must have a positive price and a time, got %s at %s", r.Price, r.Since)
	}
	keys := map[string]bool{}
	for _, s := range gs.Subscriptions {
		canonical, err := ParseSessionKey(s.SessionPubkey)
		if err != nil || canonical != s.SessionPubkey || keys[s.SessionPubkey] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "subscription %q: invalid, not lowercase or listed twice", s.SessionPubkey)
		}
		keys[s.SessionPubkey] = true
		if err := s.validateGeneration(); err != nil {
			return err
		}
	}
	receipts := map[[2]string]bool{}
	for _, r := range gs.Receipts {
		id := [2]string{r.Processor, r.ReceiptId}
		if err := ValidateReceiptID(r.ReceiptId); err != nil || receipts[id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "receipt %q of %s: invalid or listed twice", r.ReceiptId, r.Processor)
		}
		if _, err := sdk.AccAddressFromBech32(r.Processor); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "receipt %q: processor %q: %s", r.ReceiptId, r.Processor, err)
		}
		receipts[id] = true
	}
	if err := gs.validateEntitlements(); err != nil {
		return err
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

// validateGeneration checks a subscription's entitlement fields. A
// subscription of generation 0 (a genesis written by hand) gets its first
// generation at InitGenesis.
func (s Subscription) validateGeneration() error {
	switch {
	case s.Generation == 0 && (len(s.RevocationTag) != 0 || s.Revoked):
		return errorsmod.Wrapf(ErrInvalidGenesis, "subscription %s: a revocation tag or revoked flag without a generation", s.SessionPubkey)
	case s.Generation > 0 && len(s.RevocationTag) != RevocationTagSize:
		return errorsmod.Wrapf(ErrInvalidGenesis, "subscription %s: revocation tag of %d bytes, want %d", s.SessionPubkey, len(s.RevocationTag), RevocationTagSize)
	case int64(s.ProofExpiryOffset) >= int64(ProofGrid/time.Second):
		return errorsmod.Wrapf(ErrInvalidGenesis, "subscription %s: proof_expiry_offset %d is not below %d", s.SessionPubkey, s.ProofExpiryOffset, int64(ProofGrid/time.Second))
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

// validateEntitlements checks the revocation list and the issuer keys.
func (gs GenesisState) validateEntitlements() error {
	var prev uint64
	for _, r := range gs.Revocations {
		if r.Ticket <= prev || r.Ticket > gs.LastRevocationTicket {
			return errorsmod.Wrapf(ErrInvalidGenesis, "revocation ticket %d: tickets must increase and not pass last_revocation_ticket %d", r.Ticket, gs.LastRevocationTicket)
		}
		prev = r.Ticket
		if len(r.RevocationTag) != RevocationTagSize {
			return errorsmod.Wrapf(ErrInvalidGenesis, "revocation ticket %d: tag of %d bytes", r.Ticket, len(r.RevocationTag))
		}
		if _, err := ParseSessionKey(r.SessionPubkey); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "revocation ticket %d: %s", r.Ticket, err)
		}
	}
	seen := map[string]bool{}
	for _, k := range gs.IssuerKeys {
		if err := k.Validate(); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "issuer key %s: %s", k.Pubkey, err)
		}
		if seen[k.Pubkey] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "issuer key %s listed twice", k.Pubkey)
		}
		seen[k.Pubkey] = true
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

// WithSourceTime returns the submission with its source time, which is its
// submission time when unset: submissions of releases before consensus
// version 6 had none, and were read when they were submitted.
func (p PriceSubmission) WithSourceTime() PriceSubmission {
	if p.SourceTime.IsZero() || p.SourceTime.Unix() <= 0 {
		p.SourceTime = p.SubmittedAt
	}
	return p
}
