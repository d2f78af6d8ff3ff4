package feeder

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/aggregate"
	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/metrics"
	"github.com/sessiontoken/sessionchain/cmd/session-pricefeeder/internal/source"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

const me = "session1feeder"

var t0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// fakeChain holds the feeder's latest submission as x/pro would.
type fakeChain struct {
	blockTime time.Time
	last      *protypes.PriceInput
	submitted []*protypes.MsgSubmitPrice
	refuse    error
}

func (c *fakeChain) Feeder() string { return me }

func (c *fakeChain) Price(context.Context) (*protypes.QueryPriceResponse, error) {
	res := &protypes.QueryPriceResponse{Price: math.LegacyZeroDec()}
	if c.last != nil {
		res.Inputs = []protypes.PriceInput{*c.last}
	}
	return res, nil
}

func (c *fakeChain) LatestBlockTime(context.Context) (time.Time, error) { return c.blockTime, nil }

func (c *fakeChain) SubmitPrice(_ context.Context, msg *protypes.MsgSubmitPrice) (string, error) {
	if c.refuse != nil {
		return "", c.refuse
	}
	c.submitted = append(c.submitted, msg)
	c.last = &protypes.PriceInput{Feeder: me, Price: msg.Price, SourceTime: msg.SourceTime}
	return "ABCD", nil
}

type fakeSource struct {
	name string
	r    aggregate.Reading
	err  error
}

func (s *fakeSource) Name() string { return s.name }
func (s *fakeSource) Read(context.Context) (aggregate.Reading, error) {
	r := s.r
	r.Source = s.name
	return r, s.err
}

func dec(s string) math.LegacyDec { return math.LegacyMustNewDecFromStr(s) }

func newFeeder(chain Chain, sources ...source.Source) *Feeder {
	rules := Rules{Rules: aggregate.Rules{MinSources: 2, MaxSpreadBps: 500}, Period: 5 * time.Minute, MoveThresholdBps: 50, StepTimeout: time.Minute}
	return New(chain, sources, rules, slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New())
}

func TestRoundSubmitsOnPeriodAndMove(t *testing.T) {
	chain := &fakeChain{blockTime: t0.Add(time.Minute)}
	a := &fakeSource{name: "a", r: aggregate.Reading{Price: dec("0.05"), Time: t0}}
	b := &fakeSource{name: "b", r: aggregate.Reading{Price: dec("0.051"), Time: t0.Add(10 * time.Second)}}
	f := newFeeder(chain, a, b)

	// First round: nothing on chain yet, so it submits the median, dated
	// with the older reading.
	require.Equal(t, Submitted, f.Round(context.Background()))
	require.Len(t, chain.submitted, 1)
	require.Equal(t, dec("0.0505").String(), chain.submitted[0].Price.String())
	require.Equal(t, t0, chain.submitted[0].SourceTime)

	// Same sources: nothing newer.
	require.Equal(t, NotNewer, f.Round(context.Background()))

	// A minute later, a move below the threshold: unchanged.
	a.r.Time, b.r.Time = t0.Add(time.Minute), t0.Add(time.Minute)
	chain.blockTime = t0.Add(2 * time.Minute)
	b.r.Price = dec("0.0510049")
	require.Equal(t, Unchanged, f.Round(context.Background()))

	// A move beyond 50 bps: submitted at once.
	a.r.Price, b.r.Price = dec("0.0508"), dec("0.0510")
	require.Equal(t, Submitted, f.Round(context.Background()))
	require.Equal(t, dec("0.0509").String(), chain.submitted[1].Price.String())

	// The period passes without a move: submitted again.
	a.r.Time, b.r.Time = t0.Add(7*time.Minute), t0.Add(7*time.Minute)
	chain.blockTime = t0.Add(8 * time.Minute)
	require.Equal(t, Submitted, f.Round(context.Background()))
	require.Len(t, chain.submitted, 3)
}

// A restarted feeder reads its last submission from the chain: it submits
// neither twice nor out of order.
func TestRestartIsHarmless(t *testing.T) {
	chain := &fakeChain{blockTime: t0.Add(time.Minute)}
	a := &fakeSource{name: "a", r: aggregate.Reading{Price: dec("0.05"), Time: t0}}
	b := &fakeSource{name: "b", r: aggregate.Reading{Price: dec("0.05"), Time: t0}}
	require.Equal(t, Submitted, newFeeder(chain, a, b).Round(context.Background()))

	restarted := newFeeder(chain, a, b)
	require.Equal(t, NotNewer, restarted.Round(context.Background()))
	a.r.Time, b.r.Time = t0.Add(time.Minute), t0.Add(time.Minute)
	require.Equal(t, Unchanged, restarted.Round(context.Background()))
	require.Len(t, chain.submitted, 1)
}

func TestSourceTimeNeverAfterTheChain(t *testing.T) {
	chain := &fakeChain{blockTime: t0}
	a := &fakeSource{name: "a", r: aggregate.Reading{Price: dec("0.05"), Time: t0.Add(3 * time.Second)}}
	b := &fakeSource{name: "b", r: aggregate.Reading{Price: dec("0.05"), Time: t0.Add(2 * time.Second)}}
	require.Equal(t, Submitted, newFeeder(chain, a, b).Round(context.Background()))
	require.Equal(t, t0, chain.submitted[0].SourceTime)
}

func TestRoundRefusesUnhealthySources(t *testing.T) {
	tests := []struct {
		name    string
		sources []source.Source
	}{
		{"one healthy of two needed", []source.Source{
			&fakeSource{name: "a", r: aggregate.Reading{Price: dec("0.05"), Time: t0}},
			&fakeSource{name: "b", err: errors.New("observation cardinality 1 is below the floor 150")},
		}},
		{"disagreeing beyond the band", []source.Source{
			&fakeSource{name: "a", r: aggregate.Reading{Price: dec("0.05"), Time: t0}},
			&fakeSource{name: "b", r: aggregate.Reading{Price: dec("0.06"), Time: t0}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chain := &fakeChain{blockTime: t0.Add(time.Minute)}
			require.Equal(t, Unhealthy, newFeeder(chain, tc.sources...).Round(context.Background()))
			require.Empty(t, chain.submitted)
		})
	}
}

func TestRoundReportsRefusals(t *testing.T) {
	sources := []source.Source{
		&fakeSource{name: "a", r: aggregate.Reading{Price: dec("0.05"), Time: t0}},
		&fakeSource{name: "b", r: aggregate.Reading{Price: dec("0.05"), Time: t0}},
	}
	chain := &fakeChain{blockTime: t0.Add(time.Minute), refuse: protypes.ErrNotFeeder}
	require.Equal(t, NotAFeeder, newFeeder(chain, sources...).Round(context.Background()))
	chain.refuse = protypes.ErrSourceTime
	require.Equal(t, Failed, newFeeder(chain, sources...).Round(context.Background()))
}
