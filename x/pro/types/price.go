package types

import (
	"math/big"
	"sort"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/internal/revenue"
)

// Median returns the median of prices: the middle one of an odd count, the
// mean of the two middle ones of an even count (rounded down to the 18th
// decimal). It does not change prices. prices must not be empty.
func Median(prices []math.LegacyDec) math.LegacyDec {
	sorted := make([]math.LegacyDec, len(prices))
	copy(sorted, prices)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].LT(sorted[j]) })
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[mid]
	}
	sum := new(big.Int).Add(sorted[mid-1].BigInt(), sorted[mid].BigInt())
	return math.LegacyNewDecFromBigIntWithPrec(sum.Quo(sum, big.NewInt(2)), math.LegacyPrecision)
}

// decScale is 10^18, the fixed-point scale of LegacyDec.
var decScale = new(big.Int).Exp(big.NewInt(10), big.NewInt(math.LegacyPrecision), nil)

// QuoteNsesh returns the SESH amount (nsesh) that pays priceMicroUSD at
// price USD per SESH, rounded up to the nsesh: ceil(micro-USD × 10^-6 /
// price × 10^9) = ceil(micro-USD × 10^3 × 10^18 / (price × 10^18)). price
// must be positive.
func QuoteNsesh(priceMicroUSD uint64, price math.LegacyDec) math.Int {
	num := new(big.Int).Mul(new(big.Int).SetUint64(priceMicroUSD), big.NewInt(1_000))
	num.Mul(num, decScale)
	den := price.BigInt()
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return math.NewIntFromBigInt(q)
}

// Split divides a purchase: the pool part is floor(amount × share / 10000),
// the liquidity part the rest, so the two always add up to amount
// (revenue.Split, shared with Session names). poolShareBps must be at most
// 10000, as the params ensure.
func Split(amount math.Int, poolShareBps uint32) (toPool, toLiquidity math.Int) {
	return revenue.Split(amount, poolShareBps)
}
