package types

import (
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// Defaults: the reference numbers of the live Session Network (DESIGN.md 5).
var (
	// DefaultStakingRequirement is 25,000 SESH.
	DefaultStakingRequirement = math.NewInt(25_000_000_000_000)
)

// Default values of the other params, and their hard limits.
const (
	DefaultMaxContributors          uint32 = 10
	DefaultMinOperatorStakeBps      uint32 = 2_500
	DefaultSmallContributorBps      uint32 = 2_500
	DefaultSmallContributorLock            = 30 * 24 * time.Hour
	DefaultUnlockDelay                     = 15 * 24 * time.Hour
	DefaultWithdrawDelay                   = 24 * time.Hour
	DefaultDeregistrationLock              = 30 * 24 * time.Hour
	DefaultDeregistrationPenaltyBps uint32 = 20
	DefaultMaxExitsPerBlock         uint32 = 100

	// MaxContributorsLimit caps max_contributors so settling a node stays cheap.
	MaxContributorsLimit uint32 = 100
	// MaxDuration caps every duration param.
	MaxDuration = 5 * 365 * 24 * time.Hour
)

// DefaultParams returns the default parameters.
func DefaultParams() Params {
	return Params{
		StakingRequirement:       DefaultStakingRequirement,
		MaxContributors:          DefaultMaxContributors,
		MinOperatorStakeBps:      DefaultMinOperatorStakeBps,
		SmallContributorBps:      DefaultSmallContributorBps,
		SmallContributorLock:     DefaultSmallContributorLock,
		UnlockDelay:              DefaultUnlockDelay,
		WithdrawDelay:            DefaultWithdrawDelay,
		DeregistrationLock:       DefaultDeregistrationLock,
		DeregistrationPenaltyBps: DefaultDeregistrationPenaltyBps,
		MaxExitsPerBlock:         DefaultMaxExitsPerBlock,
	}
}

// Validate checks that every parameter is in range.
func (p Params) Validate() error {
	if p.StakingRequirement.IsNil() || !p.StakingRequirement.IsPositive() {
		return errorsmod.Wrap(ErrInvalidParams, "staking_requirement must be positive")
	}
	if p.MaxContributors < 1 || p.MaxContributors > MaxContributorsLimit {
		return errorsmod.Wrapf(ErrInvalidParams, "max_contributors must lie between 1 and %d, got %d", MaxContributorsLimit, p.MaxContributors)
	}
	for _, bps := range []struct {
		name  string
		value uint32
	}{
		{"min_operator_stake_bps", p.MinOperatorStakeBps},
		{"small_contributor_bps", p.SmallContributorBps},
		{"deregistration_penalty_bps", p.DeregistrationPenaltyBps},
	} {
		if bps.value > BasisPoints {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be at most %d, got %d", bps.name, BasisPoints, bps.value)
		}
	}
	for _, d := range []struct {
		name  string
		value time.Duration
	}{
		{"small_contributor_lock", p.SmallContributorLock},
		{"unlock_delay", p.UnlockDelay},
		{"withdraw_delay", p.WithdrawDelay},
		{"deregistration_lock", p.DeregistrationLock},
	} {
		if d.value < 0 || d.value > MaxDuration {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must lie between 0 and %s, got %s", d.name, MaxDuration, d.value)
		}
	}
	if p.MaxExitsPerBlock == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_exits_per_block must be positive")
	}
	return nil
}

// MinOperatorStake is the operator's minimum first stake, rounded up.
func (p Params) MinOperatorStake() math.Int {
	return CeilDiv(p.StakingRequirement.MulRaw(int64(p.MinOperatorStakeBps)), math.NewInt(BasisPoints))
}

// MulBps returns floor(x × bps / 10000).
func MulBps(x math.Int, bps uint32) math.Int {
	return x.MulRaw(int64(bps)).QuoRaw(BasisPoints)
}
