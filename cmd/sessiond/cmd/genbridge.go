package cmd

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// SetBridgeCmd is `sessiond genesis set-bridge`: it names the bridge
// contract in the genesis bridge params, so the bridge works from block 1.
// The address can be known before deployment: it follows from the deployer
// account and its nonce. The bridge name (part of the bridge id, fixed for
// good) defaults to the genesis chain id.
func SetBridgeCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "set-bridge [evm-chain-id] [contract-address] [bridge-name]",
		Short: "Name the EVM chain, bridge contract and bridge name in genesis.json",
		Long: "Sets the bridge params evm_chain_id, contract_address and bridge_name. The three make the bridge id\n" +
			"every signature carries; they are fixed once set. The bridge name defaults to the genesis chain id and\n" +
			"must be the name the contract is deployed with (session-relayer deploy reads it from the chain).",
		Example: "sessiond genesis set-bridge 42161 0x5FbDB2315678afecb367f032d93F642f64180aa3 session-1",
		Args:    cobra.RangeArgs(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, genFile := genesisTarget(cmd)
			chainID, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || chainID == 0 {
				return fmt.Errorf("evm-chain-id %q: want a positive integer", args[0])
			}
			contract, err := bridgetypes.ParseEvmAddress(args[1])
			if err != nil {
				return err
			}
			g, err := loadGenesis(clientCtx.Codec, genFile)
			if err != nil {
				return err
			}
			var gs bridgetypes.GenesisState
			if err := g.module(bridgetypes.ModuleName, &gs); err != nil {
				return err
			}
			gs.Params.EvmChainId = chainID
			gs.Params.ContractAddress = contract.Hex()
			gs.Params.BridgeName = g.genesis.ChainID
			if len(args) == 3 {
				gs.Params.BridgeName = args[2]
			}
			if err := gs.Validate(); err != nil {
				return err
			}
			if err := g.setModule(bridgetypes.ModuleName, &gs); err != nil {
				return err
			}
			return g.save()
		},
	}
	addGenesisFlags(cmd, defaultNodeHome, false)
	return cmd
}
