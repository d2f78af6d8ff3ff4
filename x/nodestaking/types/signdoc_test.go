package types_test

import (
	"bytes"
	"crypto/ed25519"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// testAddr returns a distinct account address for each i.
func testAddr(i byte) string { return sdk.AccAddress(bytes.Repeat([]byte{i}, 20)).String() }

// testKey returns a fixed node key for each i.
func testKey(i byte) (ed25519.PublicKey, ed25519.PrivateKey) {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{i}, ed25519.SeedSize))
	pub, ok := key.Public().(ed25519.PublicKey)
	if !ok {
		panic("not an ed25519 key")
	}
	return pub, key
}

func TestVerifyRegistration(t *testing.T) {
	const chainID = "session-1"
	operator := testAddr(1)
	const fee = uint32(500)
	reserved := []types.ReservedSpot{
		{Address: testAddr(2), Amount: sesh(5_000)},
		{Address: testAddr(3), Amount: sesh(2_500)},
	}
	pub, key := testKey(1)
	otherPub, _ := testKey(2)
	signBytes, err := types.RegistrationSignBytes(chainID, operator, fee, reserved)
	require.NoError(t, err)
	sig := ed25519.Sign(key, signBytes)

	tests := []struct {
		name     string
		pubkey   []byte
		sig      []byte
		chainID  string
		operator string
		fee      uint32
		reserved []types.ReservedSpot
		valid    bool
	}{
		{name: "the signed terms", valid: true},
		{name: "another chain", chainID: "session-2"},
		{name: "another operator", operator: testAddr(9)},
		{name: "another fee", fee: 501},
		{name: "a reserved amount changed", reserved: []types.ReservedSpot{reserved[0], {Address: testAddr(3), Amount: sesh(2_500).AddRaw(1)}}},
		{name: "a reserved address changed", reserved: []types.ReservedSpot{reserved[0], {Address: testAddr(4), Amount: sesh(2_500)}}},
		{name: "a reserved spot dropped", reserved: reserved[:1]},
		{name: "no reserved spots", reserved: []types.ReservedSpot{}},
		{name: "reserved spots reordered", reserved: []types.ReservedSpot{reserved[1], reserved[0]}},
		{name: "another node key", pubkey: otherPub},
		{name: "a truncated public key", pubkey: pub[:31]},
		{name: "a truncated signature", sig: sig[:63]},
		{name: "no signature", sig: []byte{}},
		{name: "a flipped signature bit", sig: append([]byte{sig[0] ^ 1}, sig[1:]...)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pk, s, c, op, f, r := pub, sig, chainID, operator, fee, reserved
			if tc.pubkey != nil {
				pk = tc.pubkey
			}
			if tc.sig != nil {
				s = tc.sig
			}
			if tc.chainID != "" {
				c = tc.chainID
			}
			if tc.operator != "" {
				op = tc.operator
			}
			if tc.fee != 0 {
				f = tc.fee
			}
			if tc.reserved != nil {
				r = tc.reserved
			}
			require.Equal(t, tc.valid, types.VerifyRegistration(pk, s, c, op, f, r))
		})
	}
}

func TestRegistrationSignBytesAreDomainSeparated(t *testing.T) {
	bz, err := types.RegistrationSignBytes("session-1", testAddr(1), 0, nil)
	require.NoError(t, err)
	require.True(t, bytes.Contains(bz, []byte(types.RegistrationDomain)), "the sign bytes name the registration domain")

	// The same terms give the same bytes: a signature made by a wallet
	// verifies on every node.
	again, err := types.RegistrationSignBytes("session-1", testAddr(1), 0, []types.ReservedSpot{})
	require.NoError(t, err)
	require.Equal(t, bz, again)

	withSpot, err := types.RegistrationSignBytes("session-1", testAddr(1), 0, []types.ReservedSpot{{Address: testAddr(2), Amount: math.OneInt()}})
	require.NoError(t, err)
	require.NotEqual(t, bz, withSpot)
}
