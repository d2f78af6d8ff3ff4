package cmd

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

const flagGenesisFeeBps = "fee-bps"

// AddNodeCmd is `sessiond genesis add-node`: it puts a fully staked, active
// Session Node into genesis.json, its stake moved from the operator's
// genesis balance into the nodestaking module account. Genesis is trusted,
// so no node-key signature is needed.
func AddNodeCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-node [node-pubkey-hex] [operator-key-or-address]",
		Short: "Add an active Session Node, staked in full by its operator, to genesis.json",
		Long: "Moves the staking requirement (from the genesis nodestaking params) from the operator's genesis balance " +
			"into the nodestaking module account and registers the node as active from genesis time.",
		Example: "sessiond node-key generate node1.key\n" +
			"sessiond genesis add-node $(sessiond node-key show node1.key) alice --fee-bps 500 --keyring-backend test",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, genFile := genesisTarget(cmd)
			pubkey, err := nstypes.ParsePubkeyHex(args[0])
			if err != nil {
				return err
			}
			operator, err := resolveAddress(cmd, clientCtx, args[1])
			if err != nil {
				return err
			}
			feeBps, err := cmd.Flags().GetUint32(flagGenesisFeeBps)
			if err != nil {
				return err
			}
			if feeBps > nstypes.BasisPoints {
				return fmt.Errorf("--%s must be 0 to %d", flagGenesisFeeBps, nstypes.BasisPoints)
			}
			if err := addGenesisNode(clientCtx, genFile, pubkey, operator, feeBps); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "added active node %s operated by %s\n", args[0], operator)
			return nil
		},
	}
	addGenesisFlags(cmd, defaultNodeHome, true)
	cmd.Flags().Uint32(flagGenesisFeeBps, 0, "operator fee in basis points (0 to 10000)")
	return cmd
}

// resolveAddress reads an address, or the address of a key in the keyring.
func resolveAddress(cmd *cobra.Command, clientCtx client.Context, arg string) (sdk.AccAddress, error) {
	if addr, err := sdk.AccAddressFromBech32(arg); err == nil {
		return addr, nil
	}
	backend, _ := cmd.Flags().GetString(flags.FlagKeyringBackend)
	kr, err := keyring.New(sdk.KeyringServiceName(), backend, clientCtx.HomeDir, bufio.NewReader(cmd.InOrStdin()), clientCtx.Codec)
	if err != nil {
		return nil, err
	}
	record, err := kr.Key(arg)
	if err != nil {
		return nil, fmt.Errorf("%q is neither an address nor a key: %w", arg, err)
	}
	return record.GetAddress()
}

func addGenesisNode(clientCtx client.Context, genFile, pubkey string, operator sdk.AccAddress, feeBps uint32) error {
	g, err := loadGenesis(clientCtx.Codec, genFile)
	if err != nil {
		return err
	}
	var ns nstypes.GenesisState
	if err := g.module(nstypes.ModuleName, &ns); err != nil {
		return err
	}
	for _, rec := range ns.Nodes {
		if rec.Node.Pubkey == pubkey {
			return fmt.Errorf("node %s is already in genesis", pubkey)
		}
	}
	stake := ns.Params.StakingRequirement
	coins := sdk.NewCoins(sdk.NewCoin(nstypes.Denom, stake))
	balance := g.balance(operator)
	if !balance.IsAllGTE(coins) {
		return fmt.Errorf("operator %s has %s in genesis, needs %s", operator, balance, coins)
	}
	if err := g.ensureModuleAccount(nstypes.ModuleName); err != nil {
		return err
	}
	g.setBalance(operator, balance.Sub(coins...))
	module := authtypes.NewModuleAddress(nstypes.ModuleName)
	g.setBalance(module, g.balance(module).Add(coins...))

	genesisTime := g.genesis.GenesisTime
	ns.Nodes = append(ns.Nodes, nstypes.NodeRecord{
		Node: nstypes.Node{
			Pubkey:       pubkey,
			Operator:     operator.String(),
			FeeBps:       feeBps,
			Status:       nstypes.NODE_STATUS_ACTIVE,
			TotalStaked:  stake,
			Contributors: 1,
			RegisteredAt: genesisTime,
			ActivatedAt:  &genesisTime,
			RewardIndex:  math.ZeroInt(),
		},
		Contributions: []nstypes.ContributionRecord{{
			Address:      operator.String(),
			Contribution: nstypes.Contribution{Amount: stake, LastContributedAt: genesisTime},
		}},
		Reserved: []nstypes.ReservedSpot{},
	})
	if err := ns.Validate(); err != nil {
		return err
	}
	if err := g.setModule(nstypes.ModuleName, &ns); err != nil {
		return err
	}
	return g.save()
}
