package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"

	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

const flagGenesisPrice = "price"

// AddPriceFeederCmd is `sessiond genesis add-price-feeder`: it names a
// SESH/USD price feeder in the genesis Pro params and, with --price, puts
// in its first submission at genesis time, so a price is in force at once.
func AddPriceFeederCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "add-price-feeder [key-or-address]",
		Short:   "Name a SESH/USD price feeder in genesis.json, optionally with a first price",
		Example: "sessiond genesis add-price-feeder alice --price 0.05 --keyring-backend test",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, genFile := genesisTarget(cmd)
			addr, err := resolveAddress(cmd, clientCtx, args[0])
			if err != nil {
				return err
			}
			priceStr, _ := cmd.Flags().GetString(flagGenesisPrice)
			return editProGenesis(clientCtx, genFile, func(g *genesisEdit, gs *protypes.GenesisState) error {
				if !gs.Params.IsFeeder(addr.String()) {
					gs.Params.Feeders = append(gs.Params.Feeders, addr.String())
				}
				if priceStr == "" {
					return nil
				}
				price, err := math.LegacyNewDecFromStr(priceStr)
				if err != nil {
					return fmt.Errorf("--%s %q: %w", flagGenesisPrice, priceStr, err)
				}
				kept := gs.Prices[:0]
				for _, p := range gs.Prices {
					if p.Feeder != addr.String() {
						kept = append(kept, p)
					}
				}
				gs.Prices = append(kept, protypes.PriceSubmission{
					Feeder: addr.String(), Price: price, SubmittedAt: g.genesis.GenesisTime, SourceTime: g.genesis.GenesisTime,
				})
				return nil
			})
		},
	}
	addGenesisFlags(cmd, defaultNodeHome, true)
	cmd.Flags().String(flagGenesisPrice, "", "a first price in USD per SESH, submitted at genesis time (e.g. 0.05)")
	return cmd
}

// AddPaymentProcessorCmd is `sessiond genesis add-payment-processor`: it
// names an account that may record payments made outside the chain.
func AddPaymentProcessorCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "add-payment-processor [key-or-address]",
		Short:   "Name a Session Pro payment processor in genesis.json",
		Example: "sessiond genesis add-payment-processor bob --keyring-backend test",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, genFile := genesisTarget(cmd)
			addr, err := resolveAddress(cmd, clientCtx, args[0])
			if err != nil {
				return err
			}
			return editProGenesis(clientCtx, genFile, func(_ *genesisEdit, gs *protypes.GenesisState) error {
				if !gs.Params.IsProcessor(addr.String()) {
					gs.Params.Processors = append(gs.Params.Processors, addr.String())
				}
				return nil
			})
		},
	}
	addGenesisFlags(cmd, defaultNodeHome, true)
	return cmd
}

// AddIssuerKeyCmd is `sessiond genesis add-issuer-key`: it registers an
// Ed25519 key that may sign Session Pro proofs (session-pro-issuer's),
// valid from genesis time.
func AddIssuerKeyCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "add-issuer-key [pubkey]",
		Short:   "Register a Session Pro proof issuer's Ed25519 public key (hex) in genesis.json",
		Example: "sessiond genesis add-issuer-key $(session-pro-issuer pubkey issuer.key) --description \"devnet issuer\"",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, genFile := genesisTarget(cmd)
			pubkey, err := protypes.ParseIssuerKey(args[0])
			if err != nil {
				return err
			}
			description, _ := cmd.Flags().GetString(flagIssuerDescription)
			return editProGenesis(clientCtx, genFile, func(g *genesisEdit, gs *protypes.GenesisState) error {
				for _, k := range gs.IssuerKeys {
					if k.Pubkey == pubkey {
						return fmt.Errorf("issuer key %s is already in genesis", pubkey)
					}
				}
				gs.IssuerKeys = append(gs.IssuerKeys, protypes.IssuerKey{Pubkey: pubkey, NotBefore: g.genesis.GenesisTime, Description: description})
				return nil
			})
		},
	}
	addGenesisFlags(cmd, defaultNodeHome, false)
	cmd.Flags().String(flagIssuerDescription, "", "who runs the issuer and where")
	return cmd
}

const flagIssuerDescription = "description"

// editProGenesis applies edit to the Pro genesis in genFile and checks it.
func editProGenesis(clientCtx client.Context, genFile string, edit func(*genesisEdit, *protypes.GenesisState) error) error {
	g, err := loadGenesis(clientCtx.Codec, genFile)
	if err != nil {
		return err
	}
	var gs protypes.GenesisState
	if err := g.module(protypes.ModuleName, &gs); err != nil {
		return err
	}
	if err := edit(g, &gs); err != nil {
		return err
	}
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := g.setModule(protypes.ModuleName, &gs); err != nil {
		return err
	}
	return g.save()
}
