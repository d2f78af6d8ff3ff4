//go:build e2e

package e2e

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Inputs several cases share.
var (
	// overflowAmount does not fit a 256-bit integer: no node decodes it.
	overflowAmount = "1" + strings.Repeat("0", 80)
	// unaffordable is more nsesh than any test account holds.
	unaffordable = "1000000000000000000000000"
	// belowCap is within the bridge's default withdrawal cap (1,000,000
	// SESH) and more than alice holds.
	belowCap = "999000000000000"
	// evmRecipient is an EVM address (with its EIP-55 checksum).
	evmRecipient = "0x71562b71999873DB5b286dF957af199Ec94617F7"
	// zeroSig is a node key signature of the right size that signs nothing.
	zeroSig = make([]byte, 64)
)

// bytesOf decodes a hex string the fixture made.
func bytesOf(t *testing.T, s string) []byte {
	t.Helper()
	bz, err := hex.DecodeString(s)
	require.NoError(t, err)
	return bz
}

// zeroHash is an app hash of zeros, in hex.
var zeroHash = strings.Repeat("00", nstypes.AppHashSize)

// proofCLI is an uptime-proof command with args and the e2e endpoint.
func proofCLI(args ...string) []string {
	return append(append([]string{"nodestaking", "uptime-proof"}, args...), e2eEndpointFlags...)
}
