package cli

import (
	"encoding/hex"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// NewUpdateReservationsCmd replaces the unfilled reserved spots of a node
// awaiting contributions. It is hand-written because the spots are a list
// of (address, amount) pairs, given as register-node takes them
// (--reserve, repeatable), which AutoCLI cannot express.
func NewUpdateReservationsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "update-reservations [pubkey]",
		Short: "Replace the unfilled reserved spots of your node awaiting contributions (none: clear them)",
		Long: "Replaces the spots held open for named contributors. Each is checked as at registration, from the\n" +
			"node's stakes and contributors now: at least the running minimum, all within what is left of the\n" +
			"requirement and the spots. An address that has contributed needs no spot. Without --reserve the\n" +
			"spots are cleared.",
		Example: `sessiond tx nodestaking update-reservations 3b6a27bc... --reserve session1...=6250000000000 --from alice
sessiond tx nodestaking update-reservations 3b6a27bc... --from alice`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SilenceUsage = true
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			nodeKey, err := types.ParsePubkeyHex(args[0])
			if err != nil {
				return err
			}
			pubkey, err := hex.DecodeString(nodeKey)
			if err != nil {
				return err
			}
			reserved, err := parseReserved(cmd)
			if err != nil {
				return err
			}
			msg := &types.MsgUpdateReservations{Operator: clientCtx.GetFromAddress().String(), Pubkey: pubkey, Reserved: reserved}
			if err := msg.ValidateBasic(); err != nil {
				return err
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().StringArray(flagReserve, nil, "reserve a spot: <address>=<nsesh> (repeatable; none clears the spots)")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}
