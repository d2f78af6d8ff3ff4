package keeper_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"slices"

	"cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// fakeStaking answers the last bonded powers as x/staking does after an end
// of block: a validator it does not know has power 0, and the total is the
// sum of the powers. Tests set powers between blocks, never inside a Msg, so
// a map is enough. Jailing (through fakeSlashing) is recorded here.
type fakeStaking struct {
	powers map[string]int64
	jailed map[string]bool
}

var _ types.StakingKeeper = (*fakeStaking)(nil)

func newFakeStaking() *fakeStaking {
	return &fakeStaking{powers: map[string]int64{}, jailed: map[string]bool{}}
}

func (s *fakeStaking) set(val sdk.ValAddress, power int64) { s.powers[string(val)] = power }

func (s *fakeStaking) GetLastValidatorPower(_ context.Context, val sdk.ValAddress) (int64, error) {
	return s.powers[string(val)], nil
}

func (s *fakeStaking) GetLastTotalPower(context.Context) (math.Int, error) {
	total := math.ZeroInt()
	for _, p := range s.powers {
		total = total.AddRaw(p)
	}
	return total, nil
}

// IterateLastValidatorPowers walks the validators with power in address
// order, as x/staking's store does.
func (s *fakeStaking) IterateLastValidatorPowers(_ context.Context, fn func(sdk.ValAddress, int64) bool) error {
	keys := make([]string, 0, len(s.powers))
	for k, p := range s.powers {
		if p > 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if fn(sdk.ValAddress(k), s.powers[k]) {
			break
		}
	}
	return nil
}

// consKey is the consensus key of the validator val in these tests.
func consKey(val sdk.ValAddress) cryptotypes.PubKey {
	seed := sha256.Sum256(append([]byte("consensus key "), val...))
	return ed25519.GenPrivKeyFromSecret(seed[:]).PubKey()
}

// GetValidator returns a bonded (or, with power 0, unbonded) validator with
// its consensus key and whether it is jailed.
func (s *fakeStaking) GetValidator(_ context.Context, val sdk.ValAddress) (stakingtypes.Validator, error) {
	power, ok := s.powers[string(val)]
	if !ok {
		return stakingtypes.Validator{}, stakingtypes.ErrNoValidatorFound
	}
	pk, err := codectypes.NewAnyWithValue(consKey(val))
	if err != nil {
		return stakingtypes.Validator{}, err
	}
	status := stakingtypes.Bonded
	if power <= 0 {
		status = stakingtypes.Unbonded
	}
	return stakingtypes.Validator{
		OperatorAddress: val.String(), ConsensusPubkey: pk, Jailed: s.jailed[string(val)], Status: status,
		Tokens: sdk.TokensFromConsensusPower(power, sdk.DefaultPowerReduction),
	}, nil
}

func (s *fakeStaking) PowerReduction(context.Context) math.Int { return sdk.DefaultPowerReduction }

// byConsAddr finds the validator whose consensus address is addr.
func (s *fakeStaking) byConsAddr(addr sdk.ConsAddress) (sdk.ValAddress, bool) {
	for k := range s.powers {
		if bytes.Equal(consKey(sdk.ValAddress(k)).Address(), addr) {
			return sdk.ValAddress(k), true
		}
	}
	return nil, false
}

// slashed is one slashing the bridge asked for.
type slashed struct {
	val      sdk.ValAddress
	fraction math.LegacyDec
	power    int64
}

// fakeSlashing records slashings and jails validators in the fake staking
// keeper (which takes them out of the bonded set at the next power update
// the test makes).
type fakeSlashing struct {
	staking *fakeStaking
	slashes []slashed
}

var _ types.SlashingKeeper = (*fakeSlashing)(nil)

func (s *fakeSlashing) Slash(_ context.Context, addr sdk.ConsAddress, fraction math.LegacyDec, power, _ int64) error {
	val, ok := s.staking.byConsAddr(addr)
	if !ok {
		return stakingtypes.ErrNoValidatorFound
	}
	s.slashes = append(s.slashes, slashed{val: val, fraction: fraction, power: power})
	return nil
}

func (s *fakeSlashing) Jail(_ context.Context, addr sdk.ConsAddress) error {
	val, ok := s.staking.byConsAddr(addr)
	if !ok {
		return stakingtypes.ErrNoValidatorFound
	}
	if s.staking.jailed[string(val)] {
		return stakingtypes.ErrValidatorJailed
	}
	s.staking.jailed[string(val)] = true
	return nil
}

// moduleAccounts are the module accounts of the test chain.
var moduleAccounts = []string{types.ModuleName, "gov", "distribution", "bonded_tokens_pool", "fee_collector"}
