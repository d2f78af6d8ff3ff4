package relayer

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// maxDepositBatch is how many deposits one attestation transaction carries.
const maxDepositBatch = 50

// maxNoncesPerQuery bounds the nonce topics of one log query.
const maxNoncesPerQuery = 100

// Contiguous returns the deposits next, next+1, ... found in deps, stopping
// at the first nonce that is missing. Two different deposits with one nonce
// (which the contract cannot emit) also stop the run there: nothing is
// attested that the relayer is unsure of.
func Contiguous(next uint64, deps []evm.Deposit) ([]evm.Deposit, error) {
	byNonce := make(map[uint64]evm.Deposit, len(deps))
	for _, d := range deps {
		if prev, ok := byNonce[d.Nonce]; ok && !sameDeposit(prev, d) {
			byNonce[d.Nonce] = evm.Deposit{} // poisoned
			continue
		}
		byNonce[d.Nonce] = d
	}
	var run []evm.Deposit
	for n := next; ; n++ {
		d, ok := byNonce[n]
		if !ok {
			return run, nil
		}
		if d.Amount == nil {
			return run, fmt.Errorf("two different Deposit logs with nonce %d", n)
		}
		run = append(run, d)
	}
}

func sameDeposit(a, b evm.Deposit) bool {
	return a.Nonce == b.Nonce && a.Sender == b.Sender && a.Recipient == b.Recipient &&
		a.Amount != nil && b.Amount != nil && a.Amount.Cmp(b.Amount) == 0
}

// Claim is the chain-side claim of a deposit: the sender with its EIP-55
// checksum, the recipient verbatim (the chain refunds what is not one of its
// addresses), the amount.
func Claim(d evm.Deposit) bridgetypes.DepositClaim {
	return bridgetypes.DepositClaim{
		Nonce:     d.Nonce,
		EvmSender: d.Sender.Hex(),
		Recipient: d.Recipient,
		Amount:    math.NewIntFromBigInt(d.Amount),
	}
}

// depositLogs is the EVM access depositFinder needs.
type depositLogs interface {
	Deposits(ctx context.Context, nonces []uint64, from, to uint64) ([]evm.Deposit, error)
}

// headers reads block headers, to check that a remembered block is still
// on the canonical chain.
type headers interface {
	Header(ctx context.Context, n uint64) (*ethtypes.Header, error)
}

// depositFinder looks deposits up by nonce. It remembers, in memory only,
// the deposits it found in safe blocks (with their block hash) and how far
// it searched, so the next search starts where the answer can be and not at
// start_block. A restart loses this and searches from start_block again:
// slower, never different. What it remembers is checked against the
// canonical chain before it is attested: a reorg deeper than the
// confirmation depth drops it.
type depositFinder struct {
	startBlock uint64
	// known are deposits in safe blocks, by nonce.
	known map[uint64]evm.Deposit
	// floorNonce, floorBlock: no deposit with a nonce >= floorNonce is in a
	// block below floorBlock.
	floorNonce, floorBlock uint64
}

func newDepositFinder(startBlock uint64) *depositFinder {
	return &depositFinder{startBlock: startBlock, known: map[uint64]evm.Deposit{}}
}

// lowBlock is the first block deposit n can be in: not before a deposit with
// a lower nonce, and not before the floor.
func (f *depositFinder) lowBlock(n uint64) uint64 {
	low := f.startBlock
	for nonce, d := range f.known {
		if nonce < n && d.Block > low {
			low = d.Block
		}
	}
	if n >= f.floorNonce && f.floorBlock > low {
		low = f.floorBlock
	}
	return low
}

// find returns the deposits first..last that are in blocks up to toBlock,
// by nonce. Deposits in blocks up to safe are remembered; those above (the
// parity reads the head) are not, as a reorg may still drop them.
func (f *depositFinder) find(ctx context.Context, logs depositLogs, first, last, toBlock, safe uint64) ([]evm.Deposit, error) {
	got := map[uint64]evm.Deposit{}
	var missing []uint64
	for n := first; n <= last; n++ {
		if d, ok := f.known[n]; ok && d.Block <= toBlock {
			got[n] = d
			continue
		}
		missing = append(missing, n)
	}
	for chunk := range slices.Chunk(missing, maxNoncesPerQuery) {
		from := f.lowBlock(chunk[0])
		if from > toBlock {
			break
		}
		found, err := logs.Deposits(ctx, chunk, from, toBlock)
		if err != nil {
			return nil, err
		}
		for _, d := range found {
			got[d.Nonce] = d
			if d.Block <= safe {
				f.known[d.Nonce] = d
			}
		}
		if _, ok := got[chunk[0]]; !ok {
			if toBlock <= safe && chunk[0] >= f.floorNonce {
				// Deposits come in nonce order: if this one is not in the
				// safe blocks searched, no later one is either.
				f.floorNonce, f.floorBlock = chunk[0], toBlock+1
			}
			break
		}
	}
	out := make([]evm.Deposit, 0, len(got))
	for _, d := range got {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b evm.Deposit) int { return cmp.Compare(a.Nonce, b.Nonce) })
	return out, nil
}

// forgetAbove forgets what was found above block safe: the safe block went
// back (a reorg deeper than the depth), so those blocks may change.
func (f *depositFinder) forgetAbove(safe uint64) {
	for n, d := range f.known {
		if d.Block > safe {
			delete(f.known, n)
		}
	}
	if f.floorBlock > safe+1 {
		f.floorNonce, f.floorBlock = 0, 0
	}
}

// verify checks that the blocks of deps are still the canonical blocks at
// their numbers. When one is not (a reorg replaced it), everything
// remembered from that block on is forgotten and an error returned: the
// next round searches again and finds what the canonical chain holds.
func (f *depositFinder) verify(ctx context.Context, chain headers, deps []evm.Deposit) error {
	checked := map[uint64]common.Hash{}
	for _, d := range deps {
		hash, ok := checked[d.Block]
		if !ok {
			h, err := chain.Header(ctx, d.Block)
			if err != nil {
				return err
			}
			hash = h.Hash()
			checked[d.Block] = hash
		}
		if hash == d.BlockHash {
			continue
		}
		for n, k := range f.known {
			if k.Block >= d.Block {
				delete(f.known, n)
			}
		}
		f.floorNonce, f.floorBlock = 0, 0
		return fmt.Errorf("deposit %d was found in block %d as %s, which is no longer canonical (%s): searching again",
			d.Nonce, d.Block, d.BlockHash.Hex(), hash.Hex())
	}
	return nil
}

// prune forgets the deposits below nonce keep-1 (keep-1 stays: it bounds
// where keep can be).
func (f *depositFinder) prune(keep uint64) {
	for n := range f.known {
		if n+1 < keep {
			delete(f.known, n)
		}
	}
}
