package types

import (
	"math/bits"
	"time"
)

// PremiumUSD returns the premium, in micro-USD, that a name released at
// released costs on top of its price at now. As ENS's exponential premium
// does, it starts at premium_start_usd, halves every day, and has the value
// it would reach after premium_days days taken off, so that it ends at
// exactly zero then. Within a day it falls linearly from one halving to the
// next, which keeps it exact in integers. Before the release and after the
// premium it is zero.
func (p Params) PremiumUSD(released, now time.Time) uint64 {
	if p.PremiumDays == 0 || p.PremiumStartUsd == 0 || now.Before(released) {
		return 0
	}
	elapsed := now.Sub(released)
	if elapsed >= time.Duration(p.PremiumDays)*Day {
		return 0
	}
	days := uint64(elapsed / Day) // #nosec G115 -- elapsed is positive and below premium_days days
	frac := uint64(elapsed % Day) // #nosec G115 -- positive
	atDay := halved(p.PremiumStartUsd, days)
	drop := atDay - halved(p.PremiumStartUsd, days+1)
	// drop × frac / Day: the product needs 128 bits; the quotient is below
	// drop, as frac is below Day.
	hi, lo := bits.Mul64(drop, frac)
	fall, _ := bits.Div64(hi, lo, uint64(Day))
	decayed := atDay - fall
	end := halved(p.PremiumStartUsd, uint64(p.PremiumDays))
	if decayed <= end {
		return 0
	}
	return decayed - end
}

// halved returns v halved n times, rounded down.
func halved(v, n uint64) uint64 {
	if n >= 64 {
		return 0
	}
	return v >> n
}
