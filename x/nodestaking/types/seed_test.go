package types_test

import (
	"crypto/ed25519"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// BenchmarkVerifySeedProof compares a seed proof's verification with an
// Ed25519 signature check: SeedProofGas is priced from the ratio.
func BenchmarkVerifySeedProof(b *testing.B) {
	_, key, err := ed25519.GenerateKey(nil)
	require.NoError(b, err)
	pub := key.Public().(ed25519.PublicKey)
	in := types.SeedInput("sessiond-1", 1, make([]byte, types.SeedSize))
	proof, sig := types.ProveSeed(key, in), ed25519.Sign(key, in)
	b.Run("check=seed-proof", func(b *testing.B) {
		for b.Loop() {
			if _, err := types.VerifySeedProof(pub, proof, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("check=ed25519", func(b *testing.B) {
		for b.Loop() {
			if !ed25519.Verify(pub, in, sig) {
				b.Fatal("signature refused")
			}
		}
	})
}

// TestSeedProof: a node's seed proof verifies against its key and input
// only, is deterministic (one share per key and round), and a round mixes
// the shares into a seed that depends on each of them.
func TestSeedProof(t *testing.T) {
	_, key, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	_, other, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	pub := key.Public().(ed25519.PublicKey)
	round := types.NewSeedRound(1, 9, make([]byte, types.SeedSize))
	in := types.SeedInput("sessiond-1", round.Period, round.Seed)
	proof := types.SeedProofFor(key, "sessiond-1", &round)
	require.Equal(t, proof, types.ProveSeed(key, in), "deterministic")
	share, err := types.VerifySeedProof(pub, proof, in)
	require.NoError(t, err)
	require.Len(t, share, types.SeedSize)

	for name, bad := range map[string][]byte{
		"another key's":  types.ProveSeed(other, in),
		"another chain":  types.ProveSeed(key, types.SeedInput("sessiond-2", round.Period, round.Seed)),
		"another period": types.ProveSeed(key, types.SeedInput("sessiond-1", round.Period+1, round.Seed)),
		"short":          proof[:79],
	} {
		_, err := types.VerifySeedProof(pub, bad, in)
		require.ErrorIs(t, err, types.ErrInvalidSeedProof, name)
	}
	require.Nil(t, types.SeedProofFor(key, "sessiond-1", nil), "no proof before the first round")

	empty := round.NextSeed(10)
	round.Add(share)
	require.Equal(t, uint64(1), round.Contributions)
	require.NotEqual(t, empty, round.NextSeed(10))
	require.NotEqual(t, round.NextSeed(10), round.NextSeed(11))
	round.Add(share)
	require.Equal(t, empty, round.NextSeed(10), "the same share twice cancels: the chain takes one a round")
}
