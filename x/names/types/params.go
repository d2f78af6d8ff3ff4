package types

import (
	"time"

	errorsmod "cosmossdk.io/errors"
)

// Defaults. The prices are placeholders for governance to set.
const (
	// DefaultGracePeriod follows ENS's 90 days.
	DefaultGracePeriod = 90 * Day
	// DefaultPremiumStartUSD is $10,000 in micro-USD.
	DefaultPremiumStartUSD uint64 = 10_000_000_000
	// DefaultPremiumDays follows ENS's 21 days of decay.
	DefaultPremiumDays uint32 = 21
	// DefaultTransferFeeUSD is $1 in micro-USD.
	DefaultTransferFeeUSD uint64 = 1_000_000
	// DefaultMarketFeeBps is 2.5% of a sale.
	DefaultMarketFeeBps uint32 = 250
	// DefaultPoolShareBps is 90%, as for Session Pro.
	DefaultPoolShareBps uint32 = 9_000
)

// Bounds the params are checked against.
const (
	// MaxPriceUSD bounds a term price and the transfer fee: $1,000,000.
	MaxPriceUSD uint64 = 1_000_000_000_000
	// MaxPremiumUSD bounds the premium's start: $10,000,000.
	MaxPremiumUSD uint64 = 10_000_000_000_000
	// MaxMultiplierBps bounds a length tier's multiplier: 100x.
	MaxMultiplierBps uint32 = 1_000_000
	// MaxPremiumDays bounds the premium's decay: a year.
	MaxPremiumDays uint32 = 365
	// MaxGracePeriod bounds the grace period: a year.
	MaxGracePeriod = Year
)

// TermYears are the terms a name may be registered or renewed for.
var TermYears = []uint32{1, 2, 5, 10}

// DefaultTerms are the terms on sale, cheaper per year the longer they are.
func DefaultTerms() []Term {
	return []Term{
		{Years: 1, PriceUsd: 5_000_000},
		{Years: 2, PriceUsd: 9_000_000},
		{Years: 5, PriceUsd: 20_000_000},
		{Years: 10, PriceUsd: 35_000_000},
	}
}

// DefaultLengthTiers make names of 3 characters or fewer cost 10 times the
// term price, of 4 characters 4 times, of 5 characters twice.
func DefaultLengthTiers() []LengthTier {
	return []LengthTier{
		{MaxLength: 3, MultiplierBps: 100_000},
		{MaxLength: 4, MultiplierBps: 40_000},
		{MaxLength: 5, MultiplierBps: 20_000},
	}
}

// DefaultParams returns the default parameters.
func DefaultParams() Params {
	return Params{
		Terms:           DefaultTerms(),
		LengthTiers:     DefaultLengthTiers(),
		GracePeriod:     DefaultGracePeriod,
		PremiumStartUsd: DefaultPremiumStartUSD,
		PremiumDays:     DefaultPremiumDays,
		TransferFeeUsd:  DefaultTransferFeeUSD,
		MarketFeeBps:    DefaultMarketFeeBps,
		PoolShareBps:    DefaultPoolShareBps,
	}
}

// Validate checks every parameter.
func (p Params) Validate() error {
	if len(p.Terms) == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "at least one term must be on sale")
	}
	seen := make(map[uint32]bool, len(p.Terms))
	for _, t := range p.Terms {
		if !isTermYears(t.Years) || seen[t.Years] {
			return errorsmod.Wrapf(ErrInvalidParams, "term of %d years: terms are of 1, 2, 5 or 10 years, each at most once", t.Years)
		}
		seen[t.Years] = true
		if t.PriceUsd == 0 || t.PriceUsd > MaxPriceUSD {
			return errorsmod.Wrapf(ErrInvalidParams, "term of %d years: price must lie between 1 and %d micro-USD, got %d", t.Years, MaxPriceUSD, t.PriceUsd)
		}
	}
	var last uint32
	for _, tier := range p.LengthTiers {
		if tier.MaxLength <= last || tier.MaxLength > MaxNameLength {
			return errorsmod.Wrapf(ErrInvalidParams, "length tiers must be ordered by max_length, each between 1 and %d, got %d after %d",
				MaxNameLength, tier.MaxLength, last)
		}
		last = tier.MaxLength
		if tier.MultiplierBps == 0 || tier.MultiplierBps > MaxMultiplierBps {
			return errorsmod.Wrapf(ErrInvalidParams, "length tier %d: multiplier must lie between 1 and %d bps, got %d",
				tier.MaxLength, MaxMultiplierBps, tier.MultiplierBps)
		}
	}
	if p.GracePeriod < 0 || p.GracePeriod > MaxGracePeriod {
		return errorsmod.Wrapf(ErrInvalidParams, "grace_period must lie between 0 and %s, got %s", MaxGracePeriod, p.GracePeriod)
	}
	if p.PremiumStartUsd > MaxPremiumUSD {
		return errorsmod.Wrapf(ErrInvalidParams, "premium_start_usd must be at most %d, got %d", MaxPremiumUSD, p.PremiumStartUsd)
	}
	if p.PremiumDays > MaxPremiumDays {
		return errorsmod.Wrapf(ErrInvalidParams, "premium_days must be at most %d, got %d", MaxPremiumDays, p.PremiumDays)
	}
	if p.TransferFeeUsd > MaxPriceUSD {
		return errorsmod.Wrapf(ErrInvalidParams, "transfer_fee_usd must be at most %d, got %d", MaxPriceUSD, p.TransferFeeUsd)
	}
	if p.MarketFeeBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidParams, "market_fee_bps must be at most %d, got %d", BasisPoints, p.MarketFeeBps)
	}
	if p.PoolShareBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidParams, "pool_share_bps must be at most %d, got %d", BasisPoints, p.PoolShareBps)
	}
	return nil
}

func isTermYears(years uint32) bool {
	for _, y := range TermYears {
		if y == years {
			return true
		}
	}
	return false
}

// Term returns the term of years on sale.
func (p Params) Term(years uint32) (Term, error) {
	for _, t := range p.Terms {
		if t.Years == years {
			return t, nil
		}
	}
	return Term{}, errorsmod.Wrapf(ErrInvalidTerm, "no term of %d years is on sale (terms: %v)", years, p.termYears())
}

func (p Params) termYears() []uint32 {
	years := make([]uint32, len(p.Terms))
	for i, t := range p.Terms {
		years[i] = t.Years
	}
	return years
}

// PriceUSD returns what a term costs a name of nameLength characters, in
// micro-USD: the term's price times the multiplier of the first length
// tier the name fits, rounded up to the micro-USD. The bounds of the params
// keep it below 2^64.
func (p Params) PriceUSD(nameLength, years uint32) (uint64, error) {
	term, err := p.Term(years)
	if err != nil {
		return 0, err
	}
	for _, tier := range p.LengthTiers {
		if nameLength <= tier.MaxLength {
			scaled := term.PriceUsd * uint64(tier.MultiplierBps)
			return (scaled + BasisPoints - 1) / BasisPoints, nil
		}
	}
	return term.PriceUsd, nil
}

// ReleaseTime is when a name that expires at expiry is released: the end
// of its grace period.
func (p Params) ReleaseTime(expiry time.Time) time.Time {
	return expiry.Add(p.GracePeriod)
}

// RemovalDelay is how long after its expiry a name's record is removed:
// its grace period, then its premium after release.
func (p Params) RemovalDelay() time.Duration {
	return p.GracePeriod + time.Duration(p.PremiumDays)*Day
}

// RemovalTime is when the record of a name that expires at expiry is
// removed: the end of its premium after release.
func (p Params) RemovalTime(expiry time.Time) time.Time {
	return expiry.Add(p.RemovalDelay())
}

// StatusAt returns where a name that expires at expiry stands at now.
func (p Params) StatusAt(expiry, now time.Time) NameStatus {
	switch {
	case now.Before(expiry):
		return NAME_STATUS_ACTIVE
	case now.Before(p.ReleaseTime(expiry)):
		return NAME_STATUS_GRACE
	default:
		return NAME_STATUS_RELEASED
	}
}
