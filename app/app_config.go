package app

import (
	runtimev1alpha1 "cosmossdk.io/api/cosmos/app/runtime/v1alpha1"
	appv1alpha1 "cosmossdk.io/api/cosmos/app/v1alpha1"
	authmodulev1 "cosmossdk.io/api/cosmos/auth/module/v1"
	authzmodulev1 "cosmossdk.io/api/cosmos/authz/module/v1"
	bankmodulev1 "cosmossdk.io/api/cosmos/bank/module/v1"
	consensusmodulev1 "cosmossdk.io/api/cosmos/consensus/module/v1"
	distrmodulev1 "cosmossdk.io/api/cosmos/distribution/module/v1"
	evidencemodulev1 "cosmossdk.io/api/cosmos/evidence/module/v1"
	feegrantmodulev1 "cosmossdk.io/api/cosmos/feegrant/module/v1"
	genutilmodulev1 "cosmossdk.io/api/cosmos/genutil/module/v1"
	govmodulev1 "cosmossdk.io/api/cosmos/gov/module/v1"
	slashingmodulev1 "cosmossdk.io/api/cosmos/slashing/module/v1"
	stakingmodulev1 "cosmossdk.io/api/cosmos/staking/module/v1"
	txconfigv1 "cosmossdk.io/api/cosmos/tx/config/v1"
	upgrademodulev1 "cosmossdk.io/api/cosmos/upgrade/module/v1"
	"cosmossdk.io/depinject"
	"cosmossdk.io/depinject/appconfig"

	"github.com/cosmos/cosmos-sdk/runtime"
	"github.com/cosmos/cosmos-sdk/types/module"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	bridgemodulev1 "github.com/sessiontoken/sessionchain/x/bridge/types/modulev1"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	namesmodulev1 "github.com/sessiontoken/sessionchain/x/names/types/modulev1"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	nodestakingmodulev1 "github.com/sessiontoken/sessionchain/x/nodestaking/types/modulev1"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	promodulev1 "github.com/sessiontoken/sessionchain/x/pro/types/modulev1"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
	rewardpoolmodulev1 "github.com/sessiontoken/sessionchain/x/rewardpool/types/modulev1"
)

// moduleAccountPermissions lists every module account and what it may do.
// Each of them is blocked from receiving plain bank sends: tokens reach them
// only through their modules (the pool, for example, through MsgFundPool).
var moduleAccountPermissions = []*authmodulev1.ModuleAccountPermission{
	{Account: authtypes.FeeCollectorName},
	{Account: distrtypes.ModuleName},
	{Account: stakingtypes.BondedPoolName, Permissions: []string{authtypes.Burner, authtypes.Staking}},
	{Account: stakingtypes.NotBondedPoolName, Permissions: []string{authtypes.Burner, authtypes.Staking}},
	{Account: stakingtypes.KeyRotationFeePoolName, Permissions: []string{authtypes.Burner}},
	{Account: govtypes.ModuleName, Permissions: []string{authtypes.Burner}},
	{Account: rewardpooltypes.PoolAccount},
	{Account: nodestakingtypes.ModuleName},
	{Account: protypes.ModuleName},
	{Account: protypes.LiquidityAccount},
	{Account: namestypes.ModuleName},
	{Account: bridgetypes.ModuleName, Permissions: []string{authtypes.Minter, authtypes.Burner}},
}

// appConfig lists the modules of sessiond, their order in each block phase
// and in genesis, and their settings. There is no x/mint: every nsesh is
// backed by tokens locked in the EVM bridge contract.
var appConfig = depinject.Configs(appconfig.Compose(&appv1alpha1.Config{
	Modules: []*appv1alpha1.ModuleConfig{
		{
			Name: runtime.ModuleName,
			Config: appconfig.WrapAny(&runtimev1alpha1.Module{
				AppName:     Name,
				PreBlockers: []string{upgradetypes.ModuleName, authtypes.ModuleName},
				BeginBlockers: []string{
					distrtypes.ModuleName,
					slashingtypes.ModuleName,
					evidencetypes.ModuleName,
					stakingtypes.ModuleName,
					authz.ModuleName,
					rewardpooltypes.ModuleName,
					nodestakingtypes.ModuleName,
				},
				EndBlockers: []string{
					govtypes.ModuleName,
					stakingtypes.ModuleName,
					banktypes.ModuleName,
					feegrant.ModuleName,
					nodestakingtypes.ModuleName,
					// after staking: signer sets follow this block's powers.
					bridgetypes.ModuleName,
					// sweeps the block's Pro revenue on, after gov (a proposal's purchase is swept in its block)
					protypes.ModuleName,
					// sweeps the block's fees, ends expired listings,
					// removes released names
					namestypes.ModuleName,
				},
				OverrideStoreKeys: []*runtimev1alpha1.StoreKeyConfig{
					{ModuleName: authtypes.ModuleName, KvStoreKey: "acc"},
				},
				// Bank before every module that reads balances at genesis;
				// genutil after staking so gentxs see the bonded denom.
				InitGenesis: []string{
					authtypes.ModuleName,
					banktypes.ModuleName,
					distrtypes.ModuleName,
					stakingtypes.ModuleName,
					slashingtypes.ModuleName,
					govtypes.ModuleName,
					rewardpooltypes.ModuleName,
					nodestakingtypes.ModuleName,
					protypes.ModuleName,
					// after pro: fees go on to its protocol_liquidity account
					namestypes.ModuleName,
					bridgetypes.ModuleName,
					genutiltypes.ModuleName,
					evidencetypes.ModuleName,
					authz.ModuleName,
					feegrant.ModuleName,
					consensustypes.ModuleName,
					upgradetypes.ModuleName,
				},
			}),
		},
		{
			Name: authtypes.ModuleName,
			Config: appconfig.WrapAny(&authmodulev1.Module{
				Bech32Prefix:             Bech32Prefix,
				ModuleAccountPermissions: moduleAccountPermissions,
			}),
		},
		{Name: banktypes.ModuleName, Config: appconfig.WrapAny(&bankmodulev1.Module{})},
		{Name: stakingtypes.ModuleName, Config: appconfig.WrapAny(&stakingmodulev1.Module{})},
		{Name: slashingtypes.ModuleName, Config: appconfig.WrapAny(&slashingmodulev1.Module{})},
		{Name: distrtypes.ModuleName, Config: appconfig.WrapAny(&distrmodulev1.Module{})},
		{Name: govtypes.ModuleName, Config: appconfig.WrapAny(&govmodulev1.Module{})},
		{Name: consensustypes.ModuleName, Config: appconfig.WrapAny(&consensusmodulev1.Module{})},
		{Name: upgradetypes.ModuleName, Config: appconfig.WrapAny(&upgrademodulev1.Module{})},
		{Name: evidencetypes.ModuleName, Config: appconfig.WrapAny(&evidencemodulev1.Module{})},
		{Name: feegrant.ModuleName, Config: appconfig.WrapAny(&feegrantmodulev1.Module{})},
		{Name: authz.ModuleName, Config: appconfig.WrapAny(&authzmodulev1.Module{})},
		{Name: genutiltypes.ModuleName, Config: appconfig.WrapAny(&genutilmodulev1.Module{})},
		// The app sets its own ante handler (ante.go): the default one, with
		// fee-exempt quorum votes.
		{Name: "tx", Config: appconfig.WrapAny(&txconfigv1.Config{SkipAnteHandler: true})},
		{Name: rewardpooltypes.ModuleName, Config: appconfig.WrapAny(&rewardpoolmodulev1.Module{})},
		{Name: nodestakingtypes.ModuleName, Config: appconfig.WrapAny(&nodestakingmodulev1.Module{})},
		{Name: protypes.ModuleName, Config: appconfig.WrapAny(&promodulev1.Module{})},
		{Name: namestypes.ModuleName, Config: appconfig.WrapAny(&namesmodulev1.Module{})},
		{Name: bridgetypes.ModuleName, Config: appconfig.WrapAny(&bridgemodulev1.Module{})},
	},
}),
	// genutil's CLI needs its own basic module to validate gentxs.
	depinject.Supply(map[string]module.AppModuleBasic{
		genutiltypes.ModuleName: genutil.NewAppModuleBasic(genutiltypes.DefaultMessageValidator),
	}),
	depinject.Invoke(UseSessionGenesis),
)
