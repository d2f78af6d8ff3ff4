package types

import (
	"bytes"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ZeroRevenue returns revenue totals of nothing.
func ZeroRevenue() Revenue {
	return Revenue{ToPool: math.ZeroInt(), ToLiquidity: math.ZeroInt()}
}

// DefaultGenesis returns the genesis state of a new chain.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params:   DefaultParams(),
		Records:  []NameRecord{},
		Listings: []Listing{},
		Revenue:  ZeroRevenue(),
		Swept:    ZeroRevenue(),
	}
}

// Validate checks the genesis state: every record well formed and listed
// once, every listing of a recorded name by its owner.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	owners := make(map[string]string, len(gs.Records))
	for _, r := range gs.Records {
		if err := r.Validate(); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "record %s: %s", r.NameHash, err)
		}
		if r.Listing != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "record %s carries a listing: genesis gives listings on their own", r.NameHash)
		}
		if _, dup := owners[r.NameHash]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "record %s listed twice", r.NameHash)
		}
		owners[r.NameHash] = r.Owner
	}
	listed := make(map[string]bool, len(gs.Listings))
	for _, l := range gs.Listings {
		owner, ok := owners[l.NameHash]
		switch {
		case !ok:
			return errorsmod.Wrapf(ErrInvalidGenesis, "listing of %s, which has no record", l.NameHash)
		case listed[l.NameHash]:
			return errorsmod.Wrapf(ErrInvalidGenesis, "listing of %s given twice", l.NameHash)
		case l.Seller != owner:
			return errorsmod.Wrapf(ErrInvalidGenesis, "listing of %s by %s, which does not own it", l.NameHash, l.Seller)
		case l.Price.IsNil() || !l.Price.IsPositive() || !l.Price.IsUint64():
			return errorsmod.Wrapf(ErrInvalidGenesis, "listing of %s: price must be positive and below 2^64 nsesh", l.NameHash)
		}
		listed[l.NameHash] = true
	}
	for _, v := range []math.Int{gs.Revenue.ToPool, gs.Revenue.ToLiquidity, gs.Swept.ToPool, gs.Swept.ToLiquidity} {
		if v.IsNil() || v.IsNegative() {
			return errorsmod.Wrap(ErrInvalidGenesis, "revenue and swept totals must be zero or positive")
		}
	}
	if gs.Swept.ToPool.GT(gs.Revenue.ToPool) || gs.Swept.ToLiquidity.GT(gs.Revenue.ToLiquidity) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "swept %s/%s is more than the revenue %s/%s",
			gs.Swept.ToPool, gs.Swept.ToLiquidity, gs.Revenue.ToPool, gs.Revenue.ToLiquidity)
	}
	return nil
}

// Unswept is what the names module account holds of the revenue: the
// parts of fees not yet moved on to the pool and protocol_liquidity. The
// genesis must be valid (Validate): swept at most the revenue.
func (gs GenesisState) Unswept() math.Int {
	return gs.Revenue.ToPool.Sub(gs.Swept.ToPool).Add(gs.Revenue.ToLiquidity.Sub(gs.Swept.ToLiquidity))
}

// Validate checks a record's form.
func (r NameRecord) Validate() error {
	_, canonical, err := ParseNameHash(r.NameHash)
	if err != nil {
		return err
	}
	if canonical != r.NameHash {
		return errorsmod.Wrapf(ErrInvalidNameHash, "%q is not lowercase", r.NameHash)
	}
	owner, err := sdk.AccAddressFromBech32(r.Owner)
	if err != nil {
		return errorsmod.Wrapf(ErrInvalidAddress, "owner %q: %s", r.Owner, err)
	}
	if r.BackupOwner != "" {
		backup, err := sdk.AccAddressFromBech32(r.BackupOwner)
		if err != nil {
			return errorsmod.Wrapf(ErrInvalidBackupOwner, "%q: %s", r.BackupOwner, err)
		}
		if bytes.Equal(backup, owner) {
			return errorsmod.Wrap(ErrInvalidBackupOwner, "the backup owner is the owner")
		}
	}
	if err := ValidateEncryptedValue(r.EncryptedValue); err != nil {
		return err
	}
	if r.NameLength < MinNameLength || r.NameLength > MaxNameLength {
		return errorsmod.Wrapf(ErrInvalidName, "name length must lie between %d and %d, got %d", MinNameLength, MaxNameLength, r.NameLength)
	}
	if !r.Expiry.After(r.RegisteredAt) {
		return errorsmod.Wrapf(ErrInvalidTerm, "expiry %s is not after the registration %s", r.Expiry, r.RegisteredAt)
	}
	return nil
}
