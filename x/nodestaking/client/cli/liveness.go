package cli

import (
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

// NewVoteCmd sends a quorum member's vote. It is hand-written because the
// vote is signed by the voting node's Ed25519 key.
func NewVoteCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "vote [tested-pubkey] [decommission|recommission|deregister]",
		Short: "Vote, as a quorum member, on a tested node's state, signed by your node key",
		Long: "Sends the vote of the node whose key is in --node-key-file about the tested node, in the testing period\n" +
			"--period (default: the current one, read from the chain). Only the tested node's quorum members vote\n" +
			"('sessiond query nodestaking quorum'); once quorum_threshold of them agree, the state changes: decommission\n" +
			"an active or unlocking node, recommission a decommissioned one that has proven again, or deregister (a\n" +
			"serving node with enough credit is decommissioned instead; a decommissioned one only once its credit is\n" +
			"below min_decommission_credit). A quorum smaller than quorum_threshold decides nothing.",
		Example: `sessiond query nodestaking quorum 3b6a27bc...
sessiond tx nodestaking vote 3b6a27bc... decommission --node-key-file node2.key --from bob`,
		Args: cobra.ExactArgs(2),
		RunE: runVote,
	}
	cmd.Flags().String(flagNodeKeyFile, "", "the voting node's key file (hex Ed25519 seed)")
	addNodeIDFlag(cmd)
	cmd.Flags().Uint64(flagPeriod, 0, "testing period to vote in; default: the current one")
	if err := cmd.MarkFlagRequired(flagNodeKeyFile); err != nil {
		panic(err)
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// runVote signs and sends the vote the arguments and flags describe.
func runVote(cmd *cobra.Command, args []string) error {
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
	key, err := keyFromFlag(cmd, flagNodeKeyFile)
	if err != nil {
		return err
	}
	if clientCtx.ChainID == "" {
		return errors.New("the vote signature covers the chain id: set --chain-id")
	}
	period, err := votePeriod(cmd, clientCtx, tested)
	if err != nil {
		return err
	}
	voter, err := nodeID(cmd, key.Public().(ed25519.PublicKey))
	if err != nil {
		return err
	}
	signBytes, err := types.NodeStateVoteSignBytes(clientCtx.ChainID, clientCtx.GetFromAddress().String(), hex.EncodeToString(voter), tested, period, state)
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
}

// votePeriod is the testing period --period names, or the current one read
// from the chain.
func votePeriod(cmd *cobra.Command, clientCtx client.Context, tested string) (uint64, error) {
	period, err := cmd.Flags().GetUint64(flagPeriod)
	if err != nil || period != 0 {
		return period, err
	}
	res, err := types.NewQueryClient(clientCtx).Quorum(cmd.Context(), &types.QueryQuorumRequest{Pubkey: tested})
	if err != nil {
		return 0, fmt.Errorf("read the current testing period (or give --%s): %w", flagPeriod, err)
	}
	return res.Period, nil
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
