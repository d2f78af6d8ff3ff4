package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/ethereum/go-ethereum/common"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/colls"
)

// queueTransfer stores a new pending transfer and returns its id.
func (k *Keeper) queueTransfer(ctx context.Context, t types.Transfer) (uint64, error) {
	id, err := k.NextTransferID.Next(ctx)
	if err != nil {
		return 0, err
	}
	t.Id = id
	t.Status = types.TRANSFER_STATUS_PENDING
	t.CreatedHeight = k.headerService.GetHeaderInfo(ctx).Height
	if err := k.Transfers.Set(ctx, id, t); err != nil {
		return 0, err
	}
	return id, k.emit(ctx, &types.EventTransferQueued{Transfer: t})
}

// bridgeOut burns sender's tokens and queues their release to evmRecipient.
func (k *Keeper) bridgeOut(ctx context.Context, sender sdk.AccAddress, senderStr string, evmRecipient common.Address, amount math.Int) (uint64, error) {
	spendable := k.bankKeeper.SpendableCoin(ctx, sender, types.Denom)
	if spendable.Amount.LT(amount) {
		return 0, errorsmod.Wrapf(types.ErrInsufficientBalance, "spendable %s%s, bridge-out of %s%s", spendable.Amount, types.Denom, amount, types.Denom)
	}
	coins := sdk.NewCoins(sdk.NewCoin(types.Denom, amount))
	if err := k.bankKeeper.SendCoinsFromAccountToModule(ctx, sender, types.ModuleName, coins); err != nil {
		return 0, err
	}
	if err := k.bankKeeper.BurnCoins(ctx, types.ModuleName, coins); err != nil {
		return 0, err
	}
	stats, err := k.stats(ctx)
	if err != nil {
		return 0, err
	}
	stats.Burned = stats.Burned.Add(amount)
	if err := k.Stats.Set(ctx, stats); err != nil {
		return 0, err
	}
	return k.queueTransfer(ctx, types.Transfer{
		Kind:         types.TRANSFER_KIND_BRIDGE_OUT,
		Sender:       senderStr,
		EvmRecipient: evmRecipient.Hex(),
		Amount:       amount,
	})
}

// unexecutedTransfer returns a transfer that may still be signed or attested.
func (k *Keeper) unexecutedTransfer(ctx context.Context, id uint64) (types.Transfer, error) {
	t, err := k.Transfers.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return t, errorsmod.Wrapf(types.ErrTransferNotFound, "no transfer %d", id)
	}
	if err != nil {
		return t, err
	}
	if t.Status == types.TRANSFER_STATUS_EXECUTED {
		return t, errorsmod.Wrapf(types.ErrTransferExecuted, "transfer %d was executed at height %d", id, t.ExecutedHeight)
	}
	return t, nil
}

// signTransfer stores val's signature of a transfer's withdrawal digest and
// marks the transfer ready once the latest signer set's signatures pass 2/3.
func (k *Keeper) signTransfer(ctx context.Context, val sdk.ValAddress, id uint64, sig []byte) (bool, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return false, err
	}
	bridgeID, err := k.bridgeID(params)
	if err != nil {
		return false, err
	}
	key, err := k.signingKey(ctx, val)
	if err != nil {
		return false, err
	}
	t, err := k.unexecutedTransfer(ctx, id)
	if err != nil {
		return false, err
	}
	if err := k.requireUnsigned(ctx, k.TransferSignatures, collections.Join(id, val), key); err != nil {
		return false, errorsmod.Wrapf(err, "transfer %d", id)
	}
	digest := types.WithdrawDigest(bridgeID, id, common.HexToAddress(t.EvmRecipient), t.Amount.BigInt())
	if err := checkSignature(digest, sig, key); err != nil {
		return false, err
	}
	if err := k.TransferSignatures.Set(ctx, collections.Join(id, val),
		types.ValidatorSignature{Validator: k.valString(val), EvmAddress: key.Hex(), Signature: sig}); err != nil {
		return false, err
	}
	if err := k.emit(ctx, &types.EventTransferSigned{TransferId: id, Validator: k.valString(val)}); err != nil {
		return false, err
	}
	return k.refreshReady(ctx, t)
}

// requireUnsigned refuses a second signature by the same key. A signature by
// a key the validator has since rotated away from does not count for the
// signer sets to come, so the validator may sign again with its new key.
func (k *Keeper) requireUnsigned(ctx context.Context, sigs collections.Map[collections.Pair[uint64, sdk.ValAddress], types.ValidatorSignature],
	key collections.Pair[uint64, sdk.ValAddress], evmKey common.Address,
) error {
	prev, err := sigs.Get(ctx, key)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return nil
	case err != nil:
		return err
	case prev.EvmAddress == evmKey.Hex():
		return errorsmod.Wrapf(types.ErrAlreadySigned, "signed by %s already", k.valString(key.K2()))
	default:
		return nil
	}
}

// signedWithKey reports whether the stored signature under key was made
// with the validator's current EVM key: the query lists what is not.
func signedWithKey(ctx context.Context, sigs collections.Map[collections.Pair[uint64, sdk.ValAddress], types.ValidatorSignature],
	key collections.Pair[uint64, sdk.ValAddress], evmKey string,
) (bool, error) {
	prev, err := sigs.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return prev.EvmAddress == evmKey, nil
}

// checkSignature checks that key signed digest with sig.
func checkSignature(digest common.Hash, sig []byte, key common.Address) error {
	signer, err := types.RecoverSigner(digest, sig)
	if err != nil {
		return errorsmod.Wrap(types.ErrInvalidSignature, err.Error())
	}
	if signer != key {
		return errorsmod.Wrapf(types.ErrInvalidSignature, "signed by %s, the validator's EVM key is %s", signer.Hex(), key.Hex())
	}
	return nil
}

// refreshReady marks a pending transfer ready when the signatures it has come
// from more than 2/3 of the latest signer set's power, and reports whether it
// is ready.
func (k *Keeper) refreshReady(ctx context.Context, t types.Transfer) (bool, error) {
	if t.Status != types.TRANSFER_STATUS_PENDING {
		return t.Status == types.TRANSFER_STATUS_READY, nil
	}
	set, ok, err := k.latestSignerSet(ctx)
	if err != nil || !ok {
		return false, err
	}
	signers := map[string]bool{}
	err = k.TransferSignatures.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.ValAddress](t.Id),
		func(_ collections.Pair[uint64, sdk.ValAddress], s types.ValidatorSignature) (bool, error) {
			signers[s.EvmAddress] = true
			return false, nil
		})
	if err != nil {
		return false, err
	}
	signed := math.ZeroInt()
	for _, m := range set.Members {
		if signers[m.EvmAddress] {
			signed = signed.Add(math.NewIntFromUint64(m.Power))
		}
	}
	if !passes(signed, math.NewIntFromUint64(set.TotalPower)) {
		return false, nil
	}
	t.Status = types.TRANSFER_STATUS_READY
	t.ReadyHeight = k.headerService.GetHeaderInfo(ctx).Height
	if err := k.Transfers.Set(ctx, t.Id, t); err != nil {
		return false, err
	}
	return true, k.emit(ctx, &types.EventTransferReady{TransferId: t.Id})
}

// attestExecution records val's report that the contract executed a transfer
// and settles the transfer once more than 2/3 of the bonded power reported it.
func (k *Keeper) attestExecution(ctx context.Context, val sdk.ValAddress, id uint64) (bool, error) {
	t, err := k.unexecutedTransfer(ctx, id)
	if err != nil {
		return false, err
	}
	key := collections.Join(id, val)
	has, err := k.ExecutionVotes.Has(ctx, key)
	if err != nil {
		return false, err
	}
	if has {
		return false, errorsmod.Wrapf(types.ErrDuplicateAttestation, "execution of transfer %d already attested by %s", id, k.valString(val))
	}
	if err := k.ExecutionVotes.Set(ctx, key); err != nil {
		return false, err
	}
	if err := k.emit(ctx, &types.EventExecutionAttested{TransferId: id, Validator: k.valString(val)}); err != nil {
		return false, err
	}
	var vals []sdk.ValAddress
	err = k.ExecutionVotes.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.ValAddress](id),
		func(key collections.Pair[uint64, sdk.ValAddress]) (bool, error) {
			vals = append(vals, key.K2())
			return false, nil
		})
	if err != nil {
		return false, err
	}
	signed, total, err := k.powerOf(ctx, vals)
	if err != nil || !passes(signed, total) {
		return false, err
	}
	return true, k.executed(ctx, t, vals)
}

// executed settles a transfer the contract released: its signatures and
// votes (those of voters) are dropped, the transfer stays as a record.
func (k *Keeper) executed(ctx context.Context, t types.Transfer, voters []sdk.ValAddress) error {
	t.Status = types.TRANSFER_STATUS_EXECUTED
	t.ExecutedHeight = k.headerService.GetHeaderInfo(ctx).Height
	if err := k.Transfers.Set(ctx, t.Id, t); err != nil {
		return err
	}
	if err := colls.RemoveRange(ctx, k.TransferSignatures, collections.NewPrefixedPairRange[uint64, sdk.ValAddress](t.Id)); err != nil {
		return err
	}
	for _, val := range voters {
		if err := k.ExecutionVotes.Remove(ctx, collections.Join(t.Id, val)); err != nil {
			return err
		}
	}
	stats, err := k.stats(ctx)
	if err != nil {
		return err
	}
	stats.Released = stats.Released.Add(t.Amount)
	if err := k.Stats.Set(ctx, stats); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventTransferExecuted{TransferId: t.Id, EvmRecipient: t.EvmRecipient, Amount: t.Amount})
}
