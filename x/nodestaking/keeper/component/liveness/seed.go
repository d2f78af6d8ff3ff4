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
// withhold its share, by not proving in the round, and that costs it
// missed_share_penalty of credit (sharedue.go); a key's shares count only
// from the second round after it was bound, before whose seed it was
// chosen, so no key is ground against a seed already known; and a proposer
// can only leave out the proofs of the round's last block (a proof left out
// of any other block is in a later one of the same round). The header hash, which a proposer grinds freely, no longer enters
// a seed, except in the fallback for a round no node added to (a chain's
// first period, or one in which no node proved), where the seed is derived
// from the hash of the period's first block as before version 6.

// seedShare verifies the seed proof of a proof by pubkey against the round
// in progress and returns the round with the node's share, or a nil round
// when the chain has no round yet (then the proof may carry none). Every
// proof carries a valid one, whether or not its share counts (takeShare).
func (k *Keeper) seedShare(ctx context.Context, pubkey []byte, proof []byte) (*types.SeedRound, []byte, error) {
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
	return &round, share, nil
}

// roundNumber is the number of the seed round in progress, 0 before the
// chain's first.
func (k *Keeper) roundNumber(ctx context.Context) (uint64, error) {
	round, err := k.SeedRound.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, nil
	}
	return round.Number, err
}

// fixSeed returns the seed of period, which starts in this block, and
// starts the round that follows it: mixed from the round in progress when a
// node added to it, else derived from the block's header hash.
func (k *Keeper) fixSeed(ctx context.Context, period uint64) ([]byte, error) {
	round, err := k.SeedRound.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	var seed []byte
	if err == nil && round.Contributions > 0 {
		seed = round.NextSeed(period)
	} else {
		seed = types.DeriveSeed(period, k.env.HeaderService.GetHeaderInfo(ctx).Hash)
	}
	return seed, k.SeedRound.Set(ctx, types.NewSeedRound(round.Number+1, period, seed))
}
