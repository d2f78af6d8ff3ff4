package cli

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

const (
	flagNodeKeyFile = "node-key-file"
	flagPubkey      = "pubkey"
	flagSignature   = "signature"
	flagFeeBps      = "fee-bps"
	flagReserve     = "reserve"
	flagSeq         = "seq"
	flagPeriod      = "period"
	flagBeneficiary = "beneficiary"
)

// NewTxCmd returns the `tx nodestaking` command with the commands signed by
// a node key, contribute and update-reservations; AutoCLI adds the others.
func NewTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Session Node staking transactions",
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(NewRegisterNodeCmd(), NewContributeCmd(), NewUptimeProofCmd(), NewVoteCmd(), NewUpdateReservationsCmd(), NewRotateNodeKeyCmd())
	return cmd
}

// NewRegisterNodeCmd registers a node. It is hand-written because the
// registration carries a signature by the node's Ed25519 key over the
// chain id, operator, fee and reserved spots: the command makes it from a
// node key file, or takes one made elsewhere with --pubkey and --signature.
func NewRegisterNodeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "register-node [stake]",
		Short: "Register a Session Node with your first stake",
		Long: "Registers the node named by the key in --node-key-file (or --pubkey with a --signature made by that key\n" +
			"over the registration terms) with you as operator. The stake is at least 25% of the requirement;\n" +
			"--reserve holds spots open for named contributors; --beneficiary names who receives your rewards\n" +
			"from the node and your stake when it returns (changeable with set-beneficiary).",
		Example: `sessiond node-key generate node1.key
sessiond tx nodestaking register-node 25000000000000nsesh --node-key-file node1.key --fee-bps 500 --from alice
sessiond tx nodestaking register-node 12500000000000nsesh --node-key-file node2.key --fee-bps 1000 \
  --reserve session1...=6250000000000 --from alice
sessiond tx nodestaking register-node 25000000000000nsesh --node-key-file node3.key --beneficiary session1... --from alice`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// The arguments parsed: an error from here on is about their values, which
			// the usage text would bury (AutoCLI's commands print no usage either).
			cmd.SilenceUsage = true
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			stake, err := sdk.ParseCoinNormalized(args[0])
			if err != nil {
				return fmt.Errorf("stake %q: %w", args[0], err)
			}
			feeBps, err := cmd.Flags().GetUint32(flagFeeBps)
			if err != nil {
				return err
			}
			reserved, err := parseReserved(cmd)
			if err != nil {
				return err
			}
			operator := clientCtx.GetFromAddress().String()
			pubkey, sig, err := registrationProof(cmd, clientCtx.ChainID, operator, feeBps, reserved)
			if err != nil {
				return err
			}
			beneficiary, err := cmd.Flags().GetString(flagBeneficiary)
			if err != nil {
				return err
			}
			msg := &types.MsgRegisterNode{
				Operator:    operator,
				Pubkey:      pubkey,
				Signature:   sig,
				FeeBps:      feeBps,
				Stake:       stake,
				Reserved:    reserved,
				Beneficiary: beneficiary,
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String(flagNodeKeyFile, "", "node key file (hex Ed25519 seed) that signs the registration")
	cmd.Flags().String(flagPubkey, "", "node public key in hex, with --signature, instead of --node-key-file")
	cmd.Flags().String(flagSignature, "", "hex signature of the registration by the node key, with --pubkey")
	cmd.Flags().Uint32(flagFeeBps, 0, "operator fee in basis points (0 to 10000); change-fee changes it")
	cmd.Flags().StringArray(flagReserve, nil, "reserve a spot: <address>=<nsesh> (repeatable)")
	cmd.Flags().String(flagBeneficiary, "", "address that receives your rewards from the node and your stake when returned (default: you)")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func parseReserved(cmd *cobra.Command) ([]types.ReservedSpot, error) {
	specs, err := cmd.Flags().GetStringArray(flagReserve)
	if err != nil {
		return nil, err
	}
	out := make([]types.ReservedSpot, 0, len(specs))
	for _, spec := range specs {
		addr, amount, ok := strings.Cut(spec, "=")
		amt, okAmount := math.NewIntFromString(strings.TrimSuffix(amount, types.Denom))
		if !ok || !okAmount {
			return nil, fmt.Errorf("--%s %q: want <address>=<nsesh>", flagReserve, spec)
		}
		out = append(out, types.ReservedSpot{Address: addr, Amount: amt})
	}
	return out, nil
}

// registrationProof returns the node public key and its signature over the
// registration terms, from a key file or from flags.
func registrationProof(cmd *cobra.Command, chainID, operator string, feeBps uint32, reserved []types.ReservedSpot) (pubkey, sig []byte, err error) {
	key, pubkey, sig, err := nodeKeyOrSignature(cmd)
	if err != nil || key == nil {
		return pubkey, sig, err
	}
	if chainID == "" {
		return nil, nil, errors.New("the registration signature covers the chain id: set --chain-id")
	}
	msg, err := types.RegistrationSignBytes(chainID, operator, feeBps, reserved)
	if err != nil {
		return nil, nil, err
	}
	return pubkey, ed25519.Sign(key, msg), nil
}

// nodeKeyOrSignature reads how a command proves control of a node key:
// either --node-key-file, returning the key (and its public key) for the
// caller to sign with, or --pubkey with a --signature made elsewhere.
func nodeKeyOrSignature(cmd *cobra.Command) (key ed25519.PrivateKey, pubkey, sig []byte, err error) {
	keyFile, _ := cmd.Flags().GetString(flagNodeKeyFile)
	pubHex, _ := cmd.Flags().GetString(flagPubkey)
	sigHex, _ := cmd.Flags().GetString(flagSignature)
	switch {
	case keyFile != "" && pubHex == "" && sigHex == "":
		key, err := LoadNodeKey(keyFile)
		if err != nil {
			return nil, nil, nil, err
		}
		return key, key.Public().(ed25519.PublicKey), nil, nil
	case keyFile == "" && pubHex != "" && sigHex != "":
		if pubkey, err = hex.DecodeString(pubHex); err != nil {
			return nil, nil, nil, fmt.Errorf("--%s: %w", flagPubkey, err)
		}
		if sig, err = hex.DecodeString(sigHex); err != nil {
			return nil, nil, nil, fmt.Errorf("--%s: %w", flagSignature, err)
		}
		return nil, pubkey, sig, nil
	default:
		return nil, nil, nil, fmt.Errorf("give either --%s, or both --%s and --%s", flagNodeKeyFile, flagPubkey, flagSignature)
	}
}
