package twap

import (
	"fmt"
	"math/big"

	"cosmossdk.io/math"
)

// Leg is one pool of a path from the priced token to a USD stablecoin: its
// mean tick over the window and whether the path's incoming token is the
// pool's token0 (the tick is then the price of the outgoing token in it).
type Leg struct {
	MeanTick    int64
	InIsToken0  bool
	Description string
}

// PathTick returns the tick of the path's last token in its first token's
// units: the sum of the legs' oriented ticks. Adding ticks multiplies the
// geometric-mean prices, so the result is the window's geometric-mean
// price through the path (OracleLibrary.getChainedPrice does the same).
func PathTick(legs []Leg) (int64, error) {
	if len(legs) == 0 {
		return 0, fmt.Errorf("a path needs at least one pool")
	}
	var sum int64
	for _, l := range legs {
		if l.InIsToken0 {
			sum += l.MeanTick
		} else {
			sum -= l.MeanTick
		}
	}
	if sum < MinTick || sum > MaxTick {
		return 0, fmt.Errorf("the path's tick %d is outside the tick range", sum)
	}
	return sum, nil
}

// Price returns the USD price of one whole base token at tick (the quote
// token's price in base units, as PathTick gives it), with 18 decimals,
// rounded down: the quote of 10^(baseDecimals+18) base units at tick, in
// whole quote tokens. The quote token is taken as worth one USD.
func Price(tick int64, baseDecimals, quoteDecimals uint8) (math.LegacyDec, error) {
	base := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(baseDecimals)+math.LegacyPrecision), nil)
	quote, err := QuoteAtTick(tick, base)
	if err != nil {
		return math.LegacyDec{}, err
	}
	quote.Quo(quote, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(quoteDecimals)), nil))
	if quote.BitLen() > 256 {
		return math.LegacyDec{}, fmt.Errorf("the price at tick %d is too large", tick)
	}
	return math.LegacyNewDecFromBigIntWithPrec(quote, math.LegacyPrecision), nil
}
