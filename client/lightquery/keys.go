package lightquery

import (
	"cosmossdk.io/collections"
	"cosmossdk.io/collections/codec"
)

// MapKey returns the store key under which a collections.Map with the given
// prefix and key codec keeps key.
func MapKey[K any](prefix collections.Prefix, kc codec.KeyCodec[K], key K) ([]byte, error) {
	return collections.EncodeKeyWithPrefix(prefix.Bytes(), kc, key)
}

// ItemKey returns the store key of a collections.Item (or Sequence) with the
// given prefix: the prefix itself.
func ItemKey(prefix collections.Prefix) []byte {
	return append([]byte(nil), prefix.Bytes()...)
}
