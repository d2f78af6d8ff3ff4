package types_test

import (
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/testutil/fuzzcheck"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// FuzzQuote checks the quote's rounding direction: it is the least nsesh
// amount worth at least the plan's price (result × price ≥ usd, so the payer
// never underpays, and (result − 1) × price < usd, so never by a whole
// nsesh), for every plan price and SESH prices from 10^-18 to about 10^25 USD.
func FuzzQuote(f *testing.F) {
	f.Add(uint64(4_990_000), uint64(500_000_000_000_000_000), uint8(0))
	f.Add(uint64(4_990_000), uint64(3), uint8(18))
	f.Add(uint64(1), uint64(1), uint8(0))
	f.Add(uint64(1), uint64(1), uint8(24))
	f.Add(^uint64(0), uint64(1), uint8(0))
	f.Add(uint64(49_990_000), uint64(7), uint8(17))
	f.Add(uint64(12_990_000), ^uint64(0), uint8(5))
	f.Fuzz(func(t *testing.T, microUSD, attoPrice uint64, exp uint8) {
		if microUSD == 0 || attoPrice == 0 {
			t.Skip("plan prices and SESH prices are positive")
		}
		// price = attoPrice × 10^(exp mod 25) × 10^-18: from 10^-18 to about 10^25 USD.
		scaled := new(big.Int).Mul(new(big.Int).SetUint64(attoPrice),
			new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp%25)), nil))
		price := math.LegacyNewDecFromBigIntWithPrec(scaled, math.LegacyPrecision)

		got := types.QuoteNsesh(microUSD, price).BigInt()

		// In units of 10^-27 USD: usd = microUSD × 10^21, value of n nsesh = n × attoPrice.
		usd := new(big.Int).Mul(new(big.Int).SetUint64(microUSD), new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil))
		require.True(t, got.Sign() > 0, "quote %s", got)
		require.True(t, new(big.Int).Mul(got, scaled).Cmp(usd) >= 0, "%s nsesh at %s pays less than %d micro-USD", got, price, microUSD)
		less := new(big.Int).Sub(got, big.NewInt(1))
		require.True(t, new(big.Int).Mul(less, scaled).Cmp(usd) < 0, "%s nsesh at %s would already pay %d micro-USD", less, price, microUSD)
		require.Equal(t, refQuote(microUSD, price).String(), got.String())
	})
}

// FuzzSplit checks the split of a purchase over every amount a math.Int
// holds: the parts add up to the amount (nothing created or lost), neither
// is negative, and the pool part is floor(amount × bps / 10000), at the
// default 90% and at any share.
func FuzzSplit(f *testing.F) {
	f.Add([]byte{1}, uint16(9_000))
	f.Add([]byte{11}, uint16(0))
	f.Add([]byte{99}, uint16(10_000))
	f.Add([]byte{}, uint16(9_000))
	f.Add([]byte{0x0d, 0xe0, 0xb6, 0xb3, 0xa7, 0x64, 0x00, 0x07}, uint16(3_333))
	f.Add(fuzzcheck.MaxInt()[:16], uint16(3_333))
	f.Add(fuzzcheck.MaxInt(), uint16(9_000))
	f.Add(fuzzcheck.MaxInt(), uint16(10_000))
	f.Fuzz(func(t *testing.T, amountBytes []byte, bps uint16) {
		amount := fuzzcheck.Int(amountBytes, false)
		a := amount.BigInt()

		for _, share := range []uint32{types.DefaultPoolShareBps, uint32(bps) % (types.BasisPoints + 1)} {
			toPool, toLiquidity := types.Split(amount, share)

			want := new(big.Int).Mul(a, big.NewInt(int64(share)))
			want.Quo(want, big.NewInt(types.BasisPoints))
			require.Equal(t, want.String(), toPool.String(), "pool part at %d bps", share)
			require.False(t, toPool.IsNegative() || toLiquidity.IsNegative())
			require.Equal(t, amount.String(), toPool.Add(toLiquidity).String(), "parts at %d bps", share)
		}
		ninety := new(big.Int).Mul(a, big.NewInt(9))
		ninety.Quo(ninety, big.NewInt(10))
		toPool, _ := types.Split(amount, types.DefaultPoolShareBps)
		require.Equal(t, ninety.String(), toPool.String(), "floor(amount × 9 / 10)")
	})
}

// FuzzMedian checks the price in force over up to 16 submissions from 10^-18
// to the largest price a LegacyDec holds: the median lies between the
// lowest and the highest price, does not depend on the order of the
// submissions, leaves them as they were, is the middle price of an odd
// count and the mean of the middle two, rounded down at 18 decimals, of an
// even count.
func FuzzMedian(f *testing.F) {
	f.Add([]byte{0x01, 0x02, 0x03}, uint64(0), uint8(0))
	f.Add([]byte{0x01}, uint64(1), uint8(18))
	f.Add([]byte{0x01, 0x03}, uint64(2), uint8(0))
	f.Add([]byte{0xff, 0x00, 0xff, 0x00}, uint64(3), uint8(60))
	f.Add([]byte{0x07, 0x07, 0x07, 0x07, 0x07, 0x07}, uint64(4), uint8(5))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, ^uint64(0), uint8(255))
	f.Fuzz(func(t *testing.T, raw []byte, seed uint64, exp uint8) {
		if len(raw) == 0 {
			t.Skip("the median of no price is never taken: a price needs min_feeders ≥ 1 submissions")
		}
		// Each byte is a price: byte × 10^(exp mod 77) × 10^-18, the largest
		// about 2.5 × 10^58, within the 256 bits of a LegacyDec's integer.
		scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp%77)), nil)
		prices := make([]math.LegacyDec, 0, 16)
		for _, b := range raw[:min(len(raw), 16)] {
			atto := new(big.Int).Mul(big.NewInt(int64(b)+1), scale)
			prices = append(prices, math.LegacyNewDecFromBigIntWithPrec(atto, math.LegacyPrecision))
		}
		orig := slices.Clone(prices)

		got := types.Median(prices)

		require.Equal(t, orig, prices, "the submissions are not reordered or changed")
		lo, hi := slices.MinFunc(prices, cmpDec), slices.MaxFunc(prices, cmpDec)
		require.True(t, got.GTE(lo) && got.LTE(hi), "median %s outside %s..%s", got, lo, hi)

		sorted := slices.SortedFunc(slices.Values(prices), cmpDec)
		mid := len(sorted) / 2
		if len(sorted)%2 == 1 {
			require.True(t, got.Equal(sorted[mid]), "median %s of %v", got, sorted)
		} else {
			sum := new(big.Int).Add(sorted[mid-1].BigInt(), sorted[mid].BigInt())
			want := math.LegacyNewDecFromBigIntWithPrec(sum.Quo(sum, big.NewInt(2)), math.LegacyPrecision)
			require.True(t, got.Equal(want), "median %s of %v, want %s", got, sorted, want)
		}

		shuffled := slices.Clone(prices)
		rand.New(rand.NewPCG(seed, ^seed)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		require.True(t, got.Equal(types.Median(shuffled)), "the order of the submissions changes the median")
	})
}

func cmpDec(a, b math.LegacyDec) int { return a.BigInt().Cmp(b.BigInt()) }
