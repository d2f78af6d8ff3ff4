package lightquery

import (
	"context"
	"fmt"

	ctypes "github.com/cometbft/cometbft/rpc/core/types"
)

// CommitClient is the part of a CometBFT RPC client TrustNode needs.
type CommitClient interface {
	Commit(ctx context.Context, height *int64) (*ctypes.ResultCommit, error)
}

// TrustNode takes the latest header from a node without checking its
// signatures. Values are still checked against that header's app hash, so
// they are consistent with each other, but the node can make up the header:
// for development against a node one runs oneself, never in production.
type TrustNode struct {
	node CommitClient
}

var _ Headers = TrustNode{}

// NewTrustNode returns headers taken from node on trust.
func NewTrustNode(node CommitClient) TrustNode { return TrustNode{node: node} }

// Latest returns the node's latest header, unverified.
func (t TrustNode) Latest(ctx context.Context) (Header, error) {
	res, err := t.node.Commit(ctx, nil)
	if err != nil {
		return Header{}, fmt.Errorf("commit: %w", err)
	}
	if res == nil || res.Header == nil {
		return Header{}, fmt.Errorf("commit: the node returned no header")
	}
	return headerOf(res.Header), nil
}
