package proproof_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/client/proproof"
)

// The known-answer vectors of libsession-util's [pro_kat] test
// (tests/test_pro_backend.cpp, generated from session-pro-backend's own
// implementation by tests/pro_backend/gen_kat.py): keys from the 32-byte
// seeds 0x01… (master), 0x02… (rotating) and 0x03… (backend), ts
// 1700000000, expiry 1704067200, revocation tag 0x11…, limit 10.
const (
	katGenerateProof = "50726f47656e657261746550726f6f668a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf37488" +
		"01" +
		"b40f6f5c8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b39431373030303030" +
		"303030"
	katProStatus = "50726f47657450726f5374617475735f8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf37488" +
		"01b40f6f5c31373030303030303030"
	katDetailsEmpty = "50726f47657450617944657461696c738a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf37488" +
		"01b40f6f5c3137303030303030303000313000"
	katDetailsCursor = "50726f47657450617944657461696c738a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf37488" +
		"01b40f6f5c3137303030303030303000313000306131623263336434653566"
	katProof = "50726f50726f6f665f76305f5f5f5f5f111111111111111111111111111111111111111111111111111111" +
		"1111" +
		"1111118139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b3943137303430363732" +
		"3030"
	katProofSig = "767e7f14cec2d04fb67c6407e890cbe6a5cfdb7a0df3e729adda93164b13bc3f" +
		"b20ed4ea1b8f1ffc74115ff2598a51ac52285d923f0864c6bca08bfc771fb708"

	katTs     = 1700000000
	katExpiry = 1704067200
)

func seedKey(b byte) ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = b
	}
	return ed25519.NewKeyFromSeed(seed)
}

func pub(k ed25519.PrivateKey) proproof.Key {
	var p proproof.Key
	copy(p[:], k.Public().(ed25519.PublicKey))
	return p
}

func tag11() proproof.Key {
	var t proproof.Key
	for i := range t {
		t[i] = 0x11
	}
	return t
}

func TestSignedMessagesMatchLibsessionVectors(t *testing.T) {
	master, rotating := pub(seedKey(1)), pub(seedKey(2))
	for _, tc := range []struct {
		name string
		got  []byte
		want string
	}{
		{"generate_pro_proof", proproof.GenerateProofMessage(master, rotating, katTs), katGenerateProof},
		{"get_pro_status", proproof.ProStatusMessage(master, katTs), katProStatus},
		{"get_payment_details, newest page", proproof.PaymentDetailsMessage(master, katTs, 10, ""), katDetailsEmpty},
		{"get_payment_details, with cursor", proproof.PaymentDetailsMessage(master, katTs, 10, "0a1b2c3d4e5f"), katDetailsCursor},
		{"proof v0", proproof.ProofMessage(tag11(), rotating, katExpiry), katProof},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, hex.EncodeToString(tc.got))
		})
	}
}

func TestProofSignatureMatchesTheBackendsAndVerifies(t *testing.T) {
	backend := seedKey(3)
	p := proproof.Proof{RevocationTag: tag11(), RotatingPkey: pub(seedKey(2)), ExpiryTs: katExpiry}
	p.Sign(backend)
	require.Equal(t, katProofSig, p.Sig.String(), "Ed25519 is deterministic: the same key and message give the backend's signature")

	backendPub := pub(backend)
	require.True(t, p.VerifySignature(backendPub[:]))
	wrong := backendPub
	wrong[0] ^= 1
	require.False(t, p.VerifySignature(wrong[:]), "a wrong key does not verify")

	require.Equal(t, proproof.StatusValid, p.Status(backendPub[:], katExpiry, nil, nil), "valid at expiry_ts itself")
	require.Equal(t, proproof.StatusExpired, p.Status(backendPub[:], katExpiry+1, nil, nil))
	require.Equal(t, proproof.StatusInvalidIssuerSig, p.Status(wrong[:], katExpiry-1, nil, nil))

	msg := []byte("a Pro message")
	userSig := ed25519.Sign(seedKey(2), msg)
	require.Equal(t, proproof.StatusValid, p.Status(backendPub[:], katTs, userSig, msg))
	require.Equal(t, proproof.StatusInvalidUserSig, p.Status(backendPub[:], katTs, ed25519.Sign(seedKey(1), msg), msg))

	tampered := p
	tampered.ExpiryTs++
	require.False(t, tampered.VerifySignature(backendPub[:]), "the expiry is signed")
}

func TestRequestsAreSignedOverTheVectorMessages(t *testing.T) {
	master, rotating := seedKey(1), seedKey(2)
	gen := proproof.NewGenerateProofRequest(master, rotating, katTs)
	want, err := hex.DecodeString(katGenerateProof)
	require.NoError(t, err)
	require.True(t, ed25519.Verify(master.Public().(ed25519.PublicKey), want, gen.MasterSig[:]))
	require.True(t, ed25519.Verify(rotating.Public().(ed25519.PublicKey), want, gen.RotatingSig[:]))
	require.NoError(t, gen.VerifySignatures())

	status := proproof.NewProStatusRequest(master, katTs)
	want, err = hex.DecodeString(katProStatus)
	require.NoError(t, err)
	require.True(t, ed25519.Verify(master.Public().(ed25519.PublicKey), want, status.MasterSig[:]))
	require.NoError(t, status.VerifySignature())
}
