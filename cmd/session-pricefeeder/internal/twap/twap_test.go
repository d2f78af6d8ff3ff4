package twap

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"
)

func bigInt(t *testing.T, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 10)
	require.True(t, ok, s)
	return v
}

// The known answers of v3-core's TickMath (MIN_SQRT_RATIO, MAX_SQRT_RATIO,
// 2^96 at tick 0) and, elsewhere, sqrt(1.0001^tick)·2^96 computed to 120
// digits and rounded up.
func TestSqrtRatioAtTick(t *testing.T) {
	tests := []struct {
		tick int64
		want string
	}{
		{MinTick, "4295128739"},
		{MaxTick, "1461446703485210103287273052203988822378723970342"},
		{0, "79228162514264337593543950336"},
		{1, "79232123823359799118286999568"},
		{-1, "79224201403219477170569942574"},
		{100, "79625275426524748796330556128"},
		{-100, "78833030112140176575862854579"},
		{50000, "965075977353221155028623082916"},
		{-99034, "560390952936409162912246898"},
		{-250000, "295440463448801648376846"},
		{250000, "21246587762933397357449903968194329"},
	}
	for _, tc := range tests {
		got, err := SqrtRatioAtTick(tc.tick)
		require.NoError(t, err)
		want := bigInt(t, tc.want)
		// TickMath's Q128 products truncate: within 10^-30 of the exact
		// root, relatively, or two units.
		diff := new(big.Int).Sub(got, want)
		bound := new(big.Int).Add(new(big.Int).Rsh(want, 100), big.NewInt(2))
		require.LessOrEqual(t, diff.CmpAbs(bound), 0, "tick %d: got %s, want %s", tc.tick, got, want)
		if tc.tick == MinTick || tc.tick == MaxTick || tc.tick == 0 || tc.tick == 1 || tc.tick == -1 {
			require.Equal(t, want, got, "tick %d is a known exact answer", tc.tick)
		}
	}
	for _, tick := range []int64{MinTick - 1, MaxTick + 1} {
		_, err := SqrtRatioAtTick(tick)
		require.ErrorContains(t, err, "outside")
	}
}

func TestMeanTick(t *testing.T) {
	tests := []struct {
		name       string
		start, end int64
		seconds    uint32
		want       int64
	}{
		{"positive, exact", 1_000, 1_000 + 1800*200, 1800, 200},
		{"positive, truncated down", 0, 7, 2, 3},
		{"negative, exact", 5_000, 5_000 - 1800*99034, 1800, -99034},
		{"negative, rounded towards negative infinity", 0, -7, 2, -4},
		{"negative by less than a tick", 0, -1, 1800, -1},
		{"zero", 123456789, 123456789, 60, 0},
		{"cumulatives far from zero", -36_028_797_018_963_968 + 10, -36_028_797_018_963_968 + 10 + 3600*-887272, 3600, -887272},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MeanTick(tc.start, tc.end, tc.seconds)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
	_, err := MeanTick(0, 10, 0)
	require.ErrorContains(t, err, "at least a second")
	_, err = MeanTick(0, 3600*(MaxTick+1), 3600)
	require.ErrorContains(t, err, "outside the tick range")
}

func TestHarmonicMeanLiquidity(t *testing.T) {
	// A constant liquidity L for W seconds adds W·2^128/L to the
	// seconds-per-liquidity cumulative; the harmonic mean is L again (up to
	// the truncation of the Q128 accumulator).
	for _, liquidity := range []int64{1, 1_000, 123_456_789_012} {
		w := uint32(1800)
		perSecond := new(big.Int).Quo(q128, big.NewInt(liquidity))
		start := big.NewInt(42)
		end := new(big.Int).Add(start, new(big.Int).Mul(perSecond, big.NewInt(int64(w))))
		got, err := HarmonicMeanLiquidity(start, end, w)
		require.NoError(t, err)
		require.InDelta(t, float64(liquidity), float64(got.Int64()), float64(liquidity)/1e6+1)
	}
	// The uint160 accumulator wraps: end below start.
	start := new(big.Int).Sub(maxUint160, big.NewInt(99))
	end := new(big.Int).Mul(new(big.Int).Quo(q128, big.NewInt(1_000)), big.NewInt(60))
	end.Sub(end, big.NewInt(100))
	got, err := HarmonicMeanLiquidity(start, end, 60)
	require.NoError(t, err)
	require.InDelta(t, 1000, float64(got.Int64()), 1)
	_, err = HarmonicMeanLiquidity(start, start, 60)
	require.ErrorContains(t, err, "did not move")
}

func TestPathTickOrientsEachPool(t *testing.T) {
	// SESH/USDC directly, SESH as token0: the pool's tick.
	tick, err := PathTick([]Leg{{MeanTick: -99034, InIsToken0: true}})
	require.NoError(t, err)
	require.Equal(t, int64(-99034), tick)
	// The same pool with SESH as token1: its tick is the negation.
	tick, err = PathTick([]Leg{{MeanTick: 99034, InIsToken0: false}})
	require.NoError(t, err)
	require.Equal(t, int64(-99034), tick)
	// Through WETH: SESH→WETH (SESH token1) then WETH→USDC (WETH token0).
	tick, err = PathTick([]Leg{{MeanTick: 230000, InIsToken0: false}, {MeanTick: -195000, InIsToken0: true}})
	require.NoError(t, err)
	require.Equal(t, int64(-425000), tick)
	_, err = PathTick(nil)
	require.Error(t, err)
	_, err = PathTick([]Leg{{MeanTick: MaxTick, InIsToken0: true}, {MeanTick: -1, InIsToken0: false}})
	require.ErrorContains(t, err, "outside the tick range")
}

// Price against 1.0001^tick · 10^(base decimals − quote decimals) computed
// to 120 digits: exact at tick 0, and within 10^-15 relative elsewhere.
func TestPriceHandlesDecimals(t *testing.T) {
	tests := []struct {
		name        string
		tick        int64
		base, quote uint8
		want        string
		exact       bool
	}{
		{"tick 0, SESH (9) in USDC (6)", 0, 9, 6, "1000", true},
		{"tick 0, 18 in 18", 0, 18, 18, "1", true},
		{"tick 0, 6 in 18", 0, 6, 18, "0.000000000001", true},
		{"SESH (9) at about 0.05 USDC (6)", -99034, 9, 6, "0.050029142966189545", false},
		{"one tick up", -99033, 9, 6, "0.050034145880486164", false},
		{"a 6-decimal token in an 18-decimal stablecoin", 69081, 6, 18, "0.000000000999999339", false},
		{"an 18-decimal token in USDC (6)", -322378, 18, 6, "0.010000030844701220", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Price(tc.tick, tc.base, tc.quote)
			require.NoError(t, err)
			want := math.LegacyMustNewDecFromStr(tc.want)
			if tc.exact {
				require.Equal(t, want.String(), got.String())
				return
			}
			diff := got.Sub(want).Abs()
			require.True(t, diff.LTE(want.QuoInt64(1_000_000_000_000_000).Add(math.LegacySmallestDec().MulInt64(2))),
				"got %s, want %s", got, want)
		})
	}
	_, err := Price(MaxTick+1, 9, 6)
	require.Error(t, err)
}
