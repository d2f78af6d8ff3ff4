package aggregate

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"
)

var t0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func readings(prices ...string) []Reading {
	out := make([]Reading, len(prices))
	for i, p := range prices {
		out[i] = Reading{Source: string(rune('a' + i)), Price: math.LegacyMustNewDecFromStr(p), Time: t0.Add(time.Duration(i) * time.Minute)}
	}
	return out
}

func TestAggregate(t *testing.T) {
	tests := []struct {
		name       string
		prices     []string
		rules      Rules
		wantPrice  string
		wantSpread uint64
		wantErr    error
	}{
		{"one source, one needed", []string{"0.05"}, Rules{MinSources: 1, MaxSpreadBps: 0}, "0.05", 0, nil},
		{"three: the middle one", []string{"0.052", "0.05", "0.051"}, Rules{MinSources: 2, MaxSpreadBps: 500}, "0.051", 393, nil},
		{"four: the mean of the middle two", []string{"0.05", "0.053", "0.051", "0.052"}, Rules{MinSources: 2, MaxSpreadBps: 600}, "0.0515", 583, nil},
		{"spread exactly at the band", []string{"0.05", "0.0505", "0.051"}, Rules{MinSources: 3, MaxSpreadBps: 199}, "0.0505", 199, nil},
		{"spread beyond the band", []string{"0.05", "0.0505", "0.051"}, Rules{MinSources: 3, MaxSpreadBps: 198}, "0.0505", 199, ErrDisagreement},
		{"a source far off", []string{"0.05", "0.05", "5"}, Rules{MinSources: 2, MaxSpreadBps: 1000}, "0.05", 990000, ErrDisagreement},
		{"too few", []string{"0.05"}, Rules{MinSources: 2, MaxSpreadBps: 1000}, "", 0, ErrTooFewSources},
		{"none", nil, Rules{MinSources: 1, MaxSpreadBps: 1000}, "", 0, ErrTooFewSources},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Aggregate(readings(tc.prices...), tc.rules)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			if tc.wantPrice == "" {
				return
			}
			require.Equal(t, math.LegacyMustNewDecFromStr(tc.wantPrice).String(), res.Price.String())
			require.Equal(t, tc.wantSpread, res.SpreadBps)
			require.Equal(t, t0, res.SourceTime, "the oldest reading's time")
		})
	}
}

func TestAggregateRefusesANonPositivePrice(t *testing.T) {
	_, err := Aggregate(readings("0.05", "0"), Rules{MinSources: 1, MaxSpreadBps: 10_000})
	require.ErrorContains(t, err, "not positive")
}

func TestMovedBeyond(t *testing.T) {
	last := math.LegacyMustNewDecFromStr("0.05")
	require.False(t, MovedBeyond(last, math.LegacyMustNewDecFromStr("0.05025"), 50), "exactly 50 bps")
	require.True(t, MovedBeyond(last, math.LegacyMustNewDecFromStr("0.050250000000000001"), 50))
	require.True(t, MovedBeyond(last, math.LegacyMustNewDecFromStr("0.049749999999999999"), 50))
	require.False(t, MovedBeyond(last, last, 0))
	require.True(t, MovedBeyond(math.LegacyZeroDec(), last, 50), "nothing submitted yet")
}
