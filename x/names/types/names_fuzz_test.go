package types_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// FuzzName checks that any string is a valid name or refused with
// ErrInvalidName, and that a value encrypted under a valid name decrypts
// with it and with no one-character change of it.
func FuzzName(f *testing.F) {
	for _, seed := range []string{"alice", "Alice", "SGVsbA==", "a+b/c-d_e", "", "a=b", "élise", "\x00"} {
		f.Add(seed, byte(3))
	}
	f.Fuzz(func(t *testing.T, name string, flip byte) {
		if err := types.ValidateName(name); err != nil {
			require.ErrorIs(t, err, types.ErrInvalidName)
			return
		}
		v := types.Value{SessionID: append([]byte{types.SessionIDPrefix}, bytes.Repeat([]byte{flip}, 32)...)}
		enc, err := types.EncryptValue(name, v, bytes.Repeat([]byte{flip}, types.NonceSize))
		require.NoError(t, err)
		got, err := types.DecryptValue(name, enc)
		require.NoError(t, err)
		require.Equal(t, v, got)
		other := []byte(name)
		other[int(flip)%len(other)] ^= 1 + flip%0x7f
		_, err = types.DecryptValue(string(other), enc)
		require.ErrorIs(t, err, types.ErrInvalidValue)
	})
}

// FuzzDecrypt checks that no bytes make decryption panic: a value either
// decrypts or is refused with the registered ErrInvalidValue.
func FuzzDecrypt(f *testing.F) {
	f.Add("alice", make([]byte, types.MinEncryptedValueSize))
	f.Add("alice", make([]byte, types.MaxEncryptedValueSize))
	f.Add("", []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, name string, enc []byte) {
		_, err := types.DecryptValue(name, enc)
		if err != nil {
			_, code, _ := errorsmod.ABCIInfo(err, false)
			require.Equal(t, types.ErrInvalidValue.ABCICode(), code, "%v", err)
		}
	})
}

// FuzzPremium checks that the premium never exceeds its start and never
// rises with time after the release (before it, there is none), for every
// start and length the params allow.
func FuzzPremium(f *testing.F) {
	f.Add(types.DefaultPremiumStartUSD, types.DefaultPremiumDays, int64(0), int64(1))
	f.Add(types.MaxPremiumUSD, types.MaxPremiumDays, int64(86_399_999_999_999), int64(1))
	f.Add(uint64(1), uint32(1), int64(-5), int64(10))
	f.Fuzz(func(t *testing.T, start uint64, days uint32, at, step int64) {
		p := types.DefaultParams()
		p.PremiumStartUsd, p.PremiumDays = start%(types.MaxPremiumUSD+1), days%(types.MaxPremiumDays+1)
		released := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		if at < 0 {
			require.Zero(t, p.PremiumUSD(released, released.Add(time.Duration(at))), "no premium before the release")
			at = -(at + 1)
		}
		t1 := released.Add(time.Duration(at % (400 * int64(types.Day))))
		t2 := t1.Add(time.Duration(step&(1<<50-1)) + 1)
		first, later := p.PremiumUSD(released, t1), p.PremiumUSD(released, t2)
		require.LessOrEqual(t, first, p.PremiumStartUsd)
		require.LessOrEqual(t, later, first, "the premium rose from %s to %s", t1, t2)
	})
}
