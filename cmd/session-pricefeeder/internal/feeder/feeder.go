// Package feeder is session-pricefeeder's loop: every poll interval it reads
// the sources, aggregates the healthy ones and, when the period has passed
// or the price moved beyond the threshold, submits MsgSubmitPrice. It keeps
// no state of its own: its last submission is read back from the chain, so
// a restart neither repeats nor skips anything.
package feeder

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/aggregate"
	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/metrics"
	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/source"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// Chain is what the loop needs of sessiond (chain.Client).
type Chain interface {
	Feeder() string
	Price(ctx context.Context) (*protypes.QueryPriceResponse, error)
	LatestBlockTime(ctx context.Context) (time.Time, error)
	SubmitPrice(ctx context.Context, msg *protypes.MsgSubmitPrice) (string, error)
}

// Rules are when and what the loop submits.
type Rules struct {
	aggregate.Rules
	// Period is the longest time between two submissions (by source time).
	Period time.Duration
	// MoveThresholdBps submits sooner when the median moved this much.
	MoveThresholdBps uint32
	// StepTimeout bounds a round.
	StepTimeout time.Duration
}

// Feeder is the loop.
type Feeder struct {
	chain   Chain
	sources []source.Source
	rules   Rules
	log     *slog.Logger
	metrics *metrics.Metrics
}

// New returns the loop.
func New(chain Chain, sources []source.Source, rules Rules, log *slog.Logger, m *metrics.Metrics) *Feeder {
	return &Feeder{chain: chain, sources: sources, rules: rules, log: log, metrics: m}
}

// Run runs rounds every interval until ctx ends.
func (f *Feeder) Run(ctx context.Context, interval time.Duration) {
	for {
		roundCtx, cancel := context.WithTimeout(ctx, f.rules.StepTimeout)
		f.Round(roundCtx)
		cancel()
		f.metrics.Beat(time.Now())
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// Outcome says what a round did.
type Outcome string

// The outcomes of a round.
const (
	Submitted   Outcome = "submitted"
	Unchanged   Outcome = "unchanged"
	NotNewer    Outcome = "not_newer"
	Unhealthy   Outcome = "unhealthy"
	Failed      Outcome = "failed"
	NotAFeeder  Outcome = "not_a_feeder"
	ChainFailed Outcome = "chain_unreachable"
)

// Round reads every source, aggregates and submits when due.
func (f *Feeder) Round(ctx context.Context) Outcome {
	chainPrice, err := f.chain.Price(ctx)
	if err != nil {
		f.fail("chain", "reading x/pro's price", err)
		return ChainFailed
	}
	f.recordChain(chainPrice)
	chainTime, err := f.chain.LatestBlockTime(ctx)
	if err != nil {
		f.fail("chain", "reading the latest block", err)
		return ChainFailed
	}
	readings := f.readAll(ctx)
	res, err := aggregate.Aggregate(readings, f.rules.Rules)
	if err != nil {
		f.metrics.Healthy.Set(0)
		f.log.Warn("no price to submit", "err", err, "healthy_sources", len(readings), "min_sources", f.rules.MinSources)
		return Unhealthy
	}
	f.metrics.Healthy.Set(1)
	f.metrics.Median.Set(res.Price.MustFloat64())
	f.metrics.Spread.Set(float64(res.SpreadBps))

	// The source time is the oldest reading's, and never after the chain's
	// latest block: the chain refuses a source time after its block time.
	sourceTime := res.SourceTime
	if sourceTime.After(chainTime) {
		sourceTime = chainTime
	}
	last := lastSubmission(chainPrice, f.chain.Feeder())
	if last != nil && !sourceTime.After(last.SourceTime) {
		f.log.Debug("nothing newer than the last submission", "source_time", sourceTime, "last_source_time", last.SourceTime)
		return NotNewer
	}
	if last != nil && sourceTime.Sub(last.SourceTime) < f.rules.Period && !aggregate.MovedBeyond(last.Price, res.Price, f.rules.MoveThresholdBps) {
		f.log.Debug("price unchanged and period not over", "price", res.Price, "last", last.Price)
		return Unchanged
	}
	msg := &protypes.MsgSubmitPrice{Price: res.Price, SourceTime: sourceTime}
	hash, err := f.chain.SubmitPrice(ctx, msg)
	switch {
	case err == nil:
		f.metrics.Submissions.WithLabelValues(metrics.ResultOK).Inc()
		f.metrics.LastSubmitted.Set(float64(time.Now().Unix()))
		f.log.Info("submitted the price", "price", res.Price, "source_time", sourceTime.Format(time.RFC3339), "sources", sourceNames(res.Used),
			"spread_bps", res.SpreadBps, "tx", hash)
		return Submitted
	case errors.Is(err, protypes.ErrNotFeeder):
		f.metrics.Submissions.WithLabelValues(metrics.ResultRejected).Inc()
		f.log.Error("the chain does not name this key as a feeder; governance must add it to x/pro's feeders", "feeder", f.chain.Feeder(), "err", err)
		return NotAFeeder
	case errors.Is(err, protypes.ErrSourceTime), errors.Is(err, protypes.ErrInvalidPrice):
		f.metrics.Submissions.WithLabelValues(metrics.ResultRejected).Inc()
		f.log.Warn("the chain refused the submission", "price", res.Price, "source_time", sourceTime, "err", err)
		return Failed
	default:
		f.metrics.Submissions.WithLabelValues(metrics.ResultError).Inc()
		f.fail("submit", "submitting the price", err)
		return Failed
	}
}

// readAll reads the sources in parallel and returns the healthy readings.
func (f *Feeder) readAll(ctx context.Context) []aggregate.Reading {
	type result struct {
		r   aggregate.Reading
		err error
	}
	results := make([]result, len(f.sources))
	var wg sync.WaitGroup
	for i, s := range f.sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.Read(ctx)
			results[i] = result{r, err}
		}()
	}
	wg.Wait()
	now := time.Now()
	var healthy []aggregate.Reading
	for i, s := range f.sources {
		r := results[i]
		if r.err != nil {
			f.metrics.SourceHealthy.WithLabelValues(s.Name()).Set(0)
			f.metrics.Errors.WithLabelValues("source").Inc()
			f.log.Warn("source unhealthy", "source", s.Name(), "err", r.err)
			continue
		}
		f.metrics.SourceHealthy.WithLabelValues(s.Name()).Set(1)
		f.metrics.SourcePrice.WithLabelValues(s.Name()).Set(r.r.Price.MustFloat64())
		f.metrics.SourceAge.WithLabelValues(s.Name()).Set(now.Sub(r.r.Time).Seconds())
		f.log.Debug("source read", "source", s.Name(), "price", r.r.Price, "time", r.r.Time)
		healthy = append(healthy, r.r)
	}
	return healthy
}

// recordChain sets the metrics of x/pro's price.
func (f *Feeder) recordChain(p *protypes.QueryPriceResponse) {
	f.metrics.ChainPrice.Set(decFloat(p.Price))
	healthy := 0.0
	if p.Valid {
		healthy = 1
	}
	f.metrics.ChainHealthy.Set(healthy)
	f.metrics.ChainHealth.Set(float64(p.Health))
}

func (f *Feeder) fail(step, what string, err error) {
	f.metrics.Errors.WithLabelValues(step).Inc()
	f.log.Error(what+" failed", "step", step, "err", err)
}

// lastSubmission returns the feeder's latest submission as the chain holds it.
func lastSubmission(p *protypes.QueryPriceResponse, feeder string) *protypes.PriceInput {
	for i := range p.Inputs {
		if p.Inputs[i].Feeder == feeder {
			return &p.Inputs[i]
		}
	}
	return nil
}

func sourceNames(rs []aggregate.Reading) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%s=%s", r.Source, r.Price)
	}
	return out
}

func decFloat(d math.LegacyDec) float64 {
	if d.IsNil() {
		return 0
	}
	return d.MustFloat64()
}
