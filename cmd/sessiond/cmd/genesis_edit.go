package cmd

import (
	"encoding/json"
	"fmt"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/server"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
)

// genesisEdit is an app state read from genesis.json, changed by genesis
// commands and written back by save.
type genesisEdit struct {
	cdc      codec.Codec
	file     string
	genesis  *genutiltypes.AppGenesis
	appState map[string]json.RawMessage
	auth     authtypes.GenesisState
	bank     *banktypes.GenesisState
}

// loadGenesis reads genesis.json for editing.
func loadGenesis(cdc codec.Codec, file string) (*genesisEdit, error) {
	appState, genesis, err := genutiltypes.GenesisStateFromGenFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading genesis: %w", err)
	}
	return &genesisEdit{
		cdc:      cdc,
		file:     file,
		genesis:  genesis,
		appState: appState,
		auth:     authtypes.GetGenesisStateFromAppState(cdc, appState),
		bank:     banktypes.GetGenesisStateFromAppState(cdc, appState),
	}, nil
}

// ensureModuleAccount adds the named module account if genesis lacks it.
func (g *genesisEdit) ensureModuleAccount(name string) error {
	accounts, err := authtypes.UnpackAccounts(g.auth.Accounts)
	if err != nil {
		return err
	}
	if accounts.Contains(authtypes.NewModuleAddress(name)) {
		return nil
	}
	accounts = authtypes.SanitizeGenesisAccounts(append(accounts, authtypes.NewEmptyModuleAccount(name)))
	g.auth.Accounts, err = authtypes.PackAccounts(accounts)
	return err
}

// balance returns addr's genesis balance.
func (g *genesisEdit) balance(addr sdk.AccAddress) sdk.Coins {
	for _, b := range g.bank.Balances {
		if b.Address == addr.String() {
			return b.Coins
		}
	}
	return sdk.NewCoins()
}

// setBalance replaces addr's genesis balance (the supply is the caller's).
func (g *genesisEdit) setBalance(addr sdk.AccAddress, coins sdk.Coins) {
	for i, b := range g.bank.Balances {
		if b.Address == addr.String() {
			g.bank.Balances[i].Coins = coins
			return
		}
	}
	g.bank.Balances = append(g.bank.Balances, banktypes.Balance{Address: addr.String(), Coins: coins})
}

// module returns a module's genesis JSON for editing.
func (g *genesisEdit) module(name string, into gogoproto.Message) error {
	return g.cdc.UnmarshalJSON(g.appState[name], into)
}

// setModule replaces a module's genesis.
func (g *genesisEdit) setModule(name string, gs gogoproto.Message) (err error) {
	g.appState[name], err = g.cdc.MarshalJSON(gs)
	return err
}

// save writes the edited state back to genesis.json.
func (g *genesisEdit) save() error {
	g.bank.Balances = banktypes.SanitizeGenesisBalances(g.bank.Balances)
	if err := g.setModule(authtypes.ModuleName, &g.auth); err != nil {
		return err
	}
	if err := g.setModule(banktypes.ModuleName, g.bank); err != nil {
		return err
	}
	bz, err := json.MarshalIndent(g.appState, "", "  ")
	if err != nil {
		return err
	}
	g.genesis.AppState = bz
	return genutil.ExportGenesisFile(g.genesis, g.file)
}

// genesisTarget returns a genesis command's client context and the
// genesis.json of its --home.
func genesisTarget(cmd *cobra.Command) (client.Context, string) {
	clientCtx := client.GetClientContextFromCmd(cmd)
	config := server.GetServerContextFromCmd(cmd).Config
	config.SetRoot(clientCtx.HomeDir)
	return clientCtx, config.GenesisFile()
}

// addGenesisFlags adds a genesis command's --home and, for one that reads
// keys, --keyring-backend.
func addGenesisFlags(cmd *cobra.Command, defaultNodeHome string, withKeyring bool) {
	cmd.Flags().String(flags.FlagHome, defaultNodeHome, "The application home directory")
	if withKeyring {
		cmd.Flags().String(flags.FlagKeyringBackend, flags.DefaultKeyringBackend, "Select keyring's backend (os|file|kwallet|pass|test)")
	}
}
