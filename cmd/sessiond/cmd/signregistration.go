package cmd

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	nodestakingcli "github.com/sessiontoken/sessionchain/x/nodestaking/client/cli"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

const (
	flagSignChainID = "chain-id"
	flagSignFeeBps  = "fee-bps"
	flagSignReserve = "reserve"
)

// nodeKeyCmd is `sessiond node-key` with sign-registration, so an operator
// whose wallet is elsewhere (the staking portal, a Ledger) can register a
// node: the node key signs the terms on the node, the wallet signs the tx.
func nodeKeyCmd() *cobra.Command {
	cmd := nodestakingcli.NodeKeyCmd()
	cmd.AddCommand(signRegistrationCmd())
	return cmd
}

func signRegistrationCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sign-registration [key-file] [operator-address]",
		Short: "Sign a node's registration terms with its node key; prints the public key and signature in hex",
		Long: "Signs RegistrationSignDoc{chain id, operator, fee, reserved spots} with the node's Ed25519 key, as\n" +
			"MsgRegisterNode requires. Paste the two lines into the staking portal's register page (or pass them to\n" +
			"`tx nodestaking register-node --pubkey --signature`); the fee and reserved spots must be the same there.",
		Example: "sessiond node-key sign-registration node1.key session1... --chain-id sessiond-dev-1 --fee-bps 500 \\\n" +
			"  --reserve session1...=6250000000000",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SilenceUsage = true
			key, err := nodestakingcli.LoadNodeKey(args[0])
			if err != nil {
				return err
			}
			chainID, err := cmd.Flags().GetString(flagSignChainID)
			if err != nil {
				return err
			}
			if chainID == "" {
				return fmt.Errorf("--%s is required: the signature is valid on that chain only", flagSignChainID)
			}
			feeBps, err := cmd.Flags().GetUint32(flagSignFeeBps)
			if err != nil {
				return err
			}
			specs, err := cmd.Flags().GetStringArray(flagSignReserve)
			if err != nil {
				return err
			}
			reserved := make([]nodestakingtypes.ReservedSpot, 0, len(specs))
			for _, spec := range specs {
				addr, amount, ok := strings.Cut(spec, "=")
				amt, okAmount := math.NewIntFromString(amount)
				if !ok || !okAmount {
					return fmt.Errorf("--%s %q: want <address>=<nsesh>", flagSignReserve, spec)
				}
				reserved = append(reserved, nodestakingtypes.ReservedSpot{Address: addr, Amount: amt})
			}
			msg, err := nodestakingtypes.RegistrationSignBytes(chainID, args[1], feeBps, reserved)
			if err != nil {
				return err
			}
			pub := key.Public().(ed25519.PublicKey)
			fmt.Fprintf(cmd.OutOrStdout(), "pubkey: %s\nsignature: %s\n", hex.EncodeToString(pub), hex.EncodeToString(ed25519.Sign(key, msg)))
			return nil
		},
	}
	cmd.Flags().String(flagSignChainID, "", "the chain the node registers on")
	cmd.Flags().Uint32(flagSignFeeBps, 0, "operator fee in basis points (0 to 10000), as in the registration")
	cmd.Flags().StringArray(flagSignReserve, nil, "a reserved spot: <address>=<nsesh> (repeatable), as in the registration")
	return cmd
}
