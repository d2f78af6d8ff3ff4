package types_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil/fuzzcheck"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// signatureOK is the form of a signature the chain takes: 65 bytes r ‖ s ‖ v
// with v = 27 or 28.
func signatureOK(sig []byte) bool {
	return len(sig) == types.SignatureLength && (sig[64] == 27 || sig[64] == 28)
}

// FuzzMsgAttestDepositValidateBasic checks MsgAttestDeposit and its claim's
// Validate against the rules written out independently: a nonce from 1, an
// EVM sender, a recipient of 1 to 128 bytes (any bytes: a deposit to
// something else is refunded) and a positive amount below 2^128 (the
// contract's largest deposit), whatever the delegate (the signer: the SDK checks it). Neither panics; a
// bad claim fails with ErrInvalidClaim, and the message exactly as its claim.
func FuzzMsgAttestDepositValidateBasic(f *testing.F) {
	f.Add(testAcc(1), uint64(1), evmAddr(1).Hex(), testAcc(1), "1000")
	f.Add(testAcc(1), uint64(0), evmAddr(1).Hex(), testAcc(1), "1000")
	f.Add(testAcc(1), uint64(7), strings.ToLower(evmAddr(2).Hex()), "anything", "1")
	f.Add(testAcc(1), uint64(1), "0x0000000000000000000000000000000000000000", testAcc(1), "1")
	f.Add(testAcc(1), uint64(1), evmAddr(1).Hex(), "", "1")
	f.Add(testAcc(1), uint64(1), evmAddr(1).Hex(), strings.Repeat("x", 129), "1")
	f.Add(testAcc(1), uint64(1), evmAddr(1).Hex(), "\xff\xfe", "1")
	f.Add(testAcc(1), uint64(1), evmAddr(1).Hex(), testAcc(1), "0")
	f.Add(testAcc(1), uint64(1), evmAddr(1).Hex(), testAcc(1), "-1")
	f.Add(testAcc(1), uint64(1), evmAddr(1).Hex(), testAcc(1), maxUint256.String())
	f.Add(testAcc(1), uint64(1), evmAddr(1).Hex(), testAcc(1), "115792089237316195423570985008687907853269984665640564039457584007913129639936") // 2^256
	f.Add(testVal(1), ^uint64(0), "0x", "x", "")
	f.Add(testVal(1), uint64(1), evmAddr(1).Hex(), testAcc(1), "1000")
	f.Add("", uint64(1), evmAddr(1).Hex(), testAcc(1), "1000")
	f.Fuzz(func(t *testing.T, validator string, nonce uint64, sender, recipient, amount string) {
		var amt math.Int // the nil Int of a message without an amount
		if a, ok := math.NewIntFromString(amount); ok {
			amt = a
		}
		c := types.DepositClaim{Nonce: nonce, EvmSender: sender, Recipient: recipient, Amount: amt}
		m := &types.MsgAttestDeposit{Signer: validator, Claim: c}

		claimErr, msgErr := c.Validate(), m.ValidateBasic()

		withSigner := *m
		withSigner.Signer = testAcc(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), msgErr, "the result depends on the validator %q", validator)
		fuzzcheck.RequireSameResult(t, claimErr, msgErr, "the message is not refused as its claim")
		_, senderErr := types.ParseEvmAddress(sender)
		claimOK := nonce > 0 && senderErr == nil &&
			len(recipient) >= 1 && len(recipient) <= types.MaxRecipientLength &&
			!amt.IsNil() && amt.IsPositive() && amt.BigInt().BitLen() <= types.MaxDepositBits
		if claimOK {
			require.NoError(t, claimErr)
		} else {
			require.ErrorIs(t, claimErr, types.ErrInvalidClaim)
			fuzzcheck.RequireRegistered(t, claimErr, types.ModuleName)
		}
		switch {
		case !claimOK:
			require.ErrorIs(t, msgErr, types.ErrInvalidClaim)
		default:
			require.NoError(t, msgErr)
			return
		}
		fuzzcheck.RequireRegistered(t, msgErr, types.ModuleName)
	})
}

// FuzzMsgRegisterEvmKeyValidateBasic checks that ValidateBasic never panics
// and accepts exactly an EVM address, a delegate other than the operator
// account and a signature in the contract's form, refusing anything else
// with the registered error of the first bad field.
func FuzzMsgRegisterEvmKeyValidateBasic(f *testing.F) {
	f.Add(testAcc(1), eip55, testAcc(2), goodSig)
	f.Add(testAcc(1), strings.ToLower(eip55), testAcc(2), append(bytes.Repeat([]byte{1}, 64), 28))
	f.Add(testVal(1), eip55, testAcc(2), goodSig)
	f.Add(testAcc(1), eip55, testAcc(1), goodSig)
	f.Add(testAcc(1), eip55, "", goodSig)
	f.Add(testAcc(1), "0x0000000000000000000000000000000000000000", testAcc(2), goodSig)
	f.Add(testAcc(1), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", testAcc(2), goodSig)
	f.Add(testAcc(1), eip55, testAcc(2), goodSig[:64])
	f.Add(testAcc(1), eip55, testAcc(2), append(bytes.Repeat([]byte{1}, 64), 0))
	f.Add("", "0x", "", goodSig)
	f.Fuzz(func(t *testing.T, validator, evmAddress, delegate string, sig []byte) {
		m := &types.MsgRegisterEvmKey{Validator: validator, EvmAddress: evmAddress, Delegate: delegate, Signature: sig}

		err := m.ValidateBasic()

		_, evmErr := types.ParseEvmAddress(evmAddress)
		switch {
		case evmErr != nil:
			require.ErrorIs(t, err, types.ErrInvalidEvmAddress)
		case delegate == "" || delegate == validator:
			require.ErrorIs(t, err, types.ErrInvalidDelegate)
		case !signatureOK(sig):
			require.ErrorIs(t, err, types.ErrInvalidSignature)
		default:
			require.NoError(t, err)
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}

// FuzzMsgBridgeOutValidateBasic checks that ValidateBasic never panics and
// accepts exactly an EVM recipient (not the zero address) and a positive
// amount of nsesh below 2^128, with no fee (the bridge fee), whatever the
// sender (the signer: the SDK checks it), refusing anything else with the
// registered error of the first bad field.
func FuzzMsgBridgeOutValidateBasic(f *testing.F) {
	f.Add(testAcc(1), eip55, types.Denom, []byte{1}, false)
	f.Add(testAcc(1), strings.ToLower(eip55), types.Denom, fuzzcheck.MaxInt(), false)
	f.Add(testVal(1), eip55, types.Denom, []byte{1}, false)
	f.Add(testAcc(1), "0x0000000000000000000000000000000000000000", types.Denom, []byte{1}, false)
	f.Add(testAcc(1), testAcc(2), types.Denom, []byte{1}, false)
	f.Add(testAcc(1), eip55, "stake", []byte{1}, false)
	f.Add(testAcc(1), eip55, types.Denom, []byte{}, false)
	f.Add(testAcc(1), eip55, types.Denom, []byte{}, true)
	f.Add(testAcc(1), eip55, types.Denom, []byte{1}, true)
	f.Add("", eip55, "stake", []byte{1}, false)
	f.Fuzz(func(t *testing.T, sender, recipient, denom string, amountBytes []byte, negative bool) {
		amount := fuzzcheck.Int(amountBytes, negative)
		m := &types.MsgBridgeOut{Sender: sender, EvmRecipient: recipient, Amount: sdk.Coin{Denom: denom, Amount: amount}}

		err := m.ValidateBasic()

		withSigner := *m
		withSigner.Sender = testAcc(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the sender %q", sender)
		to, evmErr := types.ParseEvmAddress(recipient)
		switch {
		case evmErr != nil:
			require.ErrorIs(t, err, types.ErrInvalidEvmAddress)
		case denom != types.Denom, amount.IsNil() || !amount.IsPositive() || amount.BigInt().BitLen() > types.MaxDepositBits:
			require.ErrorIs(t, err, types.ErrInvalidAmount)
		default:
			require.NoError(t, err)
			require.NotEqual(t, common.Address{}, to)
			require.LessOrEqual(t, amount.BigInt().BitLen(), 256, "the contract takes a uint256")
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}

// FuzzMsgSignValidateBasic checks the messages a validator's relayer sends
// about a batch, a signer set or an admin operation (MsgSignBatch,
// MsgSignSignerSet, MsgSignAdminOp): ValidateBasic never panics and accepts
// exactly a nonce from 1 and a signature in the contract's form, whatever
// the delegate (the signer: the SDK checks it), refusing anything else with
// the registered error of the first bad field.
func FuzzMsgSignValidateBasic(f *testing.F) {
	f.Add(testAcc(1), uint64(1), goodSig)
	f.Add(testAcc(1), ^uint64(0), append(bytes.Repeat([]byte{0xff}, 64), 28))
	f.Add(testAcc(1), uint64(0), goodSig)
	f.Add(testVal(1), uint64(1), goodSig)
	f.Add("", uint64(1), goodSig)
	f.Add(testAcc(1), uint64(1), []byte{})
	f.Add(testAcc(1), uint64(1), append(bytes.Repeat([]byte{1}, 64), 1))
	f.Add(testVal(1), uint64(0), []byte{})
	f.Fuzz(func(t *testing.T, signer string, nonce uint64, sig []byte) {
		for _, tc := range []struct {
			msg, withSigner sdk.HasValidateBasic // with the fuzzed signer, and with a fixed valid one
			zeroNonce       error
		}{
			{
				&types.MsgSignBatch{Signer: signer, Nonce: nonce, Signature: sig},
				&types.MsgSignBatch{Signer: testAcc(1), Nonce: nonce, Signature: sig},
				types.ErrBatchNotFound,
			},
			{
				&types.MsgSignSignerSet{Signer: signer, Nonce: nonce, Signature: sig},
				&types.MsgSignSignerSet{Signer: testAcc(1), Nonce: nonce, Signature: sig},
				types.ErrSignerSetNotFound,
			},
			{
				&types.MsgSignAdminOp{Signer: signer, Nonce: nonce, Signature: sig},
				&types.MsgSignAdminOp{Signer: testAcc(1), Nonce: nonce, Signature: sig},
				types.ErrAdminOpNotFound,
			},
		} {
			err := tc.msg.ValidateBasic()

			fuzzcheck.RequireSameResult(t, tc.withSigner.ValidateBasic(), err, "%T: the result depends on the signer %q", tc.msg, signer)
			switch {
			case nonce == 0:
				require.ErrorIs(t, err, tc.zeroNonce, "%T", tc.msg)
			case !signatureOK(sig):
				require.ErrorIs(t, err, types.ErrInvalidSignature, "%T", tc.msg)
			default:
				require.NoError(t, err, "%T", tc.msg)
				continue
			}
			fuzzcheck.RequireRegistered(t, err, types.ModuleName)
		}
	})
}

// FuzzMsgUpdateParamsValidateBasic checks that ValidateBasic never panics and
// accepts exactly a signer-set change of 1 to 10,000 bps and either no
// contract or an EVM contract address with its chain id, whatever the
// authority (the signer: the SDK checks it), refusing anything else with
// ErrInvalidParams; a configured bridge then has a bridge id.
func FuzzMsgUpdateParamsValidateBasic(f *testing.F) {
	f.Add(testAcc(1), false, uint64(0), "", uint32(types.DefaultSignerSetChangeBps))
	f.Add(testAcc(1), true, uint64(1), eip55, uint32(types.BasisPoints))
	f.Add(testAcc(1), false, ^uint64(0), strings.ToLower(eip55), uint32(1))
	f.Add(testAcc(1), false, uint64(0), eip55, uint32(500))
	f.Add(testAcc(1), false, uint64(1), "0x0000000000000000000000000000000000000000", uint32(500))
	f.Add(testAcc(1), false, uint64(1), eip55, uint32(0))
	f.Add(testAcc(1), false, uint64(1), eip55, uint32(types.BasisPoints)+1)
	f.Add("gov", false, uint64(1), eip55, uint32(500))
	f.Add("", false, uint64(0), eip55, uint32(500))
	f.Fuzz(func(t *testing.T, authority string, paused bool, evmChainID uint64, contract string, bps uint32) {
		p := types.DefaultParams()
		p.Paused, p.EvmChainId, p.ContractAddress, p.SignerSetChangeBps, p.BridgeName = paused, evmChainID, contract, bps, "session-1"
		m := &types.MsgUpdateParams{Authority: authority, Params: p}

		err := m.ValidateBasic()

		withSigner := *m
		withSigner.Authority = testAcc(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the authority %q", authority)
		addr, evmErr := types.ParseEvmAddress(contract)
		paramsOK := bps >= 1 && bps <= types.BasisPoints &&
			(contract == "" || evmChainID != 0 && evmErr == nil)
		switch {
		case !paramsOK:
			require.ErrorIs(t, err, types.ErrInvalidParams)
		default:
			require.NoError(t, err)
			if p.Configured() {
				require.NotEqual(t, common.Hash{}, types.BridgeID(evmChainID, addr, "sessionchain-1"))
			}
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}
