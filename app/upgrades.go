package app

import (
	"context"
	"fmt"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/version"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
)

// Upgrade is a software upgrade this binary can apply: the name a
// software-upgrade proposal gives its plan, and the stores it adds, renames
// or deletes at the upgrade height. Its handler runs the store migrations
// of every module whose consensus version went up (each module registers
// its own, e.g. x/pro's Migrator.Migrate1to2).
type Upgrade struct {
	Name          string
	StoreUpgrades storetypes.StoreUpgrades
}

// Upgrades are the named upgrades of this release. An upgrade named after
// the binary's own version (sessiond version) is always there too, with no
// store changes: a plan that names the release to run needs nothing else.
var Upgrades = []Upgrade{
	// The release that brings Session names to a running chain: the names
	// store is added at the plan's height, and the handler's migrations
	// run the new module's default genesis (its params, its module
	// account).
	{Name: NamesUpgrade, StoreUpgrades: storetypes.StoreUpgrades{Added: []string{namestypes.StoreKey}}},
	// The release whose uptime proofs name a recent block and register the
	// node's endpoint: x/nodestaking's 5→6 migration (no store is added).
	{Name: LivenessUpgrade},
	// The release that keeps a name's listing in its record: x/names's 1→2
	// migration (no store is added).
	{Name: NamesLayoutUpgrade},
}

// NamesLayoutUpgrade is the name of the upgrade plan that brings x/names's
// consensus version 2 (issue 22's state layout) to a chain.
const NamesLayoutUpgrade = "session-names-v2"

// LivenessUpgrade is the name of the upgrade plan that brings
// x/nodestaking's consensus version 6 (issue 19's liveness) to a chain.
const LivenessUpgrade = "session-liveness-v6"

// NamesUpgrade is the name of the upgrade plan that adds x/names to a
// chain that runs without it.
const NamesUpgrade = "session-names"

// upgrades returns Upgrades plus the one named after the binary's version,
// unless Upgrades already has it or the binary has no version (a plain go
// build).
func upgrades() []Upgrade {
	all := append([]Upgrade{}, Upgrades...)
	if version.Version == "" {
		return all
	}
	for _, u := range all {
		if u.Name == version.Version {
			return all
		}
	}
	return append(all, Upgrade{Name: version.Version})
}

// registerUpgrades installs the handler of every upgrade and, when the node
// restarts at the height of one of them (the old binary wrote the plan to
// data/upgrade-info.json before it halted), the store loader that applies
// its store changes. It runs before the stores are loaded.
func (app *App) registerUpgrades() error {
	for _, u := range upgrades() {
		if app.UpgradeKeeper.HasHandler(u.Name) {
			return fmt.Errorf("upgrade %q is registered twice", u.Name)
		}
		app.UpgradeKeeper.SetUpgradeHandler(u.Name, app.runMigrations)
	}

	plan, err := app.UpgradeKeeper.ReadUpgradeInfoFromDisk()
	if err != nil {
		return fmt.Errorf("reading the upgrade info: %w", err)
	}
	if plan.Name == "" || app.UpgradeKeeper.IsSkipHeight(plan.Height) {
		return nil
	}
	for _, u := range upgrades() {
		if u.Name == plan.Name {
			app.SetStoreLoader(upgradetypes.UpgradeStoreLoader(plan.Height, &u.StoreUpgrades))
		}
	}
	return nil
}

// runMigrations is the upgrade handler: each module's store migrations from
// the consensus version the chain ran to the one this binary has.
func (app *App) runMigrations(ctx context.Context, plan upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
	app.Logger().Info("applying upgrade", "name", plan.Name, "height", plan.Height)
	return app.ModuleManager.RunMigrations(ctx, app.Configurator(), fromVM)
}
