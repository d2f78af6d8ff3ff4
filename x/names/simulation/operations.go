package simulation

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// Operation weights: the name a simulation params file sets under
// "op_weight_" + name, and the default.
const (
	WeightMsgRegisterName                = "msg_register_name"
	WeightMsgRenewName                   = "msg_renew_name"
	WeightMsgUpdateName                  = "msg_update_name"
	WeightMsgTransferName                = "msg_transfer_name"
	WeightMsgListName                    = "msg_list_name"
	WeightMsgCancelListing               = "msg_cancel_listing"
	WeightMsgBuyName                     = "msg_buy_name"
	DefaultWeightMsgRegisterName  uint32 = 60
	DefaultWeightMsgRenewName     uint32 = 25
	DefaultWeightMsgUpdateName    uint32 = 20
	DefaultWeightMsgTransferName  uint32 = 15
	DefaultWeightMsgListName      uint32 = 25
	DefaultWeightMsgCancelListing uint32 = 8
	DefaultWeightMsgBuyName       uint32 = 25
)

const (
	// exactMaxOneIn: one payment in this many bounds its amount by exactly
	// the price.
	exactMaxOneIn = 3
	// feeMargin: an account keeps a 10th more than it pays, for the random
	// tx fees.
	feeMargin = 10
	// accountTries is how many random accounts an operation looks at for
	// one that can pay.
	accountTries = 10
)

// value encrypts a random Session ID under name's key.
func value(r *rand.Rand, name string) []byte {
	id := sha256.Sum256(fmt.Appendf(nil, "sim session id %d", r.Int63()))
	v := types.Value{SessionID: append([]byte{types.SessionIDPrefix}, id[:]...)}
	if r.Intn(4) == 0 {
		v.Lokinet = id[:]
	}
	nonce := make([]byte, types.NonceSize)
	_, _ = r.Read(nonce) // math/rand's Read always fills it and returns no error
	enc, err := types.EncryptValue(name, v, nonce)
	if err != nil {
		panic(err) // the value is well formed
	}
	return enc
}

// withMargin returns a bound at or above amount.
func withMargin(r *rand.Rand, amount math.Int) math.Int {
	if r.Intn(exactMaxOneIn) == 0 {
		return amount
	}
	return amount.Add(simtypes.RandomAmount(r, amount.QuoRaw(10).AddRaw(1)))
}

// coin is amount in the module's denom.
func coin(amount math.Int) sdk.Coin { return sdk.NewCoin(types.Denom, amount) }

// canPay reports whether acc can pay amount and keep a margin for the tx
// fees.
func canPay(acc simsx.SimAccount, amount math.Int) bool {
	return acc.LiquidBalance().AmountOf(types.Denom).GT(amount.Add(amount.QuoRaw(feeMargin)))
}

// payer returns a random account that can pay amount and the tx fees, with
// amount set aside from the balance the fees are drawn from. The reporter
// skips when none of a few is found.
func payer(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, amount math.Int) simsx.SimAccount {
	acc := testData.AnyAccountN(accountTries-1, reporter, simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool {
		return canPay(a, amount)
	}))
	if !reporter.IsSkipped() {
		acc.LiquidBalance().BlockAmount(coin(amount))
	}
	return acc
}

// MsgRegisterNameFactory registers a name of the universe nobody holds, at
// the quote, for a term on sale, sometimes with a backup owner.
func MsgRegisterNameFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRegisterName] {
	queries := keeper.NewQueryServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterName) {
		r := testData.Rand().Rand
		params, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Fail(err, "reading the params")
			return nil, nil
		}
		name := simName(r.Intn(universe))
		years := simutil.Pick(r, params.Terms).Years
		quote, err := queries.Quote(ctx, &types.QueryQuoteRequest{
			NameHash: types.NameHashHex(name), Years: years, NameLength: uint32(len(name)), //nolint:gosec // short
		})
		switch {
		case err != nil:
			reporter.Skipf("no quote for %q: %s", name, err)
			return nil, nil
		case quote.Renewal:
			reporter.Skipf("%q is held", name)
			return nil, nil
		}
		owner := payer(testData, reporter, quote.Amount)
		if reporter.IsSkipped() {
			return nil, nil
		}
		msg := &types.MsgRegisterName{
			Owner: owner.AddressBech32, Name: name, Years: years, EncryptedValue: value(r, name),
			MaxAmount: coin(withMargin(r, quote.Amount)),
		}
		if backup := testData.AnyAccount(reporter); r.Intn(3) == 0 && !backup.Address.Equals(owner.Address) {
			msg.BackupOwner = backup.AddressBech32
		}
		return []simsx.SimAccount{owner}, msg
	}
}

// MsgRenewNameFactory renews a held name: an active one by anyone, one in
// its grace period by its owner, for a term that keeps it within ten years.
func MsgRenewNameFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRenewName] {
	queries := keeper.NewQueryServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRenewName) {
		r := testData.Rand().Rand
		params, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Fail(err, "reading the params")
			return nil, nil
		}
		recs, statuses, err := records(ctx, k, params)
		if err != nil {
			reporter.Fail(err, "reading the records")
			return nil, nil
		}
		if len(recs) == 0 {
			reporter.Skip("no name is registered")
			return nil, nil
		}
		i := r.Intn(len(recs))
		rec := recs[i]
		fit := termsWithin(rec.Expiry, sdk.UnwrapSDKContext(ctx).HeaderInfo().Time, params.Terms)
		if len(fit) == 0 {
			reporter.Skipf("no term on sale keeps %s within ten years ahead", rec.NameHash)
			return nil, nil
		}
		term := simutil.Pick(r, fit)
		quote, err := queries.Quote(ctx, &types.QueryQuoteRequest{NameHash: rec.NameHash, Years: term.Years})
		if err != nil {
			reporter.Skipf("no quote for %s: %s", rec.NameHash, err)
			return nil, nil
		}
		from := renewer(testData, reporter, rec, statuses[i], quote.Amount)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{from}, &types.MsgRenewName{
			Payer: from.AddressBech32, NameHash: rec.NameHash, Years: term.Years,
			MaxAmount: coin(withMargin(r, quote.Amount)),
		}
	}
}

// termsWithin returns the terms that renew a name expiring at expiry to at
// most ten years after now.
func termsWithin(expiry, now time.Time, terms []types.Term) []types.Term {
	limit := now.Add(types.MaxYearsAhead * types.Year)
	var fit []types.Term
	for _, term := range terms {
		if !expiry.Add(time.Duration(term.Years) * types.Year).After(limit) {
			fit = append(fit, term)
		}
	}
	return fit
}

// renewer returns who pays amount to renew rec: any account that can for
// an active name, its owner for one in its grace period. The reporter skips
// when nobody may.
func renewer(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, rec types.NameRecord, status types.NameStatus, amount math.Int,
) simsx.SimAccount {
	switch status {
	case types.NAME_STATUS_ACTIVE:
		return payer(testData, reporter, amount)
	case types.NAME_STATUS_GRACE:
		if !testData.HasAccount(rec.Owner) {
			reporter.Skipf("the owner of %s in its grace period is not a simulation account", rec.NameHash)
			return simsx.SimAccount{}
		}
		owner := testData.GetAccount(reporter, rec.Owner)
		if !canPay(owner, amount) {
			reporter.Skipf("the owner of %s in its grace period cannot pay %s", rec.NameHash, amount)
			return simsx.SimAccount{}
		}
		owner.LiquidBalance().BlockAmount(coin(amount))
		return owner
	default:
		reporter.Skipf("%s is released", rec.NameHash)
		return simsx.SimAccount{}
	}
}
