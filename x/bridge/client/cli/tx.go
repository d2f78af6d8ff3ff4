// Package cli holds the bridge commands AutoCLI cannot express: registering
// an EVM key signs a proof with that key, which needs the key file.
package cli

import (
	"fmt"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

const (
	flagEvmKeyFile  = "evm-key-file"
	flagEvmPassword = "evm-password-file"
)

// NewTxCmd returns the hand-written bridge tx commands.
func NewTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Bridge transactions",
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(NewRegisterEvmKeyCmd())
	return cmd
}

// NewRegisterEvmKeyCmd registers the EVM key a validator signs bridge
// messages with, proving possession by signing the validator's address.
func NewRegisterEvmKeyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "register-evm-key",
		Short: "Register the EVM key your validator signs bridge transfers and signer sets with",
		Long: "Signs a proof of possession (the chain id and your valoper address) with the EVM key and registers its\n" +
			"address for the validator whose operator key is --from. session-relayer does this on start if needed.",
		Example: "sessiond tx bridge register-evm-key --evm-key-file ~/.session-relayer/evm.json " +
			"--evm-password-file ~/.session-relayer/evm.pass --from validator --chain-id session-1",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The arguments parsed: an error from here on is about their values, which
			// the usage text would bury (AutoCLI's commands print no usage either).
			cmd.SilenceUsage = true
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			keyFile, err := cmd.Flags().GetString(flagEvmKeyFile)
			if err != nil {
				return err
			}
			if keyFile == "" {
				return fmt.Errorf("--%s is required", flagEvmKeyFile)
			}
			pwFile, err := cmd.Flags().GetString(flagEvmPassword)
			if err != nil {
				return err
			}
			key, err := evmkey.Load(keyFile, pwFile)
			if err != nil {
				return err
			}
			if clientCtx.ChainID == "" {
				return fmt.Errorf("the proof covers the chain id: set --chain-id")
			}
			from := clientCtx.GetFromAddress()
			valoper, err := clientCtx.InterfaceRegistry.SigningContext().ValidatorAddressCodec().BytesToString(sdk.ValAddress(from))
			if err != nil {
				return err
			}
			sig, err := evmkey.Sign(key, types.EvmKeyDigest(clientCtx.ChainID, valoper))
			if err != nil {
				return err
			}
			fromStr, err := clientCtx.InterfaceRegistry.SigningContext().AddressCodec().BytesToString(from)
			if err != nil {
				return err
			}
			msg := &types.MsgRegisterEvmKey{
				Validator:  fromStr,
				EvmAddress: crypto.PubkeyToAddress(key.PublicKey).Hex(),
				Signature:  sig,
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String(flagEvmKeyFile, "", "EVM key: a go-ethereum keystore file, or a file with the private key in hex")
	cmd.Flags().String(flagEvmPassword, "", "file with the keystore's password")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}
