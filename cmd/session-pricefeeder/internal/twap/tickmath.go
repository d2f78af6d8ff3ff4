// Package twap computes prices from Uniswap V3 oracle observations exactly,
// in integers: the geometric-mean tick of a window from two tick
// cumulatives (as the periphery's OracleLibrary.consult does), the harmonic
// mean of the in-range liquidity over it, and the quote of an amount at a
// tick through the pool's own square-root price (TickMath.getSqrtRatioAtTick
// and OracleLibrary.getQuoteAtTick), so that the feeder's numbers are the
// ones a contract reading the same pool would get.
package twap

import (
	"fmt"
	"math/big"
)

// The tick range of Uniswap V3: prices from 1.0001^-887272 to 1.0001^887272.
const (
	MinTick = -887272
	MaxTick = 887272
)

// tickFactors are the Q128 values of 1/sqrt(1.0001)^(2^i) for i = 1..19
// (the factor for bit 0 is the starting ratio), as in v3-core's TickMath.
var tickFactors = []string{
	"fff97272373d413259a46990580e213a",
	"fff2e50f5f656932ef12357cf3c7fdcc",
	"ffe5caca7e10e4e61c3624eaa0941cd0",
	"ffcb9843d60f6159c9db58835c926644",
	"ff973b41fa98c081472e6896dfb254c0",
	"ff2ea16466c96a3843ec78b326b52861",
	"fe5dee046a99a2a811c461f1969c3053",
	"fcbe86c7900a88aedcffc83b479aa3a4",
	"f987a7253ac413176f2b074cf7815e54",
	"f3392b0822b70005940c7a398e4b70f3",
	"e7159475a2c29b7443b29c7fa6e889d9",
	"d097f3bdfd2022b8845ad8f792aa5825",
	"a9f746462d870fdf8a65dc1f90e061e5",
	"70d869a156d2a1b890bb3df62baf32f7",
	"31be135f97d08fd981231505542fcfa6",
	"9aa508b5b7a84e1c677de54f3e99bc9",
	"5d6af8dedb81196699c329225ee604",
	"2216e584f5fa1ea926041bedfe98",
	"48a170391f7dc42444e8fa2",
}

var (
	factors     = parseFactors()
	oddTickBase = mustHex("fffcb933bd6fad37aa2d162d1a594001")
	q128        = new(big.Int).Lsh(big.NewInt(1), 128)
	q64         = new(big.Int).Lsh(big.NewInt(1), 64)
	q192        = new(big.Int).Lsh(big.NewInt(1), 192)
	q32         = new(big.Int).Lsh(big.NewInt(1), 32)
	maxUint128  = new(big.Int).Sub(q128, big.NewInt(1))
	maxUint160  = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 160), big.NewInt(1))
	maxUint256  = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
)

func mustHex(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("twap: bad constant " + s)
	}
	return v
}

func parseFactors() []*big.Int {
	out := make([]*big.Int, len(tickFactors))
	for i, s := range tickFactors {
		out[i] = mustHex(s)
	}
	return out
}

// SqrtRatioAtTick returns sqrt(1.0001^tick) as a Q64.96 number, rounded up,
// exactly as TickMath.getSqrtRatioAtTick does.
func SqrtRatioAtTick(tick int64) (*big.Int, error) {
	if tick < MinTick || tick > MaxTick {
		return nil, fmt.Errorf("tick %d is outside [%d, %d]", tick, MinTick, MaxTick)
	}
	abs := tick
	if abs < 0 {
		abs = -abs
	}
	ratio := new(big.Int).Set(q128)
	if abs&1 != 0 {
		ratio.Set(oddTickBase)
	}
	for i, f := range factors {
		if abs&(int64(2)<<i) != 0 {
			ratio.Mul(ratio, f)
			ratio.Rsh(ratio, 128)
		}
	}
	if tick > 0 {
		ratio.Quo(maxUint256, ratio)
	}
	// From Q128.128 to Q128.96, rounding up.
	out, rem := new(big.Int).QuoRem(ratio, q32, new(big.Int))
	if rem.Sign() != 0 {
		out.Add(out, big.NewInt(1))
	}
	return out, nil
}
