package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/store"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// FreeVotes decides which transactions may go without a fee: those whose
// messages are all quorum votes the liveness component exempts
// (Liveness.FreeVote), up to max_free_votes_per_block votes per voter node
// in a block. The counts are in a transient store, which the chain empties
// after every block: the same in every node, after a restart too (a block
// is always executed whole), and never part of the app hash. The limit is
// per voter node, not per fee payer: accounts cost nothing to make, node
// keys need a stake.
type FreeVotes struct {
	k *Keeper
	// Counts is the free votes of the block so far, by voter node.
	Counts collections.Map[string, uint32]
}

// NewFreeVotes returns the fee exemption of k's votes, counting in the
// transient store svc.
func NewFreeVotes(k *Keeper, svc store.TransientStoreService) (*FreeVotes, error) {
	sb := collections.NewSchemaBuilderFromAccessor(svc.OpenTransientStore)
	f := &FreeVotes{k: k, Counts: collections.NewMap(sb, types.FreeVoteCountsKey, "free_vote_counts", collections.StringKey, collections.Uint32Value)}
	if _, err := sb.Build(); err != nil {
		return nil, err
	}
	return f, nil
}

// Limits returns the highest gas limit and the largest size of a free
// transaction (params max_free_vote_gas and max_free_vote_tx_bytes).
func (f *FreeVotes) Limits(ctx context.Context) (uint64, uint32, error) {
	params, err := f.k.env.GetParams(ctx)
	return params.MaxFreeVoteGas, params.MaxFreeVoteTxBytes, err
}

// Admit reports whether a transaction of msgs may go without a fee, and if
// so counts its votes against their voters' limits. It counts nothing for
// a transaction it does not admit.
func (f *FreeVotes) Admit(ctx context.Context, msgs []sdk.Msg) (bool, error) {
	if len(msgs) == 0 {
		return false, nil
	}
	params, err := f.k.env.GetParams(ctx)
	if err != nil || params.MaxFreeVotesPerBlock == 0 {
		return false, err
	}
	type count struct {
		voter string
		n     uint32
	}
	var counts []count
	for _, msg := range msgs {
		vote, ok := msg.(*types.MsgNodeStateVote)
		if !ok {
			return false, nil
		}
		voter, free, err := f.k.Liveness.FreeVote(ctx, vote, params)
		if err != nil || !free {
			return false, err
		}
		i := 0
		for i < len(counts) && counts[i].voter != voter {
			i++
		}
		if i == len(counts) {
			n, err := f.Counts.Get(ctx, voter)
			if err != nil && !errors.Is(err, collections.ErrNotFound) {
				return false, err
			}
			counts = append(counts, count{voter: voter, n: n})
		}
		if counts[i].n >= params.MaxFreeVotesPerBlock {
			return false, nil
		}
		counts[i].n++
	}
	for _, c := range counts {
		if err := f.Counts.Set(ctx, c.voter, c.n); err != nil {
			return false, err
		}
	}
	return true, nil
}
