package keeper

import (
	"context"
	"errors"

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
	if err := k.initKeys(ctx, gs); err != nil {
		return err
	}
	if err := k.initDeposits(ctx, gs); err != nil {
		return err
	}
	if err := k.initOutbound(ctx, gs); err != nil {
		return err
	}
	if err := k.initContract(ctx, gs); err != nil {
		return err
	}
	if err := k.initRetired(ctx, gs); err != nil {
		return err
	}
	return k.Stats.Set(ctx, gs.Stats)
}

func (k *Keeper) initKeys(ctx context.Context, gs *types.GenesisState) error {
	for _, key := range gs.EvmKeys {
		val, err := k.valAddress(key.Validator)
		if err != nil {
			return err
		}
		if err := k.EvmKeys.Set(ctx, val, key); err != nil {
			return err
		}
		if key.Delegate == "" {
			continue
		}
		acc, err := k.accAddress("delegate", key.Delegate)
		if err != nil {
			return err
		}
		if err := k.Delegates.Set(ctx, acc, val); err != nil {
			return err
		}
	}
	for _, o := range gs.KeyOwners {
		if err := k.KeyOwners.Set(ctx, o.EvmAddress, o); err != nil {
			return err
		}
	}
	for _, r := range gs.RetiredKeys {
		if err := k.RetiredKeys.Set(ctx, r.EvmAddress, r); err != nil {
			return err
		}
	}
	return nil
}

func (k *Keeper) initDeposits(ctx context.Context, gs *types.GenesisState) error {
	if err := k.LastObservedNonce.Set(ctx, gs.LastObservedNonce); err != nil {
		return err
	}
	for _, a := range gs.AttestedNonces {
		val, err := k.valAddress(a.Validator)
		if err != nil {
			return err
		}
		if err := k.AttestedNonces.Set(ctx, val, a.Nonce); err != nil {
			return err
		}
	}
	for _, v := range gs.DepositVotes {
		val, err := k.valAddress(v.Validator)
		if err != nil {
			return err
		}
		if err := k.DepositVotes.Set(ctx, collections.Join(v.Claim.Nonce, val), v.Claim); err != nil {
			return err
		}
	}
	if gs.DepositSplitSince > 0 {
		return k.DepositSplitSince.Set(ctx, gs.DepositSplitSince)
	}
	return nil
}

func (k *Keeper) initOutbound(ctx context.Context, gs *types.GenesisState) error {
	for _, t := range gs.Transfers {
		if err := k.Transfers.Set(ctx, t.Id, t); err != nil {
			return err
		}
	}
	if err := k.NextTransferID.Set(ctx, gs.NextTransferId); err != nil {
		return err
	}
	for _, b := range gs.Batches {
		if err := k.Batches.Set(ctx, b.Nonce, b); err != nil {
			return err
		}
	}
	if err := setSignatures(ctx, k.BatchSignatures, gs.BatchSignatures); err != nil {
		return err
	}
	for _, v := range gs.BatchVotes {
		val, err := k.valAddress(v.Validator)
		if err != nil {
			return err
		}
		if err := k.BatchVotes.Set(ctx, collections.Join(v.Nonce, val), int32(v.Outcome)); err != nil {
			return err
		}
	}
	return k.NextBatchNonce.Set(ctx, gs.NextBatchNonce)
}

func (k *Keeper) initContract(ctx context.Context, gs *types.GenesisState) error {
	for _, s := range gs.SignerSets {
		if err := k.SignerSets.Set(ctx, s.Nonce, s); err != nil {
			return err
		}
	}
	if err := setSignatures(ctx, k.SignerSetSignatures, gs.SignerSetSignatures); err != nil {
		return err
	}
	for _, op := range gs.AdminOps {
		if err := k.AdminOps.Set(ctx, op.Nonce, op); err != nil {
			return err
		}
	}
	if err := setSignatures(ctx, k.AdminOpSignatures, gs.AdminOpSignatures); err != nil {
		return err
	}
	if err := k.NextAdminNonce.Set(ctx, gs.NextAdminNonce); err != nil {
		return err
	}
	if gs.ContractState != (types.ContractState{}) {
		if err := k.ContractState.Set(ctx, gs.ContractState); err != nil {
			return err
		}
	}
	for _, v := range gs.ContractStateVotes {
		val, err := k.valAddress(v.Validator)
		if err != nil {
			return err
		}
		vote := types.ContractState{SignerSetNonce: v.SignerSetNonce, AdminNonce: v.AdminNonce, UpdatedHeight: v.UpdatedHeight}
		if err := k.ContractStateVotes.Set(ctx, val, vote); err != nil {
			return err
		}
	}
	for _, d := range gs.ProducedDigests {
		if err := k.ProducedDigests.Set(ctx, d); err != nil {
			return err
		}
	}
	for _, e := range gs.SlashedEvidence {
		if err := k.SlashedEvidence.Set(ctx, e); err != nil {
			return err
		}
	}
	for _, e := range gs.LivenessQueue {
		if err := k.LivenessQueue.Set(ctx, collections.Join3(e.Deadline, e.Kind, e.Nonce)); err != nil {
			return err
		}
	}
	return nil
}

func setSignatures(ctx context.Context, sigs itemSignatures, list []types.ItemSignature) error {
	for _, s := range list {
		if err := sigs.Set(ctx, collections.Join(s.Nonce, s.Signature.EvmAddress), s.Signature); err != nil {
			return err
		}
	}
	return nil
}

// walkAll collects every value of m.
func walkAll[K, V any](ctx context.Context, m collections.Map[K, V]) ([]V, error) {
	var out []V
	err := m.Walk(ctx, nil, func(_ K, v V) (bool, error) {
		out = append(out, v)
		return false, nil
	})
	return out, err
}

// exportSignatures collects every item signature with its item's nonce.
func exportSignatures(ctx context.Context, sigs itemSignatures) ([]types.ItemSignature, error) {
	var out []types.ItemSignature
	err := sigs.Walk(ctx, nil, func(key collections.Pair[uint64, string], s types.ValidatorSignature) (bool, error) {
		out = append(out, types.ItemSignature{Nonce: key.K1(), Signature: s})
		return false, nil
	})
	return out, err
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
	if gs.KeyOwners, err = walkAll(ctx, k.KeyOwners); err != nil {
		return nil, err
	}
	if gs.RetiredKeys, err = walkAll(ctx, k.RetiredKeys); err != nil {
		return nil, err
	}
	if err := k.exportDeposits(ctx, gs); err != nil {
		return nil, err
	}
	if err := k.exportOutbound(ctx, gs); err != nil {
		return nil, err
	}
	if err := k.exportContract(ctx, gs); err != nil {
		return nil, err
	}
	if err := k.exportRetired(ctx, gs); err != nil {
		return nil, err
	}
	if gs.Stats, err = k.stats(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}

func (k *Keeper) exportDeposits(ctx context.Context, gs *types.GenesisState) error {
	var err error
	if gs.LastObservedNonce, err = k.lastObserved(ctx); err != nil {
		return err
	}
	if err := k.AttestedNonces.Walk(ctx, nil, func(val sdk.ValAddress, n uint64) (bool, error) {
		gs.AttestedNonces = append(gs.AttestedNonces, types.AttestedNonce{Validator: k.valString(val), Nonce: n})
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.DepositVotes.Walk(ctx, nil, func(key collections.Pair[uint64, sdk.ValAddress], c types.DepositClaim) (bool, error) {
		gs.DepositVotes = append(gs.DepositVotes, types.DepositVote{Validator: k.valString(key.K2()), Claim: c})
		return false, nil
	}); err != nil {
		return err
	}
	since, err := k.DepositSplitSince.Get(ctx)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	gs.DepositSplitSince = since
	return nil
}

func (k *Keeper) exportOutbound(ctx context.Context, gs *types.GenesisState) error {
	var err error
	if err := k.Transfers.Walk(ctx, nil, func(_ uint64, t types.Transfer) (bool, error) {
		gs.Transfers = append(gs.Transfers, t)
		return false, nil
	}); err != nil {
		return err
	}
	if gs.NextTransferId, err = k.NextTransferID.Peek(ctx); err != nil {
		return err
	}
	if err := k.Batches.Walk(ctx, nil, func(_ uint64, b types.Batch) (bool, error) {
		gs.Batches = append(gs.Batches, b)
		return false, nil
	}); err != nil {
		return err
	}
	if gs.BatchSignatures, err = exportSignatures(ctx, k.BatchSignatures); err != nil {
		return err
	}
	if err := k.BatchVotes.Walk(ctx, nil, func(key collections.Pair[uint64, sdk.ValAddress], outcome int32) (bool, error) {
		gs.BatchVotes = append(gs.BatchVotes, types.BatchVote{Nonce: key.K1(), Validator: k.valString(key.K2()), Outcome: types.BatchOutcome(outcome)})
		return false, nil
	}); err != nil {
		return err
	}
	gs.NextBatchNonce, err = k.NextBatchNonce.Peek(ctx)
	return err
}

func (k *Keeper) exportContract(ctx context.Context, gs *types.GenesisState) error {
	var err error
	if gs.SignerSets, err = walkAll(ctx, k.SignerSets); err != nil {
		return err
	}
	if gs.SignerSetSignatures, err = exportSignatures(ctx, k.SignerSetSignatures); err != nil {
		return err
	}
	if gs.AdminOps, err = walkAll(ctx, k.AdminOps); err != nil {
		return err
	}
	if gs.AdminOpSignatures, err = exportSignatures(ctx, k.AdminOpSignatures); err != nil {
		return err
	}
	if gs.NextAdminNonce, err = k.NextAdminNonce.Peek(ctx); err != nil {
		return err
	}
	if gs.ContractState, err = k.contractState(ctx); err != nil {
		return err
	}
	if err := k.ContractStateVotes.Walk(ctx, nil, func(val sdk.ValAddress, v types.ContractState) (bool, error) {
		gs.ContractStateVotes = append(gs.ContractStateVotes, types.ContractStateVote{
			Validator: k.valString(val), SignerSetNonce: v.SignerSetNonce, AdminNonce: v.AdminNonce, UpdatedHeight: v.UpdatedHeight,
		})
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.ProducedDigests.Walk(ctx, nil, func(d []byte) (bool, error) {
		gs.ProducedDigests = append(gs.ProducedDigests, d)
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.SlashedEvidence.Walk(ctx, nil, func(e []byte) (bool, error) {
		gs.SlashedEvidence = append(gs.SlashedEvidence, e)
		return false, nil
	}); err != nil {
		return err
	}
	return k.LivenessQueue.Walk(ctx, nil, func(e collections.Triple[int64, uint64, uint64]) (bool, error) {
		gs.LivenessQueue = append(gs.LivenessQueue, types.LivenessEntry{Deadline: e.K1(), Kind: e.K2(), Nonce: e.K3()})
		return false, nil
	})
}
