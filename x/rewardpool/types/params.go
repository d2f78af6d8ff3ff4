package types

import (
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// Defaults of the Staking Reward Pool (docs/architecture.md, Reference numbers:
// Emission).
var (
	// DefaultAnnualRate pays 15.1%/365 of the balance each day, which releases
	// about 14% of the pool over a year.
	DefaultAnnualRate = math.LegacyNewDecWithPrec(151, 3)
	// DefaultDayLength is one day of block time.
	DefaultDayLength = 24 * time.Hour
	// DefaultMaxCatchupDays bounds the days one block settles after a halt.
	DefaultMaxCatchupDays uint32 = 30
)

const (
	// MinDayLength keeps a day longer than any plausible block interval.
	MinDayLength = time.Minute
	// MaxDayLength keeps day arithmetic far from overflow.
	MaxDayLength = 366 * 24 * time.Hour
	// MaxCatchupDaysLimit caps max_catchup_days so one block's work stays small.
	MaxCatchupDaysLimit uint32 = 1000
)

// DefaultParams returns the default parameters.
func DefaultParams() Params {
	return Params{
		AnnualRate:     DefaultAnnualRate,
		DayLength:      DefaultDayLength,
		MaxCatchupDays: DefaultMaxCatchupDays,
	}
}

// Validate checks that every parameter is in range.
func (p Params) Validate() error {
	if p.AnnualRate.IsNil() || !p.AnnualRate.IsPositive() || !p.AnnualRate.LT(math.LegacyOneDec()) {
		return errorsmod.Wrapf(ErrInvalidParams, "annual_rate must lie strictly between 0 and 1, got %s", p.AnnualRate)
	}
	if p.DayLength < MinDayLength || p.DayLength > MaxDayLength {
		return errorsmod.Wrapf(ErrInvalidParams, "day_length must lie between %s and %s, got %s", MinDayLength, MaxDayLength, p.DayLength)
	}
	if p.MaxCatchupDays == 0 || p.MaxCatchupDays > MaxCatchupDaysLimit {
		return errorsmod.Wrapf(ErrInvalidParams, "max_catchup_days must lie between 1 and %d, got %d", MaxCatchupDaysLimit, p.MaxCatchupDays)
	}
	return nil
}
