package cmd

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client/flags"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
)

const (
	flagNewChainID   = "chain-id"
	flagGenesisTime  = "genesis-time"
	flagLastBlockUTC = "after"
)

// ForkGenesisCmd is `sessiond genesis fork`: it turns the genesis file that
// `sessiond export` wrote into the genesis of the chain that continues it
// under a new chain id, the hard-fork path of the README.
func ForkGenesisCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "fork [exported-genesis]",
		Short: "Make the genesis of a chain that continues an exported one under a new chain id",
		Long: `Reads a genesis file written by 'sessiond export' and writes the genesis of the new chain:
the same app state and validators, the initial height the export set (the height after the
exported one), the new chain id, and a genesis time at which the new chain's first block is made.

The genesis time must be later than the last block of the exported chain (--after, the time of
that block, is checked when given): block times never go back, and the reward pool, the unlock
and proof deadlines and the Pro subscriptions all count in block time. Every validator must start
from the same file: compare its sha256sum before starting.`,
		Example: `  sessiond export --height 1200 --output-document exported.json
  sessiond genesis fork exported.json --chain-id sessiond-2 --genesis-time 2027-01-10T12:00:00Z \
    --after 2027-01-10T11:42:07Z --output-document genesis.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SilenceUsage = true
			chainID, err := cmd.Flags().GetString(flagNewChainID)
			if err != nil {
				return err
			}
			start, err := timeFlag(cmd, flagGenesisTime)
			if err != nil {
				return err
			}
			after, err := timeFlag(cmd, flagLastBlockUTC)
			if err != nil {
				return err
			}
			out, err := cmd.Flags().GetString(flags.FlagOutputDocument)
			if err != nil {
				return err
			}
			if out == "" {
				return errors.New("--output-document is required")
			}
			genesis, err := ForkGenesis(args[0], chainID, start, after)
			if err != nil {
				return err
			}
			if err := genesis.SaveAs(out); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: chain %s from height %d at %s\n",
				out, genesis.ChainID, genesis.InitialHeight, genesis.GenesisTime.Format(time.RFC3339))
			return nil
		},
	}
	cmd.Flags().String(flagNewChainID, "", "the new chain's id (required; must differ from the exported chain's)")
	cmd.Flags().String(flagGenesisTime, "", "the new chain's genesis time, RFC 3339 (required)")
	cmd.Flags().String(flagLastBlockUTC, "", "the time of the exported chain's last block, RFC 3339: the genesis time must be later")
	cmd.Flags().String(flags.FlagOutputDocument, "", "the genesis file to write (required)")
	return cmd
}

// ForkGenesis reads the exported genesis at path and returns the genesis of
// the chain that continues it as chainID from genesisTime. A non-zero after
// is the exported chain's last block time, which genesisTime must follow.
func ForkGenesis(path, chainID string, genesisTime, after time.Time) (*genutiltypes.AppGenesis, error) {
	genesis, err := genutiltypes.AppGenesisFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the exported genesis: %w", err)
	}
	switch {
	case chainID == "":
		return nil, errors.New("--chain-id is required")
	case chainID == genesis.ChainID:
		return nil, fmt.Errorf("the new chain id must differ from the exported chain's %q", genesis.ChainID)
	case genesisTime.IsZero():
		return nil, errors.New("--genesis-time is required")
	case !after.IsZero() && !genesisTime.After(after):
		return nil, fmt.Errorf("the genesis time %s must be later than the exported chain's last block at %s",
			genesisTime.Format(time.RFC3339), after.Format(time.RFC3339))
	case genesis.InitialHeight <= 1:
		return nil, fmt.Errorf("%s is not an export at a height (initial_height %d)", path, genesis.InitialHeight)
	}
	genesis.ChainID = chainID
	genesis.GenesisTime = genesisTime.UTC()
	if err := genesis.ValidateAndComplete(); err != nil {
		return nil, fmt.Errorf("the new genesis: %w", err)
	}
	return genesis, nil
}

// timeFlag reads an RFC 3339 time flag; unset is the zero time.
func timeFlag(cmd *cobra.Command, name string) (time.Time, error) {
	s, err := cmd.Flags().GetString(name)
	if err != nil || s == "" {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s %q: want an RFC 3339 time such as 2027-01-10T12:00:00Z: %w", name, s, err)
	}
	return t, nil
}
