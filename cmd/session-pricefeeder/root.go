package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/version"

	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/aggregate"
	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/chain"
	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/config"
	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/feeder"
	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/metrics"
	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/source"
)

const flagConfig = "config"

func rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "session-pricefeeder",
		Short:         "Feed x/pro's SESH/USD price from Uniswap V3 TWAPs and HTTP tickers",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(startCmd(), readCmd(), initConfigCmd(), versionCmd())
	return root
}

func initConfigCmd() *cobra.Command {
	return daemon.NewInitConfigCmd("session-pricefeeder init-config > pricefeeder.toml", config.Example)
}

func versionCmd() *cobra.Command {
	return daemon.NewVersionCmd(func() string { return version.Version })
}

func startCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "start",
		Short:   "Read the sources every poll interval and submit the price when due, until SIGINT or SIGTERM",
		Example: "session-pricefeeder start --config pricefeeder.toml",
		Args:    cobra.NoArgs,
		RunE: daemon.RunUntilSignal(
			func(cmd *cobra.Command) (*config.Config, error) { return config.Load(mustString(cmd, flagConfig)) },
			func(cfg *config.Config) (*slog.Logger, error) { return newLogger(cfg.Feeder), nil },
			func(ctx context.Context, _ func(), cfg *config.Config, log *slog.Logger) error {
				return start(ctx, cfg, log)
			}),
	}
	cmd.Flags().String(flagConfig, "pricefeeder.toml", "the configuration file")
	return cmd
}

func readCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "read",
		Short:   "Read every source once and print the readings and their aggregate as JSON; submits nothing",
		Example: "session-pricefeeder read --config pricefeeder.toml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(mustString(cmd, flagConfig))
			if err != nil {
				return err
			}
			sources, closeEVM, err := buildSources(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer closeEVM()
			type reading struct {
				Source string `json:"source"`
				Price  string `json:"price,omitempty"`
				Time   string `json:"time,omitempty"`
				Error  string `json:"error,omitempty"`
			}
			out := struct {
				Readings  []reading `json:"readings"`
				Price     string    `json:"price,omitempty"`
				SpreadBps uint64    `json:"spread_bps,omitempty"`
				Error     string    `json:"error,omitempty"`
			}{}
			var healthy []aggregate.Reading
			for _, s := range sources {
				r, err := s.Read(cmd.Context())
				if err != nil {
					out.Readings = append(out.Readings, reading{Source: s.Name(), Error: err.Error()})
					continue
				}
				healthy = append(healthy, r)
				out.Readings = append(out.Readings, reading{Source: s.Name(), Price: r.Price.String(), Time: r.Time.Format(time.RFC3339)})
			}
			res, err := aggregate.Aggregate(healthy, aggregate.Rules{MinSources: cfg.Feeder.MinSources, MaxSpreadBps: cfg.Feeder.MaxSpreadBps})
			if err != nil {
				out.Error = err.Error()
			} else {
				out.Price, out.SpreadBps = res.Price.String(), res.SpreadBps
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		},
	}
	cmd.Flags().String(flagConfig, "pricefeeder.toml", "the configuration file")
	return cmd
}

// start runs the feeder until ctx ends.
func start(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	client, err := chain.Dial(ctx, chain.Config{
		GRPC: cfg.Chain.GRPC, ChainID: cfg.Chain.ChainID, KeyringDir: cfg.Chain.KeyringDir,
		KeyringBackend: cfg.Chain.KeyringBackend, KeyringPasswordFile: cfg.Chain.KeyringPasswordFile,
		KeyName: cfg.Chain.KeyName, GasPrices: cfg.Chain.GasPrices, GasAdjustment: cfg.Chain.GasAdjustment,
		TxTimeout: cfg.Chain.TxTimeout.Duration,
	})
	if err != nil {
		return err
	}
	defer client.Close()
	if err := client.CheckNotOperator(ctx); err != nil {
		return err
	}
	if params, err := client.Params(ctx); err != nil {
		log.Warn("could not read x/pro's params", "err", err)
	} else if !params.IsFeeder(client.Feeder()) {
		log.Warn("this key is not among x/pro's feeders yet: its submissions will be refused until governance names it",
			"feeder", client.Feeder(), "feeders", len(params.Feeders))
	}
	sources, closeEVM, err := buildSources(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeEVM()

	m := metrics.New()
	if cfg.Feeder.MetricsListen != "" {
		srv, err := m.Listen(cfg.Feeder.MetricsListen, 3*cfg.Feeder.PollInterval.Duration+time.Minute)
		if err != nil {
			return err
		}
		go srv.Serve(log)
		defer func() {
			shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(shutdownCtx)
		}()
		log.Info("metrics", "addr", srv.Addr())
	}
	rules := feeder.Rules{
		Rules:            aggregate.Rules{MinSources: cfg.Feeder.MinSources, MaxSpreadBps: cfg.Feeder.MaxSpreadBps},
		Period:           cfg.Feeder.Period.Duration,
		MoveThresholdBps: cfg.Feeder.MoveThresholdBps,
		StepTimeout:      cfg.Chain.TxTimeout.Duration + 2*time.Minute,
	}
	log.Info("session-pricefeeder started", "feeder", client.Feeder(), "sources", len(sources),
		"min_sources", rules.MinSources, "period", rules.Period, "move_threshold_bps", rules.MoveThresholdBps)
	feeder.New(client, sources, rules, log, m).Run(ctx, cfg.Feeder.PollInterval.Duration)
	log.Info("session-pricefeeder stopped")
	return nil
}

// buildSources makes the configured sources; closeEVM closes the EVM
// connection they share.
func buildSources(ctx context.Context, cfg *config.Config) ([]source.Source, func(), error) {
	var sources []source.Source
	closeEVM := func() {}
	if len(cfg.Uniswap) > 0 {
		ec, err := ethclient.DialContext(ctx, cfg.EVM.RPC)
		if err != nil {
			return nil, nil, fmt.Errorf("evm.rpc %s: %w", cfg.EVM.RPC, err)
		}
		closeEVM = ec.Close
		finality := source.Finality{Finalized: cfg.EVM.Finality == config.FinalityFinalized, Confirmations: cfg.EVM.Confirmations}
		for _, u := range cfg.Uniswap {
			minLiq, ok := new(big.Int).SetString(u.MinLiquidity, 10)
			if !ok {
				return nil, nil, errors.New("uniswap " + u.Name + ": min_liquidity")
			}
			s, err := source.NewUniswap(source.UniswapConfig{
				Name: u.Name, Tokens: addresses(u.Tokens), Pools: addresses(u.Pools), Window: u.Window.Duration,
				MinCardinality: u.MinCardinality, MinLiquidity: minLiq,
			}, ec, finality)
			if err != nil {
				return nil, nil, err
			}
			sources = append(sources, s)
		}
	}
	for _, h := range cfg.HTTP {
		tc := source.TickerConfig{
			Name: h.Name, URL: h.URL, PricePath: h.PricePath, TimePath: h.TimePath,
			MaxAge: h.MaxAge.Duration, Timeout: h.Timeout.Duration,
		}
		if h.Convert != nil {
			tc.Convert = &source.ConvertConfig{URL: h.Convert.URL, PricePath: h.Convert.PricePath, Invert: h.Convert.Invert}
		}
		sources = append(sources, source.NewTicker(tc, time.Now))
	}
	return sources, closeEVM, nil
}

func addresses(hex []string) []common.Address {
	out := make([]common.Address, len(hex))
	for i, h := range hex {
		out[i] = common.HexToAddress(h)
	}
	return out
}

// newLogger builds the structured logger the [feeder] section asks for
// (its level is validated with the configuration).
func newLogger(f config.Feeder) *slog.Logger {
	log, err := daemon.NewLogger(os.Stderr, f.LogLevel, f.LogFormat)
	if err != nil {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return log
}

func mustString(cmd *cobra.Command, name string) string {
	v, _ := cmd.Flags().GetString(name)
	return v
}
