// Package addrcache remembers the addresses a module has decoded. In SDK
// v0.55 every bech32 decode checks the address format against the SDK's
// global config, and reading that config costs two system calls
// (os.Executable and os.Hostname): in a block of MsgBuyName, a quarter of
// the message handler's time went to decoding the buyer's and the seller's
// addresses (docs/performance.md, x/names; BenchmarkFinalizeBlock/msg=MsgBuyName
// in tests/bench). The same accounts come back block after block, and a
// decode depends only on the text and the codec, whose config is sealed
// when the app starts, so the bytes of a text decoded once are kept.
package addrcache

import (
	"bytes"
	"sync"

	"cosmossdk.io/core/address"
)

// MaxEntries bounds the texts kept; the cache starts afresh when full.
const MaxEntries = 4096

// Codec is an address.Codec whose StringToBytes returns what the wrapped
// codec returned for the same text, without asking it again. Errors are
// not kept: an invalid text goes to the wrapped codec every time and gets
// its error. BytesToString is the wrapped codec's. Safe for concurrent use
// (queries run beside the block).
type Codec struct {
	address.Codec
	mu      sync.Mutex
	decoded map[string][]byte
}

var _ address.Codec = (*Codec)(nil)

// New wraps c.
func New(c address.Codec) *Codec {
	return &Codec{Codec: c, decoded: make(map[string][]byte)}
}

// StringToBytes decodes text as the wrapped codec does. The slice returned
// is the caller's own.
func (c *Codec) StringToBytes(text string) ([]byte, error) {
	c.mu.Lock()
	bz, ok := c.decoded[text]
	c.mu.Unlock()
	if ok {
		return bytes.Clone(bz), nil
	}
	bz, err := c.Codec.StringToBytes(text)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.decoded) >= MaxEntries {
		clear(c.decoded)
	}
	c.decoded[text] = bytes.Clone(bz)
	c.mu.Unlock()
	return bz, nil
}
