package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Migrator holds the store migrations of the bridge module, one per
// consensus version step. The app's upgrade handlers run them through the
// module manager (app/upgrades.go).
type Migrator struct {
	keeper *Keeper
}

// NewMigrator returns the migrations for k.
func NewMigrator(k *Keeper) Migrator { return Migrator{keeper: k} }

// Migrate1to2 moves the bridge from consensus version 1 (one transfer
// released at a time by a contract whose id hashed the chain id, validators
// signing with their operator account) to version 2 (batches with fees and
// deadlines, EIP-712 digests bound to the bridge params, delegate accounts,
// rotated keys that sign until the contract moves on, attested contract
// state, admin operations, accountability).
//
// Release 1's contract cannot take release 2's batches or digests, so a
// bridge that named one is unconfigured: contract_address is cleared (the
// identity is fixed only once a contract is configured, so governance may
// then name the release-2 deployment once) and the deposit cursor starts
// again for the new contract (last observed nonce, attestations and open
// votes dropped). A transfer the old contract may already have paid
// (READY: signed by more than 2/3) cannot be carried over without paying it
// twice: the migration refuses it, and the upgrade fails, until every READY
// transfer was executed and attested (README: upgrading the bridge). Every
// other open transfer (PENDING) is queued for the new contract with no fee;
// its sender may still cancel it. The release-1 signatures and execution
// votes are cleared; signer sets are kept, marked as checked for liveness
// (no release-1 set jails anyone); the key owners are indexed; the batch
// and admin nonces start at 1. Registered keys keep their address but have
// no delegate: each operator registers one (register-evm-key --delegate),
// and its relayer sends nothing until then.
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	k := m.keeper
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	retired := params.ContractAddress
	params = migrateParams(params)
	if err := params.Validate(); err != nil {
		return fmt.Errorf("migrated params: %w", err)
	}
	if err := k.Params.Set(ctx, params); err != nil {
		return err
	}
	if retired != "" {
		k.logger.Info("bridge: release 1's contract is unconfigured; governance names the release-2 deployment",
			"retired_contract", retired)
		if err := k.resetDepositCursor(ctx); err != nil {
			return err
		}
	}
	carried, err := k.migrateTransfers(ctx, retired != "")
	if err != nil {
		return err
	}
	if retired != "" {
		if err := k.retireContract(ctx, retired, params.EvmChainId, carried); err != nil {
			return err
		}
	}
	for _, prefix := range []collections.Prefix{types.V1TransferSignaturesKey, types.V1ExecutionVotesKey, types.V1SignerSetSignaturesKey} {
		if err := k.clearPrefix(ctx, prefix); err != nil {
			return err
		}
	}
	if err := k.migrateKeysAndSets(ctx); err != nil {
		return err
	}
	stats, err := k.stats(ctx)
	if err != nil {
		return err
	}
	if stats.Returned.IsNil() {
		stats.Returned = math.ZeroInt()
	}
	if err := k.Stats.Set(ctx, stats); err != nil {
		return err
	}
	if err := k.NextBatchNonce.Set(ctx, 1); err != nil {
		return err
	}
	return k.NextAdminNonce.Set(ctx, 1)
}

// migrateParams fills the params release 1 did not have with their defaults
// and unconfigures a release-1 contract.
func migrateParams(old types.Params) types.Params {
	p := types.DefaultParams()
	p.Paused, p.EvmChainId, p.SignerSetChangeBps = old.Paused, old.EvmChainId, old.SignerSetChangeBps
	if p.SignerSetChangeBps == 0 {
		p.SignerSetChangeBps = types.DefaultSignerSetChangeBps
	}
	return p
}

// resetDepositCursor starts the inbound side again for a new contract,
// whose deposit nonces start at 1.
func (k *Keeper) resetDepositCursor(ctx context.Context) error {
	if err := k.LastObservedNonce.Remove(ctx); err != nil {
		return err
	}
	if err := k.AttestedNonces.Clear(ctx, nil); err != nil {
		return err
	}
	return k.DepositVotes.Clear(ctx, nil)
}

// v1StatusPending and v1StatusReady are release 1's open transfer statuses
// (release 2 reads the same numbers as QUEUED and BATCHED).
const (
	v1StatusPending = 1
	v1StatusReady   = 2
)

// migrateTransfers queues release 1's PENDING transfers for the new
// contract and refuses READY ones, which release 1's contract may have paid.
// Refunds of a retired contract's deposits lose their deposit nonce (0):
// the new contract's deposits count from 1 again.
func (k *Keeper) migrateTransfers(ctx context.Context, retired bool) ([]uint64, error) {
	var ready, carried []uint64
	var changed []types.Transfer
	err := k.Transfers.Walk(ctx, nil, func(id uint64, t types.Transfer) (bool, error) {
		switch int32(t.Status) {
		case v1StatusReady:
			ready = append(ready, id)
		case v1StatusPending:
			changed = append(changed, t)
			carried = append(carried, id)
		default:
			if t.Fee.IsNil() || (retired && t.DepositNonce != 0) {
				changed = append(changed, t)
			}
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if len(ready) > 0 {
		return nil, fmt.Errorf("bridge migration 1→2: transfers %v are READY: release 1's contract may have paid them, and carrying them to the new contract could pay them twice; "+
			"skip this upgrade (--unsafe-skip-upgrades), let the relayers execute and attest them, and propose the upgrade again", ready)
	}
	for _, t := range changed {
		if int32(t.Status) == v1StatusPending {
			t.Status = types.TRANSFER_STATUS_QUEUED
		}
		if t.Fee.IsNil() {
			t.Fee = math.ZeroInt()
		}
		if retired {
			t.DepositNonce = 0
		}
		if err := k.Transfers.Set(ctx, t.Id, t); err != nil {
			return nil, err
		}
	}
	return carried, nil
}

// retireContract records release 1's contract and what it holds for the
// chain (minted + refunded - released: the bridged supply and the carried
// transfers), for the sweep to the release-2 contract (keeper/retired.go).
// Release 1's bridge id hashed the chain id the chain runs under.
func (k *Keeper) retireContract(ctx sdk.Context, contract string, evmChainID uint64, carried []uint64) error {
	stats, err := k.stats(ctx)
	if err != nil {
		return err
	}
	owed := stats.Minted.Add(stats.Refunded).Sub(stats.Released)
	if !stats.Returned.IsNil() {
		owed = owed.Sub(stats.Returned)
	}
	return k.RetiredContract.Set(ctx, types.RetiredContract{
		ContractAddress: contract, EvmChainId: evmChainID, CosmosChainId: k.headerService.GetHeaderInfo(ctx).ChainID, Owed: owed,
		CarriedTransferIds: carried, Stage: types.RETIRED_STAGE_RECONCILE, StageHeight: ctx.BlockHeight(),
		Amount: math.ZeroInt(),
	})
}

// migrateKeysAndSets indexes the key owners and marks the signer sets of
// release 1 as checked for liveness.
func (k *Keeper) migrateKeysAndSets(ctx context.Context) error {
	err := k.EvmKeys.Walk(ctx, nil, func(_ sdk.ValAddress, key types.EvmKey) (bool, error) {
		return false, k.KeyOwners.Set(ctx, key.EvmAddress, types.KeyOwner{EvmAddress: key.EvmAddress, Validator: key.Validator})
	})
	if err != nil {
		return err
	}
	var sets []types.SignerSet
	if err := k.SignerSets.Walk(ctx, nil, func(_ uint64, s types.SignerSet) (bool, error) {
		sets = append(sets, s)
		return false, nil
	}); err != nil {
		return err
	}
	for _, s := range sets {
		s.LivenessChecked = true
		if err := k.SignerSets.Set(ctx, s.Nonce, s); err != nil {
			return err
		}
	}
	return nil
}

// clearPrefix deletes every key of a collection that no longer exists.
func (k *Keeper) clearPrefix(ctx context.Context, prefix collections.Prefix) error {
	store := k.storeService.OpenKVStore(ctx)
	start := prefix.Bytes()
	end := append([]byte{}, start...)
	end[len(end)-1]++ // one-byte prefixes below 255
	it, err := store.Iterator(start, end)
	if err != nil {
		return err
	}
	var keys [][]byte
	for ; it.Valid(); it.Next() {
		keys = append(keys, it.Key())
	}
	if err := it.Close(); err != nil {
		return err
	}
	for _, key := range keys {
		if err := store.Delete(key); err != nil {
			return err
		}
	}
	return nil
}
