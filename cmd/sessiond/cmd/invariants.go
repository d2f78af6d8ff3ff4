package cmd

import (
	"errors"
	"fmt"
	"path/filepath"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmtstate "github.com/cometbft/cometbft/state"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/spf13/cobra"

	coreheader "cosmossdk.io/core/header"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/server"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/app/invariants"
)

// invariantsCmd is `sessiond invariants`: the conservation invariants
// (docs/architecture.md, Invariants), checked against a stopped node's state.
func invariantsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "invariants",
		Short: "Check the conservation invariants against this node's state (the node must be stopped)",
		Long: `Checks every conservation invariant (app/invariants) against the state this node committed,
at the latest height or at --height, and exits non-zero if one is broken.

The supply and protocol-owned-liquidity invariants count from the genesis: the command replays
config/genesis.json into an in-memory app for the starting totals, and reads every block's results
since the genesis from CometBFT's state store (data/state.db) for the burns and liquidity spends
no store totals. A node whose config.toml sets [storage] discard_abci_responses = true has no
block results: pass --skip-history to check the invariants that need none.

The node's databases are locked while it runs: stop it first.`,
		Example: `  sessiond invariants --home ~/.sessiond
  sessiond invariants --home .localnet/val0 --height 1200`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SilenceUsage = true
			serverCtx := server.GetServerContextFromCmd(cmd)
			cfg := serverCtx.Config
			height, err := cmd.Flags().GetInt64(server.FlagHeight)
			if err != nil {
				return err
			}
			skipHistory, err := cmd.Flags().GetBool(flagSkipHistory)
			if err != nil {
				return err
			}
			report, err := checkNodeInvariants(cfg, serverCtx.Viper, server.GetAppDBBackend(serverCtx.Viper), height, skipHistory)
			if err != nil {
				return err
			}
			cmd.Println(report.summary)
			if report.broken != nil {
				return report.broken
			}
			return nil
		},
	}
	cmd.Flags().Int64(server.FlagHeight, -1, "the committed height to check (default: the latest)")
	cmd.Flags().Bool(flagSkipHistory, false, "check only the invariants that need no block results since genesis")
	return cmd
}

const flagSkipHistory = "skip-history"

// invariantsReport is what a check found.
type invariantsReport struct {
	summary string
	broken  error
}

// checkNodeInvariants checks the state a node committed at height (-1: the
// latest).
func checkNodeInvariants(cfg *cmtcfg.Config, appOpts servertypes.AppOptions, backend dbm.BackendType, height int64, skipHistory bool) (invariantsReport, error) {
	genesis, err := genutiltypes.AppGenesisFromFile(cfg.GenesisFile())
	if err != nil {
		return invariantsReport{}, fmt.Errorf("reading the genesis: %w", err)
	}
	db, err := dbm.NewDB("application", backend, filepath.Join(cfg.RootDir, "data"))
	if err != nil {
		return invariantsReport{}, fmt.Errorf("opening the application database (is the node stopped?): %w", err)
	}
	defer db.Close()
	a, err := app.New(log.NewNopLogger(), db, height == -1, appOpts, baseapp.SetChainID(genesis.ChainID))
	if err != nil {
		return invariantsReport{}, err
	}
	if height != -1 {
		if err := a.LoadHeight(height); err != nil {
			return invariantsReport{}, fmt.Errorf("loading height %d: %w", height, err)
		}
	}
	height = a.LastBlockHeight()
	if height < genesis.InitialHeight {
		return invariantsReport{}, fmt.Errorf("the node has committed no block yet (the genesis starts at height %d)", genesis.InitialHeight)
	}
	header := cmtproto.Header{ChainID: genesis.ChainID, Height: height}
	ctx := a.NewContextLegacy(true, header).WithHeaderInfo(coreheader.Info{ChainID: genesis.ChainID, Height: height})

	if skipHistory {
		err := errors.Join(invariants.RewardPool(ctx, a), invariants.Emission(ctx, a), invariants.NodeStakingAccount(ctx, a))
		return reportOf(height, "the invariants that need no history", err), nil
	}
	base, err := genesisBaseline(genesis, appOpts)
	if err != nil {
		return invariantsReport{}, err
	}
	tally, err := tallyBlocks(cfg, genesis.InitialHeight, height)
	if err != nil {
		return invariantsReport{}, err
	}
	return reportOf(height, "every invariant", invariants.Check(ctx, a, base, tally)), nil
}

func reportOf(height int64, what string, broken error) invariantsReport {
	if broken != nil {
		return invariantsReport{summary: fmt.Sprintf("height %d: broken invariants:\n%v", height, broken), broken: errors.New("invariants broken")}
	}
	return invariantsReport{summary: fmt.Sprintf("height %d: %s holds", height, what)}
}

// genesisBaseline runs the genesis in an in-memory app and reads the totals
// the supply and liquidity invariants count from.
func genesisBaseline(genesis *genutiltypes.AppGenesis, appOpts servertypes.AppOptions) (invariants.Baseline, error) {
	a, err := app.New(log.NewNopLogger(), dbm.NewMemDB(), true, appOpts, baseapp.SetChainID(genesis.ChainID))
	if err != nil {
		return invariants.Baseline{}, err
	}
	req := &abci.RequestInitChain{
		ChainId:       genesis.ChainID,
		Time:          genesis.GenesisTime,
		AppStateBytes: genesis.AppState,
		InitialHeight: genesis.InitialHeight,
	}
	if genesis.Consensus != nil && genesis.Consensus.Params != nil {
		params := genesis.Consensus.Params.ToProto()
		req.ConsensusParams = &params
	}
	if _, err := a.InitChain(req); err != nil {
		return invariants.Baseline{}, fmt.Errorf("replaying the genesis: %w", err)
	}
	header := cmtproto.Header{ChainID: genesis.ChainID, Height: genesis.InitialHeight - 1, Time: genesis.GenesisTime}
	return invariants.NewBaseline(a.NewContextLegacy(false, header), a)
}

// tallyBlocks counts the burns and liquidity spends of the blocks from
// first to last, from the results CometBFT stored.
func tallyBlocks(cfg *cmtcfg.Config, first, last int64) (*invariants.Tally, error) {
	stateDB, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "state", Config: cfg})
	if err != nil {
		return nil, fmt.Errorf("opening CometBFT's state store (is the node stopped?): %w", err)
	}
	defer stateDB.Close()
	store := cmtstate.NewStore(stateDB, cmtstate.StoreOptions{})
	tally := invariants.NewTally()
	for h := first; h <= last; h++ {
		res, err := store.LoadFinalizeBlockResponse(h)
		if err != nil {
			return nil, fmt.Errorf("the results of block %d: %w (a node that discards or pruned them can only run --%s)", h, err, flagSkipHistory)
		}
		if err := tally.AddBlock(res); err != nil {
			return nil, fmt.Errorf("block %d: %w", h, err)
		}
	}
	return tally, nil
}
