package cli

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// NewUptimeProofCmd sends a node's uptime proof. It is hand-written because
// the proof is signed by the node's Ed25519 key over the chain id, the node
// key and the proof number, which the command reads from the chain.
func NewUptimeProofCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "uptime-proof",
		Short: "Prove a Session Node is up, signed by its node key",
		Long: "Sends the next uptime proof of the node whose key is in --node-key-file. The node key signs the chain id,\n" +
			"the node's public key and the proof number: the node's proof count plus one, read from the chain unless\n" +
			"--seq gives it. An active node sends one every uptime_proof_interval and is decommissioned after\n" +
			"uptime_proof_timeout without one; a proof sooner than half the interval after the last is refused, and a\n" +
			"proof brings a decommissioned node back. Any account may pay the fee.\n" +
			"--pubkey with --signature and --seq sends a proof signed elsewhere.",
		Example: `sessiond tx nodestaking uptime-proof --node-key-file node1.key --from alice
sessiond tx nodestaking uptime-proof --pubkey 3b6a27bc... --seq 12 --signature 9f2c... --from alice`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The arguments parsed: an error from here on is about their values, which
			// the usage text would bury (AutoCLI's commands print no usage either).
			cmd.SilenceUsage = true
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			seq, err := cmd.Flags().GetUint64(flagSeq)
			if err != nil {
				return err
			}
			key, pubkey, sig, err := nodeKeyOrSignature(cmd)
			if err != nil {
				return err
			}
			if key == nil && seq == 0 {
				return fmt.Errorf("--%s: a signature made elsewhere covers the proof number; give it", flagSeq)
			}
			if key != nil {
				if clientCtx.ChainID == "" {
					return errors.New("the proof signature covers the chain id: set --chain-id")
				}
				pubHex := hex.EncodeToString(pubkey)
				if seq == 0 {
					if seq, err = nextProofSeq(cmd.Context(), clientCtx, pubHex); err != nil {
						return err
					}
				}
				signBytes, err := types.UptimeProofSignBytes(clientCtx.ChainID, pubHex, seq)
				if err != nil {
					return err
				}
				sig = ed25519.Sign(key, signBytes)
			}
			msg := &types.MsgUptimeProof{
				Sender:    clientCtx.GetFromAddress().String(),
				Pubkey:    pubkey,
				Seq:       seq,
				Signature: sig,
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String(flagNodeKeyFile, "", "node key file (hex Ed25519 seed) that signs the proof")
	cmd.Flags().String(flagPubkey, "", "node public key in hex, with --signature and --seq, instead of --node-key-file")
	cmd.Flags().String(flagSignature, "", "hex signature of the proof by the node key, with --pubkey and --seq")
	cmd.Flags().Uint64(flagSeq, 0, "proof number to sign (not the account --sequence); default: the node's proofs + 1 from the chain")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// nextProofSeq reads a node's proof count and returns the next proof's number.
func nextProofSeq(ctx context.Context, clientCtx client.Context, pubHex string) (uint64, error) {
	res, err := types.NewQueryClient(clientCtx).Liveness(ctx, &types.QueryLivenessRequest{Pubkey: pubHex})
	if err != nil {
		return 0, fmt.Errorf("read the proof count of node %s (or give --%s): %w", pubHex, flagSeq, err)
	}
	return res.Proofs + 1, nil
}

// NewVoteCmd sends a quorum member's vote. It is hand-written because the
// vote is signed by the voting node's Ed25519 key.
func NewVoteCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "vote [tested-pubkey] [decommission|recommission|deregister]",
		Short: "Vote, as a quorum member, on a tested node's state, signed by your node key",
		Long: "Sends the vote of the node whose key is in --node-key-file about the tested node, in the testing period\n" +
			"--period (default: the current one, read from the chain). Only the tested node's quorum members vote\n" +
			"('sessiond query nodestaking quorum'); once quorum_threshold of a full quorum agree, the state changes:\n" +
			"decommission an active node, recommission a decommissioned one, or deregister either.",
		Example: `sessiond query nodestaking quorum 3b6a27bc...
sessiond tx nodestaking vote 3b6a27bc... decommission --node-key-file node2.key --from bob`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			// The arguments parsed: an error from here on is about their values, which
			// the usage text would bury (AutoCLI's commands print no usage either).
			cmd.SilenceUsage = true
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			tested, err := types.ParsePubkeyHex(args[0])
			if err != nil {
				return err
			}
			state, err := parseNodeState(args[1])
			if err != nil {
				return err
			}
			keyFile, err := cmd.Flags().GetString(flagNodeKeyFile)
			if err != nil {
				return err
			}
			key, err := LoadNodeKey(keyFile)
			if err != nil {
				return err
			}
			if clientCtx.ChainID == "" {
				return errors.New("the vote signature covers the chain id: set --chain-id")
			}
			period, err := cmd.Flags().GetUint64(flagPeriod)
			if err != nil {
				return err
			}
			if period == 0 {
				res, err := types.NewQueryClient(clientCtx).Quorum(cmd.Context(), &types.QueryQuorumRequest{Pubkey: tested})
				if err != nil {
					return fmt.Errorf("read the current testing period (or give --%s): %w", flagPeriod, err)
				}
				period = res.Period
			}
			voter := key.Public().(ed25519.PublicKey)
			signBytes, err := types.NodeStateVoteSignBytes(clientCtx.ChainID, hex.EncodeToString(voter), tested, period, state)
			if err != nil {
				return err
			}
			testedBytes, err := hex.DecodeString(tested)
			if err != nil {
				return err
			}
			msg := &types.MsgNodeStateVote{
				Sender:    clientCtx.GetFromAddress().String(),
				Voter:     voter,
				Tested:    testedBytes,
				Period:    period,
				State:     state,
				Signature: ed25519.Sign(key, signBytes),
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String(flagNodeKeyFile, "", "the voting node's key file (hex Ed25519 seed)")
	cmd.Flags().Uint64(flagPeriod, 0, "testing period to vote in; default: the current one")
	if err := cmd.MarkFlagRequired(flagNodeKeyFile); err != nil {
		panic(err)
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// nodeStates are the words the vote command takes for each state.
var nodeStates = map[string]types.NodeState{
	"decommission": types.NODE_STATE_DECOMMISSIONED,
	"recommission": types.NODE_STATE_RECOMMISSIONED,
	"deregister":   types.NODE_STATE_DEREGISTERED,
}

// parseNodeState reads a vote's state: a word of nodeStates or the enum name.
func parseNodeState(s string) (types.NodeState, error) {
	if state, ok := nodeStates[strings.ToLower(s)]; ok {
		return state, nil
	}
	if v, ok := types.NodeState_value[strings.ToUpper(s)]; ok && v != int32(types.NODE_STATE_UNSPECIFIED) {
		return types.NodeState(v), nil
	}
	return types.NODE_STATE_UNSPECIFIED, fmt.Errorf("state %q: want decommission, recommission or deregister", s)
}
