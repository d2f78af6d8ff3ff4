package types_test

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

const vectorKey = "9f0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677"

// The derivations are pinned: every node, and every issuer reading the
// chain, must compute the same bytes. The values were computed
// independently (Python hashlib) from the documented layout.
func TestRevocationTagAndOffsetVectors(t *testing.T) {
	require.Equal(t, "637b4daabb726f9517a805fde75fc5a0803b4f67f3c4680022c53a612d210896", hex.EncodeToString(types.RevocationTag(vectorKey, 1, 1)))
	require.Equal(t, "829fcdd906bb3e9972cc40b9bc828f2ff8d4130e6f75a3c1a06a698e57118bca", hex.EncodeToString(types.RevocationTag(vectorKey, 2, 1234)))
	require.Equal(t, uint32(18888), types.ProofExpiryOffset(vectorKey, time.Unix(1704067200, 0), 42))
}

// ProofExpiry is the backend's round_up_onto_grid(min(t + 29 d, coverage)
// + 3660 s) on the account's daily grid (values from a Python transcription
// of backend._build_proof_clamped_expiry_time).
func TestProofExpiry(t *testing.T) {
	const req = 1_700_000_000
	tests := []struct {
		name     string
		coverage time.Time
		offset   uint32
		want     int64
	}{
		{"the rolling cap, grid at midnight", time.Unix(1_800_000_000, 0), 0, 1_702_512_000},
		{"the rolling cap, the account's grid", time.Unix(1_800_000_000, 0), 18_888, 1_702_530_888},
		{"pinned near the coverage end", time.Unix(1_700_100_000, 0), 3_600, 1_700_182_800},
		{"on a grid point: stays", time.Unix(1_700_179_140, 0), 3_600, 1_700_182_800},
		{"half a second past a grid point: the next one", time.Unix(1_700_179_140, 500_000_000), 3_600, 1_700_269_200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, types.ProofExpiry(req, tc.coverage, tc.offset))
		})
	}
	// Two requests in one grid period get the same expiry; the next period steps by a day.
	far := time.Unix(1_800_000_000, 0)
	require.Equal(t, types.ProofExpiry(req, far, 7), types.ProofExpiry(req+60, far, 7))
	require.LessOrEqual(t, types.ProofExpiry(req, far, 7)-req, int64(types.MaxProofLifetime/time.Second))
}

func TestIssuerKeyValidity(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.Add(time.Hour)
	open := types.IssuerKey{NotBefore: start}
	require.False(t, open.IsValidAt(start.Add(-time.Nanosecond)))
	require.True(t, open.IsValidAt(start))
	require.True(t, open.IsValidAt(start.Add(100*365*types.Day)))
	closed := types.IssuerKey{NotBefore: start, NotAfter: &end}
	require.True(t, closed.IsValidAt(end.Add(-time.Nanosecond)))
	require.False(t, closed.IsValidAt(end))
}
