package simulation

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/binary"
	"errors"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	"github.com/sessiontoken/sessionchain/x/bridge/keeper"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/simutil"
)

// Operation weights: the name a simulation params file sets, prefixed there
// with "op_weight_" (simsx.ParamWeightSource adds the prefix), and the
// default.
const (
	WeightMsgRegisterEvmKey                    = "msg_register_evm_key"
	WeightMsgAttestDeposit                     = "msg_attest_deposit"
	WeightMsgBridgeOut                         = "msg_bridge_out"
	WeightMsgCancelBridgeOut                   = "msg_cancel_bridge_out"
	WeightMsgSignBatch                         = "msg_sign_batch"
	WeightMsgSignSignerSet                     = "msg_sign_signer_set"
	WeightMsgSignAdminOp                       = "msg_sign_admin_op"
	WeightMsgAttestBatch                       = "msg_attest_batch"
	WeightMsgAttestContractState               = "msg_attest_contract_state"
	DefaultWeightMsgRegisterEvmKey      uint32 = 20
	DefaultWeightMsgAttestDeposit       uint32 = 80
	DefaultWeightMsgBridgeOut           uint32 = 50
	DefaultWeightMsgCancelBridgeOut     uint32 = 5
	DefaultWeightMsgSignBatch           uint32 = 60
	DefaultWeightMsgSignSignerSet       uint32 = 30
	DefaultWeightMsgSignAdminOp         uint32 = 20
	DefaultWeightMsgAttestBatch         uint32 = 50
	DefaultWeightMsgAttestContractState uint32 = 30
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
	// maxQueuedScan bounds the queued bridge-outs a cancellation picks from.
	maxQueuedScan = 20
)

// Factories makes the module's simulation messages from the chain's state:
// what the validators' relayers and the users would send now.
type Factories struct {
	k       *keeper.Keeper
	q       types.QueryServer
	staking types.StakingKeeper
}

// NewFactories returns the message factories over the bridge keeper and
// the staking keeper that tells which validators are bonded.
func NewFactories(k *keeper.Keeper, sk types.StakingKeeper) Factories {
	return Factories{k: k, q: keeper.NewQueryServerImpl(k), staking: sk}
}

// validator is a validator whose operator the simulation holds, with its
// delegate account once registered.
type validator struct {
	acc      simsx.SimAccount
	addr     sdk.ValAddress
	delegate simsx.SimAccount
	hasKey   bool
}

// validators returns the validators operated by simulation accounts: with
// bonded power, or (unless bondedOnly) with an EVM key and a delegate the
// simulation holds. The delegate of the validator operated by the i-th
// account is the next account, so no two validators share one and none is
// its own operator.
func (f Factories) validators(ctx sdk.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter, bondedOnly bool,
) ([]validator, error) {
	var out []validator
	n := data.AccountsCount()
	for i := range n {
		acc := data.AccountAt(reporter, i)
		val := sdk.ValAddress(acc.Address)
		power, err := f.staking.GetLastValidatorPower(ctx, val)
		if err != nil {
			return nil, err
		}
		v := validator{acc: acc, addr: val, delegate: data.AccountAt(reporter, (i+1)%n)}
		key, err := f.k.EvmKeys.Get(ctx, val)
		switch {
		case errors.Is(err, collections.ErrNotFound):
		case err != nil:
			return nil, err
		default:
			v.hasKey, v.delegate = data.HasAccount(key.Delegate), simsx.SimAccount{}
			if v.hasKey {
				v.delegate = data.GetAccount(reporter, key.Delegate)
			}
		}
		if power > 0 || !bondedOnly && v.hasKey {
			out = append(out, v)
		}
	}
	return out, nil
}

// pickWithKey picks a validator with a key and a delegate the simulation
// holds (bonded ones only with bonded). It reports, and returns false, when
// there is none or the chain's state cannot be read.
func (f Factories) pickWithKey(ctx sdk.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter, bonded bool,
) (validator, bool) {
	vals, err := f.validators(ctx, data, reporter, bonded)
	if err != nil {
		reporter.Fail(err, "reading the validators")
		return validator{}, false
	}
	var withKey []validator
	for _, v := range vals {
		if v.hasKey {
			withKey = append(withKey, v)
		}
	}
	if len(withKey) == 0 {
		reporter.Skip("no validator with an EVM key and a delegate the simulation operates")
		return validator{}, false
	}
	return simutil.Pick(data.Rand().Rand, withKey), true
}

// pending is what the chain lists for val's relayer to sign and attest.
// It reports, and returns false, when the query fails.
func (f Factories) pending(ctx sdk.Context, reporter simsx.SimulationReporter, val validator,
) (*types.QueryPendingSignaturesResponse, bool) {
	res, err := f.q.PendingSignatures(ctx, &types.QueryPendingSignaturesRequest{Validator: val.addr.String()})
	if err != nil {
		reporter.Fail(err, "querying the pending signatures")
		return nil, false
	}
	return res, true
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

// activeParams returns the params when the bridge moves tokens. A failed
// read counts as not active, as before any params are set.
func (f Factories) activeParams(ctx sdk.Context) (types.Params, bool) {
	params, err := f.k.Params.Get(ctx)
	return params, err == nil && params.Configured() && !params.Paused
}

// configuredParams returns the params once they name a contract.
func (f Factories) configuredParams(ctx sdk.Context) (types.Params, bool) {
	params, err := f.k.Params.Get(ctx)
	return params, err == nil && params.Configured()
}

// MsgRegisterEvmKey registers the EVM key and delegate of a bonded validator
// without a key, or now and then rotates a validator to its other key when
// the rate limits allow.
func (f Factories) MsgRegisterEvmKey() simsx.SimMsgFactoryFn[*types.MsgRegisterEvmKey] {
	return func(goCtx context.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgRegisterEvmKey) {
		ctx := sdk.UnwrapSDKContext(goCtx)
		vals, err := f.validators(ctx, data, reporter, true)
		if err != nil {
			reporter.Fail(err, "reading the validators")
			return nil, nil
		}
		if len(vals) == 0 {
			reporter.Skip("no bonded validator the simulation operates")
			return nil, nil
		}
		val := simutil.Pick(data.Rand().Rand, vals)
		key, ok := f.nextEvmKey(ctx, data, reporter, val)
		if !ok {
			return nil, nil
		}
		msg := &types.MsgRegisterEvmKey{
			Validator:  val.acc.AddressBech32,
			EvmAddress: crypto.PubkeyToAddress(key.PublicKey).Hex(),
			Delegate:   val.delegate.AddressBech32,
		}
		msg.Signature = sign(key, types.EvmKeyDigest(ctx.ChainID(), val.addr.String(), msg.Delegate))
		return []simsx.SimAccount{val.acc}, msg
	}
}

// nextEvmKey is the key val registers: its first key when it has none, or
// one time in rotationOneIn the key it does not use, once the chain lets it
// rotate. It reports, and returns false, when val registers nothing now.
func (f Factories) nextEvmKey(ctx sdk.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter, val validator,
) (*ecdsa.PrivateKey, bool) {
	keys := evmKeys(val.addr)
	if !val.hasKey {
		return keys[0], true
	}
	if data.Rand().Intn(rotationOneIn) != 0 {
		reporter.Skipf("%s has an EVM key", val.addr)
		return nil, false
	}
	pending, ok := f.pending(ctx, reporter, val)
	if !ok {
		return nil, false
	}
	current, err := f.k.EvmKeys.Get(ctx, val.addr)
	if err != nil {
		reporter.Fail(err, "reading the EVM key")
		return nil, false
	}
	params, err := f.k.Params.Get(ctx)
	if err != nil {
		reporter.Fail(err, "reading the params")
		return nil, false
	}
	if len(pending.RetiredKeys) > 0 || ctx.BlockHeight()-current.RegisteredHeight < int64(params.KeyRotationMinBlocks) { //nolint:gosec // a param
		reporter.Skipf("%s may not rotate yet", val.addr)
		return nil, false
	}
	if current.EvmAddress == crypto.PubkeyToAddress(keys[0].PublicKey).Hex() {
		return keys[1], true
	}
	return keys[0], true
}

// deposit is the EVM side's deposit with a nonce: the same for every
// validator. Most pay a simulation account; some name an account that
// cannot receive and are refunded.
func deposit(nonce uint64, data *simsx.ChainDataSource, reporter simsx.SimulationReporter) types.DepositClaim {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], nonce)
	h := sha256.Sum256(append([]byte("sessionchain simulation deposit "), buf[:]...))
	pick := binary.BigEndian.Uint64(h[:8])
	recipient := data.AccountAt(reporter, int(pick%uint64(data.AccountsCount()))).AddressBech32 //nolint:gosec // below the account count
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

// MsgAttestDeposit has a bonded validator's delegate attest the next deposit
// it has not attested, as long as the EVM side has made it.
func (f Factories) MsgAttestDeposit() simsx.SimMsgFactoryFn[*types.MsgAttestDeposit] {
	return func(goCtx context.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgAttestDeposit) {
		ctx := sdk.UnwrapSDKContext(goCtx)
		if _, active := f.activeParams(ctx); !active {
			reporter.Skip("the bridge is not configured or paused")
			return nil, nil
		}
		val, ok := f.pickWithKey(ctx, data, reporter, true)
		if !ok {
			return nil, nil
		}
		pending, ok := f.pending(ctx, reporter, val)
		if !ok {
			return nil, nil
		}
		observed, err := f.k.LastObservedNonce.Get(ctx)
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			reporter.Fail(err, "reading the last observed nonce")
			return nil, nil
		}
		if pending.NextDepositNonce > observed+depositsAhead {
			reporter.Skipf("%s attested every deposit the EVM side made", val.addr)
			return nil, nil
		}
		msg := &types.MsgAttestDeposit{Signer: val.delegate.AddressBech32, Claim: deposit(pending.NextDepositNonce, data, reporter)}
		return []simsx.SimAccount{val.delegate}, msg
	}
}
