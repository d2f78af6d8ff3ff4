//go:build e2e

package e2e

import (
	"crypto/ecdsa"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	brtypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

func (f *badInputFixture) bridgeCases(t *testing.T) []badCase {
	const (
		registerKey = "/sessionchain.bridge.v1.MsgRegisterEvmKey"
		attest      = "/sessionchain.bridge.v1.MsgAttestDeposit"
		signSet     = "/sessionchain.bridge.v1.MsgSignSignerSet"
	)
	validator, delegate := f.addr["validator"], f.delegate
	delegateAddr := f.addr[delegate]
	evmAddr := crypto.PubkeyToAddress(f.evmKey.PublicKey).Hex()
	otherAddr := crypto.PubkeyToAddress(f.otherEvmKey.PublicKey).Hex()
	sign := func(key *ecdsa.PrivateKey, digest [32]byte) []byte {
		t.Helper()
		sig, err := evmkey.Sign(key, digest)
		require.NoError(t, err)
		return sig
	}
	proof := brtypes.EvmKeyDigest(f.chainID, f.valoper, delegateAddr)
	// A well-formed signature by the validator's EVM key of something else.
	otherDigest := sign(f.evmKey, crypto.Keccak256Hash([]byte("not a bridge message")))
	withV := func(v byte) []byte {
		sig := append([]byte{}, otherDigest...)
		sig[64] = v
		return sig
	}
	keyMsg := func(evmAddress string, sig []byte) map[string]any {
		return msgJSON(registerKey, "validator", validator, "evm_address", evmAddress, "signature", sig, "delegate", delegateAddr)
	}
	claim := func(nonce uint64, sender, recipient, amount string) map[string]any {
		return msgJSON(attest, "signer", delegateAddr, "claim", map[string]any{
			"nonce": strconv.FormatUint(nonce, 10), "evm_sender": sender, "recipient": recipient, "amount": amount,
		})
	}
	carol := f.addr["carol"]
	executedBatch := strconv.FormatUint(f.executedBatch, 10)
	sigHex := hex.EncodeToString(otherDigest)

	return []badCase{
		// MsgRegisterEvmKey
		{
			name: "register-evm-key: not a validator", from: "alice", cli: []string{"bridge", "register-evm-key", "--evm-key-file", f.evmKeyFile, "--delegate", f.addr["carol"]},
			at: atDeliverTx, want: brtypes.ErrNotValidator, log: "has no bonded power",
		},
		{
			name: "register-evm-key: no key file", from: "validator", cli: []string{"bridge", "register-evm-key", "--delegate", delegateAddr},
			at: atCLI, log: "--evm-key-file is required",
		},
		{
			name: "register-evm-key: no delegate", from: "validator", cli: []string{"bridge", "register-evm-key", "--evm-key-file", f.evmKeyFile},
			at: atCLI, log: "--delegate is required",
		},
		{
			name: "register-evm-key: the operator as its own delegate", from: "validator",
			msg: msgJSON(registerKey, "validator", validator, "evm_address", evmAddr, "signature", sign(f.evmKey, proof), "delegate", validator),
			at:  atCheckTx, want: brtypes.ErrInvalidDelegate, log: "the delegate must not be the operator account",
		},
		{
			name: "register-evm-key: short address", from: "validator", msg: keyMsg("0x123", sign(f.evmKey, proof)),
			at: atCheckTx, want: brtypes.ErrInvalidEvmAddress, log: `EVM address "0x123": want 0x followed by 40 hex digits`,
		},
		{
			name: "register-evm-key: zero address", from: "validator", msg: keyMsg("0x"+strings.Repeat("0", 40), sign(f.evmKey, proof)),
			at: atCheckTx, want: brtypes.ErrInvalidEvmAddress, log: "EVM address is the zero address",
		},
		{
			name: "register-evm-key: bad checksum", from: "validator", msg: keyMsg(strings.ToLower(evmAddr[:21])+strings.ToUpper(evmAddr[21:]), sign(f.evmKey, proof)),
			at: atCheckTx, want: brtypes.ErrInvalidEvmAddress, log: "bad EIP-55 checksum",
		},
		{
			name: "register-evm-key: 64-byte signature", from: "validator", msg: keyMsg(evmAddr, sign(f.evmKey, proof)[:64]),
			at: atCheckTx, want: brtypes.ErrInvalidSignature, log: "want 65 bytes (r, s, v), got 64",
		},
		{
			name: "register-evm-key: v of 29", from: "validator", msg: keyMsg(evmAddr, withV(29)),
			at: atCheckTx, want: brtypes.ErrInvalidSignature, log: "v must be 27 or 28, got 29",
		},
		{
			name: "register-evm-key: proof by another key", from: "validator", msg: keyMsg(otherAddr, sign(f.evmKey, proof)),
			at: atDeliverTx, want: brtypes.ErrInvalidSignature, log: "proof of possession: signed by " + evmAddr + ", not " + otherAddr,
		},
		{
			name: "register-evm-key: proof for another chain", from: "validator",
			msg: keyMsg(otherAddr, sign(f.otherEvmKey, brtypes.EvmKeyDigest("another-chain-1", f.valoper, delegateAddr))),
			at:  atDeliverTx, want: brtypes.ErrInvalidSignature, log: ", not " + otherAddr,
		},

		// MsgAttestDeposit
		{
			name: "attest-deposit: nonce 0", from: delegate, cli: []string{"bridge", "attest-deposit", "0", evmRecipient, carol, "5"},
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: "nonce starts at 1",
		},
		{
			name: "attest-deposit: nonce not a number", from: delegate, cli: []string{"bridge", "attest-deposit", "two", evmRecipient, carol, "5"},
			at: atCLI, log: `invalid argument "two"`,
		},
		{
			name: "attest-deposit: bad EVM sender", from: delegate, cli: []string{"bridge", "attest-deposit", "2", "0xzz", carol, "5"},
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: `evm_sender: EVM address "0xzz"`,
		},
		{
			name: "attest-deposit: no recipient", from: delegate, msg: claim(2, evmRecipient, "", "5"),
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: "recipient must have 1 to 128 bytes, got 0",
		},
		{
			name: "attest-deposit: recipient of 129 bytes", from: delegate, cli: []string{"bridge", "attest-deposit", "2", evmRecipient, strings.Repeat("x", 129), "5"},
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: "recipient must have 1 to 128 bytes, got 129",
		},
		{
			name: "attest-deposit: zero", from: delegate, cli: []string{"bridge", "attest-deposit", "2", evmRecipient, carol, "0"},
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: "amount must be positive, got 0",
		},
		{
			name: "attest-deposit: negative", from: delegate, msg: claim(2, evmRecipient, carol, "-5"),
			at: atCheckTx, want: brtypes.ErrInvalidClaim, log: "amount must be positive, got -5",
		},
		{
			name: "attest-deposit: amount not a number", from: delegate, cli: []string{"bridge", "attest-deposit", "2", evmRecipient, carol, "five"},
			at: atCheckTx, want: sdkerrors.ErrTxDecode, log: `cannot unmarshal "five"`,
		},
		{
			name: "attest-deposit: amount over 256 bits", from: delegate, cli: []string{"bridge", "attest-deposit", "2", evmRecipient, carol, overflowAmount},
			at: atCheckTx, want: sdkerrors.ErrTxDecode, log: "integer out of range",
		},
		{
			name: "attest-deposit: nonce out of order", from: delegate, cli: []string{"bridge", "attest-deposit", "3", evmRecipient, carol, "5"},
			at: atDeliverTx, want: brtypes.ErrNonceOutOfOrder, log: "attest deposit 2 first, got 3",
		},
		{
			name: "attest-deposit: observed before", from: delegate, cli: []string{"bridge", "attest-deposit", "1", evmRecipient, carol, "3000000"},
			at: atDeliverTx, want: brtypes.ErrDuplicateAttestation, log: "deposit 1 was already observed; next is 2",
		},
		{
			name: "attest-deposit: observed before, other content", from: delegate, cli: []string{"bridge", "attest-deposit", "1", evmRecipient, carol, "9"},
			at: atDeliverTx, want: brtypes.ErrDuplicateAttestation, log: "deposit 1 was already observed; next is 2",
		},
		{
			name: "attest-deposit: not a validator", from: "alice", cli: []string{"bridge", "attest-deposit", "2", evmRecipient, carol, "5"},
			at: atDeliverTx, want: brtypes.ErrNotValidator, log: "is no validator's delegate",
		},
		{
			name: "attest-deposit: the operator, not its delegate", from: "validator", cli: []string{"bridge", "attest-deposit", "2", evmRecipient, carol, "5"},
			at: atDeliverTx, want: brtypes.ErrNotDelegate, log: "bridge messages come from its delegate",
		},

		// MsgBridgeOut
		{
			name: "bridge-out: short EVM address", from: "alice", cli: []string{"bridge", "bridge-out", "0x123", "5nsesh"},
			at: atCheckTx, want: brtypes.ErrInvalidEvmAddress, log: `EVM address "0x123"`,
		},
		{
			name: "bridge-out: zero EVM address", from: "alice", cli: []string{"bridge", "bridge-out", "0x" + strings.Repeat("0", 40), "5nsesh"},
			at: atCheckTx, want: brtypes.ErrInvalidEvmAddress, log: "EVM address is the zero address",
		},
		{
			name: "bridge-out: zero", from: "alice", cli: []string{"bridge", "bridge-out", evmRecipient, "0nsesh"},
			at: atCheckTx, want: brtypes.ErrInvalidAmount, log: "amount must be positive, got 0",
		},
		{
			name: "bridge-out: wrong denom", from: "alice", cli: []string{"bridge", "bridge-out", evmRecipient, "5stake"},
			at: atCheckTx, want: brtypes.ErrInvalidAmount, log: `amount must be in nsesh, got "stake"`,
		},
		{
			name: "bridge-out: above the withdrawal cap", from: "alice", cli: []string{"bridge", "bridge-out", evmRecipient, unaffordable + "nsesh"},
			at: atDeliverTx, want: brtypes.ErrAboveCap, log: "is above the withdrawal cap",
		},
		{
			name: "bridge-out: more than the balance", from: "alice", cli: []string{"bridge", "bridge-out", evmRecipient, belowCap + "nsesh"},
			at: atDeliverTx, want: brtypes.ErrInsufficientBalance, log: "bridge-out of " + belowCap + "nsesh",
		},
		{
			name: "bridge-out: amount over 256 bits", from: "alice", cli: []string{"bridge", "bridge-out", evmRecipient, overflowAmount + "nsesh"},
			at: atCheckTx, want: sdkerrors.ErrTxDecode, log: "integer out of range",
		},

		// MsgSignBatch
		{
			name: "sign-batch: batch 0", from: delegate, cli: []string{"bridge", "sign-batch", "0", sigHex},
			at: atCheckTx, want: brtypes.ErrBatchNotFound, log: "batch nonces start at 1",
		},
		{
			name: "sign-batch: unknown batch", from: delegate, cli: []string{"bridge", "sign-batch", "999", sigHex},
			at: atDeliverTx, want: brtypes.ErrBatchNotFound, log: "no batch 999",
		},
		{
			name: "sign-batch: signature neither hex nor base64", from: delegate, cli: []string{"bridge", "sign-batch", executedBatch, "zz"},
			at: atCLI, log: "input string is neither a valid file path, hex, or base64 encoded",
		},
		{
			name: "sign-batch: 2-byte signature", from: delegate, cli: []string{"bridge", "sign-batch", executedBatch, "abcd"},
			at: atCheckTx, want: brtypes.ErrInvalidSignature, log: "want 65 bytes (r, s, v), got 2",
		},
		{
			name: "sign-batch: v of 30", from: delegate, cli: []string{"bridge", "sign-batch", executedBatch, hex.EncodeToString(withV(30))},
			at: atCheckTx, want: brtypes.ErrInvalidSignature, log: "v must be 27 or 28, got 30",
		},
		{
			name: "sign-batch: executed batch", from: delegate, cli: []string{"bridge", "sign-batch", executedBatch, sigHex},
			at: atDeliverTx, want: brtypes.ErrBatchSettled, log: "batch " + executedBatch + " is BATCH_STATUS_EXECUTED since height",
		},
		{
			name: "sign-batch: not a delegate", from: "alice", cli: []string{"bridge", "sign-batch", executedBatch, sigHex},
			at: atDeliverTx, want: brtypes.ErrNotValidator, log: "is no validator's delegate",
		},

		// MsgAttestBatch
		{
			name: "attest-batch: batch 0", from: delegate, cli: []string{"bridge", "attest-batch", "0", "executed"},
			at: atCheckTx, want: brtypes.ErrBatchNotFound, log: "batch nonces start at 1",
		},
		{
			name: "attest-batch: unknown batch", from: delegate, cli: []string{"bridge", "attest-batch", "999", "expired"},
			at: atDeliverTx, want: brtypes.ErrBatchNotFound, log: "no batch 999",
		},
		{
			name: "attest-batch: no outcome", from: delegate,
			msg: msgJSON("/sessionchain.bridge.v1.MsgAttestBatch", "signer", delegateAddr, "nonce", executedBatch),
			at:  atCheckTx, want: brtypes.ErrInvalidRequest, log: "outcome must be executed or expired",
		},
		{
			name: "attest-batch: settled batch", from: delegate, cli: []string{"bridge", "attest-batch", executedBatch, "expired"},
			at: atDeliverTx, want: brtypes.ErrBatchSettled, log: "batch " + executedBatch + " is BATCH_STATUS_EXECUTED since height",
		},
		{
			name: "attest-batch: not a delegate", from: "alice", cli: []string{"bridge", "attest-batch", executedBatch, "executed"},
			at: atDeliverTx, want: brtypes.ErrNotValidator, log: "is no validator's delegate",
		},

		// MsgSignSignerSet
		{
			name: "sign-signer-set: nonce 0", from: delegate, cli: []string{"bridge", "sign-signer-set", "0", sigHex},
			at: atCheckTx, want: brtypes.ErrSignerSetNotFound, log: "signer set nonces start at 1",
		},
		{
			name: "sign-signer-set: unknown set", from: delegate, cli: []string{"bridge", "sign-signer-set", "99", sigHex},
			at: atDeliverTx, want: brtypes.ErrSignerSetNotFound, log: "no signer set 99",
		},
		{
			name: "sign-signer-set: short signature", from: delegate,
			msg: msgJSON(signSet, "signer", delegateAddr, "nonce", "1", "signature", otherDigest[:64]),
			at:  atCheckTx, want: brtypes.ErrInvalidSignature, log: "want 65 bytes (r, s, v), got 64",
		},
		{
			name: "sign-signer-set: signature of something else", from: delegate, cli: []string{"bridge", "sign-signer-set", "1", sigHex},
			at: atDeliverTx, want: brtypes.ErrInvalidSignature, log: "which is not a key of " + f.valoper,
		},
		{
			name: "sign-signer-set: not a delegate", from: "alice", cli: []string{"bridge", "sign-signer-set", "1", sigHex},
			at: atDeliverTx, want: brtypes.ErrNotValidator, log: "is no validator's delegate",
		},

		// MsgUpdateParams
		{
			name: "bridge update-params: not the authority", from: "alice",
			cli: []string{"bridge", "update-params-proposal", fmt.Sprintf(bridgeParamsJSON, badInputContract, 500), "--no-proposal"},
			at:  atDeliverTx, want: brtypes.ErrInvalidAuthority, log: "got " + f.addr["alice"],
		},
		{
			name: "bridge update-params: no signer set change", from: "alice",
			cli: []string{"bridge", "update-params-proposal", fmt.Sprintf(bridgeParamsJSON, badInputContract, 0), "--no-proposal"},
			at:  atCheckTx, want: brtypes.ErrInvalidParams, log: "signer_set_change_bps must be in 1..10000, got 0",
		},
		{
			name: "bridge update-params: short contract address", from: "alice",
			cli: []string{"bridge", "update-params-proposal", fmt.Sprintf(bridgeParamsJSON, "0x123", 500), "--no-proposal"},
			at:  atCheckTx, want: brtypes.ErrInvalidParams, log: `contract_address: EVM address "0x123"`,
		},
	}
}
