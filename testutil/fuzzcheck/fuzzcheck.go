// Package fuzzcheck holds what the modules' fuzz tests share: turning fuzzer
// bytes into amounts, and the check that a refusal carries a registered error.
// It imports no module, so a types package's tests can use it.
package fuzzcheck

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// Int reads a math.Int from fuzzer bytes, big-endian, keeping the last 32 so
// the magnitude stays within math.Int's 256 bits (up to 2^256 − 1).
// negative with no bytes gives the nil Int, which a decoded message carries
// when it omits the field.
func Int(bz []byte, negative bool) math.Int {
	if len(bz) == 0 && negative {
		return math.Int{}
	}
	if len(bz) > 32 {
		bz = bz[len(bz)-32:]
	}
	i := new(big.Int).SetBytes(bz)
	if negative {
		i.Neg(i)
	}
	return math.NewIntFromBigInt(i)
}

// MaxInt is the largest math.Int, 2^256 − 1, as fuzz seed bytes.
func MaxInt() []byte {
	bz := make([]byte, 32)
	for i := range bz {
		bz[i] = 0xff
	}
	return bz
}

// RequireRegistered fails unless err is one of the module's registered errors
// (codespace module, a code above 1): what a client can match on, not an
// internal error or a bare fmt.Errorf.
func RequireRegistered(t testing.TB, err error, module string) {
	t.Helper()
	require.Error(t, err)
	codespace, code, _ := errorsmod.ABCIInfo(err, false)
	require.Equal(t, module, codespace, "not a registered %s error: %v", module, err)
	require.Greater(t, code, uint32(1), "not a registered %s error: %v", module, err)
}

// RequireSameResult checks that got is what want is: both nil, or errors
// with the same text, codespace and code. The Msg fuzz tests use it to show
// a field (the signer, which the SDK checks) does not change the outcome.
func RequireSameResult(t testing.TB, want, got error, msgAndArgs ...any) {
	t.Helper()
	if want == nil {
		require.NoError(t, got, msgAndArgs...)
		return
	}
	require.Error(t, got, msgAndArgs...)
	require.Equal(t, want.Error(), got.Error(), msgAndArgs...)
	wantSpace, wantCode, _ := errorsmod.ABCIInfo(want, false)
	gotSpace, gotCode, _ := errorsmod.ABCIInfo(got, false)
	require.Equal(t, wantSpace, gotSpace, msgAndArgs...)
	require.Equal(t, wantCode, gotCode, msgAndArgs...)
}
