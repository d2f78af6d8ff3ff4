package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// queueAdminOps makes the admin operations that bring the contract in line
// with a params change governance passed: a pause or unpause when paused
// changed, a new withdrawal bucket when the cap changed. The validators
// sign them and a relayer submits them with the contract's next admin
// nonce, so the emergency controls reach the contract. A bridge configured
// for the first time is deployed with the chain's cap (session-relayer
// deploy reads it) and unpaused: it is paused when the params say so.
func (k *Keeper) queueAdminOps(ctx context.Context, old, params types.Params) error {
	if !params.Configured() {
		return nil
	}
	if old.Paused != params.Paused && (old.Configured() || params.Paused) {
		kind := types.ADMIN_OP_KIND_UNPAUSE
		if params.Paused {
			kind = types.ADMIN_OP_KIND_PAUSE
		}
		if err := k.createAdminOp(ctx, params, types.AdminOp{Kind: kind}); err != nil {
			return err
		}
	}
	if old.Configured() && !old.SameCap(params) {
		return k.createAdminOp(ctx, params, types.AdminOp{
			Kind: types.ADMIN_OP_KIND_SET_CAP, CapLimit: params.WithdrawalCap, CapPeriodSeconds: params.CapPeriodSeconds,
		})
	}
	return nil
}

// createAdminOp stores op with the next admin nonce.
func (k *Keeper) createAdminOp(ctx context.Context, params types.Params, op types.AdminOp) error {
	nonce, err := k.NextAdminNonce.Next(ctx)
	if err != nil {
		return err
	}
	op.Nonce, op.CreatedHeight = nonce, k.height(ctx)
	if op.CapLimit.IsNil() {
		op.CapLimit = math.ZeroInt() // a pause carries no cap
	}
	if err := k.AdminOps.Set(ctx, nonce, op); err != nil {
		return err
	}
	if err := k.recordDigest(ctx, op.Digest(params.BridgeID())); err != nil {
		return err
	}
	return k.emit(ctx, &types.EventAdminOpCreated{Op: op})
}

// signAdminOp stores a signature of an admin operation the contract has not
// executed by one of val's keys.
func (k *Keeper) signAdminOp(ctx context.Context, val sdk.ValAddress, nonce uint64, sig []byte) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	bridgeID, err := k.bridgeID(params)
	if err != nil {
		return err
	}
	op, err := k.AdminOps.Get(ctx, nonce)
	if errors.Is(err, collections.ErrNotFound) {
		return errorsmod.Wrapf(types.ErrAdminOpNotFound, "no admin operation %d waits for the contract (executed ones are removed)", nonce)
	}
	if err != nil {
		return err
	}
	key, err := k.addSignature(ctx, k.AdminOpSignatures, "admin operation", nonce, val, op.Digest(bridgeID), sig)
	if err != nil {
		return err
	}
	return k.emit(ctx, &types.EventAdminOpSigned{Nonce: nonce, Validator: k.valString(val), EvmAddress: key.Hex()})
}
