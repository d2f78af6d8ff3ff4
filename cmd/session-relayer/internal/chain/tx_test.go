package chain

import (
	"context"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	signingtypes "github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"

	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

func TestMsgIndex(t *testing.T) {
	require.Equal(t, 2, msgIndex("failed to execute message; message index: 2: attest deposit 5 first, got 6: deposit nonce out of order"))
	require.Equal(t, -1, msgIndex("out of gas in location: WriteFlat"))
	require.Equal(t, -1, msgIndex(""))
}

func TestTxErrorMessage(t *testing.T) {
	err := &TxError{Stage: "deliver", Code: 17, Codespace: "bridge", TxHash: "AB", MsgIndex: 0, Log: "transfer already executed"}
	require.Equal(t, "tx failed in deliver with code 17 (bridge), hash AB, message 0: transfer already executed", err.Error())
	err = &TxError{Stage: "simulate", MsgIndex: -1, Log: "boom"}
	require.Equal(t, "tx failed in simulate: boom", err.Error())
}

// TestSignedTxCarriesTheOperator builds and signs a bridge transaction with
// the relayer's own codec, as Send does, and checks that the chain would
// read the validator's operator account as its signer.
func TestSignedTxCarriesTheOperator(t *testing.T) {
	cdc, err := NewCodec()
	require.NoError(t, err)
	kr, err := keyring.New("sessiond", keyring.BackendMemory, "", nil, cdc.Proto)
	require.NoError(t, err)
	rec, _, err := kr.NewMnemonic("validator", keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	require.NoError(t, err)
	addr, err := rec.GetAddress()
	require.NoError(t, err)
	account, err := cdc.AddressCodec.BytesToString(addr)
	require.NoError(t, err)
	require.Regexp(t, "^session1", account)
	valoper, err := cdc.ValoperCodec.BytesToString(addr)
	require.NoError(t, err)
	require.Regexp(t, "^sessionvaloper1", valoper)

	msg := &bridgetypes.MsgAttestDeposit{Signer: account, Claim: bridgetypes.DepositClaim{
		Nonce: 1, EvmSender: "0x71562b71999873DB5b286dF957af199Ec94617F7", Recipient: "session1x", Amount: math.NewInt(5),
	}}
	_, err = sdk.AccAddressFromBech32(account)
	require.NoError(t, err, "the global bech32 prefixes are the chain's")
	require.NoError(t, msg.ValidateBasic())
	txf := clienttx.Factory{}.WithTxConfig(cdc.TxConfig).WithKeybase(kr).WithChainID("sessiontest-1").
		WithGas(200_000).WithGasPrices("0nsesh").WithAccountNumber(7).WithSequence(3)
	builder, err := txf.BuildUnsignedTx(msg)
	require.NoError(t, err)
	require.NoError(t, clienttx.Sign(context.Background(), txf, "validator", builder, true))
	bz, err := cdc.TxConfig.TxEncoder()(builder.GetTx())
	require.NoError(t, err)

	decoded, err := cdc.TxConfig.TxDecoder()(bz)
	require.NoError(t, err)
	signers, err := decoded.(authsigning.SigVerifiableTx).GetSigners()
	require.NoError(t, err)
	require.Equal(t, [][]byte{addr}, signers)
	sigs, err := decoded.(authsigning.SigVerifiableTx).GetSignaturesV2()
	require.NoError(t, err)
	require.Len(t, sigs, 1)
	require.Equal(t, uint64(3), sigs[0].Sequence)
	require.Equal(t, signingtypes.SignMode_SIGN_MODE_DIRECT, sigs[0].Data.(*signingtypes.SingleSignatureData).SignMode)

	// Every bridge message the relayer sends resolves its signer (the
	// validator's delegate key) through the codec.
	for _, m := range []sdk.Msg{
		&bridgetypes.MsgSignBatch{Signer: account},
		&bridgetypes.MsgSignSignerSet{Signer: account},
		&bridgetypes.MsgSignAdminOp{Signer: account},
		&bridgetypes.MsgAttestBatch{Signer: account},
		&bridgetypes.MsgAttestContractState{Signer: account},
	} {
		got, _, err := cdc.Proto.GetMsgV1Signers(m)
		require.NoError(t, err)
		require.Equal(t, [][]byte{addr}, got)
	}
}
