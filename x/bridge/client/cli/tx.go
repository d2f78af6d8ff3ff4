// Package cli holds the bridge commands AutoCLI cannot express: registering
// an EVM key signs a proof with that key, which needs the key file.
package cli

import (
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/modulecli"
)

const (
	flagEvmKeyFile  = "evm-key-file"
	flagEvmPassword = "evm-password-file"
	flagDelegate    = "delegate"
)

// NewTxCmd returns the hand-written bridge tx commands.
func NewTxCmd() *cobra.Command {
	return modulecli.Group(types.ModuleName, "Bridge transactions", NewRegisterEvmKeyCmd())
}

// NewRegisterEvmKeyCmd registers the EVM key a validator signs bridge
// digests with and the delegate account its relayer sends bridge messages
// from, proving possession of the EVM key by signing the chain id, the
// validator's address and the delegate.
func NewRegisterEvmKeyCmd() *cobra.Command {
	cmd := modulecli.TxCmd("register-evm-key", "Register the EVM key your validator signs bridge digests with, and its relayer's delegate account",
		"Signs a proof of possession (the chain id, your valoper address and the delegate) with the EVM key and\n"+
			"registers its address and the delegate for the validator whose operator key is --from. The delegate is\n"+
			"the account session-relayer sends bridge messages from (never the operator account). Registering another\n"+
			"key rotates: the old key keeps signing until the contract holds a signer set without it, and the next\n"+
			"rotation waits for that and for the key_rotation_min_blocks param. The key file must be mode 0600.",
		"sessiond tx bridge register-evm-key --evm-key-file ~/.session-relayer/evm.json "+
			"--evm-password-file ~/.session-relayer/evm.pass --delegate session1... --from validator --chain-id session-1",
		cobra.NoArgs,
		func(cmd *cobra.Command, clientCtx client.Context, _ []string) (sdk.Msg, error) {
			keyFile, err := cmd.Flags().GetString(flagEvmKeyFile)
			if err != nil {
				return nil, err
			}
			if keyFile == "" {
				return nil, fmt.Errorf("--%s is required", flagEvmKeyFile)
			}
			pwFile, err := cmd.Flags().GetString(flagEvmPassword)
			if err != nil {
				return nil, err
			}
			delegate, err := cmd.Flags().GetString(flagDelegate)
			if err != nil {
				return nil, err
			}
			if delegate == "" {
				return nil, fmt.Errorf("--%s is required: the account your relayer sends bridge messages from", flagDelegate)
			}
			key, err := evmkey.Load(keyFile, pwFile)
			if err != nil {
				return nil, err
			}
			if clientCtx.ChainID == "" {
				return nil, fmt.Errorf("the proof covers the chain id: set --chain-id")
			}
			from := clientCtx.GetFromAddress()
			valoper, err := clientCtx.InterfaceRegistry.SigningContext().ValidatorAddressCodec().BytesToString(sdk.ValAddress(from))
			if err != nil {
				return nil, err
			}
			sig, err := evmkey.Sign(key, types.EvmKeyDigest(clientCtx.ChainID, valoper, delegate))
			if err != nil {
				return nil, err
			}
			fromStr, err := clientCtx.InterfaceRegistry.SigningContext().AddressCodec().BytesToString(from)
			if err != nil {
				return nil, err
			}
			msg := &types.MsgRegisterEvmKey{
				Validator:  fromStr,
				EvmAddress: crypto.PubkeyToAddress(key.PublicKey).Hex(),
				Signature:  sig,
				Delegate:   delegate,
			}
			return msg, nil
		})
	cmd.Flags().String(flagEvmKeyFile, "", "EVM key: a go-ethereum keystore file, or a file with the private key in hex")
	cmd.Flags().String(flagEvmPassword, "", "file with the keystore's password")
	cmd.Flags().String(flagDelegate, "", "account (session1...) that sends the validator's bridge messages (required)")
	return cmd
}
