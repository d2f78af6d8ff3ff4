package cli

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

const (
	flagNewKeyFile = "new-key-file"
	flagNodeID     = "node-id"
)

// NewRotateNodeKeyCmd sends a node's key rotation. It is hand-written
// because the new key signs the rotation (proof of possession).
func NewRotateNodeKeyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rotate-node-key [node-pubkey]",
		Short: "Give your node a new signing key (its registration key stays its ID); the old key is not needed",
		Long: "Signs the rotation with the key in --new-key-file (make one with 'sessiond node-key generate')\n" +
			"and sends it from the node's operator. From the block it lands in, the node's uptime proofs, seed proofs\n" +
			"and votes must be signed by the new key; they still name the node by its ID: run the node agent with\n" +
			"node_id set, or give --node-id to uptime-proof and vote. At most one rotation per key_rotation_cooldown.",
		Example: `sessiond node-key generate node1-v2.key
sessiond tx nodestaking rotate-node-key 3b6a27bc... --new-key-file node1-v2.key --from alice`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SilenceUsage = true
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			nodeID, err := types.ParsePubkeyHex(args[0])
			if err != nil {
				return err
			}
			key, err := keyFromFlag(cmd, flagNewKeyFile)
			if err != nil {
				return err
			}
			if clientCtx.ChainID == "" {
				return errors.New("the rotation signature covers the chain id: set --chain-id")
			}
			res, err := types.NewQueryClient(clientCtx).Node(cmd.Context(), &types.QueryNodeRequest{Pubkey: nodeID})
			if err != nil {
				return fmt.Errorf("read node %s's rotation count: %w", nodeID, err)
			}
			msg, err := RotationMsg(clientCtx.ChainID, clientCtx.GetFromAddress().String(), nodeID, key, res.Node.Node.KeyRotations)
			if err != nil {
				return err
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String(flagNewKeyFile, "", "key file of the new signing key (hex Ed25519 seed)")
	if err := cmd.MarkFlagRequired(flagNewKeyFile); err != nil {
		panic(err)
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// RotationMsg returns operator's rotation of node nodeID (hex) to key,
// signed by key at the node's rotation count so far.
func RotationMsg(chainID, operator, nodeID string, key ed25519.PrivateKey, rotations uint64) (*types.MsgRotateNodeKey, error) {
	newKey := key.Public().(ed25519.PublicKey) //nolint:errcheck,forcetypeassert // an ed25519 key's public key
	signBytes, err := types.RotationSignBytes(chainID, nodeID, hex.EncodeToString(newKey), operator, rotations)
	if err != nil {
		return nil, err
	}
	id, err := hex.DecodeString(nodeID)
	if err != nil {
		return nil, err
	}
	msg := &types.MsgRotateNodeKey{Operator: operator, NodePubkey: id, NewPubkey: newKey, Signature: ed25519.Sign(key, signBytes)}
	return msg, msg.ValidateBasic()
}

// nodeID returns the node a command's key signs for: --node-id when the
// node rotated its key (the ID is its registration key), else signer.
func nodeID(cmd *cobra.Command, signer []byte) ([]byte, error) {
	s, err := cmd.Flags().GetString(flagNodeID)
	if err != nil || s == "" {
		return signer, err
	}
	id, err := types.ParsePubkeyHex(s)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", flagNodeID, err)
	}
	return hex.DecodeString(id)
}

// addNodeIDFlag declares --node-id on a command that signs with a node key.
func addNodeIDFlag(cmd *cobra.Command) {
	cmd.Flags().String(flagNodeID, "", "hex ID (registration key) of the node, when it rotated to the key that signs; default: that key")
}
