package cmd

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/server"

	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// SetBridgeCmd is `sessiond genesis set-bridge`: it names the bridge
// contract in the genesis bridge params, so the bridge works from block 1.
// The address can be known before deployment: it follows from the deployer
// account and its nonce.
func SetBridgeCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "set-bridge [evm-chain-id] [contract-address]",
		Short:   "Name the EVM chain and bridge contract in genesis.json",
		Example: "sessiond genesis set-bridge 42161 0x5FbDB2315678afecb367f032d93F642f64180aa3",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			config := server.GetServerContextFromCmd(cmd).Config
			config.SetRoot(clientCtx.HomeDir)
			chainID, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || chainID == 0 {
				return fmt.Errorf("evm-chain-id %q: want a positive integer", args[0])
			}
			contract, err := bridgetypes.ParseEvmAddress(args[1])
			if err != nil {
				return err
			}
			g, err := loadGenesis(clientCtx.Codec, config.GenesisFile())
			if err != nil {
				return err
			}
			var gs bridgetypes.GenesisState
			if err := g.module(bridgetypes.ModuleName, &gs); err != nil {
				return err
			}
			gs.Params.EvmChainId = chainID
			gs.Params.ContractAddress = contract.Hex()
			if err := gs.Validate(); err != nil {
				return err
			}
			if err := g.setModule(bridgetypes.ModuleName, &gs); err != nil {
				return err
			}
			return g.save()
		},
	}
	cmd.Flags().String(flags.FlagHome, defaultNodeHome, "The application home directory")
	return cmd
}
