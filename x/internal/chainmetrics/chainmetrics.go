// Package chainmetrics sets the custom modules' Prometheus gauges through the
// SDK's telemetry (go-metrics) sinks. Gauges are write-only side effects: they
// never touch state, so they cannot affect consensus, and they cost nothing
// when telemetry is off.
package chainmetrics

import (
	"math/big"

	"cosmossdk.io/math"
	gometrics "github.com/hashicorp/go-metrics"

	"github.com/cosmos/cosmos-sdk/telemetry"
)

// Enabled reports whether app telemetry is on; callers skip their state
// reads when it is off.
func Enabled() bool {
	return telemetry.IsTelemetryEnabled() //nolint:staticcheck // the SDK's telemetry is what serves /metrics
}

// SetInt sets the gauge keys to an integer amount (e.g. nsesh). It uses a
// float64 gauge, exact up to 2^53 and rounded to nearest beyond.
func SetInt(v math.Int, keys ...string) {
	if !Enabled() || v.IsNil() {
		return
	}
	f, _ := new(big.Float).SetInt(v.BigInt()).Float64()
	gometrics.SetPrecisionGauge(keys, f)
}

// SetUint sets the gauge keys to a count.
func SetUint(v uint64, keys ...string) {
	if !Enabled() {
		return
	}
	gometrics.SetPrecisionGauge(keys, float64(v))
}
