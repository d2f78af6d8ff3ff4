package types_test

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// decs parses decimal strings.
func decs(ss ...string) []math.LegacyDec {
	out := make([]math.LegacyDec, len(ss))
	for i, s := range ss {
		out[i] = math.LegacyMustNewDecFromStr(s)
	}
	return out
}

func TestMedian(t *testing.T) {
	tests := []struct {
		name   string
		prices []string
		want   string
	}{
		{"one", []string{"1.5"}, "1.5"},
		{"odd, unsorted", []string{"3", "1", "2"}, "2"},
		{"odd, duplicates", []string{"9", "2", "2"}, "2"},
		{"odd, five", []string{"0.5", "0.1", "0.9", "0.3", "0.7"}, "0.5"},
		{"even: mean of the middle two", []string{"1", "2"}, "1.5"},
		{"even, unsorted", []string{"4", "1", "3", "2"}, "2.5"},
		{"even: the outer ones do not count", []string{"100", "0.000000000000000001", "2", "3"}, "2.5"},
		{"even: rounded down at 18 decimals", []string{"0.000000000000000001", "0.000000000000000002"}, "0.000000000000000001"},
		{"even: rounded down, larger", []string{"1.000000000000000002", "1.000000000000000001"}, "1.000000000000000001"},
		{"even: exact half kept", []string{"0.000000000000000001", "0.000000000000000003"}, "0.000000000000000002"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			in := decs(tc.prices...)
			orig := decs(tc.prices...)

			// Act
			got := types.Median(in)

			// Assert
			require.Equal(t, math.LegacyMustNewDecFromStr(tc.want).String(), got.String())
			require.Equal(t, orig, in, "the input must not be reordered or changed")
		})
	}
}

// refQuote is ceil(microUSD × 10^3 / price) computed with big.Rat.
func refQuote(microUSD uint64, price math.LegacyDec) *big.Int {
	usd := new(big.Rat).SetFrac(new(big.Int).SetUint64(microUSD), big.NewInt(1_000_000))
	p := new(big.Rat).SetFrac(price.BigInt(), new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil))
	sesh := new(big.Rat).Quo(usd, p)
	nsesh := new(big.Rat).Mul(sesh, big.NewRat(1_000_000_000, 1))
	q, r := new(big.Int).QuoRem(nsesh.Num(), nsesh.Denom(), new(big.Int))
	if r.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

func TestQuoteNsesh(t *testing.T) {
	tests := []struct {
		name     string
		microUSD uint64
		price    string
		want     string
	}{
		{"exact: $4.99 at $0.50", 4_990_000, "0.5", "9980000000"},
		{"exact: $7 at $7 is one SESH", 7_000_000, "7", "1000000000"},
		{"exact: $12.99 at $0.30", 12_990_000, "0.3", "43300000000"},
		{"remainder rounds up: $4.99 at $3", 4_990_000, "3", "1663333334"},
		{"remainder rounds up: $4.99 at $0.275", 4_990_000, "0.275", "18145454546"},
		{"remainder rounds up: $49.99 at $0.70", 49_990_000, "0.7", "71414285715"},
		{"a thousandth of an nsesh rounds up to one", 1, "1000000", "1"},
		{"one micro-USD at $0.000001 is one SESH", 1, "0.000001", "1000000000"},
		{"smallest price", 1, "0.000000000000000001", "1000000000000000000000"},
		{"largest plan price", ^uint64(0), "0.000000000000000001", "18446744073709551615000000000000000000000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			price := math.LegacyMustNewDecFromStr(tc.price)

			got := types.QuoteNsesh(tc.microUSD, price)

			require.Equal(t, tc.want, got.String())
			require.Equal(t, refQuote(tc.microUSD, price).String(), got.String(), "big.Rat reference")
		})
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name       string
		amount     string
		bps        uint32
		wantPool   string
		wantLiquid string
	}{
		{"1", "1", 9_000, "0", "1"},
		{"9", "9", 9_000, "8", "1"},
		{"10", "10", 9_000, "9", "1"},
		{"11", "11", 9_000, "9", "2"},
		{"19", "19", 9_000, "17", "2"},
		{"99", "99", 9_000, "89", "10"},
		{"10^18+7", "1000000000000000007", 9_000, "900000000000000006", "100000000000000001"},
		{"zero", "0", 9_000, "0", "0"},
		{"share 0: all to liquidity", "12345", 0, "0", "12345"},
		{"share 100%: all to the pool", "12345", 10_000, "12345", "0"},
		{"share 33.33%", "7", 3_333, "2", "5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			amount, ok := math.NewIntFromString(tc.amount)
			require.True(t, ok)

			toPool, toLiquidity := types.Split(amount, tc.bps)

			require.Equal(t, tc.wantPool, toPool.String(), "pool part")
			require.Equal(t, tc.wantLiquid, toLiquidity.String(), "liquidity part")
		})
	}
}
