package cmd

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/client/chainregistry"
)

// registryCmd is `sessiond registry`: the wallet and explorer files.
func registryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "registry",
		Short: "Wallet and explorer metadata (chain registry, Keplr, ping.pub)",
	}
	cmd.AddCommand(registryGenerateCmd())
	return cmd
}

func registryGenerateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "generate [source.json] [out-dir]",
		Short: "Write chain.json, assetlist.json, a Keplr chain info and a ping.pub config from a genesis and a source file",
		Long: `Writes <out-dir>/<chain_name>/{chain.json,assetlist.json,keplr-chain-info.json,ping.pub.json}.

The chain id, the staking denom's bank metadata (units and exponent) and the
bridge contract come from the genesis file (--genesis, default the home's
config/genesis.json); endpoints, explorers, gas prices and the ERC-20 the token
is bridged from come from source.json; the SDK and CometBFT versions from this
binary.`,
		Example: "sessiond registry generate chain-registry/source.json chain-registry --genesis .devnet/config/genesis.json",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := chainregistry.LoadSource(args[0])
			if err != nil {
				return err
			}
			genesisPath, err := cmd.Flags().GetString(flagGenesis)
			if err != nil {
				return err
			}
			if genesisPath == "" {
				home, err := cmd.Flags().GetString(flags.FlagHome)
				if err != nil {
					return err
				}
				genesisPath = filepath.Join(home, "config", "genesis.json")
			}
			gen, err := chainregistry.LoadGenesis(genesisPath)
			if err != nil {
				return err
			}
			versions, err := chainregistry.BuildVersions()
			if err != nil {
				return err
			}
			chain := chainregistry.Chain{Source: src, Genesis: gen, Bech32Prefix: app.Bech32Prefix, Versions: versions}
			paths, err := chain.Write(args[1])
			if err != nil {
				return err
			}
			for _, p := range paths {
				fmt.Fprintln(cmd.OutOrStdout(), p)
			}
			return nil
		},
	}
	cmd.Flags().String(flagGenesis, "", "genesis file to read (default <home>/config/genesis.json)")
	cmd.Flags().String(flags.FlagHome, app.DefaultNodeHome, "The application home directory")
	return cmd
}

const flagGenesis = "genesis"
