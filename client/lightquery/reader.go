package lightquery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cometbft/cometbft/crypto/merkle"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/cosmos/cosmos-sdk/store/v2/rootmulti"
)

// ErrVerification is returned when a node's answer does not prove what it
// claims: another key or height than asked, no proof, or a proof that does
// not lead to the trusted app hash. It means the node is faulty or lying.
var ErrVerification = errors.New("state proof verification failed")

// Header is a block header the caller trusts. Its AppHash commits to the
// state after block Height-1, which is what Reader.Get reads.
type Header struct {
	// ChainID of the block.
	ChainID string
	// Height of the header.
	Height int64
	// Time of the block.
	Time time.Time
	// AppHash is the app hash of the state at Height-1.
	AppHash []byte
}

// StateHeight is the height of the state the header's app hash commits to.
func (h Header) StateHeight() int64 { return h.Height - 1 }

// Headers gives the latest header a reader may trust.
type Headers interface {
	// Latest returns the latest trusted header.
	Latest(ctx context.Context) (Header, error)
}

// Querier is the part of a CometBFT RPC client the reader needs
// (github.com/cometbft/cometbft/rpc/client/http.HTTP implements it).
type Querier interface {
	ABCIQueryWithOptions(ctx context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*ctypes.ResultABCIQuery, error)
}

// Reader reads proven store values from a node.
type Reader struct {
	node    Querier
	runtime *merkle.ProofRuntime
}

// NewReader returns a reader that asks node for values and proofs.
func NewReader(node Querier) *Reader {
	return &Reader{node: node, runtime: rootmulti.DefaultProofRuntime()}
}

// minProvableHeight is the lowest state height the SDK answers with a
// proof (it refuses heights 0 and 1).
const minProvableHeight = 2

// Get reads key from the store named storeName at the state h commits to.
// found is false when the proof shows the key absent. Any answer that does
// not prove itself against h.AppHash fails with ErrVerification; a node
// that cannot answer (unreachable, height pruned) fails with another error.
func (r *Reader) Get(ctx context.Context, h Header, storeName string, key []byte) (value []byte, found bool, err error) {
	height := h.StateHeight()
	if height < minProvableHeight {
		return nil, false, fmt.Errorf("header %d: the state at height %d cannot be proven yet (the chain must be past height %d)",
			h.Height, height, minProvableHeight)
	}
	if len(key) == 0 {
		return nil, false, errors.New("empty store key")
	}
	res, err := r.node.ABCIQueryWithOptions(ctx, "/store/"+storeName+"/key", key, rpcclient.ABCIQueryOptions{Height: height, Prove: true})
	if err != nil {
		return nil, false, fmt.Errorf("abci_query %s at height %d: %w", storeName, height, err)
	}
	if res == nil {
		return nil, false, fmt.Errorf("%w: empty answer", ErrVerification)
	}
	resp := res.Response
	if resp.IsErr() {
		return nil, false, fmt.Errorf("abci_query %s at height %d: code %d (%s): %s", storeName, height, resp.Code, resp.Codespace, resp.Log)
	}
	switch {
	case resp.Height != height:
		return nil, false, fmt.Errorf("%w: asked for height %d, answered for %d", ErrVerification, height, resp.Height)
	case !bytes.Equal(resp.Key, key):
		return nil, false, fmt.Errorf("%w: asked for key %X, answered for %X", ErrVerification, key, resp.Key)
	case resp.ProofOps == nil || len(resp.ProofOps.Ops) == 0:
		return nil, false, fmt.Errorf("%w: no proof for key %X", ErrVerification, key)
	}
	path := merkle.KeyPath{}.
		AppendKey([]byte(storeName), merkle.KeyEncodingURL).
		AppendKey(key, merkle.KeyEncodingURL).
		String()
	if len(resp.Value) > 0 {
		if err := r.runtime.VerifyValue(resp.ProofOps, h.AppHash, path, resp.Value); err != nil {
			return nil, false, fmt.Errorf("%w: value of key %X at height %d: %w", ErrVerification, key, height, err)
		}
		return resp.Value, true, nil
	}
	// No value: either the key is absent, or present with an empty value
	// (a key set); the proof says which.
	absentErr := r.runtime.VerifyAbsence(resp.ProofOps, h.AppHash, path)
	if absentErr == nil {
		return nil, false, nil
	}
	if err := r.runtime.VerifyValue(resp.ProofOps, h.AppHash, path, []byte{}); err == nil {
		return []byte{}, true, nil
	}
	return nil, false, fmt.Errorf("%w: absence of key %X at height %d: %w", ErrVerification, key, height, absentErr)
}
