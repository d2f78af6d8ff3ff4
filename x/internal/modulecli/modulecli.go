// Package modulecli holds what the modules' hand-written commands share:
// the module's command group and a command that signs one message.
package modulecli

import (
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Group is a module's `tx <module>` or `query <module>` command holding its
// hand-written commands; AutoCLI adds the generated ones beside them.
func Group(module, short string, cmds ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{
		Use:                        module,
		Short:                      short,
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(cmds...)
	return cmd
}

// TxCmd builds a command that signs one message made by build from the
// arguments, with the usual tx flags.
func TxCmd(use, short, long, example string, args cobra.PositionalArgs,
	build func(cmd *cobra.Command, clientCtx client.Context, args []string) (sdk.Msg, error),
) *cobra.Command {
	cmd := &cobra.Command{
		Use: use, Short: short, Long: long, Example: example, Args: args,
		RunE: func(cmd *cobra.Command, args []string) error {
			// The arguments parsed: an error from here on is about their
			// values, which the usage text would bury (AutoCLI's commands
			// print no usage either).
			cmd.SilenceUsage = true
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			msg, err := build(cmd, clientCtx, args)
			if err != nil {
				return err
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}
