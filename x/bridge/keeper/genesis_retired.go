package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// initRetired imports release 1's retired contract, the reports on it and
// the sweep's signatures.
func (k *Keeper) initRetired(ctx context.Context, gs *types.GenesisState) error {
	if gs.RetiredContract != nil {
		if err := k.RetiredContract.Set(ctx, *gs.RetiredContract); err != nil {
			return err
		}
	}
	for _, v := range gs.RetiredVotes {
		val, err := k.valAddress(v.Validator)
		if err != nil {
			return err
		}
		if err := k.RetiredVotes.Set(ctx, val, v.Attestation); err != nil {
			return err
		}
	}
	return setSignatures(ctx, k.RetiredSignatures, gs.RetiredSweepSignatures)
}

// exportRetired exports what initRetired imports.
func (k *Keeper) exportRetired(ctx context.Context, gs *types.GenesisState) error {
	r, ok, err := k.retiredContract(ctx)
	if err != nil {
		return err
	}
	if ok {
		gs.RetiredContract = &r
	}
	if err := k.RetiredVotes.Walk(ctx, nil, func(val sdk.ValAddress, a types.RetiredAttestation) (bool, error) {
		gs.RetiredVotes = append(gs.RetiredVotes, types.RetiredVote{Validator: k.valString(val), Attestation: a})
		return false, nil
	}); err != nil {
		return err
	}
	gs.RetiredSweepSignatures, err = exportSignatures(ctx, k.RetiredSignatures)
	return err
}
