package issuer

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/sessiontoken/sessionchain/client/proproof"
)

// Endpoint paths.
const (
	PathGenerateProof = "/" + proproof.EndpointGenerateProof
	PathGetProStatus  = "/" + proproof.EndpointGetProStatus
	PathRevocations   = "/" + proproof.EndpointRevocations
	PathStatus        = "/status"
)

// Handler returns the Pro API's HTTP handler. Every answer is HTTP 200 with
// the backend's envelope ({"status": "ok"|"fail"|"error", ...}), except a
// wrong method (405) or path (404).
func (is *Issuer) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(PathGenerateProof, is.post(proproof.EndpointGenerateProof, func(ctx context.Context, body []byte) (any, *proproof.Failure) {
		req, err := proproof.ParseGenerateProofRequest(body)
		if err != nil {
			return nil, failure(proproof.CodeInvalidRequest, "%s", err)
		}
		return is.GenerateProof(ctx, req)
	}))
	mux.HandleFunc(PathGetProStatus, is.post(proproof.EndpointGetProStatus, func(ctx context.Context, body []byte) (any, *proproof.Failure) {
		req, err := proproof.ParseProStatusRequest(body)
		if err != nil {
			return nil, failure(proproof.CodeInvalidRequest, "%s", err)
		}
		return is.ProStatus(ctx, req)
	}))
	mux.HandleFunc(PathRevocations, is.post(proproof.EndpointRevocations, func(ctx context.Context, body []byte) (any, *proproof.Failure) {
		req, err := proproof.ParseRevocationsRequest(body)
		if err != nil {
			return nil, failure(proproof.CodeInvalidRequest, "%s", err)
		}
		return is.Revocations(ctx, req)
	}))
	mux.HandleFunc(PathStatus, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			http.Error(w, "use GET or POST", http.StatusMethodNotAllowed)
			return
		}
		is.write(w, "status", StatusResult{
			ChainID: is.cfg.ChainID, SigningPubkey: is.pubkey, Timestamp: is.now().Unix(), Version: is.cfg.Version,
		}, nil, time.Now())
	})
	return mux
}

// StatusResult is the result of /status: what a client needs to check the
// issuer before trusting its proofs (the public key must be a valid issuer
// key on the chain).
type StatusResult struct {
	ChainID       string `json:"chain_id"`
	SigningPubkey string `json:"signing_pubkey"`
	Timestamp     int64  `json:"timestamp"`
	Version       string `json:"version"`
}

// post wraps an endpoint: POST only, a bounded body, the envelope, logs and
// metrics.
func (is *Issuer) post(endpoint string, answer func(ctx context.Context, body []byte) (any, *proproof.Failure)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "use POST with a JSON body", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, is.cfg.MaxRequestBytes))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				is.write(w, endpoint, nil, failure(proproof.CodeInvalidRequest, "the body is larger than %d bytes", is.cfg.MaxRequestBytes), start)
				return
			}
			is.write(w, endpoint, nil, failure(proproof.CodeInvalidRequest, "reading the body: %s", err), start)
			return
		}
		result, f := answer(r.Context(), body)
		is.write(w, endpoint, result, f, start)
	}
}

// write sends the envelope and records the request.
func (is *Issuer) write(w http.ResponseWriter, endpoint string, result any, f *proproof.Failure, start time.Time) {
	var (
		body []byte
		err  error
	)
	outcome := "ok"
	if f != nil {
		outcome = string(f.Code)
		body, err = proproof.Fail(f)
	} else {
		body, err = proproof.OK(result)
	}
	if err != nil {
		is.log.Error("encoding a response", "endpoint", endpoint, "err", err)
		outcome = string(proproof.CodeInternalError)
		body, _ = proproof.Fail(failure(proproof.CodeInternalError, "encoding the response failed"))
	}
	w.Header().Set("Content-Type", "application/json")
	if _, err := w.Write(body); err != nil {
		is.log.Debug("writing a response", "endpoint", endpoint, "err", err)
	}
	is.metrics.Requests.WithLabelValues(endpoint, outcome).Inc()
	is.metrics.RequestDuration.WithLabelValues(endpoint).Observe(time.Since(start).Seconds())
	if f != nil {
		is.log.Info("refused", "endpoint", endpoint, "code", f.Code, "reason", f.Message)
	}
}

// Serve runs the Pro API on ln until ctx ends, then shuts down gracefully.
func (is *Issuer) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           is.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
