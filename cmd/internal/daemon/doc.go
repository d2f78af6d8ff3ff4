// Package daemon holds what the chain's daemons share: durations and paths
// in their TOML configuration files, their structured logger, and the HTTP
// server of their Prometheus metrics with a health check.
package daemon
