package issuer

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	promtest "github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/client/lightquery"
	"github.com/sessiontoken/sessionchain/client/proproof"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/chainstate"
	"github.com/sessiontoken/sessionchain/cmd/session-pro-issuer/internal/metrics"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// fakeChain is x/pro's state at one header, in memory.
type fakeChain struct {
	time        time.Time
	height      int64
	params      types.Params
	subs        map[string]types.Subscription
	issuerKeys  map[string]types.IssuerKey
	revocations []types.Revocation
	last        uint64
	err         error
}

func (c *fakeChain) Snapshot(context.Context) (Snapshot, error) {
	if c.err != nil {
		return nil, c.err
	}
	return c, nil
}
func (c *fakeChain) Time() time.Time                              { return c.time }
func (c *fakeChain) Height() int64                                { return c.height }
func (c *fakeChain) Params(context.Context) (types.Params, error) { return c.params, nil }
func (c *fakeChain) Subscription(_ context.Context, k string) (types.Subscription, bool, error) {
	s, ok := c.subs[k]
	return s, ok, nil
}

func (c *fakeChain) IssuerKey(_ context.Context, k string) (types.IssuerKey, bool, error) {
	ik, ok := c.issuerKeys[k]
	return ik, ok, nil
}

func (c *fakeChain) Revocations(_ context.Context, retention time.Duration) ([]types.Revocation, uint64, error) {
	var out []types.Revocation
	for _, r := range c.revocations {
		if r.RecordedAt.After(c.time.Add(-retention)) {
			out = append(out, r)
		}
	}
	return out, c.last, nil
}

func seedKey(b byte) ed25519.PrivateKey {
	seed := bytes.Repeat([]byte{b}, ed25519.SeedSize)
	return ed25519.NewKeyFromSeed(seed)
}

func pubHex(k ed25519.PrivateKey) string { return proproofKey(k).String() }

func proproofKey(k ed25519.PrivateKey) proproof.Key {
	var p proproof.Key
	copy(p[:], k.Public().(ed25519.PublicKey))
	return p
}

// The test world: master key 0x01…, rotating 0x02…, issuer 0x03… (the
// libsession vector keys); the request at 1700000000, the block 5 s before.
var (
	master, rotating, issuerKey = seedKey(1), seedKey(2), seedKey(3)
	requestTs                   = int64(1_700_000_000)
	blockTime                   = time.Unix(requestTs-5, 0).UTC()
)

type world struct {
	t     *testing.T
	chain *fakeChain
	is    *Issuer
	srv   *httptest.Server
	m     *metrics.Metrics
}

func newWorld(t *testing.T, cfg func(*Config)) *world {
	t.Helper()
	params := types.DefaultParams()
	tag := types.RevocationTag(pubHex(master), 1, 10)
	chain := &fakeChain{
		time: blockTime, height: 99, params: params,
		subs: map[string]types.Subscription{pubHex(master): {
			SessionPubkey: pubHex(master), Expiry: time.Unix(requestTs, 0).Add(90 * types.Day), Generation: 1,
			RevocationTag: tag, ProofExpiryOffset: 3_600,
		}},
		issuerKeys: map[string]types.IssuerKey{pubHex(issuerKey): {Pubkey: pubHex(issuerKey), NotBefore: blockTime.Add(-time.Hour)}},
	}
	c := Config{
		Key: issuerKey, ChainID: "test", Version: "v-test", RequestTolerance: 70 * time.Second,
		ProofsPerWindow: 3, RateWindow: time.Hour, MaxTrackedAccounts: 10, RetryIn: 24 * time.Hour, MaxRequestBytes: 4096,
	}
	if cfg != nil {
		cfg(&c)
	}
	m := metrics.New()
	is := New(c, chain, slog.New(slog.NewTextHandler(io.Discard, nil)), m)
	is.now = func() time.Time { return time.Unix(requestTs, 0) }
	srv := httptest.NewServer(is.Handler())
	t.Cleanup(srv.Close)
	return &world{t: t, chain: chain, is: is, srv: srv, m: m}
}

// post sends body to an endpoint and returns the raw answer.
func (w *world) post(path string, body any) []byte {
	w.t.Helper()
	bz, ok := body.([]byte)
	if !ok {
		var err error
		bz, err = json.Marshal(body)
		require.NoError(w.t, err)
	}
	res, err := http.Post(w.srv.URL+path, "application/json", bytes.NewReader(bz))
	require.NoError(w.t, err)
	defer res.Body.Close()
	require.Equal(w.t, http.StatusOK, res.StatusCode)
	out, err := io.ReadAll(res.Body)
	require.NoError(w.t, err)
	return out
}

func (w *world) requireFail(body []byte, code proproof.ErrorCode) proproof.Response {
	w.t.Helper()
	resp, err := proproof.ParseResponse(body)
	require.NoError(w.t, err)
	require.Equal(w.t, code, resp.ErrorCode, "%s", body)
	require.Equal(w.t, code.Status(), resp.Status)
	require.Empty(w.t, resp.Result, "no result with a failure")
	return resp
}

func (w *world) proofRequest(ts int64) proproof.GenerateProofRequest {
	return proproof.NewGenerateProofRequest(master, rotating, ts)
}

// The proof for the test world, byte for byte: the tag of generation 1,
// the rotating key, the expiry on the account's grid, signed by the issuer
// key, in the backend's envelope.
func TestGenerateProofIsByteExact(t *testing.T) {
	w := newWorld(t, nil)
	body := w.post(PathGenerateProof, w.proofRequest(requestTs))

	sub := w.chain.subs[pubHex(master)]
	expiry := types.ProofExpiry(requestTs, sub.Expiry.Add(time.Hour), 3_600)
	require.Equal(t, int64(1_702_515_600), expiry, "29 days and 3660 s on, rounded up onto the grid of offset 3600")
	want := proproof.Proof{RevocationTag: keyOf(sub.RevocationTag), RotatingPkey: proproofKey(rotating), ExpiryTs: expiry}
	want.Sign(issuerKey)
	wantBody, err := proproof.OK(proproof.NewProofResult(want, proproof.Account{ExpiryTs: sub.Expiry.Unix(), GracePeriodDuration: 3600}))
	require.NoError(t, err)
	require.Equal(t, string(wantBody), string(body))
	require.Equal(t, `{"result":{"account_auto_renewing":false,"account_expiry_ts":1707776000,"account_grace_period_duration":3600,`+
		`"expiry_ts":1702515600,"revocation_tag":"`+want.RevocationTag.String()+`","rotating_pkey":"8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394",`+
		`"sig":"`+want.Sig.String()+`"},"status":"ok"}`, string(body))

	// Verified as libsession would, with the issuer's public key.
	resp, err := proproof.ParseResponse(body)
	require.NoError(t, err)
	var res proproof.ProofResult
	require.NoError(t, json.Unmarshal(resp.Result, &res))
	issuerPub := proproofKey(issuerKey)
	require.Equal(t, proproof.StatusValid, res.Proof().Status(issuerPub[:], requestTs, nil, nil))

	// The same request a minute later gets the same proof (the expiry is on
	// a grid), and so does a restarted issuer.
	again := newWorld(t, nil)
	again.is.now = func() time.Time { return time.Unix(requestTs+60, 0) }
	require.Equal(t, string(body), string(again.post(PathGenerateProof, again.proofRequest(requestTs+60))))
}

func keyOf(b []byte) proproof.Key {
	var k proproof.Key
	copy(k[:], b)
	return k
}

func TestGenerateProofRefusals(t *testing.T) {
	tests := []struct {
		name    string
		arrange func(w *world)
		body    func(w *world) any
		want    proproof.ErrorCode
	}{
		{"malformed JSON", nil, func(*world) any { return []byte(`{"master_pkey":`) }, proproof.CodeInvalidRequest},
		{"missing field", nil, func(*world) any { return []byte(`{"ts":1}`) }, proproof.CodeInvalidRequest},
		{"a timestamp 71 s old", nil, func(w *world) any { return w.proofRequest(requestTs - 71) }, proproof.CodeStaleRequest},
		{"a timestamp 71 s ahead", nil, func(w *world) any { return w.proofRequest(requestTs + 71) }, proproof.CodeStaleRequest},
		{"a bad master signature", nil, func(w *world) any {
			r := w.proofRequest(requestTs)
			r.MasterSig[0] ^= 1
			return r
		}, proproof.CodeBadSignature},
		{"a bad rotating signature", nil, func(w *world) any {
			r := w.proofRequest(requestTs)
			r.RotatingSig = r.MasterSig
			return r
		}, proproof.CodeBadSignature},
		{"signed for another time", nil, func(w *world) any {
			r := w.proofRequest(requestTs)
			r.Ts++
			return r
		}, proproof.CodeBadSignature},
		{"the same key twice", nil, func(*world) any { return proproof.NewGenerateProofRequest(master, master, requestTs) }, proproof.CodeInvalidRequest},
		{"an unknown account", nil, func(*world) any {
			return proproof.NewGenerateProofRequest(seedKey(9), rotating, requestTs)
		}, proproof.CodeNotSubscribed},
		{"a revoked generation", func(w *world) {
			s := w.chain.subs[pubHex(master)]
			s.Revoked = true
			w.chain.subs[pubHex(master)] = s
		}, func(w *world) any { return w.proofRequest(requestTs) }, proproof.CodeRevoked},
		{"an expired subscription", func(w *world) {
			s := w.chain.subs[pubHex(master)]
			s.Expiry = blockTime.Add(-time.Hour) // the grace period ended at the block
			w.chain.subs[pubHex(master)] = s
		}, func(w *world) any { return w.proofRequest(requestTs) }, proproof.CodeSubscriptionExpired},
		{"the issuer key not registered", func(w *world) { w.chain.issuerKeys = nil }, func(w *world) any { return w.proofRequest(requestTs) }, proproof.CodeInternalError},
		{"the issuer key retired", func(w *world) {
			ik := w.chain.issuerKeys[pubHex(issuerKey)]
			end := blockTime
			ik.NotAfter = &end
			w.chain.issuerKeys[pubHex(issuerKey)] = ik
		}, func(w *world) any { return w.proofRequest(requestTs) }, proproof.CodeInternalError},
		{"a node whose answer does not verify", func(w *world) {
			w.chain.err = fmt.Errorf("reading: %w", lightquery.ErrVerification)
		}, func(w *world) any { return w.proofRequest(requestTs) }, proproof.CodeInternalError},
		{"stale state", func(w *world) {
			w.chain.err = fmt.Errorf("%w: old", chainstate.ErrStale)
		}, func(w *world) any { return w.proofRequest(requestTs) }, proproof.CodeInternalError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, nil)
			if tc.arrange != nil {
				tc.arrange(w)
			}
			w.requireFail(w.post(PathGenerateProof, tc.body(w)), tc.want)
			require.Zero(t, promtest.ToFloat64(w.m.ProofsIssued), "no proof")
		})
	}
}

// An expired subscription's refusal carries the account fields.
func TestSubscriptionExpiredCarriesTheAccount(t *testing.T) {
	w := newWorld(t, nil)
	s := w.chain.subs[pubHex(master)]
	s.Expiry = blockTime.Add(-2 * time.Hour)
	w.chain.subs[pubHex(master)] = s
	resp := w.requireFail(w.post(PathGenerateProof, w.proofRequest(requestTs)), proproof.CodeSubscriptionExpired)
	require.Equal(t, &proproof.Account{ExpiryTs: s.Expiry.Unix(), GracePeriodDuration: 3600}, resp.Failure().Account)
}

// The cap counts issued proofs per account per window; a refused request
// does not count, and another account has its own.
func TestProofRateLimit(t *testing.T) {
	w := newWorld(t, nil)
	for range 3 {
		resp, err := proproof.ParseResponse(w.post(PathGenerateProof, w.proofRequest(requestTs)))
		require.NoError(t, err)
		require.Equal(t, proproof.StatusOK, resp.Status)
	}
	w.requireFail(w.post(PathGenerateProof, w.proofRequest(requestTs)), proproof.CodeRateLimited)
	require.Equal(t, float64(3), promtest.ToFloat64(w.m.ProofsIssued))

	other := seedKey(7)
	w.chain.subs[pubHex(other)] = types.Subscription{SessionPubkey: pubHex(other), Expiry: blockTime.Add(time.Hour), Generation: 1, RevocationTag: make([]byte, 32)}
	resp, err := proproof.ParseResponse(w.post(PathGenerateProof, proproof.NewGenerateProofRequest(other, rotating, requestTs)))
	require.NoError(t, err)
	require.Equal(t, proproof.StatusOK, resp.Status)

	// A new window.
	w.is.now = func() time.Time { return time.Unix(requestTs, 0).Add(time.Hour) }
	resp, err = proproof.ParseResponse(w.post(PathGenerateProof, w.proofRequest(requestTs+3600)))
	require.NoError(t, err)
	require.Equal(t, proproof.StatusOK, resp.Status, "%s", resp.Error)
}

func TestRateLimitEvictsWhenFull(t *testing.T) {
	l := newRateLimit(1, time.Hour, 2)
	at := time.Unix(0, 0)
	require.True(t, l.take("a", at))
	require.True(t, l.take("b", at.Add(time.Minute)))
	require.True(t, l.take("c", at.Add(2*time.Minute)), "a, the oldest, is forgotten")
	require.Equal(t, 2, l.size())
	require.True(t, l.take("a", at.Add(3*time.Minute)))
	require.False(t, newRateLimit(0, time.Hour, 1).take("x", at) == false, "no cap")
}

func TestProStatus(t *testing.T) {
	w := newWorld(t, nil)
	paid := blockTime.Add(-10 * types.Day)
	s := w.chain.subs[pubHex(master)]
	s.LastPayment = types.Payment{
		Method: types.PAYMENT_METHOD_EXTERNAL, Payer: "session1processor", ReceiptId: "store-1", PlanId: 1, Amount: math.NewInt(5),
		PeriodStart: paid, PeriodEnd: paid.Add(30 * types.Day), PaidAt: &paid,
	}
	w.chain.subs[pubHex(master)] = s

	body := w.post(PathGetProStatus, proproof.NewProStatusRequest(master, requestTs))

	require.Equal(t, fmt.Sprintf(`{"result":{"auto_renewing":false,"expiry_ts":%d,"grace_period_duration":3600,`+
		`"latest_payment":{"auto_renewing":false,"expiry_ts":%d,"grace_period_duration":0,"payment_id":"receipt:session1processor:store-1",`+
		`"payment_provider":"session_chain","plan":"30d","platform_refund_expiry_ts":0,"purchased_ts":%d,"revoked_ts":0,"status":"redeemed"},`+
		`"user_status":"active"},"status":"ok"}`, s.Expiry.Unix(), paid.Add(30*types.Day).Unix(), paid.Unix()), string(body))

	never := w.post(PathGetProStatus, proproof.NewProStatusRequest(seedKey(9), requestTs))
	require.Equal(t, `{"result":{"auto_renewing":false,"expiry_ts":0,"grace_period_duration":0,"latest_payment":null,"user_status":"never"},"status":"ok"}`, string(never))

	w.requireFail(w.post(PathGetProStatus, proproof.NewProStatusRequest(master, requestTs-70)), proproof.CodeStaleRequest)
	bad := proproof.NewProStatusRequest(master, requestTs)
	bad.MasterSig[5] ^= 1
	w.requireFail(w.post(PathGetProStatus, bad), proproof.CodeBadSignature)
}

func TestRevocationPoll(t *testing.T) {
	w := newWorld(t, nil)
	tag := types.RevocationTag(pubHex(master), 1, 5)
	w.chain.revocations = []types.Revocation{
		{Ticket: 1, RevocationTag: types.RevocationTag(pubHex(master), 9, 1), RecordedAt: blockTime.Add(-40 * types.Day), EffectiveAt: blockTime.Add(-39 * types.Day)},
		{Ticket: 2, RevocationTag: tag, RecordedAt: blockTime.Add(-time.Hour), EffectiveAt: blockTime.Add(25*time.Hour + 500*time.Millisecond)},
	}
	w.chain.last = 2

	body := w.post(PathRevocations, proproof.RevocationsRequest{Ticket: 0})
	require.Equal(t, fmt.Sprintf(`{"result":{"items":[{"effective_ts":%d,"revocation_tag":"%x"}],"retain_for":2678400,"retry_in":86400,"ticket":2},"status":"ok"}`,
		blockTime.Add(25*time.Hour).Unix()+1, tag), string(body), "only the kept entry, its effective time rounded up")

	current := w.post(PathRevocations, proproof.RevocationsRequest{Ticket: 2})
	require.Equal(t, `{"result":{"items":[],"retain_for":2678400,"retry_in":86400,"ticket":2},"status":"ok"}`, string(current))
	w.requireFail(w.post(PathRevocations, []byte(`{"ticket":"2"}`)), proproof.CodeInvalidRequest)
}

func TestHTTPShape(t *testing.T) {
	w := newWorld(t, nil)
	res, err := http.Get(w.srv.URL + PathGenerateProof)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)

	w.requireFail(w.post(PathGenerateProof, bytes.Repeat([]byte(" "), 5000)), proproof.CodeInvalidRequest)

	res, err = http.Get(w.srv.URL + PathStatus)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, `{"result":{"chain_id":"test","signing_pubkey":"`+pubHex(issuerKey)+`","timestamp":1700000000,"version":"v-test"},"status":"ok"}`, string(body))
}
