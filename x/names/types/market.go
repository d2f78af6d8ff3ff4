package types

import (
	"math/big"

	"cosmossdk.io/math"
)

// MarketFee is the protocol's part of a sale at price: floor(price × bps /
// 10000); the seller receives the rest. The product is formed in big.Int
// so that no price overflows it.
func MarketFee(price math.Int, bps uint32) math.Int {
	fee := new(big.Int).Mul(price.BigInt(), big.NewInt(int64(bps)))
	return math.NewIntFromBigInt(fee.Quo(fee, big.NewInt(BasisPoints)))
}
