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
)

// Reasons a bridge-out returns to its sender.
const (
	returnCancelled    = "cancelled"
	returnBatchExpired = "batch expired"
)

// queueTransfer stores a new queued transfer and returns its id.
func (k *Keeper) queueTransfer(ctx context.Context, t types.Transfer) (uint64, error) {
	id, err := k.NextTransferID.Next(ctx)
	if err != nil {
		return 0, err
	}
	t.Id = id
	t.Status = types.TRANSFER_STATUS_QUEUED
	t.CreatedHeight = k.height(ctx)
	if err := k.Transfers.Set(ctx, id, t); err != nil {
		return 0, err
	}
	return id, k.emit(ctx, &types.EventTransferQueued{Transfer: t})
}

// bridgeOut burns amount + fee of sender's tokens and queues the release of
// amount to evmRecipient; the fee pays the relayer that submits its batch.
// The amount is at least min_transfer, the fee at least bridge_fee, and
// both together fit in the contract's withdrawal cap: a transfer the
// contract would refuse is refused here, before anything is burned.
func (k *Keeper) bridgeOut(ctx context.Context, params types.Params, sender sdk.AccAddress, senderStr string, evmRecipient common.Address, amount, fee math.Int) (uint64, error) {
	if amount.LT(params.MinTransfer) {
		return 0, errorsmod.Wrapf(types.ErrInvalidAmount, "amount %s%s is below min_transfer %s%s", amount, types.Denom, params.MinTransfer, types.Denom)
	}
	if fee.LT(params.BridgeFee) {
		return 0, errorsmod.Wrapf(types.ErrFeeTooLow, "fee %s%s is below bridge_fee %s%s", fee, types.Denom, params.BridgeFee, types.Denom)
	}
	total := amount.Add(fee)
	if total.GT(params.WithdrawalCap) {
		return 0, errorsmod.Wrapf(types.ErrAboveCap, "amount %s plus fee %s is above the withdrawal cap %s%s: split it", amount, fee, params.WithdrawalCap, types.Denom)
	}
	spendable := k.bankKeeper.SpendableCoin(ctx, sender, types.Denom)
	if spendable.Amount.LT(total) {
		return 0, errorsmod.Wrapf(types.ErrInsufficientBalance, "spendable %s%s, bridge-out of %s%s plus fee %s%s", spendable.Amount, types.Denom, amount, types.Denom, fee, types.Denom)
	}
	coins := sdk.NewCoins(sdk.NewCoin(types.Denom, total))
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
	stats.Burned = stats.Burned.Add(total)
	if err := k.Stats.Set(ctx, stats); err != nil {
		return 0, err
	}
	return k.queueTransfer(ctx, types.Transfer{
		Kind:         types.TRANSFER_KIND_BRIDGE_OUT,
		Sender:       senderStr,
		EvmRecipient: evmRecipient.Hex(),
		Amount:       amount,
		Fee:          fee,
	})
}

// getTransfer returns transfer id or ErrTransferNotFound.
func (k *Keeper) getTransfer(ctx context.Context, id uint64) (types.Transfer, error) {
	t, err := k.Transfers.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return t, errorsmod.Wrapf(types.ErrTransferNotFound, "no transfer %d", id)
	}
	return t, err
}

// cancelBridgeOut returns a queued bridge-out to its sender: no batch
// carries it, so no signature releases it.
func (k *Keeper) cancelBridgeOut(ctx context.Context, senderStr string, id uint64) error {
	t, err := k.getTransfer(ctx, id)
	if err != nil {
		return err
	}
	if t.Kind != types.TRANSFER_KIND_BRIDGE_OUT || t.Sender != senderStr {
		return errorsmod.Wrapf(types.ErrNotCancellable, "transfer %d is not a bridge-out of %s", id, senderStr)
	}
	if t.Status != types.TRANSFER_STATUS_QUEUED {
		return errorsmod.Wrapf(types.ErrNotCancellable, "transfer %d is %s: only a queued transfer can be cancelled (a batched one returns if its batch expires)", id, t.Status)
	}
	if carried, err := k.carriedUnreconciled(ctx, id); err != nil {
		return err
	} else if carried {
		return errorsmod.Wrapf(types.ErrSweepPending, "transfer %d came from release 1, whose contract may have paid it: it can be cancelled once the relayers reconciled the retired contract", id)
	}
	return k.returnTransfer(ctx, t, returnCancelled)
}

// returnTransfer mints a bridge-out's amount and fee back to its sender:
// it was cancelled while queued, or its batch expired, so the contract can
// never pay it out.
func (k *Keeper) returnTransfer(ctx context.Context, t types.Transfer, reason string) error {
	sender, err := k.addressCodec.StringToBytes(t.Sender)
	if err != nil {
		return err
	}
	total := t.Amount.Add(t.Fee)
	coins := sdk.NewCoins(sdk.NewCoin(types.Denom, total))
	if err := k.bankKeeper.MintCoins(ctx, types.ModuleName, coins); err != nil {
		return err
	}
	if err := k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.ModuleName, sender, coins); err != nil {
		return err
	}
	t.Status, t.SettledHeight = types.TRANSFER_STATUS_RETURNED, k.height(ctx)
	if err := k.Transfers.Set(ctx, t.Id, t); err != nil {
		return err
	}
	stats, err := k.stats(ctx)
	if err != nil {
		return err
	}
	stats.Returned = stats.Returned.Add(total)
	if err := k.Stats.Set(ctx, stats); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventTransferReturned{TransferId: t.Id, Sender: t.Sender, Amount: total, Reason: reason})
}
