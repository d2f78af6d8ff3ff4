package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// DefaultGenesis returns the genesis state of a new chain: default params and
// no emission state yet (day 1 starts at genesis time).
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params:        DefaultParams(),
		Inflows:       []SourceAmount{},
		TotalEmitted:  math.ZeroInt(),
		TotalRetained: math.ZeroInt(),
	}
}

// Validate checks the genesis state.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.TotalEmitted.IsNil() || gs.TotalEmitted.IsNegative() {
		return errorsmod.Wrap(ErrInvalidGenesis, "total_emitted must be zero or positive")
	}
	if gs.TotalRetained.IsNil() || gs.TotalRetained.IsNegative() {
		return errorsmod.Wrap(ErrInvalidGenesis, "total_retained must be zero or positive")
	}
	seen := make(map[string]bool, len(gs.Inflows))
	for _, in := range gs.Inflows {
		if err := ValidateSource(in.Source); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "inflow: %s", err)
		}
		if seen[in.Source] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "inflow source %q listed twice", in.Source)
		}
		seen[in.Source] = true
		if in.Amount.IsNil() || in.Amount.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "inflow %q must be zero or positive", in.Source)
		}
	}
	if gs.EmissionState == nil {
		if len(gs.Inflows) > 0 || !gs.TotalEmitted.IsZero() || !gs.TotalRetained.IsZero() {
			return errorsmod.Wrap(ErrInvalidGenesis, "totals are set but emission_state is not: a new chain starts with no totals")
		}
		return nil
	}
	return gs.EmissionState.Validate()
}

// Validate checks the internal consistency of an emission state.
func (s EmissionState) Validate() error {
	if s.Day == 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "emission_state.day starts at 1")
	}
	if !s.DayEnd.After(s.DayStart) {
		return errorsmod.Wrap(ErrInvalidGenesis, "emission_state.day_end must be after day_start")
	}
	for _, f := range []struct {
		name  string
		value math.Int
	}{{"day_start_balance", s.DayStartBalance}, {"day_reward", s.DayReward}, {"day_emitted", s.DayEmitted}} {
		if f.value.IsNil() || f.value.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "emission_state.%s must be zero or positive", f.name)
		}
	}
	if s.DayEmitted.GT(s.DayReward) {
		return errorsmod.Wrap(ErrInvalidGenesis, "emission_state.day_emitted exceeds day_reward")
	}
	return nil
}

// ValidateSource checks an inflow source name: 1 to 32 lowercase letters,
// digits or underscores.
func ValidateSource(source string) error {
	if source == "" || len(source) > 32 {
		return errorsmod.Wrapf(ErrInvalidSource, "source must have 1 to 32 characters, got %q", source)
	}
	for _, r := range source {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return errorsmod.Wrapf(ErrInvalidSource, "source may hold only a-z, 0-9 and _, got %q", source)
		}
	}
	return nil
}
