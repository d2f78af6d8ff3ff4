package types

import (
	"fmt"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// PriceView is the SESH/USD price as the submissions give it at one block
// time: its health, the median of the fresh submissions and the range the
// price in force may take now. It is computed, never stored.
type PriceView struct {
	// Health is HEALTHY, or the first reason purchases may not use the price.
	Health PriceHealth
	// Reason says in words why the price is unhealthy; empty when healthy.
	Reason string
	// Median of the fresh submissions; zero when there are none.
	Median math.LegacyDec
	// Lowest and Highest bound the price in force now: the band narrowed to
	// the allowed move around the reference price.
	Lowest, Highest math.LegacyDec
	// Fresh are the submissions younger than max_price_age (by source time),
	// Stale the others.
	Fresh, Stale []PriceSubmission
}

// Healthy reports whether purchases may use the price.
func (v PriceView) Healthy() bool { return v.Health == PRICE_HEALTH_HEALTHY }

// IsFresh reports whether a submission counts at now: its source is younger
// than max_price_age.
func (p Params) IsFresh(s PriceSubmission, now time.Time) bool {
	return now.Sub(s.SourceTime) < p.MaxPriceAge
}

// MoveBounds returns the prices reachable from ref within one window:
// ref × (1 ∓ max_price_change_bps / 10000).
func (p Params) MoveBounds(ref math.LegacyDec) (lo, hi math.LegacyDec) {
	bps := int64(p.MaxPriceChangeBps)
	return ref.MulInt64(BasisPoints - bps).QuoInt64(BasisPoints), ref.MulInt64(BasisPoints + bps).QuoInt64(BasisPoints)
}

// EvaluatePrice computes the price from the named feeders' latest
// submissions (subs, in any order; the caller leaves out feeders no longer
// named), the window's reference price (nil before any price was in force)
// and the block time. Its work is bounded by the feeder list (MaxFeeders).
func EvaluatePrice(p Params, subs []PriceSubmission, ref *PriceReference, now time.Time) PriceView {
	v := PriceView{Median: math.LegacyZeroDec(), Lowest: p.PriceFloor, Highest: p.PriceCeiling,
		Fresh: []PriceSubmission{}, Stale: []PriceSubmission{}}
	if ref != nil {
		lo, hi := p.MoveBounds(ref.Price)
		v.Lowest, v.Highest = math.LegacyMaxDec(lo, p.PriceFloor), math.LegacyMinDec(hi, p.PriceCeiling)
	}
	prices := make([]math.LegacyDec, 0, len(subs))
	for _, s := range subs {
		if p.IsFresh(s, now) {
			v.Fresh = append(v.Fresh, s)
			prices = append(prices, s.Price)
		} else {
			v.Stale = append(v.Stale, s)
		}
	}
	if len(prices) > 0 {
		v.Median = Median(prices)
	}
	switch {
	// #nosec G115 -- both counts are bounded by MaxFeeders.
	case uint32(len(p.Feeders)) < p.MinFeeders:
		v.Health = PRICE_HEALTH_TOO_FEW_FEEDERS
		v.Reason = fmt.Sprintf("governance names %d feeders, %d fresh submissions are needed", len(p.Feeders), p.MinFeeders)
	// #nosec G115 -- bounded by MaxFeeders.
	case uint32(len(v.Fresh)) < p.MinFeeders:
		v.Health = PRICE_HEALTH_STALE
		v.Reason = fmt.Sprintf("%d of %d feeders have a source younger than %s, %d are needed",
			len(v.Fresh), len(p.Feeders), p.MaxPriceAge, p.MinFeeders)
	case v.Median.LT(p.PriceFloor) || v.Median.GT(p.PriceCeiling):
		v.Health = PRICE_HEALTH_OUT_OF_BAND
		v.Reason = fmt.Sprintf("the median %s USD lies outside the band [%s, %s]", v.Median, p.PriceFloor, p.PriceCeiling)
	case ref != nil && outside(v.Median, ref.Price, p):
		lo, hi := p.MoveBounds(ref.Price)
		v.Health = PRICE_HEALTH_DEVIATION
		v.Reason = fmt.Sprintf("the median %s USD moved more than %d bps from the reference %s USD of %s; allowed [%s, %s] until the move persists",
			v.Median, p.MaxPriceChangeBps, ref.Price, ref.Since.UTC().Format(time.RFC3339), lo, hi)
	default:
		v.Health = PRICE_HEALTH_HEALTHY
	}
	return v
}

// outside reports whether price lies beyond the allowed move from ref.
func outside(price, ref math.LegacyDec, p Params) bool {
	lo, hi := p.MoveBounds(ref)
	return price.LT(lo) || price.GT(hi)
}

// NextReference returns the reference price after a submission at now, and
// whether it changed. The first time enough fresh submissions exist, the
// reference becomes their median (within the band). After that it moves
// once per price_window, at the first submission of a new window, to the
// median held to the allowed move and the band: a larger move reaches the
// price in force only by persisting over several windows.
func NextReference(p Params, v PriceView, ref *PriceReference, now time.Time) (PriceReference, bool) {
	// #nosec G115 -- bounded by MaxFeeders.
	if uint32(len(v.Fresh)) < p.MinFeeders || uint32(len(p.Feeders)) < p.MinFeeders {
		return PriceReference{}, false
	}
	target := v.Median
	if ref != nil {
		if now.Before(ref.Since.Add(p.PriceWindow)) {
			return *ref, false
		}
		lo, hi := p.MoveBounds(ref.Price)
		target = math.LegacyMinDec(math.LegacyMaxDec(target, lo), hi)
	}
	target = math.LegacyMinDec(math.LegacyMaxDec(target, p.PriceFloor), p.PriceCeiling)
	return PriceReference{Price: target, Since: now}, true
}

// CheckSourceTime checks a submission's source time at block time now,
// against the feeder's previous submission (nil if none): it must be set,
// not after now, at most max_source_delay before now, and later than the
// previous one's, so a feeder cannot replay or reorder its readings.
func (p Params) CheckSourceTime(source, now time.Time, prev *PriceSubmission) error {
	switch {
	case source.IsZero() || source.Unix() <= 0:
		return errorsmod.Wrap(ErrSourceTime, "source_time is required")
	case source.After(now):
		return errorsmod.Wrapf(ErrSourceTime, "source_time %s is after the block time %s",
			source.UTC().Format(time.RFC3339Nano), now.UTC().Format(time.RFC3339Nano))
	case now.Sub(source) > p.MaxSourceDelay:
		return errorsmod.Wrapf(ErrSourceTime, "source_time %s is %s before the block time, more than max_source_delay %s",
			source.UTC().Format(time.RFC3339Nano), now.Sub(source), p.MaxSourceDelay)
	case prev != nil && !source.After(prev.SourceTime):
		return errorsmod.Wrapf(ErrSourceTime, "source_time %s is not later than the feeder's previous %s",
			source.UTC().Format(time.RFC3339Nano), prev.SourceTime.UTC().Format(time.RFC3339Nano))
	}
	return nil
}
