package twap

import (
	"errors"
	"fmt"
	"math/big"
)

// MeanTick returns the arithmetic mean tick over a window of seconds from
// the tick cumulatives at its start and end (observe([seconds, 0])), rounded
// towards negative infinity, as OracleLibrary.consult does: the log of the
// window's geometric-mean price.
func MeanTick(startCumulative, endCumulative int64, seconds uint32) (int64, error) {
	if seconds == 0 {
		return 0, errors.New("the window must be at least a second")
	}
	delta := endCumulative - startCumulative
	w := int64(seconds)
	mean := delta / w
	if delta < 0 && delta%w != 0 {
		mean--
	}
	if mean < MinTick || mean > MaxTick {
		return 0, fmt.Errorf("mean tick %d is outside the tick range", mean)
	}
	return mean, nil
}

// HarmonicMeanLiquidity returns the harmonic mean of the pool's in-range
// liquidity over a window of seconds from the seconds-per-liquidity
// cumulatives (Q128.128, wrapping at 2^160) at its start and end, as
// OracleLibrary.consult does. A window the pool spent without in-range
// liquidity gives a huge delta and a mean near 0.
func HarmonicMeanLiquidity(startX128, endX128 *big.Int, seconds uint32) (*big.Int, error) {
	if seconds == 0 {
		return nil, errors.New("the window must be at least a second")
	}
	delta := new(big.Int).Sub(endX128, startX128)
	delta.And(delta, maxUint160) // uint160 arithmetic wraps
	if delta.Sign() == 0 {
		return nil, errors.New("the seconds-per-liquidity cumulative did not move over the window")
	}
	num := new(big.Int).Mul(big.NewInt(int64(seconds)), maxUint160)
	den := new(big.Int).Lsh(delta, 32)
	out := num.Quo(num, den)
	if out.Cmp(maxUint128) > 0 {
		out.Set(maxUint128)
	}
	return out, nil
}

// QuoteAtTick returns how many units of the quote token baseAmount units
// of the base token are worth at tick, where tick is the price of the quote
// token in the base token's units (the pool's tick when the base token is
// token0, its negation when it is token1). It rounds down, through the
// square-root price, as OracleLibrary.getQuoteAtTick does for a base token
// below the quote token; baseAmount may exceed 128 bits here.
func QuoteAtTick(tick int64, baseAmount *big.Int) (*big.Int, error) {
	sqrt, err := SqrtRatioAtTick(tick)
	if err != nil {
		return nil, err
	}
	if baseAmount.Sign() < 0 {
		return nil, errors.New("a negative amount")
	}
	if sqrt.Cmp(maxUint128) <= 0 {
		ratioX192 := new(big.Int).Mul(sqrt, sqrt)
		out := ratioX192.Mul(ratioX192, baseAmount)
		return out.Quo(out, q192), nil
	}
	ratioX128 := new(big.Int).Mul(sqrt, sqrt)
	ratioX128.Quo(ratioX128, q64)
	out := ratioX128.Mul(ratioX128, baseAmount)
	return out.Quo(out, q128), nil
}
