package simulation

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math/rand"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/simulation"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	"github.com/sessiontoken/sessionchain/x/bridge/keeper"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/simutil"
)

// Operation weights: the key a simulation params file sets, and the default.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgRegisterEvmKey       = "op_weight_msg_register_evm_key"
	OpWeightMsgAttestDeposit        = "op_weight_msg_attest_deposit"
	OpWeightMsgBridgeOut            = "op_weight_msg_bridge_out"
	OpWeightMsgSignTransfer         = "op_weight_msg_sign_transfer"
	OpWeightMsgSignSignerSet        = "op_weight_msg_sign_signer_set"
	OpWeightMsgAttestExecution      = "op_weight_msg_attest_execution"
	DefaultWeightMsgRegisterEvmKey  = 20
	DefaultWeightMsgAttestDeposit   = 80
	DefaultWeightMsgBridgeOut       = 50
	DefaultWeightMsgSignTransfer    = 60
	DefaultWeightMsgSignSignerSet   = 30
	DefaultWeightMsgAttestExecution = 50
)

// The EVM side's model.
const (
	// depositsAhead is how far the EVM side's deposits run ahead of what the
	// chain observed.
	depositsAhead = 3
	// unpayableOneIn: one deposit in this many names an account that cannot
	// receive, and is refunded.
	unpayableOneIn = 15
	// maxDeposit is the largest deposit, in nsesh (1,000 SESH).
	maxDeposit int64 = 1_000_000_000_000
	// rotationOneIn: a validator with a key rotates it one time in this many.
	rotationOneIn = 4
)

// ops builds the module's operations.
type ops struct {
	env     simutil.Env
	k       *keeper.Keeper
	staking types.StakingKeeper
}

// WeightedOperations returns the module's operations with their weights.
func WeightedOperations(appParams simtypes.AppParams, env simutil.Env, k *keeper.Keeper, sk types.StakingKeeper) simulation.WeightedOperations {
	o := ops{env: env, k: k, staking: sk}
	return simulation.WeightedOperations{
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgRegisterEvmKey, DefaultWeightMsgRegisterEvmKey), o.registerEvmKey),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgAttestDeposit, DefaultWeightMsgAttestDeposit), o.attestDeposit),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgBridgeOut, DefaultWeightMsgBridgeOut), o.bridgeOut),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgSignTransfer, DefaultWeightMsgSignTransfer), o.signTransfer),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgSignSignerSet, DefaultWeightMsgSignSignerSet), o.signSignerSet),
		simulation.NewWeightedOperation(simutil.Weight(appParams, OpWeightMsgAttestExecution, DefaultWeightMsgAttestExecution), o.attestExecution),
	}
}

// validator is a bonded validator whose operator the simulation holds.
type validator struct {
	acc  simtypes.Account
	addr sdk.ValAddress
}

// validators returns the bonded validators operated by simulation accounts.
func (o ops) validators(ctx sdk.Context, accs []simtypes.Account) ([]validator, error) {
	var out []validator
	for _, acc := range accs {
		val := sdk.ValAddress(acc.Address)
		power, err := o.staking.GetLastValidatorPower(ctx, val)
		if err != nil {
			return nil, err
		}
		if power > 0 {
			out = append(out, validator{acc: acc, addr: val})
		}
	}
	return out, nil
}

// evmKeys are the two EVM keys the simulation may register for a
// validator: it rotates between them.
func evmKeys(val sdk.ValAddress) [2]*ecdsa.PrivateKey {
	return [2]*ecdsa.PrivateKey{simutil.EvmKey(val.String()), simutil.EvmKey(val.String() + "/rotated")}
}

// registeredKey returns the private key of val's registered EVM address.
func (o ops) registeredKey(ctx sdk.Context, val sdk.ValAddress) (*ecdsa.PrivateKey, bool, error) {
	key, err := o.k.EvmKeys.Get(ctx, val)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	for _, k := range evmKeys(val) {
		if crypto.PubkeyToAddress(k.PublicKey).Hex() == key.EvmAddress {
			return k, true, nil
		}
	}
	return nil, false, nil
}

// sign signs a bridge digest as a validator's relayer does.
func sign(key *ecdsa.PrivateKey, digest common.Hash) []byte {
	sig, err := evmkey.Sign(key, digest)
	if err != nil {
		panic(err) // signing a 32-byte digest with a valid key does not fail
	}
	return sig
}

// activeParams returns the params when the bridge moves tokens.
func (o ops) activeParams(ctx sdk.Context) (types.Params, bool, error) {
	params, err := o.k.Params.Get(ctx)
	return params, err == nil && params.Configured() && !params.Paused, err
}

// registerEvmKey registers the EVM key of a bonded validator without one,
// or now and then rotates a validator to its other key.
func (o ops) registerEvmKey(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, chainID string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgRegisterEvmKey{}
	vals, err := o.validators(ctx, accs)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(vals) == 0 {
		return o.env.NoOp(msg, "no bonded validator the simulation operates")
	}
	val := simutil.Pick(r, vals)
	current, registered, err := o.registeredKey(ctx, val.addr)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	keys := evmKeys(val.addr)
	key := keys[0]
	if registered {
		if r.Intn(rotationOneIn) != 0 {
			return o.env.NoOp(msg, "%s has an EVM key", val.addr)
		}
		if current == keys[0] {
			key = keys[1]
		}
	}
	msg.Validator = val.acc.Address.String()
	msg.EvmAddress = crypto.PubkeyToAddress(key.PublicKey).Hex()
	msg.Signature = sign(key, types.EvmKeyDigest(chainID, val.addr.String()))
	return o.env.Deliver(r, app, ctx, val.acc, msg, math.ZeroInt())
}

// deposit is the EVM side's deposit with a nonce: the same for every
// validator. Most pay a simulation account; some name an account that
// cannot receive and are refunded.
func deposit(nonce uint64, accs []simtypes.Account) types.DepositClaim {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], nonce)
	h := sha256.Sum256(append([]byte("sessionchain simulation deposit "), buf[:]...))
	pick := binary.BigEndian.Uint64(h[:8])
	recipient := accs[pick%uint64(len(accs))].Address.String()
	if pick%unpayableOneIn == 0 {
		recipient = authtypes.NewModuleAddress(types.ModuleName).String()
	}
	amount := int64(binary.BigEndian.Uint64(h[8:16])%uint64(maxDeposit)) + 1 //nolint:gosec // below maxDeposit
	return types.DepositClaim{
		Nonce:     nonce,
		EvmSender: common.BytesToAddress(h[16:]).Hex(),
		Recipient: recipient,
		Amount:    math.NewInt(amount),
	}
}

// attestDeposit has a bonded validator attest the next deposit it has not
// attested, as long as the EVM side has made it.
func (o ops) attestDeposit(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgAttestDeposit{}
	if _, active, err := o.activeParams(ctx); err != nil || !active {
		return o.env.NoOp(msg, "the bridge is not configured or paused")
	}
	vals, err := o.validators(ctx, accs)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(vals) == 0 {
		return o.env.NoOp(msg, "no bonded validator the simulation operates")
	}
	val := simutil.Pick(r, vals)
	observed, err := o.k.LastObservedNonce.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return o.env.Fail(msg, err)
	}
	attested, err := o.k.AttestedNonces.Get(ctx, val.addr)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return o.env.Fail(msg, err)
	}
	next := max(observed, attested) + 1
	if next > observed+depositsAhead {
		return o.env.NoOp(msg, "%s attested every deposit the EVM side made", val.addr)
	}
	msg.Validator = val.acc.Address.String()
	msg.Claim = deposit(next, accs)
	return o.env.Deliver(r, app, ctx, val.acc, msg, math.ZeroInt())
}

// bridgeOut sends up to a tenth of an account's balance to an EVM address.
func (o ops) bridgeOut(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgBridgeOut{}
	if _, active, err := o.activeParams(ctx); err != nil || !active {
		return o.env.NoOp(msg, "the bridge is not configured or paused")
	}
	from, spendable, ok := o.env.AccountWithBalance(r, ctx, accs, math.NewInt(10))
	if !ok {
		return o.env.NoOp(msg, "no account with a balance to bridge out")
	}
	recipient := make([]byte, common.AddressLength)
	_, _ = r.Read(recipient)
	amount := simutil.IntBetween(r, math.OneInt(), spendable.QuoRaw(10))
	msg.Sender = from.Address.String()
	msg.EvmRecipient = common.BytesToAddress(recipient).Hex()
	msg.Amount = sdk.NewCoin(types.Denom, amount)
	return o.env.Deliver(r, app, ctx, from, msg, amount)
}

// bridgeID binds signatures to the configured contract.
func bridgeID(params types.Params) common.Hash { return params.BridgeID() }

// signer is a validator with a registered EVM key the simulation holds.
type signer struct {
	validator
	key *ecdsa.PrivateKey
}

// signers returns the validators with EVM keys the simulation holds that
// have not signed under key with their current key.
func (o ops) signers(ctx sdk.Context, accs []simtypes.Account,
	sigs collections.Map[collections.Pair[uint64, sdk.ValAddress], types.ValidatorSignature], id uint64,
) ([]signer, error) {
	var out []signer
	for _, acc := range accs {
		val := sdk.ValAddress(acc.Address)
		key, ok, err := o.registeredKey(ctx, val)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		prev, err := sigs.Get(ctx, collections.Join(id, val))
		switch {
		case errors.Is(err, collections.ErrNotFound):
		case err != nil:
			return nil, err
		case prev.EvmAddress == crypto.PubkeyToAddress(key.PublicKey).Hex():
			continue
		}
		out = append(out, signer{validator: validator{acc: acc, addr: val}, key: key})
	}
	return out, nil
}

// transfers returns the transfers in a status.
func (o ops) transfers(ctx sdk.Context, status types.TransferStatus) ([]types.Transfer, error) {
	it, err := o.k.Transfers.Indexes.ByStatus.MatchExact(ctx, int32(status))
	if err != nil {
		return nil, err
	}
	ids, err := it.PrimaryKeys()
	if err != nil {
		return nil, err
	}
	out := make([]types.Transfer, 0, len(ids))
	for _, id := range ids {
		t, err := o.k.Transfers.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// signTransfer has a validator sign the withdrawal of a transfer not
// executed yet.
func (o ops) signTransfer(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, chainID string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgSignTransfer{}
	params, err := o.k.Params.Get(ctx)
	if err != nil || !params.Configured() {
		return o.env.NoOp(msg, "the bridge is not configured")
	}
	pending, err := o.transfers(ctx, types.TRANSFER_STATUS_PENDING)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	ready, err := o.transfers(ctx, types.TRANSFER_STATUS_READY)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	open := append(pending, ready...)
	if len(open) == 0 {
		return o.env.NoOp(msg, "no transfer to sign")
	}
	t := simutil.Pick(r, open)
	signers, err := o.signers(ctx, accs, o.k.TransferSignatures, t.Id)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(signers) == 0 {
		return o.env.NoOp(msg, "no validator left to sign transfer %d", t.Id)
	}
	s := simutil.Pick(r, signers)
	digest := types.WithdrawDigest(bridgeID(params), t.Id, common.HexToAddress(t.EvmRecipient), t.Amount.BigInt())
	msg.Validator = s.acc.Address.String()
	msg.TransferId = t.Id
	msg.Signature = sign(s.key, digest)
	return o.env.Deliver(r, app, ctx, s.acc, msg, math.ZeroInt())
}

// signSignerSet has a validator sign the latest signer set.
func (o ops) signSignerSet(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, chainID string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgSignSignerSet{}
	params, err := o.k.Params.Get(ctx)
	if err != nil || !params.Configured() {
		return o.env.NoOp(msg, "the bridge is not configured")
	}
	res, err := keeper.NewQueryServerImpl(o.k).SignerSet(ctx, &types.QuerySignerSetRequest{})
	switch {
	case errors.Is(err, types.ErrSignerSetNotFound):
		return o.env.NoOp(msg, "no signer set yet")
	case err != nil:
		return o.env.Fail(msg, err)
	}
	latest := res.SignerSet
	signers, err := o.signers(ctx, accs, o.k.SignerSetSignatures, latest.Nonce)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(signers) == 0 {
		return o.env.NoOp(msg, "no validator left to sign signer set %d", latest.Nonce)
	}
	s := simutil.Pick(r, signers)
	addrs, powers := latest.EvmArgs()
	msg.Validator = s.acc.Address.String()
	msg.Nonce = latest.Nonce
	msg.Signature = sign(s.key, types.SignerSetDigest(bridgeID(params), latest.Nonce, addrs, powers))
	return o.env.Deliver(r, app, ctx, s.acc, msg, math.ZeroInt())
}

// attestExecution has a bonded validator report that the contract executed
// a transfer the validators made ready.
func (o ops) attestExecution(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgAttestExecution{}
	params, err := o.k.Params.Get(ctx)
	if err != nil || !params.Configured() {
		return o.env.NoOp(msg, "the bridge is not configured")
	}
	ready, err := o.transfers(ctx, types.TRANSFER_STATUS_READY)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(ready) == 0 {
		return o.env.NoOp(msg, "no transfer is ready for the contract")
	}
	t := simutil.Pick(r, ready)
	vals, err := o.validators(ctx, accs)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	var voters []validator
	for _, v := range vals {
		has, err := o.k.ExecutionVotes.Has(ctx, collections.Join(t.Id, v.addr))
		if err != nil {
			return o.env.Fail(msg, err)
		}
		if !has {
			voters = append(voters, v)
		}
	}
	if len(voters) == 0 {
		return o.env.NoOp(msg, "every validator attested the execution of transfer %d", t.Id)
	}
	v := simutil.Pick(r, voters)
	msg.Validator = v.acc.Address.String()
	msg.TransferId = t.Id
	return o.env.Deliver(r, app, ctx, v.acc, msg, math.ZeroInt())
}
