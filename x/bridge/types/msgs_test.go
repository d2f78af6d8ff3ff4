package types_test

import (
	"bytes"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// goodSig is a signature in the contract's form; ValidateBasic checks only
// the form.
var goodSig = append(bytes.Repeat([]byte{1}, 64), 27)

// maxUint256 is the largest amount the contract handles, and the largest
// math.Int.
var maxUint256 = math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))

// maxDeposit is the largest deposit the contract takes, 2^128 - 1.
var maxDeposit = math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1)))

func goodClaim() types.DepositClaim {
	return types.DepositClaim{Nonce: 1, EvmSender: evmAddr(1).Hex(), Recipient: testAcc(1), Amount: math.NewInt(1_000)}
}

func TestDepositClaimValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *types.DepositClaim)
		ok     bool
	}{
		{"valid", func(*types.DepositClaim) {}, true},
		{"lowercase sender", func(c *types.DepositClaim) { c.EvmSender = strings.ToLower(c.EvmSender) }, true},
		{"recipient that is not an address", func(c *types.DepositClaim) { c.Recipient = "not an address" }, true},
		{"recipient of 128 bytes", func(c *types.DepositClaim) { c.Recipient = strings.Repeat("r", 128) }, true},
		{"largest deposit, 2^128 - 1", func(c *types.DepositClaim) { c.Amount = maxDeposit }, true},
		{"2^128", func(c *types.DepositClaim) { c.Amount = maxDeposit.AddRaw(1) }, false},
		{"largest uint256", func(c *types.DepositClaim) { c.Amount = maxUint256 }, false},
		{"zero nonce", func(c *types.DepositClaim) { c.Nonce = 0 }, false},
		{"empty sender", func(c *types.DepositClaim) { c.EvmSender = "" }, false},
		{"zero sender", func(c *types.DepositClaim) { c.EvmSender = "0x0000000000000000000000000000000000000000" }, false},
		{"sender with a bad checksum", func(c *types.DepositClaim) { c.EvmSender = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD" }, false},
		{"short sender", func(c *types.DepositClaim) { c.EvmSender = c.EvmSender[:41] }, false},
		{"empty recipient", func(c *types.DepositClaim) { c.Recipient = "" }, false},
		{"recipient of 129 bytes", func(c *types.DepositClaim) { c.Recipient = strings.Repeat("r", 129) }, false},
		{"zero amount", func(c *types.DepositClaim) { c.Amount = math.ZeroInt() }, false},
		{"negative amount", func(c *types.DepositClaim) { c.Amount = math.NewInt(-5) }, false},
		{"nil amount", func(c *types.DepositClaim) { c.Amount = math.Int{} }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := goodClaim()
			tc.change(&c)

			err := c.Validate()

			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrInvalidClaim)
		})
	}
}

func TestDepositClaimSame(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *types.DepositClaim)
		same   bool
	}{
		{"identical", func(*types.DepositClaim) {}, true},
		{"amount built another way", func(c *types.DepositClaim) { c.Amount = math.NewIntFromUint64(1_000) }, true},
		{"another nonce", func(c *types.DepositClaim) { c.Nonce = 2 }, false},
		{"another sender", func(c *types.DepositClaim) { c.EvmSender = evmAddr(2).Hex() }, false},
		{"another recipient", func(c *types.DepositClaim) { c.Recipient = testAcc(2) }, false},
		{"another amount", func(c *types.DepositClaim) { c.Amount = math.NewInt(1_001) }, false},
		{"nil amount", func(c *types.DepositClaim) { c.Amount = math.Int{} }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := goodClaim(), goodClaim()
			tc.change(&b)

			require.Equal(t, tc.same, a.Same(b))
			require.Equal(t, tc.same, b.Same(a), "Same is symmetric")
		})
	}
	nilAmount := goodClaim()
	nilAmount.Amount = math.Int{}
	require.False(t, nilAmount.Same(nilAmount), "a claim without an amount matches nothing")
}

func TestMsgsValidateBasic(t *testing.T) {
	coin := func(denom string, amount int64) sdk.Coin { return sdk.Coin{Denom: denom, Amount: math.NewInt(amount)} }
	v0 := bytes.Clone(goodSig)
	v0[64] = 0
	badClaim := goodClaim()
	badClaim.Nonce = 0
	badParams := types.DefaultParams()
	badParams.SignerSetChangeBps = 0
	tests := []struct {
		name    string
		msg     sdk.HasValidateBasic
		wantErr error
	}{
		{"register key", &types.MsgRegisterEvmKey{Validator: testAcc(1), EvmAddress: eip55, Delegate: testAcc(2), Signature: goodSig}, nil},
		{"register key: zero address", &types.MsgRegisterEvmKey{Validator: testAcc(1), EvmAddress: "0x0000000000000000000000000000000000000000", Delegate: testAcc(2), Signature: goodSig}, types.ErrInvalidEvmAddress},
		{"register key: bad checksum", &types.MsgRegisterEvmKey{Validator: testAcc(1), EvmAddress: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", Delegate: testAcc(2), Signature: goodSig}, types.ErrInvalidEvmAddress},
		{"register key: no delegate", &types.MsgRegisterEvmKey{Validator: testAcc(1), EvmAddress: eip55, Signature: goodSig}, types.ErrInvalidDelegate},
		{"register key: the operator as delegate", &types.MsgRegisterEvmKey{Validator: testAcc(1), EvmAddress: eip55, Delegate: testAcc(1), Signature: goodSig}, types.ErrInvalidDelegate},
		{"register key: 64-byte signature", &types.MsgRegisterEvmKey{Validator: testAcc(1), EvmAddress: eip55, Delegate: testAcc(2), Signature: goodSig[:64]}, types.ErrInvalidSignature},
		{"register key: v = 0", &types.MsgRegisterEvmKey{Validator: testAcc(1), EvmAddress: eip55, Delegate: testAcc(2), Signature: v0}, types.ErrInvalidSignature},

		{"attest deposit", &types.MsgAttestDeposit{Signer: testAcc(1), Claim: goodClaim()}, nil},
		// The signer's address is the SDK's to decode (GetSigners), not ValidateBasic's.
		{"attest deposit: signer not decoded here", &types.MsgAttestDeposit{Signer: "session1nope", Claim: goodClaim()}, nil},
		{"attest deposit: bad claim", &types.MsgAttestDeposit{Signer: testAcc(1), Claim: badClaim}, types.ErrInvalidClaim},

		{"bridge out", &types.MsgBridgeOut{Sender: testAcc(1), EvmRecipient: eip55, Amount: coin(types.Denom, 1)}, nil},
		{"bridge out with a fee", &types.MsgBridgeOut{Sender: testAcc(1), EvmRecipient: eip55, Amount: coin(types.Denom, 1), Fee: coin(types.Denom, 0)}, nil},
		{"bridge out: zero recipient", &types.MsgBridgeOut{Sender: testAcc(1), EvmRecipient: "0x0000000000000000000000000000000000000000", Amount: coin(types.Denom, 1)}, types.ErrInvalidEvmAddress},
		{"bridge out: recipient not hex", &types.MsgBridgeOut{Sender: testAcc(1), EvmRecipient: testAcc(2), Amount: coin(types.Denom, 1)}, types.ErrInvalidEvmAddress},
		{"bridge out: wrong denom", &types.MsgBridgeOut{Sender: testAcc(1), EvmRecipient: eip55, Amount: coin("stake", 1)}, types.ErrInvalidAmount},
		{"bridge out: zero", &types.MsgBridgeOut{Sender: testAcc(1), EvmRecipient: eip55, Amount: coin(types.Denom, 0)}, types.ErrInvalidAmount},
		{"bridge out: nil amount", &types.MsgBridgeOut{Sender: testAcc(1), EvmRecipient: eip55, Amount: sdk.Coin{Denom: types.Denom}}, types.ErrInvalidAmount},
		{"bridge out: fee in another denom", &types.MsgBridgeOut{Sender: testAcc(1), EvmRecipient: eip55, Amount: coin(types.Denom, 1), Fee: coin("stake", 1)}, types.ErrInvalidAmount},
		{"bridge out: negative fee", &types.MsgBridgeOut{Sender: testAcc(1), EvmRecipient: eip55, Amount: coin(types.Denom, 1), Fee: coin(types.Denom, -1)}, types.ErrInvalidAmount},

		{"cancel bridge out", &types.MsgCancelBridgeOut{Sender: testAcc(1), TransferId: 1}, nil},
		{"cancel bridge out: id 0", &types.MsgCancelBridgeOut{Sender: testAcc(1)}, types.ErrTransferNotFound},

		{"sign batch", &types.MsgSignBatch{Signer: testAcc(1), Nonce: 1, Signature: goodSig}, nil},
		{"sign batch: nonce 0", &types.MsgSignBatch{Signer: testAcc(1), Signature: goodSig}, types.ErrBatchNotFound},
		{"sign batch: v = 0", &types.MsgSignBatch{Signer: testAcc(1), Nonce: 1, Signature: v0}, types.ErrInvalidSignature},

		{"sign signer set", &types.MsgSignSignerSet{Signer: testAcc(1), Nonce: 1, Signature: goodSig}, nil},
		{"sign signer set: nonce 0", &types.MsgSignSignerSet{Signer: testAcc(1), Signature: goodSig}, types.ErrSignerSetNotFound},
		{"sign signer set: 66 bytes", &types.MsgSignSignerSet{Signer: testAcc(1), Nonce: 1, Signature: append(bytes.Clone(goodSig), 0)}, types.ErrInvalidSignature},

		{"sign admin op", &types.MsgSignAdminOp{Signer: testAcc(1), Nonce: 1, Signature: goodSig}, nil},
		{"sign admin op: nonce 0", &types.MsgSignAdminOp{Signer: testAcc(1), Signature: goodSig}, types.ErrAdminOpNotFound},

		{"attest batch", &types.MsgAttestBatch{Signer: testAcc(1), Nonce: 1, Outcome: types.BATCH_OUTCOME_EXPIRED}, nil},
		{"attest batch: nonce 0", &types.MsgAttestBatch{Signer: testAcc(1), Outcome: types.BATCH_OUTCOME_EXECUTED}, types.ErrBatchNotFound},
		{"attest batch: no outcome", &types.MsgAttestBatch{Signer: testAcc(1), Nonce: 1}, types.ErrInvalidRequest},

		{"attest contract state", &types.MsgAttestContractState{Signer: testAcc(1), SignerSetNonce: 1}, nil},
		{"attest contract state: no set", &types.MsgAttestContractState{Signer: testAcc(1)}, types.ErrSignerSetNotFound},

		{"evidence", &types.MsgSubmitBadSignatureEvidence{Submitter: testAcc(1), Item: types.SignedItem{Kind: types.SIGNED_ITEM_KIND_PAUSE, Nonce: 1}, Signature: goodSig}, nil},
		{"evidence: unknown kind", &types.MsgSubmitBadSignatureEvidence{Submitter: testAcc(1), Signature: goodSig}, types.ErrInvalidEvidence},
		{"evidence: empty batch", &types.MsgSubmitBadSignatureEvidence{Submitter: testAcc(1), Item: types.SignedItem{Kind: types.SIGNED_ITEM_KIND_BATCH}, Signature: goodSig}, types.ErrInvalidEvidence},
		{"evidence: bad signature", &types.MsgSubmitBadSignatureEvidence{Submitter: testAcc(1), Item: types.SignedItem{Kind: types.SIGNED_ITEM_KIND_PAUSE}, Signature: v0}, types.ErrInvalidSignature},

		{"update params", &types.MsgUpdateParams{Authority: testAcc(1), Params: types.DefaultParams()}, nil},
		{"update params: bad params", &types.MsgUpdateParams{Authority: testAcc(1), Params: badParams}, types.ErrInvalidParams},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.msg.ValidateBasic()

			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			for _, other := range []error{
				types.ErrInvalidAddress, types.ErrInvalidEvmAddress, types.ErrInvalidSignature,
				types.ErrInvalidClaim, types.ErrInvalidAmount, types.ErrTransferNotFound, types.ErrSignerSetNotFound, types.ErrInvalidParams,
				types.ErrInvalidDelegate, types.ErrBatchNotFound, types.ErrAdminOpNotFound, types.ErrInvalidEvidence, types.ErrInvalidRequest,
			} {
				if !errors.Is(tc.wantErr, other) {
					require.NotErrorIs(t, err, other, "one registered error per refusal")
				}
			}
		})
	}
}
