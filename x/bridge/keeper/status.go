package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// lag is how far the contract is behind the chain's signer sets.
type lag struct {
	state  types.ContractState
	latest uint64
	behind uint64
	// staleBlocks is how long the oldest set newer than the contract's has
	// waited (0 when the contract holds the latest).
	staleBlocks int64
}

// contractLag compares the contract's attested signer set with the chain's.
func (k *Keeper) contractLag(ctx context.Context) (lag, error) {
	state, err := k.contractState(ctx)
	if err != nil {
		return lag{}, err
	}
	out := lag{state: state}
	latest, ok, err := k.latestSignerSet(ctx)
	if err != nil || !ok {
		return out, err
	}
	out.latest = latest.Nonce
	if latest.Nonce <= state.SignerSetNonce {
		return out, nil
	}
	out.behind = latest.Nonce - state.SignerSetNonce
	// The first set after the contract's is the one it waits for longest.
	err = k.SignerSets.Walk(ctx, new(collections.Range[uint64]).StartExclusive(state.SignerSetNonce),
		func(_ uint64, s types.SignerSet) (bool, error) {
			out.staleBlocks = k.height(ctx) - s.Height
			return true, nil
		})
	return out, err
}

// coverage is how much of the bonded power the EVM keys and the newest
// signer set cover now.
func (k *Keeper) coverage(ctx context.Context) (types.QueryCoverageResponse, error) {
	c, err := k.candidateSignerSet(ctx)
	if err != nil {
		return types.QueryCoverageResponse{}, err
	}
	out := types.QueryCoverageResponse{
		BondedPower: c.total, KeyPower: c.memberPower(),
		KeyCoverageBps: types.CoverageBps(c.memberPower(), c.total),
	}
	latest, ok, err := k.latestSignerSet(ctx)
	if err != nil || !ok {
		return out, err
	}
	out.LatestSignerSetNonce = latest.Nonce
	for _, m := range latest.Members {
		val, err := k.valAddress(m.Validator)
		if err != nil {
			return out, err
		}
		power, err := k.stakingKeeper.GetLastValidatorPower(ctx, val)
		if err != nil {
			return out, err
		}
		out.LatestSetPower += uint64(max(power, 0))
	}
	out.LatestSetCoverageBps = types.CoverageBps(out.LatestSetPower, out.BondedPower)
	return out, nil
}
