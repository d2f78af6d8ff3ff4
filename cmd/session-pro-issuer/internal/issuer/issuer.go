// Package issuer is session-pro-issuer's Pro API: it answers Session
// clients' signed requests in the Session Pro backend's format
// (client/proproof), from chain state it trusts, and signs v0 Pro proofs.
package issuer

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/sessiontoken/sessionchain/client/lightquery"
	"github.com/sessiontoken/sessionchain/client/proproof"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/chainstate"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/metrics"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// PaymentProvider is the payment_provider code of a payment on the chain.
const PaymentProvider = "session_chain"

// Config is how the issuer answers.
type Config struct {
	// Key signs the proofs; its public key must be a valid issuer key on
	// the chain.
	Key ed25519.PrivateKey
	// ChainID is reported by /status.
	ChainID string
	// Version is reported by /status.
	Version string
	// RequestTolerance bounds how far a request's ts may be from now.
	RequestTolerance time.Duration
	// ProofsPerWindow caps the proofs of an account per RateWindow (0: no cap).
	ProofsPerWindow    int
	RateWindow         time.Duration
	MaxTrackedAccounts int
	// RetryIn is the revocation list's recommended poll interval.
	RetryIn time.Duration
	// MaxRequestBytes bounds a request body.
	MaxRequestBytes int64
}

// Issuer answers the Pro API.
type Issuer struct {
	cfg     Config
	pubkey  string
	chain   Chain
	log     *slog.Logger
	metrics *metrics.Metrics
	limit   *rateLimit
	now     func() time.Time
}

// New returns an issuer.
func New(cfg Config, chain Chain, log *slog.Logger, m *metrics.Metrics) *Issuer {
	return &Issuer{
		cfg:     cfg,
		pubkey:  hex.EncodeToString(cfg.Key.Public().(ed25519.PublicKey)),
		chain:   chain,
		log:     log,
		metrics: m,
		limit:   newRateLimit(cfg.ProofsPerWindow, cfg.RateWindow, cfg.MaxTrackedAccounts),
		now:     time.Now,
	}
}

// PublicKey is the issuer's public key in hex: what Session clients verify
// proofs with.
func (is *Issuer) PublicKey() string { return is.pubkey }

// failure is a refusal: a client's fail or the issuer's error.
func failure(code proproof.ErrorCode, format string, args ...any) *proproof.Failure {
	return proproof.Failf(code, format, args...)
}

// internal turns a failure to read trusted state into internal_error, and
// records why. What a client sees says nothing of the node.
func (is *Issuer) internal(err error) *proproof.Failure {
	kind := metrics.KindNode
	switch {
	case errors.Is(err, lightquery.ErrVerification):
		kind = metrics.KindVerification
		is.log.Error("a node answered with state that does not prove itself; nothing was issued", "err", err)
	case errors.Is(err, chainstate.ErrStale):
		kind = metrics.KindStale
		is.log.Warn("chain state too old to answer from", "err", err)
	default:
		is.log.Warn("chain state unavailable", "err", err)
	}
	is.metrics.StateErrors.WithLabelValues(kind).Inc()
	return failure(proproof.CodeInternalError, "the issuer cannot read trusted chain state now; retry later")
}

// snapshot takes the trusted state to answer from.
func (is *Issuer) snapshot(ctx context.Context) (Snapshot, *proproof.Failure) {
	snap, err := is.chain.Snapshot(ctx)
	if err != nil {
		return nil, is.internal(err)
	}
	is.metrics.StateOK(snap.Height()+1, snap.Time())
	return snap, nil
}

// checkTimestamp refuses a request whose ts is further than the tolerance
// from now; strict is the proof endpoint's rule (beyond the tolerance),
// the read endpoints refuse at it, as the backend does.
func (is *Issuer) checkTimestamp(ts int64, strict bool) *proproof.Failure {
	now := is.now()
	d := now.Sub(time.Unix(ts, 0))
	if d < 0 {
		d = -d
	}
	if d > is.cfg.RequestTolerance || (!strict && d == is.cfg.RequestTolerance) {
		return failure(proproof.CodeStaleRequest, "the request's timestamp %d is %s from the issuer's clock (%d); the tolerance is %s",
			ts, d.Round(time.Second), now.Unix(), is.cfg.RequestTolerance)
	}
	return nil
}

// GenerateProof answers generate_pro_proof: a signed v0 proof for the
// rotating key, or the reason there is none.
func (is *Issuer) GenerateProof(ctx context.Context, req proproof.GenerateProofRequest) (proproof.ProofResult, *proproof.Failure) {
	var none proproof.ProofResult
	if f := is.checkTimestamp(req.Ts, true); f != nil {
		return none, f
	}
	if err := req.VerifySignatures(); err != nil {
		return none, failure(proproof.CodeBadSignature, "%s", err)
	}
	if req.MasterPkey == req.RotatingPkey {
		return none, failure(proproof.CodeInvalidRequest, "the master and rotating keys must differ")
	}
	if req.MasterSig == req.RotatingSig {
		return none, failure(proproof.CodeInvalidRequest, "the master and rotating signatures must differ")
	}
	snap, f := is.snapshot(ctx)
	if f != nil {
		return none, f
	}
	if f := is.checkIssuerKey(ctx, snap); f != nil {
		return none, f
	}
	sessionKey := req.MasterPkey.String()
	sub, found, err := snap.Subscription(ctx, sessionKey)
	if err != nil {
		return none, is.internal(err)
	}
	if !found {
		return none, failure(proproof.CodeNotSubscribed, "no subscription on the chain for %s", sessionKey)
	}
	if sub.Revoked {
		return none, failure(proproof.CodeRevoked, "the subscription's current entitlement was revoked (a refund); a new purchase restores it")
	}
	params, err := snap.Params(ctx)
	if err != nil {
		return none, is.internal(err)
	}
	account := accountOf(sub, params)
	coverage := sub.CoverageEnd(params.GracePeriod)
	expiry := types.ProofExpiry(req.Ts, coverage, sub.ProofExpiryOffset)
	if !coverage.After(snap.Time()) || req.Ts > expiry {
		return none, &proproof.Failure{
			Code:    proproof.CodeSubscriptionExpired,
			Message: fmt.Sprintf("the subscription ended at %s (paid until %s, plus a %s grace period)", coverage.UTC(), sub.Expiry.UTC(), params.GracePeriod),
			Account: &account,
		}
	}
	if !is.limit.take(sessionKey, is.now()) {
		is.log.Warn("proof rate limit hit", "master", short(sessionKey), "cap", is.cfg.ProofsPerWindow, "window", is.cfg.RateWindow)
		return none, failure(proproof.CodeRateLimited, "too many proofs were issued to this account in the last %s; keep the proof you hold", is.cfg.RateWindow)
	}
	is.metrics.RateTracked.Set(float64(is.limit.size()))
	var tag proproof.Key
	copy(tag[:], sub.RevocationTag)
	proof := proproof.Proof{RevocationTag: tag, RotatingPkey: req.RotatingPkey, ExpiryTs: expiry}
	proof.Sign(is.cfg.Key)
	is.metrics.ProofsIssued.Inc()
	is.log.Info("issued Pro proof", "master", short(sessionKey), "rotating", short(req.RotatingPkey.String()),
		"expiry_ts", expiry, "generation", sub.Generation, "height", snap.Height())
	return proproof.NewProofResult(proof, account), nil
}

// checkIssuerKey refuses to sign unless the chain lists this issuer's key as
// valid at the header's time: a retired key signs nothing.
func (is *Issuer) checkIssuerKey(ctx context.Context, snap Snapshot) *proproof.Failure {
	key, found, err := snap.IssuerKey(ctx, is.pubkey)
	if err != nil {
		return is.internal(err)
	}
	if !found || !key.IsValidAt(snap.Time()) {
		is.metrics.StateErrors.WithLabelValues(metrics.KindIssuerKey).Inc()
		is.log.Error("this issuer's key is not a valid issuer key on the chain; no proof is signed",
			"pubkey", is.pubkey, "registered", found, "height", snap.Height())
		return failure(proproof.CodeInternalError, "this issuer is not authorised to sign proofs now")
	}
	return nil
}

// accountOf returns the advisory account fields of a subscription: the paid
// expiry, the chain's grace period; nothing on the chain renews itself.
func accountOf(sub types.Subscription, params types.Params) proproof.Account {
	return proproof.Account{
		ExpiryTs:            sub.Expiry.Unix(),
		GracePeriodDuration: int64(params.GracePeriod / time.Second),
		AutoRenewing:        false,
	}
}

// short is the start of a key, for logs.
func short(key string) string {
	if len(key) > 8 {
		return key[:8] + "…"
	}
	return key
}
