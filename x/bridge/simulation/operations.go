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
	OpWeightMsgRegisterEvmKey           = "op_weight_msg_register_evm_key"
	OpWeightMsgAttestDeposit            = "op_weight_msg_attest_deposit"
	OpWeightMsgBridgeOut                = "op_weight_msg_bridge_out"
	OpWeightMsgCancelBridgeOut          = "op_weight_msg_cancel_bridge_out"
	OpWeightMsgSignBatch                = "op_weight_msg_sign_batch"
	OpWeightMsgSignSignerSet            = "op_weight_msg_sign_signer_set"
	OpWeightMsgSignAdminOp              = "op_weight_msg_sign_admin_op"
	OpWeightMsgAttestBatch              = "op_weight_msg_attest_batch"
	OpWeightMsgAttestContractState      = "op_weight_msg_attest_contract_state"
	DefaultWeightMsgRegisterEvmKey      = 20
	DefaultWeightMsgAttestDeposit       = 80
	DefaultWeightMsgBridgeOut           = 50
	DefaultWeightMsgCancelBridgeOut     = 5
	DefaultWeightMsgSignBatch           = 60
	DefaultWeightMsgSignSignerSet       = 30
	DefaultWeightMsgSignAdminOp         = 20
	DefaultWeightMsgAttestBatch         = 50
	DefaultWeightMsgAttestContractState = 30
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
	q       types.QueryServer
	staking types.StakingKeeper
}

// WeightedOperations returns the module's operations with their weights.
func WeightedOperations(appParams simtypes.AppParams, env simutil.Env, k *keeper.Keeper, sk types.StakingKeeper) simulation.WeightedOperations {
	o := ops{env: env, k: k, q: keeper.NewQueryServerImpl(k), staking: sk}
	w := func(key string, def int) int { return simutil.Weight(appParams, key, def) }
	return simulation.WeightedOperations{
		simulation.NewWeightedOperation(w(OpWeightMsgRegisterEvmKey, DefaultWeightMsgRegisterEvmKey), o.registerEvmKey),
		simulation.NewWeightedOperation(w(OpWeightMsgAttestDeposit, DefaultWeightMsgAttestDeposit), o.attestDeposit),
		simulation.NewWeightedOperation(w(OpWeightMsgBridgeOut, DefaultWeightMsgBridgeOut), o.bridgeOut),
		simulation.NewWeightedOperation(w(OpWeightMsgCancelBridgeOut, DefaultWeightMsgCancelBridgeOut), o.cancelBridgeOut),
		simulation.NewWeightedOperation(w(OpWeightMsgSignBatch, DefaultWeightMsgSignBatch), o.signBatch),
		simulation.NewWeightedOperation(w(OpWeightMsgSignSignerSet, DefaultWeightMsgSignSignerSet), o.signSignerSet),
		simulation.NewWeightedOperation(w(OpWeightMsgSignAdminOp, DefaultWeightMsgSignAdminOp), o.signAdminOp),
		simulation.NewWeightedOperation(w(OpWeightMsgAttestBatch, DefaultWeightMsgAttestBatch), o.attestBatch),
		simulation.NewWeightedOperation(w(OpWeightMsgAttestContractState, DefaultWeightMsgAttestContractState), o.attestContractState),
	}
}

// validator is a validator whose operator the simulation holds, with its
// delegate account once registered.
type validator struct {
	acc      simtypes.Account
	addr     sdk.ValAddress
	delegate simtypes.Account
	hasKey   bool
}

// delegateFor is the account the simulation makes the delegate of the
// validator operated by accs[i]: the next account, so no two validators
// share one and none is its own operator.
func delegateFor(accs []simtypes.Account, i int) simtypes.Account {
	return accs[(i+1)%len(accs)]
}

// validators returns the validators operated by simulation accounts: with
// bonded power, or (withKeys) with an EVM key and a delegate the simulation
// holds.
func (o ops) validators(ctx sdk.Context, accs []simtypes.Account, bondedOnly bool) ([]validator, error) {
	var out []validator
	for i, acc := range accs {
		val := sdk.ValAddress(acc.Address)
		power, err := o.staking.GetLastValidatorPower(ctx, val)
		if err != nil {
			return nil, err
		}
		v := validator{acc: acc, addr: val, delegate: delegateFor(accs, i)}
		key, err := o.k.EvmKeys.Get(ctx, val)
		switch {
		case errors.Is(err, collections.ErrNotFound):
		case err != nil:
			return nil, err
		default:
			d, ok := simutil.Account(accs, key.Delegate)
			v.hasKey, v.delegate = ok, d
		}
		if power > 0 || !bondedOnly && v.hasKey {
			out = append(out, v)
		}
	}
	return out, nil
}

// evmKeys are the two EVM keys the simulation may register for a
// validator: it rotates between them.
func evmKeys(val sdk.ValAddress) [2]*ecdsa.PrivateKey {
	return [2]*ecdsa.PrivateKey{simutil.EvmKey(val.String()), simutil.EvmKey(val.String() + "/rotated")}
}

// keyFor returns the private key of address addr among val's keys.
func keyFor(val sdk.ValAddress, addr string) (*ecdsa.PrivateKey, bool) {
	for _, k := range evmKeys(val) {
		if crypto.PubkeyToAddress(k.PublicKey).Hex() == addr {
			return k, true
		}
	}
	return nil, false
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

// registerEvmKey registers the EVM key and delegate of a bonded validator
// without a key, or now and then rotates a validator to its other key when
// the rate limits allow.
func (o ops) registerEvmKey(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, chainID string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgRegisterEvmKey{}
	vals, err := o.validators(ctx, accs, true)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(vals) == 0 {
		return o.env.NoOp(msg, "no bonded validator the simulation operates")
	}
	val := simutil.Pick(r, vals)
	keys := evmKeys(val.addr)
	key := keys[0]
	if val.hasKey {
		if r.Intn(rotationOneIn) != 0 {
			return o.env.NoOp(msg, "%s has an EVM key", val.addr)
		}
		pending, err := o.q.PendingSignatures(ctx, &types.QueryPendingSignaturesRequest{Validator: val.addr.String()})
		if err != nil {
			return o.env.Fail(msg, err)
		}
		current, err := o.k.EvmKeys.Get(ctx, val.addr)
		if err != nil {
			return o.env.Fail(msg, err)
		}
		params, err := o.k.Params.Get(ctx)
		if err != nil {
			return o.env.Fail(msg, err)
		}
		if len(pending.RetiredKeys) > 0 || ctx.BlockHeight()-current.RegisteredHeight < int64(params.KeyRotationMinBlocks) { //nolint:gosec // a param
			return o.env.NoOp(msg, "%s may not rotate yet", val.addr)
		}
		if current.EvmAddress == crypto.PubkeyToAddress(keys[0].PublicKey).Hex() {
			key = keys[1]
		}
	}
	msg.Validator = val.acc.Address.String()
	msg.EvmAddress = crypto.PubkeyToAddress(key.PublicKey).Hex()
	msg.Delegate = val.delegate.Address.String()
	msg.Signature = sign(key, types.EvmKeyDigest(chainID, val.addr.String(), msg.Delegate))
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

// attestDeposit has a bonded validator's delegate attest the next deposit
// it has not attested, as long as the EVM side has made it.
func (o ops) attestDeposit(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgAttestDeposit{}
	if _, active, err := o.activeParams(ctx); err != nil || !active {
		return o.env.NoOp(msg, "the bridge is not configured or paused")
	}
	val, ok, err := o.pickWithKey(r, ctx, accs, true)
	if err != nil || !ok {
		return o.noValidator(msg, err)
	}
	pending, err := o.q.PendingSignatures(ctx, &types.QueryPendingSignaturesRequest{Validator: val.addr.String()})
	if err != nil {
		return o.env.Fail(msg, err)
	}
	observed, err := o.k.LastObservedNonce.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return o.env.Fail(msg, err)
	}
	if pending.NextDepositNonce > observed+depositsAhead {
		return o.env.NoOp(msg, "%s attested every deposit the EVM side made", val.addr)
	}
	msg.Signer = val.delegate.Address.String()
	msg.Claim = deposit(pending.NextDepositNonce, accs)
	return o.env.Deliver(r, app, ctx, val.delegate, msg, math.ZeroInt())
}

// pickWithKey picks a validator with a key and a delegate the simulation
// holds (bonded ones only with bonded).
func (o ops) pickWithKey(r *rand.Rand, ctx sdk.Context, accs []simtypes.Account, bonded bool) (validator, bool, error) {
	vals, err := o.validators(ctx, accs, bonded)
	if err != nil {
		return validator{}, false, err
	}
	var withKey []validator
	for _, v := range vals {
		if v.hasKey {
			withKey = append(withKey, v)
		}
	}
	if len(withKey) == 0 {
		return validator{}, false, nil
	}
	return simutil.Pick(r, withKey), true, nil
}

func (o ops) noValidator(msg sdk.Msg, err error) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	if err != nil {
		return o.env.Fail(msg, err)
	}
	return o.env.NoOp(msg, "no validator with an EVM key and a delegate the simulation operates")
}

// bridgeOut sends up to a tenth of an account's balance, at least
// min_transfer and within the cap, to an EVM address, paying the bridge fee.
func (o ops) bridgeOut(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgBridgeOut{}
	params, active, err := o.activeParams(ctx)
	if err != nil || !active {
		return o.env.NoOp(msg, "the bridge is not configured or paused")
	}
	least := params.MinTransfer.Add(params.BridgeFee)
	from, spendable, ok := o.env.AccountWithBalance(r, ctx, accs, least.MulRaw(10))
	if !ok {
		return o.env.NoOp(msg, "no account with a balance to bridge out")
	}
	recipient := make([]byte, common.AddressLength)
	_, _ = r.Read(recipient)
	most := math.MinInt(spendable.QuoRaw(10), params.WithdrawalCap).Sub(params.BridgeFee)
	amount := simutil.IntBetween(r, params.MinTransfer, most)
	msg.Sender = from.Address.String()
	msg.EvmRecipient = common.BytesToAddress(recipient).Hex()
	msg.Amount = sdk.NewCoin(types.Denom, amount)
	msg.Fee = sdk.NewCoin(types.Denom, params.BridgeFee)
	return o.env.Deliver(r, app, ctx, from, msg, amount.Add(params.BridgeFee))
}

// cancelBridgeOut has a sender cancel one of its queued bridge-outs.
func (o ops) cancelBridgeOut(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgCancelBridgeOut{}
	var queued []types.Transfer
	err := o.k.Transfers.Indexes.ByStatus.Walk(ctx, collections.NewPrefixedPairRange[int32, uint64](int32(types.TRANSFER_STATUS_QUEUED)),
		func(_ int32, id uint64) (bool, error) {
			t, err := o.k.Transfers.Get(ctx, id)
			if err == nil && t.Kind == types.TRANSFER_KIND_BRIDGE_OUT {
				queued = append(queued, t)
			}
			return len(queued) >= 20, err
		})
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(queued) == 0 {
		return o.env.NoOp(msg, "no queued bridge-out")
	}
	t := simutil.Pick(r, queued)
	sender, ok := simutil.Account(accs, t.Sender)
	if !ok {
		return o.env.NoOp(msg, "the simulation does not hold the sender of transfer %d", t.Id)
	}
	msg.Sender, msg.TransferId = t.Sender, t.Id
	return o.env.Deliver(r, app, ctx, sender, msg, math.ZeroInt())
}
