package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// AddPoolFundsCmd is `sessiond genesis add-pool-funds`: it puts tokens into
// the Staking Reward Pool's module account in genesis.json, raising the bank
// balance and the supply, the way add-genesis-account does for people.
func AddPoolFundsCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-pool-funds [amount]",
		Short: "Put tokens into the Staking Reward Pool in genesis.json",
		Long: "Adds an amount of nsesh to the balance of the reward_pool module account in genesis.json and to the " +
			"total supply, creating the module account if needed. Run it again to add more.",
		Example: "sessiond genesis add-pool-funds 40000000000000000nsesh   # 40,000,000 SESH",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, genFile := genesisTarget(cmd)
			coin, err := sdk.ParseCoinNormalized(args[0])
			if err != nil {
				return fmt.Errorf("amount %q: %w", args[0], err)
			}
			if coin.Denom != rewardpooltypes.Denom || !coin.Amount.IsPositive() {
				return fmt.Errorf("amount must be a positive number of %s, got %q", rewardpooltypes.Denom, args[0])
			}
			if err := AddPoolFunds(clientCtx.Codec, genFile, coin.Amount); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "added %s to the reward pool in %s\n", coin, genFile)
			return nil
		},
	}
	addGenesisFlags(cmd, defaultNodeHome, false)
	return cmd
}

// AddPoolFunds adds amount nsesh to the reward pool module account in the
// genesis file genFile, and to the supply.
func AddPoolFunds(cdc codec.Codec, genFile string, amount math.Int) error {
	g, err := loadGenesis(cdc, genFile)
	if err != nil {
		return err
	}
	if err := g.ensureModuleAccount(rewardpooltypes.PoolAccount); err != nil {
		return err
	}
	coins := sdk.NewCoins(sdk.NewCoin(rewardpooltypes.Denom, amount))
	pool := authtypes.NewModuleAddress(rewardpooltypes.PoolAccount)
	g.setBalance(pool, g.balance(pool).Add(coins...))
	g.bank.Supply = g.bank.Supply.Add(coins...)
	return g.save()
}
