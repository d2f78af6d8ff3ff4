package addrcache_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/sessiontoken/sessionchain/x/internal/addrcache"
)

// The cached codec decodes every text, valid or not, asked once or many
// times, in either case, exactly as the plain codec does.
func TestSameAsPlainCodec(t *testing.T) {
	plain := addresscodec.NewBech32Codec("session")
	cached := addrcache.New(plain)
	var texts []string
	for i := range 50 {
		addr := bytes.Repeat([]byte{byte(i)}, 20+i%13)
		text, err := plain.BytesToString(addr)
		require.NoError(t, err)
		texts = append(texts, text, strings.ToUpper(text), text[:len(text)-1]+"q", strings.Replace(text, "session", "cosmos", 1))
	}
	other, err := addresscodec.NewBech32Codec("cosmos").BytesToString(bytes.Repeat([]byte{7}, 20))
	require.NoError(t, err)
	texts = append(texts, "", "session1", "not an address", other, strings.ToUpper(texts[0][:9])+texts[0][9:])
	for pass := range 3 {
		for _, text := range texts {
			want, wantErr := plain.StringToBytes(text)
			got, err := cached.StringToBytes(text)
			if wantErr != nil {
				require.EqualErrorf(t, err, wantErr.Error(), "pass %d, %q", pass, text)
				continue
			}
			require.NoErrorf(t, err, "pass %d, %q", pass, text)
			require.Equalf(t, want, got, "pass %d, %q", pass, text)
		}
	}
	for _, addr := range [][]byte{bytes.Repeat([]byte{1}, 20), bytes.Repeat([]byte{2}, 32)} {
		want, err := plain.BytesToString(addr)
		require.NoError(t, err)
		got, err := cached.BytesToString(addr)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
}

// A caller that changes the bytes it got changes nothing of the cache's.
func TestReturnsACopy(t *testing.T) {
	plain := addresscodec.NewBech32Codec("session")
	cached := addrcache.New(plain)
	text, err := plain.BytesToString(bytes.Repeat([]byte{9}, 20))
	require.NoError(t, err)
	for range 2 {
		bz, err := cached.StringToBytes(text)
		require.NoError(t, err)
		require.Equal(t, bytes.Repeat([]byte{9}, 20), bz)
		bz[0] = 0
	}
}

// Past MaxEntries texts the cache starts afresh and still decodes
// correctly, the earliest texts included.
func TestBounded(t *testing.T) {
	plain := addresscodec.NewBech32Codec("session")
	cached := addrcache.New(plain)
	text := func(i int) string {
		s, err := plain.BytesToString([]byte(fmt.Sprintf("address %012d", i)))
		require.NoError(t, err)
		return s
	}
	for round := range 2 {
		for i := range addrcache.MaxEntries + 10 {
			bz, err := cached.StringToBytes(text(i))
			require.NoError(t, err)
			require.Equalf(t, fmt.Sprintf("address %012d", i), string(bz), "round %d", round)
		}
	}
}
