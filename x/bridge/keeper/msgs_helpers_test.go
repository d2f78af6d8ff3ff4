package keeper_test

// The keeper tests' Msgs, queries and signatures: each helper delivers one
// Msg, reads one answer on the fixture's current block or makes one
// signature.

import (
	"bytes"
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// registerKeyMsg is v's registration of key (and its delegate) with a valid proof.
func (f *fixture) registerKeyMsg(v validator, key *ecdsa.PrivateKey) *types.MsgRegisterEvmKey {
	return &types.MsgRegisterEvmKey{
		Validator:  v.op(),
		EvmAddress: crypto.PubkeyToAddress(key.PublicKey).Hex(),
		Delegate:   v.signer(),
		Signature:  sign(f.t, key, types.EvmKeyDigest(chainID, v.valoper(), v.signer())),
	}
}

func (f *fixture) registerKey(v validator) error {
	_, err := f.msgs.RegisterEvmKey(f.ctx, f.registerKeyMsg(v, v.key))
	return err
}

// rotateKey registers key for v in place of its current one.
func (f *fixture) rotateKey(v validator, key *ecdsa.PrivateKey) error {
	_, err := f.msgs.RegisterEvmKey(f.ctx, f.registerKeyMsg(v, key))
	return err
}

// claim is a deposit of amount by depositor to recipient.
func claim(nonce uint64, recipient string, amount int64) types.DepositClaim {
	return types.DepositClaim{Nonce: nonce, EvmSender: depositor.Hex(), Recipient: recipient, Amount: math.NewInt(amount)}
}

func (f *fixture) attest(v validator, c types.DepositClaim) (bool, error) {
	res, err := f.msgs.AttestDeposit(f.ctx, &types.MsgAttestDeposit{Signer: v.signer(), Claim: c})
	if err != nil {
		return false, err
	}
	return res.Observed, nil
}

// attestAll has each of vs attest c, which must be accepted.
func (f *fixture) attestAll(c types.DepositClaim, vs ...validator) {
	f.t.Helper()
	for _, v := range vs {
		_, err := f.attest(v, c)
		require.NoError(f.t, err, "%s attests %d", v.valoper(), c.Nonce)
	}
}

// recipient is where the fixture's bridge-outs go.
var recipient = evmAddress("recipient")

func (f *fixture) bridgeOut(from sdk.AccAddress, amount int64) (uint64, error) {
	res, err := f.msgs.BridgeOut(f.ctx, &types.MsgBridgeOut{
		Sender: from.String(), EvmRecipient: recipient.Hex(), Amount: sdk.NewInt64Coin(types.Denom, amount),
	})
	if err != nil {
		return 0, err
	}
	return res.TransferId, nil
}

// mustBridgeOut queues a transfer of amount (plus the bridge fee) from
// users[0] and returns its id.
func (f *fixture) mustBridgeOut(amount int64) uint64 {
	f.t.Helper()
	id, err := f.bridgeOut(users[0], amount)
	require.NoError(f.t, err)
	return id
}

// bridgeID is the id of the fixture's deployment under the current params.
func (f *fixture) bridgeID() common.Hash { return f.params().BridgeID() }

func (f *fixture) transfer(id uint64) types.Transfer {
	f.t.Helper()
	t, err := f.k.Transfers.Get(f.ctx, id)
	require.NoError(f.t, err)
	return t
}

func (f *fixture) batch(nonce uint64) *types.QueryBatchResponse {
	f.t.Helper()
	res, err := f.queries.Batch(f.ctx, &types.QueryBatchRequest{Nonce: nonce})
	require.NoError(f.t, err)
	return res
}

// batchDigest is what validators sign for batch nonce.
func (f *fixture) batchDigest(nonce uint64) common.Hash {
	res := f.batch(nonce)
	return types.BatchDigestOf(f.bridgeID(), res.Batch, res.Transfers)
}

// signBatchWith has v sign batch nonce with key.
func (f *fixture) signBatchWith(v validator, key *ecdsa.PrivateKey, nonce uint64) error {
	_, err := f.msgs.SignBatch(f.ctx, &types.MsgSignBatch{Signer: v.signer(), Nonce: nonce, Signature: sign(f.t, key, f.batchDigest(nonce))})
	return err
}

// signBatch has each of vs sign batch nonce with its key, which must be accepted.
func (f *fixture) signBatch(nonce uint64, vs ...validator) {
	f.t.Helper()
	for _, v := range vs {
		require.NoError(f.t, f.signBatchWith(v, v.key, nonce))
	}
}

func (f *fixture) attestBatch(v validator, nonce uint64, outcome types.BatchOutcome) (bool, error) {
	res, err := f.msgs.AttestBatch(f.ctx, &types.MsgAttestBatch{Signer: v.signer(), Nonce: nonce, Outcome: outcome})
	if err != nil {
		return false, err
	}
	return res.Settled, nil
}

// attestBatchAll has each of vs attest outcome of batch nonce.
func (f *fixture) attestBatchAll(nonce uint64, outcome types.BatchOutcome, vs ...validator) {
	f.t.Helper()
	for _, v := range vs {
		_, err := f.attestBatch(v, nonce, outcome)
		require.NoError(f.t, err)
	}
}

// signerSet is signer set nonce.
func (f *fixture) signerSet(nonce uint64) types.SignerSet {
	f.t.Helper()
	set, err := f.k.SignerSets.Get(f.ctx, nonce)
	require.NoError(f.t, err)
	return set
}

func (f *fixture) signSetWith(v validator, key *ecdsa.PrivateKey, nonce uint64) error {
	_, err := f.msgs.SignSignerSet(f.ctx, &types.MsgSignSignerSet{
		Signer: v.signer(), Nonce: nonce, Signature: sign(f.t, key, f.signerSet(nonce).Digest(f.bridgeID())),
	})
	return err
}

func (f *fixture) signSet(v validator, nonce uint64) error { return f.signSetWith(v, v.key, nonce) }

// attestContract has each of vs attest the contract's signer set and admin nonce.
func (f *fixture) attestContract(setNonce, adminNonce uint64, vs ...validator) {
	f.t.Helper()
	for _, v := range vs {
		_, err := f.msgs.AttestContractState(f.ctx, &types.MsgAttestContractState{Signer: v.signer(), SignerSetNonce: setNonce, AdminNonce: adminNonce})
		require.NoError(f.t, err)
	}
}

func (f *fixture) contractState() types.ContractState {
	f.t.Helper()
	res, err := f.queries.ContractState(f.ctx, &types.QueryContractStateRequest{})
	require.NoError(f.t, err)
	return res.State
}

// latestSet is the newest signer set; ok is false before the first.
func (f *fixture) latestSet() (types.SignerSet, bool) {
	f.t.Helper()
	res, err := f.queries.SignerSet(f.ctx, &types.QuerySignerSetRequest{})
	if err != nil {
		require.ErrorIs(f.t, err, types.ErrSignerSetNotFound)
		return types.SignerSet{}, false
	}
	return res.SignerSet, true
}

func (f *fixture) lastObserved() uint64 {
	f.t.Helper()
	res, err := f.queries.Deposits(f.ctx, &types.QueryDepositsRequest{})
	require.NoError(f.t, err)
	return res.LastObservedNonce
}

func (f *fixture) pending(v validator) *types.QueryPendingSignaturesResponse {
	f.t.Helper()
	res, err := f.queries.PendingSignatures(f.ctx, &types.QueryPendingSignaturesRequest{Validator: v.valoper()})
	require.NoError(f.t, err)
	return res
}

func (f *fixture) nextNonce(v validator) uint64 { return f.pending(v).NextDepositNonce }

// sign signs digest with key as a validator's relayer does.
func sign(t testing.TB, key *ecdsa.PrivateKey, digest common.Hash) []byte {
	t.Helper()
	sig, err := evmkey.Sign(key, digest)
	require.NoError(t, err)
	return sig
}

// highS returns the malleable twin of sig (s replaced by N − s, v flipped),
// which plain ecrecover accepts for the same key and the contract refuses.
func highS(sig []byte) []byte {
	out := bytes.Clone(sig)
	s := new(big.Int).SetBytes(sig[32:64])
	new(big.Int).Sub(crypto.S256().Params().N, s).FillBytes(out[32:64])
	out[64] ^= 27 ^ 28
	return out
}

// flipCase changes the case of the last letter of a checksummed address,
// which breaks its checksum.
func flipCase(addr string) string {
	b := []byte(addr)
	for i := len(b) - 1; i >= 2; i-- {
		switch {
		case b[i] >= 'a' && b[i] <= 'f':
			b[i] -= 'a' - 'A'
			return string(b)
		case b[i] >= 'A' && b[i] <= 'F':
			b[i] += 'a' - 'A'
			return string(b)
		}
	}
	panic("no letter in " + addr)
}
