package testutil

import (
	"context"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
)

// EncodeSignedTx returns msgs as an encoded transaction signed
// (SIGN_MODE_DIRECT) by priv as account number at sequence on chainID, with
// the gas limit and fee given and no memo: for transactions signed ahead of
// the blocks that carry them, in-process or sent to a node.
func EncodeSignedTx(txConfig client.TxConfig, chainID string, priv cryptotypes.PrivKey, number, sequence, gas uint64, fee sdk.Coins, msgs ...sdk.Msg) ([]byte, error) {
	return encodeSignedTx(txConfig, chainID, priv, number, sequence, gas, fee, "", 0, msgs...)
}

// EncodeSignedTxWith is EncodeSignedTx without a fee, with a memo and a
// timeout height (0: none).
func EncodeSignedTxWith(txConfig client.TxConfig, chainID string, priv cryptotypes.PrivKey, number, sequence, gas uint64, memo string, timeoutHeight uint64, msgs ...sdk.Msg) ([]byte, error) {
	return encodeSignedTx(txConfig, chainID, priv, number, sequence, gas, nil, memo, timeoutHeight, msgs...)
}

func encodeSignedTx(txConfig client.TxConfig, chainID string, priv cryptotypes.PrivKey, number, sequence, gas uint64, fee sdk.Coins,
	memo string, timeoutHeight uint64, msgs ...sdk.Msg,
) ([]byte, error) {
	builder := txConfig.NewTxBuilder()
	if err := builder.SetMsgs(msgs...); err != nil {
		return nil, err
	}
	builder.SetGasLimit(gas)
	builder.SetFeeAmount(fee)
	builder.SetMemo(memo)
	builder.SetTimeoutHeight(timeoutHeight)
	// The signer info goes in first, with an empty signature: the signed
	// bytes cover it.
	mode := signing.SignMode_SIGN_MODE_DIRECT
	if err := builder.SetSignatures(signing.SignatureV2{
		PubKey: priv.PubKey(), Data: &signing.SingleSignatureData{SignMode: mode}, Sequence: sequence,
	}); err != nil {
		return nil, err
	}
	signer := authsigning.SignerData{
		Address: sdk.AccAddress(priv.PubKey().Address()).String(), ChainID: chainID,
		AccountNumber: number, Sequence: sequence, PubKey: priv.PubKey(),
	}
	sig, err := clienttx.SignWithPrivKey(context.Background(), mode, signer, builder, priv, txConfig, sequence)
	if err != nil {
		return nil, err
	}
	if err := builder.SetSignatures(sig); err != nil {
		return nil, err
	}
	return txConfig.TxEncoder()(builder.GetTx())
}
