package relayer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/chain"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// fakeChain is the Cosmos side in memory: a test sets what the queries
// answer, and Send records the messages (or fails as the test says).
type fakeChain struct {
	mu        sync.Mutex
	status    chain.Status
	params    bridgetypes.Params
	pending   bridgetypes.QueryPendingSignaturesResponse
	bonded    bool
	sets      map[uint64]*bridgetypes.QuerySignerSetResponse
	batches   map[uint64]*bridgetypes.QueryBatchResponse
	adminOps  []bridgetypes.AdminOpEntry
	transfers map[uint64]bridgetypes.Transfer
	supply    bridgetypes.QuerySupplyResponse
	height    int64
	sent      [][]sdk.Msg
	// fail, if set, decides the fate of each Send before it is recorded.
	fail func(msgs []sdk.Msg) error
}

var (
	_ Chain  = (*fakeChain)(nil)
	_ Sender = (*fakeChain)(nil)
)

func newFakeChain() *fakeChain {
	return &fakeChain{
		bonded:    true,
		sets:      map[uint64]*bridgetypes.QuerySignerSetResponse{},
		batches:   map[uint64]*bridgetypes.QueryBatchResponse{},
		transfers: map[uint64]bridgetypes.Transfer{},
		height:    100,
	}
}

func (f *fakeChain) Status(context.Context) (chain.Status, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status, nil
}

func (f *fakeChain) Params(context.Context) (bridgetypes.Params, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.params, nil
}

func (f *fakeChain) Pending(context.Context, string) (*bridgetypes.QueryPendingSignaturesResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.pending
	return &p, nil
}

func (f *fakeChain) Bonded(context.Context, string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bonded, nil
}

func (f *fakeChain) LatestSignerSetNonce(context.Context) (uint64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var latest uint64
	for n := range f.sets {
		latest = max(latest, n)
	}
	if latest == 0 {
		return 0, chain.ErrNoSignerSet
	}
	return latest, nil
}

func (f *fakeChain) SignerSet(_ context.Context, nonce uint64) (*bridgetypes.QuerySignerSetResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sets[nonce]
	if !ok {
		return nil, fmt.Errorf("no signer set %d", nonce)
	}
	return s, nil
}

func (f *fakeChain) Batches(_ context.Context, status bridgetypes.BatchStatus) ([]bridgetypes.Batch, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []bridgetypes.Batch
	for _, b := range f.batches {
		if b.Batch.Status == status {
			out = append(out, b.Batch)
		}
	}
	slices.SortFunc(out, func(a, b bridgetypes.Batch) int { return cmp.Compare(a.Nonce, b.Nonce) })
	return out, nil
}

func (f *fakeChain) Batch(_ context.Context, nonce uint64) (*bridgetypes.QueryBatchResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.batches[nonce]
	if !ok {
		return nil, fmt.Errorf("no batch %d", nonce)
	}
	return b, nil
}

func (f *fakeChain) AdminOps(context.Context) ([]bridgetypes.AdminOpEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.adminOps), nil
}

func (f *fakeChain) Transfers(_ context.Context, status bridgetypes.TransferStatus, _ int64, limit int) ([]bridgetypes.Transfer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []bridgetypes.Transfer
	for _, t := range f.transfers {
		if t.Status == status {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b bridgetypes.Transfer) int { return cmp.Compare(a.Id, b.Id) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (f *fakeChain) Supply(context.Context) (*bridgetypes.QuerySupplyResponse, int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.supply
	return &s, f.height, nil
}

func (f *fakeChain) Send(_ context.Context, msgs ...sdk.Msg) (*sdk.TxResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		if err := f.fail(msgs); err != nil {
			return nil, err
		}
	}
	f.sent = append(f.sent, slices.Clone(msgs))
	return &sdk.TxResponse{TxHash: fmt.Sprintf("TX%d", len(f.sent)), Height: f.height}, nil
}

// takeSent returns the transactions sent since the last call.
func (f *fakeChain) takeSent() [][]sdk.Msg {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.sent
	f.sent = nil
	return out
}

func (f *fakeChain) set(fn func(f *fakeChain)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}
