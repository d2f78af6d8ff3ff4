package keeper_test

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/header"
	"cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// recipientModule is the module account the test recipient is paid into.
const recipientModule = "test_recipient"

// funderModule is another module that pays into the pool (like x/pro).
const funderModule = "test_funder"

// headerService returns the block header of the sdk.Context, as the
// runtime's header service does.
type headerService struct{}

func (headerService) GetHeaderInfo(ctx context.Context) header.Info {
	return sdk.UnwrapSDKContext(ctx).HeaderInfo()
}

// fakeAccountKeeper knows a fixed set of module accounts, like x/auth with
// its module account permissions: unknown modules have no address.
type fakeAccountKeeper struct {
	modules map[string]bool
}

var _ types.AccountKeeper = fakeAccountKeeper{}

func newFakeAccountKeeper(modules ...string) fakeAccountKeeper {
	ak := fakeAccountKeeper{modules: map[string]bool{}}
	for _, m := range modules {
		ak.modules[m] = true
	}
	return ak
}

func (ak fakeAccountKeeper) GetModuleAddress(name string) sdk.AccAddress {
	if !ak.modules[name] {
		return nil
	}
	return authtypes.NewModuleAddress(name)
}

func (ak fakeAccountKeeper) GetModuleAccount(_ context.Context, name string) sdk.ModuleAccountI {
	if !ak.modules[name] {
		return nil
	}
	return authtypes.NewEmptyModuleAccount(name)
}

// fakeBank keeps balances in its own store, so that cache contexts (the
// keeper pays the recipient inside one) commit or discard transfers exactly
// as x/bank's do. A send either moves every coin or, with an error, nothing.
type fakeBank struct {
	ak       fakeAccountKeeper
	balances collections.Map[collections.Pair[sdk.AccAddress, string], math.Int]
}

var _ types.BankKeeper = (*fakeBank)(nil)

func newFakeBank(storeService store.KVStoreService, ak fakeAccountKeeper) *fakeBank {
	sb := collections.NewSchemaBuilder(storeService)
	b := &fakeBank{
		ak: ak,
		balances: collections.NewMap(sb, collections.NewPrefix(0), "balances",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey), sdk.IntValue),
	}
	if _, err := sb.Build(); err != nil {
		panic(err)
	}
	return b
}

func (b *fakeBank) GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	amount, err := b.balances.Get(ctx, collections.Join(addr, denom))
	switch {
	case errors.Is(err, collections.ErrNotFound):
		amount = math.ZeroInt()
	case err != nil:
		panic(err)
	}
	return sdk.NewCoin(denom, amount)
}

func (b *fakeBank) SendCoinsFromModuleToModule(ctx context.Context, senderModule, recipientModule string, amt sdk.Coins) error {
	from, err := b.moduleAddress(senderModule)
	if err != nil {
		return err
	}
	to, err := b.moduleAddress(recipientModule)
	if err != nil {
		return err
	}
	return b.send(ctx, from, to, amt)
}

// SendCoins moves coins between two addresses.
func (b *fakeBank) SendCoins(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	return b.send(ctx, from, to, amt)
}

// mint credits coins out of thin air; tests use it to fund accounts.
func (b *fakeBank) mint(ctx context.Context, addr sdk.AccAddress, amt sdk.Coins) {
	for _, c := range amt {
		bal := b.GetBalance(ctx, addr, c.Denom).Amount
		if err := b.balances.Set(ctx, collections.Join(addr, c.Denom), bal.Add(c.Amount)); err != nil {
			panic(err)
		}
	}
}

func (b *fakeBank) moduleAddress(module string) (sdk.AccAddress, error) {
	addr := b.ak.GetModuleAddress(module)
	if addr == nil {
		return nil, errorsmod.Wrapf(sdkerrors.ErrUnknownAddress, "module account %s does not exist", module)
	}
	return addr, nil
}

func (b *fakeBank) send(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	if !amt.IsValid() {
		return errorsmod.Wrapf(sdkerrors.ErrInvalidCoins, "%s", amt)
	}
	for _, c := range amt {
		if have := b.GetBalance(ctx, from, c.Denom).Amount; have.LT(c.Amount) {
			return errorsmod.Wrapf(sdkerrors.ErrInsufficientFunds, "%s%s < %s", have, c.Denom, c)
		}
	}
	for _, c := range amt {
		fromBal := b.GetBalance(ctx, from, c.Denom).Amount
		if err := b.balances.Set(ctx, collections.Join(from, c.Denom), fromBal.Sub(c.Amount)); err != nil {
			return err
		}
		toBal := b.GetBalance(ctx, to, c.Denom).Amount
		if err := b.balances.Set(ctx, collections.Join(to, c.Denom), toBal.Add(c.Amount)); err != nil {
			return err
		}
	}
	return nil
}

// testRecipient stands in for x/nodestaking. It records every emission it
// accepted, and checks that the tokens were already in its module account
// when OnEmission ran.
type testRecipient struct {
	bank *fakeBank

	eligible       bool // CanReceiveEmission answers this
	eligibilityErr bool // CanReceiveEmission fails
	fail           bool // OnEmission fails

	received  []math.Int
	total     math.Int
	anomalies []string
}

var _ types.EmissionRecipient = (*testRecipient)(nil)

func (r *testRecipient) EmissionModuleAccount() string { return recipientModule }

func (r *testRecipient) CanReceiveEmission(context.Context) (bool, error) {
	if r.eligibilityErr {
		return false, errors.New("eligibility lookup failed")
	}
	return r.eligible, nil
}

func (r *testRecipient) OnEmission(ctx context.Context, amount math.Int) error {
	if r.fail {
		return errors.New("recipient bookkeeping failed")
	}
	want := r.total.Add(amount)
	if got := r.bank.GetBalance(ctx, authtypes.NewModuleAddress(recipientModule), types.Denom).Amount; !got.Equal(want) {
		r.anomalies = append(r.anomalies, fmt.Sprintf("OnEmission(%s): module account holds %s, want %s", amount, got, want))
	}
	r.received = append(r.received, amount)
	r.total = want
	return nil
}
