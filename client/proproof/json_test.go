package proproof_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/client/proproof"
)

// The request bodies libsession builds for the KAT keys: nlohmann's dump()
// of an object, which sorts the keys and writes no spaces. Ed25519 is
// deterministic, so the signatures are the ones libsodium computes.
const (
	katGenerateProofBody = `{"master_pkey":"8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c",` +
		`"master_sig":"d1357a2850e6521250e754d75f5dc0273a4eea58a98c7e32722782ba10f6917632f55ddaaeafef2c3f75e1d973f2ebc587f6b1317ef3982c8a8d64d224b9540a",` +
		`"rotating_pkey":"8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394",` +
		`"rotating_sig":"f6aa9b18bb58d559db7401ba855b720cb3aec9ee764e0acae006d2c2ec04280d634a8a6c63e5331c2c1e7e8d35f81df71eda6f4b42955f075170ededabc0300b",` +
		`"ts":1700000000}`
	katProStatusBody = `{"master_pkey":"8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c",` +
		`"master_sig":"11bd01cc522ffcef691ce9d066b1bbaafd991fe4ea63e068862cf09ef4fa11bd9d0ae6ddcf3451f584b17c3037c34cfcb6223d4254eec3579dba9a923bbc3f0b",` +
		`"ts":1700000000}`
	// The success envelope of the KAT proof, with the keys sorted as the
	// backend's Flask encoder writes them.
	katProofEnvelope = `{"result":{"account_auto_renewing":false,"account_expiry_ts":1735689600,"account_grace_period_duration":86400,` +
		`"expiry_ts":1704067200,"revocation_tag":"1111111111111111111111111111111111111111111111111111111111111111",` +
		`"rotating_pkey":"8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394",` +
		`"sig":"767e7f14cec2d04fb67c6407e890cbe6a5cfdb7a0df3e729adda93164b13bc3fb20ed4ea1b8f1ffc74115ff2598a51ac52285d923f0864c6bca08bfc771fb708"},` +
		`"status":"ok"}`
	katExpiredEnvelope = `{"account_auto_renewing":false,"account_expiry_ts":1700000000,"account_grace_period_duration":86400,` +
		`"error":"the subscription ended","error_code":"subscription_expired","status":"fail"}`
)

func TestRequestBodiesAreByteExact(t *testing.T) {
	body, err := json.Marshal(proproof.NewGenerateProofRequest(seedKey(1), seedKey(2), katTs))
	require.NoError(t, err)
	require.Equal(t, katGenerateProofBody, string(body))

	body, err = json.Marshal(proproof.NewProStatusRequest(seedKey(1), katTs))
	require.NoError(t, err)
	require.Equal(t, katProStatusBody, string(body))

	body, err = json.Marshal(proproof.RevocationsRequest{Ticket: 123})
	require.NoError(t, err)
	require.Equal(t, `{"ticket":123}`, string(body))

	gen, err := proproof.ParseGenerateProofRequest([]byte(katGenerateProofBody))
	require.NoError(t, err)
	require.Equal(t, proproof.NewGenerateProofRequest(seedKey(1), seedKey(2), katTs), gen)
	st, err := proproof.ParseProStatusRequest([]byte(katProStatusBody))
	require.NoError(t, err)
	require.Equal(t, proproof.NewProStatusRequest(seedKey(1), katTs), st)
}

func TestProofEnvelopeIsByteExact(t *testing.T) {
	p := proproof.Proof{RevocationTag: tag11(), RotatingPkey: pub(seedKey(2)), ExpiryTs: katExpiry}
	p.Sign(seedKey(3))
	body, err := proproof.OK(proproof.NewProofResult(p, proproof.Account{ExpiryTs: 1735689600, GracePeriodDuration: 86400}))
	require.NoError(t, err)
	require.Equal(t, katProofEnvelope, string(body))

	resp, err := proproof.ParseResponse(body)
	require.NoError(t, err)
	require.Nil(t, resp.Failure())
	var res proproof.ProofResult
	require.NoError(t, json.Unmarshal(resp.Result, &res))
	require.Equal(t, p, res.Proof())
	require.Equal(t, proproof.Account{ExpiryTs: 1735689600, GracePeriodDuration: 86400}, res.Account())

	body, err = proproof.Fail(&proproof.Failure{
		Code: proproof.CodeSubscriptionExpired, Message: "the subscription ended",
		Account: &proproof.Account{ExpiryTs: katTs, GracePeriodDuration: 86400},
	})
	require.NoError(t, err)
	require.Equal(t, katExpiredEnvelope, string(body))
	resp, err = proproof.ParseResponse(body)
	require.NoError(t, err)
	require.Equal(t, &proproof.Failure{
		Code: proproof.CodeSubscriptionExpired, Message: "the subscription ended",
		Account: &proproof.Account{ExpiryTs: katTs, GracePeriodDuration: 86400},
	}, resp.Failure())

	body, err = proproof.Fail(proproof.Failf(proproof.CodeInternalError, "node unreachable"))
	require.NoError(t, err)
	require.Equal(t, `{"error":"node unreachable","error_code":"internal_error","status":"error"}`, string(body))
}

func TestParseRefusesMalformedRequests(t *testing.T) {
	key := `"8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"`
	sig := `"11bd01cc522ffcef691ce9d066b1bbaafd991fe4ea63e068862cf09ef4fa11bd9d0ae6ddcf3451f584b17c3037c34cfcb6223d4254eec3579dba9a923bbc3f0b"`
	for _, tc := range []struct {
		name, body, want string
	}{
		{"not JSON", `{`, "not a JSON object"},
		{"an array", `[]`, "not a JSON object"},
		{"null", `null`, "not a JSON object"},
		{"two values", `{"ticket":1}{}`, "more than one"},
		{"missing key", `{"master_sig":` + sig + `,"ts":1}`, "master_pkey is missing"},
		{"short key", `{"master_pkey":"8a88","master_sig":` + sig + `,"ts":1}`, "want 64 hex digits"},
		{"key not hex", `{"master_pkey":"zz88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c","master_sig":` + sig + `,"ts":1}`, "not hex"},
		{"key a number", `{"master_pkey":1,"master_sig":` + sig + `,"ts":1}`, "want a hex string"},
		{"ts a string", `{"master_pkey":` + key + `,"master_sig":` + sig + `,"ts":"1"}`, "want an integer"},
		{"ts a fraction", `{"master_pkey":` + key + `,"master_sig":` + sig + `,"ts":1.5}`, "want an integer"},
		{"ts too large", `{"master_pkey":` + key + `,"master_sig":` + sig + `,"ts":99999999999999999999}`, "want an integer"},
		{"missing sig", `{"master_pkey":` + key + `,"ts":1}`, "master_sig is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := proproof.ParseProStatusRequest([]byte(tc.body))
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err := proproof.ParseGenerateProofRequest([]byte(`{"master_pkey":` + key + `,"ts":1,"master_sig":` + sig + `,"rotating_sig":` + sig + `}`))
	require.ErrorContains(t, err, "rotating_pkey is missing")
	_, err = proproof.ParseRevocationsRequest([]byte(`{"ticket":true}`))
	require.ErrorContains(t, err, "want an integer")
	r, err := proproof.ParseRevocationsRequest([]byte(`{"ticket":-1}`))
	require.NoError(t, err)
	require.Equal(t, int64(-1), r.Ticket)
}

func TestParseResponseRefusesUnknownShapes(t *testing.T) {
	for _, body := range []string{`{"status":"maybe"}`, `{"status":"ok"}`, `{"status":"fail","error":"x"}`, `[]`} {
		_, err := proproof.ParseResponse([]byte(body))
		require.Error(t, err, body)
	}
}

func TestRevocationListRevokesFromItsEffectiveTime(t *testing.T) {
	list := proproof.RevocationList{Ticket: 3, Items: []proproof.RevocationItem{{RevocationTag: tag11(), EffectiveTs: 1000}}}
	require.False(t, list.Revokes(tag11(), 999), "never earlier than effective_ts")
	require.True(t, list.Revokes(tag11(), 1000))
	require.False(t, list.Revokes(pub(seedKey(1)), 2000), "another tag")
	body, err := json.Marshal(list)
	require.NoError(t, err)
	require.Equal(t, `{"items":[{"effective_ts":1000,"revocation_tag":"1111111111111111111111111111111111111111111111111111111111111111"}],"retain_for":0,"retry_in":0,"ticket":3}`, string(body))
}
