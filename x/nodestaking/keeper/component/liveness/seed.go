package liveness

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Quorum seeds no proposer chooses. A seed round follows each period seed:
// the first uptime proof of each node in the round carries the node key's
// VRF proof over the seed just fixed (types.SeedInput), and the hash of its
// output is XORed into the round's mix. When the next period starts, its
// seed is the hash of the period, the round's seed and its mix, and a new
// round begins from it.
//
// What that leaves to an attacker (the README's "Quorum seeds"): a VRF
// output is fixed by the node key and the previous seed, so a node can only
// withhold its share, by not proving in the round (its proof deadline still
// runs), and a proposer can only leave out the proofs of the round's last
// block (a proof left out of any other block is in a later one of the same
// round). The header hash, which a proposer grinds freely, no longer enters
// a seed, except in the fallback for a round no node added to (a chain's
// first period, or one in which no node proved), where the seed is derived
// from the hash of the period's first block as before version 6.

// seedShare verifies the seed proof of a proof by pubkey against the round
// in progress and returns the node's share, or nil when the node already
// added to the round or the chain has no round yet (then the proof may
// carry none).
func (k *Keeper) seedShare(ctx context.Context, pubkey []byte, proof []byte, rec types.LivenessRecord,
) (*types.SeedRound, []byte, error) {
	round, err := k.SeedRound.Get(ctx)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return nil, nil, nil
	case err != nil:
		return nil, nil, err
	case len(proof) == 0:
		return nil, nil, errorsmod.Wrapf(types.ErrInvalidSeedProof,
			"a proof must carry the node key's VRF proof over the seed round of period %d (Query/SeedRound)", round.Period)
	}
	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(types.SeedProofGas, "seed proof verification")
	share, err := types.VerifySeedProof(pubkey, proof, types.SeedInput(k.env.ChainID(ctx), round.Period, round.Seed))
	if err != nil {
		return nil, nil, err
	}
	if rec.SeedRound == round.Period+1 {
		return nil, nil, nil // one share a round: a second would cancel the first
	}
	return &round, share, nil
}

// addShare adds a verified share to the round and marks the node's record.
func (k *Keeper) addShare(ctx context.Context, round *types.SeedRound, share []byte, rec *types.LivenessRecord) error {
	round.Add(share)
	rec.SeedRound = round.Period + 1
	return k.SeedRound.Set(ctx, *round)
}

// fixSeed returns the seed of period, which starts in this block, and
// starts the round that follows it: mixed from the round in progress when a
// node added to it, else derived from the block's header hash.
func (k *Keeper) fixSeed(ctx context.Context, period uint64) ([]byte, error) {
	round, err := k.SeedRound.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	seed := types.DeriveSeed(period, k.env.HeaderService.GetHeaderInfo(ctx).Hash)
	if err == nil && round.Contributions > 0 {
		seed = round.NextSeed(period)
	}
	return seed, k.SeedRound.Set(ctx, types.NewSeedRound(period, seed))
}
