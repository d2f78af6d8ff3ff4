package simulation

import (
	"crypto/sha256"
	"fmt"
	"math/rand"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/names/keeper"
	"github.com/sessiontoken/sessionchain/x/names/types"
)

// Operation weights: the key a simulation params file sets, and the default.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgRegisterName       = "op_weight_msg_register_name"
	OpWeightMsgRenewName          = "op_weight_msg_renew_name"
	OpWeightMsgUpdateName         = "op_weight_msg_update_name"
	OpWeightMsgTransferName       = "op_weight_msg_transfer_name"
	OpWeightMsgListName           = "op_weight_msg_list_name"
	OpWeightMsgCancelListing      = "op_weight_msg_cancel_listing"
	OpWeightMsgBuyName            = "op_weight_msg_buy_name"
	DefaultWeightMsgRegisterName  = 60
	DefaultWeightMsgRenewName     = 25
	DefaultWeightMsgUpdateName    = 20
	DefaultWeightMsgTransferName  = 15
	DefaultWeightMsgListName      = 25
	DefaultWeightMsgCancelListing = 8
	DefaultWeightMsgBuyName       = 25
	exactMaxOneIn                 = 3
	feeMargin                     = 10 // an account keeps a 10th more than it pays, for the random tx fees
)

// ops builds the module's operations.
type ops struct {
	env     simutil.Env
	k       *keeper.Keeper
	queries types.QueryServer
}

// WeightedOperations returns the module's operations with their weights.
func WeightedOperations(appParams simtypes.AppParams, env simutil.Env, k *keeper.Keeper) simulation.WeightedOperations {
	o := ops{env: env, k: k, queries: keeper.NewQueryServerImpl(k)}
	return simulation.WeightedOperations{
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgRegisterName, DefaultWeightMsgRegisterName), o.register),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgRenewName, DefaultWeightMsgRenewName), o.renew),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgUpdateName, DefaultWeightMsgUpdateName), o.update),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgTransferName, DefaultWeightMsgTransferName), o.transfer),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgListName, DefaultWeightMsgListName), o.list),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgCancelListing, DefaultWeightMsgCancelListing), o.cancel),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgBuyName, DefaultWeightMsgBuyName), o.buy),
	}
}

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

// payer returns a simulation account that can pay amount and the tx fees.
func (o ops) payer(r *rand.Rand, ctx sdk.Context, accs []simtypes.Account, amount math.Int) (simtypes.Account, bool) {
	acc, _, ok := o.env.AccountWithBalance(r, ctx, accs, amount.Add(amount.QuoRaw(feeMargin)).AddRaw(1))
	return acc, ok
}

// records returns every record with its status now, in hash order.
func (o ops) records(ctx sdk.Context, params types.Params) ([]types.NameRecord, []types.NameStatus, error) {
	var recs []types.NameRecord
	var statuses []types.NameStatus
	err := o.k.Records.Walk(ctx, nil, func(_ []byte, rec types.NameRecord) (bool, error) {
		recs = append(recs, rec)
		statuses = append(statuses, params.StatusAt(rec.Expiry, ctx.HeaderInfo().Time))
		return false, nil
	})
	return recs, statuses, err
}

// activeManaged returns the active records an account the simulation
// holds may manage (owner, or backup owner when backup is true), with the
// account.
func (o ops) activeManaged(ctx sdk.Context, accs []simtypes.Account, backup bool) ([]types.NameRecord, []simtypes.Account, error) {
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return nil, nil, err
	}
	recs, statuses, err := o.records(ctx, params)
	if err != nil {
		return nil, nil, err
	}
	var out []types.NameRecord
	var signers []simtypes.Account
	for i, rec := range recs {
		if statuses[i] != types.NAME_STATUS_ACTIVE {
			continue
		}
		signer := rec.Owner
		if backup && rec.BackupOwner != "" {
			signer = rec.BackupOwner
		}
		if acc, ok := simutil.Account(accs, signer); ok {
			out = append(out, rec)
			signers = append(signers, acc)
		}
	}
	return out, signers, nil
}

// register registers a name of the universe nobody holds, at the quote,
// for a term on sale, sometimes with a backup owner.
func (o ops) register(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgRegisterName{}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	name := simName(r.Intn(universe))
	msg.Years = simutil.Pick(r, params.Terms).Years
	quote, err := o.queries.Quote(ctx, &types.QueryQuoteRequest{
		NameHash: types.NameHashHex(name), Years: msg.Years, NameLength: uint32(len(name)), //nolint:gosec // short
	})
	if err != nil {
		return o.env.NoOp(msg, "no quote for %q: %s", name, err)
	}
	if quote.Renewal {
		return o.env.NoOp(msg, "%q is held", name)
	}
	owner, ok := o.payer(r, ctx, accs, quote.Amount)
	if !ok {
		return o.env.NoOp(msg, "no account can pay %s for %q", quote.Amount, name)
	}
	msg.Owner, msg.Name, msg.EncryptedValue = owner.Address.String(), name, value(r, name)
	msg.MaxAmount = sdk.NewCoin(types.Denom, withMargin(r, quote.Amount))
	if backup, _ := simtypes.RandomAcc(r, accs); r.Intn(3) == 0 && !backup.Address.Equals(owner.Address) {
		msg.BackupOwner = backup.Address.String()
	}
	return o.env.Deliver(r, app, ctx, owner, msg, quote.Amount)
}

// renew renews a held name: an active one by anyone, one in its grace
// period by its owner, for a term that keeps it within ten years.
func (o ops) renew(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgRenewName{}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	recs, statuses, err := o.records(ctx, params)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(recs) == 0 {
		return o.env.NoOp(msg, "no name is registered")
	}
	i := r.Intn(len(recs))
	rec := recs[i]
	limit := ctx.HeaderInfo().Time.Add(types.MaxYearsAhead * types.Year)
	var fit []types.Term
	for _, term := range params.Terms {
		if !rec.Expiry.Add(time.Duration(term.Years) * types.Year).After(limit) {
			fit = append(fit, term)
		}
	}
	if len(fit) == 0 {
		return o.env.NoOp(msg, "no term on sale keeps %s within ten years ahead", rec.NameHash)
	}
	term := simutil.Pick(r, fit)
	quote, err := o.queries.Quote(ctx, &types.QueryQuoteRequest{NameHash: rec.NameHash, Years: term.Years})
	if err != nil {
		return o.env.NoOp(msg, "no quote for %s: %s", rec.NameHash, err)
	}
	var payer simtypes.Account
	var ok bool
	switch statuses[i] {
	case types.NAME_STATUS_ACTIVE:
		payer, ok = o.payer(r, ctx, accs, quote.Amount)
	case types.NAME_STATUS_GRACE:
		payer, ok = simutil.Account(accs, rec.Owner)
		ok = ok && o.env.Spendable(ctx, payer.Address).GT(quote.Amount.Add(quote.Amount.QuoRaw(feeMargin)))
	default:
		return o.env.NoOp(msg, "%s is released", rec.NameHash)
	}
	if !ok {
		return o.env.NoOp(msg, "no account may pay %s to renew %s (%s)", quote.Amount, rec.NameHash, statuses[i])
	}
	msg.Payer, msg.NameHash, msg.Years = payer.Address.String(), rec.NameHash, term.Years
	msg.MaxAmount = sdk.NewCoin(types.Denom, withMargin(r, quote.Amount))
	return o.env.Deliver(r, app, ctx, payer, msg, quote.Amount)
}

// update has the owner or the backup owner of an active name replace its
// value, its backup owner, or both.
func (o ops) update(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgUpdateName{}
	recs, signers, err := o.activeManaged(ctx, accs, r.Intn(3) == 0)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(recs) == 0 {
		return o.env.NoOp(msg, "no active name the simulation manages")
	}
	i := r.Intn(len(recs))
	rec, signer := recs[i], signers[i]
	msg.Signer, msg.NameHash = signer.Address.String(), rec.NameHash
	if name, ok := nameOf(rec.NameHash); ok && r.Intn(3) != 0 {
		msg.EncryptedValue = value(r, name)
	}
	switch backup, _ := simtypes.RandomAcc(r, accs); {
	case rec.BackupOwner != "" && r.Intn(3) == 0:
		msg.RemoveBackupOwner = true
	case backup.Address.String() != rec.Owner && (len(msg.EncryptedValue) == 0 || r.Intn(2) == 0):
		msg.BackupOwner = backup.Address.String()
	}
	if len(msg.EncryptedValue) == 0 && msg.BackupOwner == "" && !msg.RemoveBackupOwner {
		return o.env.NoOp(msg, "nothing to change on %s", rec.NameHash)
	}
	return o.env.Deliver(r, app, ctx, signer, msg, math.ZeroInt())
}

// transfer has the owner or the backup owner of an active name give it to
// another account, paying the transfer fee, sometimes with a new value.
func (o ops) transfer(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgTransferName{}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	fee, err := o.k.TransferFee(ctx, params)
	if err != nil {
		return o.env.NoOp(msg, "no transfer fee: %s", err)
	}
	recs, signers, err := o.activeManaged(ctx, accs, r.Intn(3) == 0)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(recs) == 0 {
		return o.env.NoOp(msg, "no active name the simulation manages")
	}
	i := r.Intn(len(recs))
	rec, signer := recs[i], signers[i]
	if o.env.Spendable(ctx, signer.Address).LTE(fee.Add(fee.QuoRaw(feeMargin))) {
		return o.env.NoOp(msg, "%s cannot pay the transfer fee %s", signer.Address, fee)
	}
	to, _ := simtypes.RandomAcc(r, accs)
	if to.Address.String() == rec.Owner {
		return o.env.NoOp(msg, "%s picked its own owner", rec.NameHash)
	}
	msg.Signer, msg.NameHash, msg.NewOwner = signer.Address.String(), rec.NameHash, to.Address.String()
	if name, ok := nameOf(rec.NameHash); ok && r.Intn(2) == 0 {
		msg.EncryptedValue = value(r, name)
	}
	if fee.IsPositive() || r.Intn(2) == 0 {
		msg.MaxFee = sdk.NewCoin(types.Denom, withMargin(r, fee))
	}
	return o.env.Deliver(r, app, ctx, signer, msg, fee)
}

// list has the owner of an active name put it on sale, or reprice it.
func (o ops) list(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgListName{}
	recs, owners, err := o.activeManaged(ctx, accs, false)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(recs) == 0 {
		return o.env.NoOp(msg, "no active name the simulation owns")
	}
	i := r.Intn(len(recs))
	price := simutil.IntBetween(r, math.OneInt(), o.env.Spendable(ctx, owners[i].Address).QuoRaw(4).AddRaw(1))
	msg.Seller, msg.NameHash, msg.Price = owners[i].Address.String(), recs[i].NameHash, sdk.NewCoin(types.Denom, price)
	return o.env.Deliver(r, app, ctx, owners[i], msg, math.ZeroInt())
}

// cancel has a seller the simulation holds take a listing off sale.
func (o ops) cancel(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgCancelListing{}
	listings, sellers, err := o.listings(ctx, accs)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(listings) == 0 {
		return o.env.NoOp(msg, "no listing by an account the simulation holds")
	}
	i := r.Intn(len(listings))
	msg.Seller, msg.NameHash = listings[i].Seller, listings[i].NameHash
	return o.env.Deliver(r, app, ctx, sellers[i], msg, math.ZeroInt())
}

// buy has an account that can pay buy a listed, active name it does not
// own, with a value of its own.
func (o ops) buy(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgBuyName{}
	params, err := o.k.Params.Get(ctx)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	listings, _, err := o.listings(ctx, accs)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(listings) == 0 {
		return o.env.NoOp(msg, "no listing")
	}
	listing := simutil.Pick(r, listings)
	hash, _, err := types.ParseNameHash(listing.NameHash)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	rec, err := o.k.Records.Get(ctx, hash)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if params.StatusAt(rec.Expiry, ctx.HeaderInfo().Time) != types.NAME_STATUS_ACTIVE {
		return o.env.NoOp(msg, "%s expired; its listing ends at the next EndBlock", listing.NameHash)
	}
	buyer, ok := o.payer(r, ctx, accs, listing.Price)
	if !ok || buyer.Address.String() == rec.Owner {
		return o.env.NoOp(msg, "no other account can pay %s for %s", listing.Price, listing.NameHash)
	}
	name, ok := nameOf(listing.NameHash)
	if !ok {
		return o.env.NoOp(msg, "%s is not a name the simulation knows", listing.NameHash)
	}
	msg.Buyer, msg.NameHash, msg.EncryptedValue = buyer.Address.String(), listing.NameHash, value(r, name)
	msg.MaxPrice = sdk.NewCoin(types.Denom, withMargin(r, listing.Price))
	return o.env.Deliver(r, app, ctx, buyer, msg, listing.Price)
}

// listings returns the listings whose seller the simulation holds, with
// the seller's account.
func (o ops) listings(ctx sdk.Context, accs []simtypes.Account) ([]types.Listing, []simtypes.Account, error) {
	var out []types.Listing
	var sellers []simtypes.Account
	err := o.k.Records.Walk(ctx, nil, func(_ []byte, r types.NameRecord) (bool, error) {
		if r.Listing == nil {
			return false, nil
		}
		if acc, ok := simutil.Account(accs, r.Listing.Seller); ok {
			out = append(out, *r.Listing)
			sellers = append(sellers, acc)
		}
		return false, nil
	})
	return out, sellers, err
}
