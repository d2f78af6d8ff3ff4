package keeper_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// headerService returns the block header of the sdk.Context, as the
// runtime's header service does.
type headerService struct{}

func (headerService) GetHeaderInfo(ctx context.Context) header.Info {
	return sdk.UnwrapSDKContext(ctx).HeaderInfo()
}

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

// fakeBank keeps nsesh balances, locked (unspendable) amounts and the supply
// in its own store, so cache contexts commit or discard its changes as
// x/bank's are. Module accounts are blocked from receiving sends, as every
// module account of the app is; only the bridge module may mint and burn.
type fakeBank struct {
	balances collections.Map[sdk.AccAddress, math.Int]
	locked   collections.Map[sdk.AccAddress, math.Int]
	supply   collections.Item[math.Int]
	blocked  map[string]bool
}

var _ types.BankKeeper = (*fakeBank)(nil)

// blockedModules are the module accounts of the test chain.
var blockedModules = []string{types.ModuleName, "gov", "distribution", "bonded_tokens_pool", "fee_collector"}

func newFakeBank(storeService store.KVStoreService) *fakeBank {
	sb := collections.NewSchemaBuilder(storeService)
	b := &fakeBank{
		balances: collections.NewMap(sb, collections.NewPrefix(0), "balances", sdk.AccAddressKey, sdk.IntValue),
		locked:   collections.NewMap(sb, collections.NewPrefix(1), "locked", sdk.AccAddressKey, sdk.IntValue),
		supply:   collections.NewItem(sb, collections.NewPrefix(2), "supply", sdk.IntValue),
		blocked:  map[string]bool{},
	}
	if _, err := sb.Build(); err != nil {
		panic(err)
	}
	for _, m := range blockedModules {
		b.blocked[authtypes.NewModuleAddress(m).String()] = true
	}
	return b
}

func getOrZero[K any](ctx context.Context, m collections.Map[K, math.Int], key K) math.Int {
	v, err := m.Get(ctx, key)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return math.ZeroInt()
	case err != nil:
		panic(err)
	}
	return v
}

func (b *fakeBank) balance(ctx context.Context, addr sdk.AccAddress) math.Int {
	return getOrZero(ctx, b.balances, addr)
}

func (b *fakeBank) totalSupply(ctx context.Context) math.Int {
	s, err := b.supply.Get(ctx)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return math.ZeroInt()
	case err != nil:
		panic(err)
	}
	return s
}

// fund creates amount for addr at genesis, with the supply.
func (b *fakeBank) fund(ctx context.Context, addr sdk.AccAddress, amount math.Int) {
	b.add(ctx, addr, amount)
	if err := b.supply.Set(ctx, b.totalSupply(ctx).Add(amount)); err != nil {
		panic(err)
	}
}

// lock makes amount of addr's balance unspendable, as a vesting schedule does.
func (b *fakeBank) lock(ctx context.Context, addr sdk.AccAddress, amount math.Int) {
	if err := b.locked.Set(ctx, addr, amount); err != nil {
		panic(err)
	}
}

func (b *fakeBank) add(ctx context.Context, addr sdk.AccAddress, amount math.Int) {
	if err := b.balances.Set(ctx, addr, b.balance(ctx, addr).Add(amount)); err != nil {
		panic(err)
	}
}

func (b *fakeBank) SpendableCoin(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	if denom != types.Denom {
		return sdk.NewCoin(denom, math.ZeroInt())
	}
	spendable := b.balance(ctx, addr).Sub(getOrZero(ctx, b.locked, addr))
	if spendable.IsNegative() {
		spendable = math.ZeroInt()
	}
	return sdk.NewCoin(denom, spendable)
}

func (b *fakeBank) GetSupply(ctx context.Context, denom string) sdk.Coin {
	if denom != types.Denom {
		return sdk.NewCoin(denom, math.ZeroInt())
	}
	return sdk.NewCoin(denom, b.totalSupply(ctx))
}

func checkCoins(amt sdk.Coins) (math.Int, error) {
	if !amt.IsValid() || len(amt) != 1 || amt[0].Denom != types.Denom {
		return math.Int{}, errorsmod.Wrapf(sdkerrors.ErrInvalidCoins, "%s", amt)
	}
	return amt[0].Amount, nil
}

func checkMinter(module string) error {
	if module != types.ModuleName {
		return errorsmod.Wrapf(sdkerrors.ErrUnauthorized, "module %s may not mint or burn", module)
	}
	return nil
}

func (b *fakeBank) MintCoins(ctx context.Context, module string, amt sdk.Coins) error {
	if err := checkMinter(module); err != nil {
		return err
	}
	amount, err := checkCoins(amt)
	if err != nil {
		return err
	}
	b.add(ctx, authtypes.NewModuleAddress(module), amount)
	return b.supply.Set(ctx, b.totalSupply(ctx).Add(amount))
}

func (b *fakeBank) BurnCoins(ctx context.Context, module string, amt sdk.Coins) error {
	if err := checkMinter(module); err != nil {
		return err
	}
	amount, err := checkCoins(amt)
	if err != nil {
		return err
	}
	addr := authtypes.NewModuleAddress(module)
	if have := b.balance(ctx, addr); have.LT(amount) {
		return errorsmod.Wrapf(sdkerrors.ErrInsufficientFunds, "%s < %s", have, amount)
	}
	if err := b.balances.Set(ctx, addr, b.balance(ctx, addr).Sub(amount)); err != nil {
		return err
	}
	return b.supply.Set(ctx, b.totalSupply(ctx).Sub(amount))
}

func (b *fakeBank) SendCoinsFromAccountToModule(ctx context.Context, sender sdk.AccAddress, module string, amt sdk.Coins) error {
	return b.send(ctx, sender, authtypes.NewModuleAddress(module), amt)
}

func (b *fakeBank) SendCoinsFromModuleToModule(ctx context.Context, from, to string, amt sdk.Coins) error {
	return b.send(ctx, authtypes.NewModuleAddress(from), authtypes.NewModuleAddress(to), amt)
}

func (b *fakeBank) SendCoinsFromModuleToAccount(ctx context.Context, module string, recipient sdk.AccAddress, amt sdk.Coins) error {
	if b.blocked[recipient.String()] {
		return errorsmod.Wrapf(sdkerrors.ErrUnauthorized, "%s is not allowed to receive funds", recipient)
	}
	return b.send(ctx, authtypes.NewModuleAddress(module), recipient, amt)
}

func (b *fakeBank) send(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	amount, err := checkCoins(amt)
	if err != nil {
		return err
	}
	if have := b.SpendableCoin(ctx, from, types.Denom).Amount; have.LT(amount) {
		return errorsmod.Wrapf(sdkerrors.ErrInsufficientFunds, "spendable %s < %s", have, amount)
	}
	if err := b.balances.Set(ctx, from, b.balance(ctx, from).Sub(amount)); err != nil {
		return err
	}
	b.add(ctx, to, amount)
	return nil
}

// all returns every balance, for snapshots.
func (b *fakeBank) all(ctx context.Context) map[string]string {
	out := map[string]string{}
	err := b.balances.Walk(ctx, nil, func(addr sdk.AccAddress, amount math.Int) (bool, error) {
		out[addr.String()] = amount.String()
		return false, nil
	})
	if err != nil {
		panic(err)
	}
	return out
}
