package types

import (
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Defaults. The plan prices are placeholders for governance to set.
const (
	// DefaultMinFeeders is three: with fewer fresh submissions than that, one
	// feeder would set the median (review M-5).
	DefaultMinFeeders   uint32 = 3
	DefaultMaxPriceAge         = time.Hour
	DefaultMaxPriceUSD  uint64 = 1_000_000
	DefaultPoolShareBps uint32 = 9_000

	// DefaultMaxSourceDelay leaves room for a feeder reading at Ethereum's
	// finalized block, which trails the head by 13 to 19 minutes.
	DefaultMaxSourceDelay = 30 * time.Minute
	// DefaultPriceWindow and DefaultMaxPriceChangeBps let the price in force
	// move at most 10% an hour.
	DefaultPriceWindow              = time.Hour
	DefaultMaxPriceChangeBps uint32 = 1_000

	// MaxFeeders bounds the feeder list, and with it the work of computing
	// the price.
	MaxFeeders = 64
	// DefaultGracePeriod is the backend's renewal latency allowance: a
	// client's renewal timer fires an hour before its proof expires.
	DefaultGracePeriod = time.Hour
	// DefaultRevocationDelay is the backend's: one daily poll of the list
	// plus two hours of margin.
	DefaultRevocationDelay = 26 * time.Hour
	// DefaultRevocationRetention is the backend's retain_for: 31 days, more
	// than the longest proof lifetime.
	DefaultRevocationRetention = 31 * Day

	// Day is 24 hours of block time.
	Day = 24 * time.Hour

	// LiquidityLockYears is how long after genesis the protocol-owned
	// liquidity stays locked unless the genesis names a later time: Session's
	// tokenomics lock it for at least five years from launch.
	LiquidityLockYears = 5
)

// DefaultLiquidityLock returns when the protocol-owned liquidity of a chain
// whose genesis is at genesisTime unlocks by default: five calendar years
// later (UTC).
func DefaultLiquidityLock(genesisTime time.Time) time.Time {
	return genesisTime.UTC().AddDate(LiquidityLockYears, 0, 0)
}

// ValidateChange checks a params update against the params in force: on top
// of Validate, the liquidity lock may move later but never earlier.
func (p Params) ValidateChange(current Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.LiquidityLockedUntil.Before(current.LiquidityLockedUntil) {
		return errorsmod.Wrapf(ErrInvalidParams, "liquidity_locked_until can only move later: %s is before %s",
			p.LiquidityLockedUntil.UTC().Format(time.RFC3339), current.LiquidityLockedUntil.UTC().Format(time.RFC3339))
	}
	return nil
}

// DefaultPlans are 1, 3 and 12 months of Pro. A processor must pay at least
// one SESH per day of the plan to record one (placeholders, like the prices).
func DefaultPlans() []Plan {
	plans := []Plan{
		{Id: 1, Name: "1 month", Duration: 30 * Day, PriceUsd: 4_990_000},
		{Id: 2, Name: "3 months", Duration: 90 * Day, PriceUsd: 12_990_000},
		{Id: 3, Name: "12 months", Duration: 365 * Day, PriceUsd: 49_990_000},
	}
	for i := range plans {
		plans[i].MinReceiptAmount = DefaultMinReceiptAmount(plans[i].Duration)
	}
	return plans
}

// DefaultMinReceiptAmount is one SESH (10^9 nsesh) per started day of a
// plan's duration: what a plan without a minimum gets in the migration to
// consensus version 5.
func DefaultMinReceiptAmount(duration time.Duration) math.Int {
	days := int64((duration + Day - 1) / Day)
	return math.NewInt(days).Mul(math.NewInt(1_000_000_000))
}

// DefaultParams returns the default parameters: no feeders and no
// processors until governance names them.
func DefaultParams() Params {
	return Params{
		Plans:        DefaultPlans(),
		Feeders:      []string{},
		MinFeeders:   DefaultMinFeeders,
		MaxPriceAge:  DefaultMaxPriceAge,
		MaxPriceUsd:  DefaultMaxPriceUSD,
		Processors:   []string{},
		PoolShareBps: DefaultPoolShareBps,

		MaxSourceDelay:      DefaultMaxSourceDelay,
		PriceWindow:         DefaultPriceWindow,
		MaxPriceChangeBps:   DefaultMaxPriceChangeBps,
		PriceFloor:          DefaultPriceFloor(),
		PriceCeiling:        DefaultPriceCeiling(),
		GracePeriod:         DefaultGracePeriod,
		RevocationDelay:     DefaultRevocationDelay,
		RevocationRetention: DefaultRevocationRetention,
	}
}

// DefaultPriceFloor is 0.001 USD per SESH: placeholders for governance to
// narrow around the market.
func DefaultPriceFloor() math.LegacyDec { return math.LegacyNewDecWithPrec(1, 3) }

// DefaultPriceCeiling is 10 USD per SESH.
func DefaultPriceCeiling() math.LegacyDec { return math.LegacyNewDec(10) }

// Validate checks every parameter.
func (p Params) Validate() error {
	ids := make(map[uint32]bool, len(p.Plans))
	for _, plan := range p.Plans {
		if plan.Id == 0 || ids[plan.Id] {
			return errorsmod.Wrapf(ErrInvalidParams, "plan ids must be positive and distinct, got %d", plan.Id)
		}
		ids[plan.Id] = true
		if plan.Duration <= 0 || plan.Duration > 10*365*Day {
			return errorsmod.Wrapf(ErrInvalidParams, "plan %d: duration must lie between 0 and 10 years, got %s", plan.Id, plan.Duration)
		}
		if plan.PriceUsd == 0 {
			return errorsmod.Wrapf(ErrInvalidParams, "plan %d: price must be positive", plan.Id)
		}
		if plan.MinReceiptAmount.IsNil() || !plan.MinReceiptAmount.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidParams, "plan %d: min_receipt_amount must be positive, got %s", plan.Id, plan.MinReceiptAmount)
		}
	}
	for _, list := range []struct {
		name  string
		addrs []string
	}{{"feeders", p.Feeders}, {"processors", p.Processors}} {
		seen := make(map[string]bool, len(list.addrs))
		for _, a := range list.addrs {
			acc, err := sdk.AccAddressFromBech32(a)
			if err != nil {
				return errorsmod.Wrapf(ErrInvalidParams, "%s: %q: %s", list.name, a, err)
			}
			if acc.String() != a {
				return errorsmod.Wrapf(ErrInvalidParams, "%s: %q is not in canonical form %s", list.name, a, acc)
			}
			if seen[a] {
				return errorsmod.Wrapf(ErrInvalidParams, "%s: %s listed twice", list.name, a)
			}
			seen[a] = true
		}
	}
	if p.MinFeeders == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "min_feeders must be positive")
	}
	if p.MaxPriceAge <= 0 || p.MaxPriceAge > 365*Day {
		return errorsmod.Wrapf(ErrInvalidParams, "max_price_age must lie between 0 and a year, got %s", p.MaxPriceAge)
	}
	if p.MaxPriceUsd == 0 || p.MaxPriceUsd > 1_000_000_000 {
		return errorsmod.Wrapf(ErrInvalidParams, "max_price_usd must lie between 1 and 10^9, got %d", p.MaxPriceUsd)
	}
	if p.PoolShareBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidParams, "pool_share_bps must be at most %d, got %d", BasisPoints, p.PoolShareBps)
	}
	if err := p.validatePriceHealth(); err != nil {
		return err
	}
	return p.validateEntitlements()
}

// validatePriceHealth checks the params of the price's health.
func (p Params) validatePriceHealth() error {
	if len(p.Feeders) > MaxFeeders {
		return errorsmod.Wrapf(ErrInvalidParams, "at most %d feeders, got %d", MaxFeeders, len(p.Feeders))
	}
	if p.MaxSourceDelay <= 0 || p.MaxSourceDelay > p.MaxPriceAge {
		return errorsmod.Wrapf(ErrInvalidParams, "max_source_delay must lie between 0 and max_price_age (%s), got %s", p.MaxPriceAge, p.MaxSourceDelay)
	}
	if p.PriceWindow <= 0 || p.PriceWindow > 30*Day {
		return errorsmod.Wrapf(ErrInvalidParams, "price_window must lie between 0 and 30 days, got %s", p.PriceWindow)
	}
	if p.MaxPriceChangeBps == 0 || p.MaxPriceChangeBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidParams, "max_price_change_bps must lie between 1 and %d, got %d", BasisPoints, p.MaxPriceChangeBps)
	}
	if p.PriceFloor.IsNil() || !p.PriceFloor.IsPositive() {
		return errorsmod.Wrapf(ErrInvalidParams, "price_floor must be positive, got %s", p.PriceFloor)
	}
	if p.PriceCeiling.IsNil() || p.PriceCeiling.LT(p.PriceFloor) {
		return errorsmod.Wrapf(ErrInvalidParams, "price_ceiling must be at least price_floor (%s), got %s", p.PriceFloor, p.PriceCeiling)
	}
	if limit := math.LegacyNewDecFromInt(math.NewIntFromUint64(p.MaxPriceUsd)); p.PriceCeiling.GT(limit) {
		return errorsmod.Wrapf(ErrInvalidParams, "price_ceiling must be at most max_price_usd (%s), got %s", limit, p.PriceCeiling)
	}
	return nil
}

// validateEntitlements checks the grace period and the revocation list's
// timings.
func (p Params) validateEntitlements() error {
	if p.GracePeriod < 0 || p.GracePeriod > 30*Day {
		return errorsmod.Wrapf(ErrInvalidParams, "grace_period must lie between 0 and 30 days, got %s", p.GracePeriod)
	}
	if p.RevocationDelay <= 0 || p.RevocationDelay > 7*Day {
		return errorsmod.Wrapf(ErrInvalidParams, "revocation_delay must lie between 0 (excluded) and 7 days, got %s", p.RevocationDelay)
	}
	// An entry must outlive every proof that carries its tag: one issued
	// just before the revocation runs up to MaxProofLifetime.
	if p.RevocationRetention < MaxProofLifetime || p.RevocationRetention > 366*Day {
		return errorsmod.Wrapf(ErrInvalidParams, "revocation_retention must lie between %s (the longest proof lifetime) and 366 days, got %s",
			MaxProofLifetime, p.RevocationRetention)
	}
	return nil
}

// Plan returns the plan with an id.
func (p Params) Plan(id uint32) (Plan, error) {
	for _, plan := range p.Plans {
		if plan.Id == id {
			return plan, nil
		}
	}
	return Plan{}, errorsmod.Wrapf(ErrUnknownPlan, "no plan %d", id)
}

// IsFeeder reports whether addr is a feeder.
func (p Params) IsFeeder(addr string) bool { return contains(p.Feeders, addr) }

// IsProcessor reports whether addr is a payment processor.
func (p Params) IsProcessor(addr string) bool { return contains(p.Processors, addr) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
