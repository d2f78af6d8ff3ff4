package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// InitGenesis loads a validated genesis state.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, key := range gs.EvmKeys {
		val, err := sdk.ValAddressFromBech32(key.Validator)
		if err != nil {
			return err
		}
		if err := k.EvmKeys.Set(ctx, val, key); err != nil {
			return err
		}
	}
	if err := k.LastObservedNonce.Set(ctx, gs.LastObservedNonce); err != nil {
		return err
	}
	for _, a := range gs.AttestedNonces {
		val, err := sdk.ValAddressFromBech32(a.Validator)
		if err != nil {
			return err
		}
		if err := k.AttestedNonces.Set(ctx, val, a.Nonce); err != nil {
			return err
		}
	}
	for _, v := range gs.DepositVotes {
		val, err := sdk.ValAddressFromBech32(v.Validator)
		if err != nil {
			return err
		}
		if err := k.DepositVotes.Set(ctx, collections.Join(v.Claim.Nonce, val), v.Claim); err != nil {
			return err
		}
	}
	for _, t := range gs.Transfers {
		if err := k.Transfers.Set(ctx, t.Id, t); err != nil {
			return err
		}
	}
	for _, s := range gs.TransferSignatures {
		val, err := sdk.ValAddressFromBech32(s.Signature.Validator)
		if err != nil {
			return err
		}
		if err := k.TransferSignatures.Set(ctx, collections.Join(s.TransferId, val), s.Signature); err != nil {
			return err
		}
	}
	for _, v := range gs.ExecutionVotes {
		val, err := sdk.ValAddressFromBech32(v.Validator)
		if err != nil {
			return err
		}
		if err := k.ExecutionVotes.Set(ctx, collections.Join(v.TransferId, val)); err != nil {
			return err
		}
	}
	for _, s := range gs.SignerSets {
		if err := k.SignerSets.Set(ctx, s.Nonce, s); err != nil {
			return err
		}
	}
	for _, s := range gs.SignerSetSignatures {
		val, err := sdk.ValAddressFromBech32(s.Signature.Validator)
		if err != nil {
			return err
		}
		if err := k.SignerSetSignatures.Set(ctx, collections.Join(s.Nonce, val), s.Signature); err != nil {
			return err
		}
	}
	if err := k.NextTransferID.Set(ctx, gs.NextTransferId); err != nil {
		return err
	}
	return k.Stats.Set(ctx, gs.Stats)
}

// ExportGenesis exports the module state.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if err := k.EvmKeys.Walk(ctx, nil, func(_ sdk.ValAddress, key types.EvmKey) (bool, error) {
		gs.EvmKeys = append(gs.EvmKeys, key)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if gs.LastObservedNonce, err = k.lastObserved(ctx); err != nil {
		return nil, err
	}
	if err := k.AttestedNonces.Walk(ctx, nil, func(val sdk.ValAddress, n uint64) (bool, error) {
		gs.AttestedNonces = append(gs.AttestedNonces, types.AttestedNonce{Validator: k.valString(val), Nonce: n})
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.DepositVotes.Walk(ctx, nil, func(key collections.Pair[uint64, sdk.ValAddress], c types.DepositClaim) (bool, error) {
		gs.DepositVotes = append(gs.DepositVotes, types.DepositVote{Validator: k.valString(key.K2()), Claim: c})
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Transfers.Walk(ctx, nil, func(_ uint64, t types.Transfer) (bool, error) {
		gs.Transfers = append(gs.Transfers, t)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.TransferSignatures.Walk(ctx, nil, func(key collections.Pair[uint64, sdk.ValAddress], s types.ValidatorSignature) (bool, error) {
		gs.TransferSignatures = append(gs.TransferSignatures, types.GenesisTransferSignature{TransferId: key.K1(), Signature: s})
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.ExecutionVotes.Walk(ctx, nil, func(key collections.Pair[uint64, sdk.ValAddress]) (bool, error) {
		gs.ExecutionVotes = append(gs.ExecutionVotes, types.ExecutionVote{TransferId: key.K1(), Validator: k.valString(key.K2())})
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.SignerSets.Walk(ctx, nil, func(_ uint64, s types.SignerSet) (bool, error) {
		gs.SignerSets = append(gs.SignerSets, s)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.SignerSetSignatures.Walk(ctx, nil, func(key collections.Pair[uint64, sdk.ValAddress], s types.ValidatorSignature) (bool, error) {
		gs.SignerSetSignatures = append(gs.SignerSetSignatures, types.GenesisSignerSetSignature{Nonce: key.K1(), Signature: s})
		return false, nil
	}); err != nil {
		return nil, err
	}
	if gs.NextTransferId, err = k.NextTransferID.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.Stats, err = k.stats(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}
