package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/colls"
)

// Reasons an open deposit is reopened.
const (
	reopenSplitTimeout = "split timeout"
	reopenGovernance   = "governance"
)

// depositSplit reports whether the votes on deposit nonce can no longer
// pass: no claim reaches 2/3 of the bonded power even with every validator
// that has not voted yet. It returns how many claims were attested.
func (k *Keeper) depositSplit(ctx context.Context, nonce uint64) (bool, int, error) {
	groups, voters, err := k.depositVotes(ctx, nonce)
	if err != nil || len(groups) < 2 {
		return false, len(groups), err
	}
	voted, total, err := k.powerOf(ctx, voters)
	if err != nil {
		return false, 0, err
	}
	unvoted := total.Sub(voted)
	for _, g := range groups {
		power, _, err := k.powerOf(ctx, g.vals)
		if err != nil {
			return false, 0, err
		}
		if passes(power.Add(unvoted), total) {
			return false, len(groups), nil
		}
	}
	return true, len(groups), nil
}

// checkDepositSplit watches the deposit the chain observes next. When its
// votes split so that no claim can pass, it raises the alert (an event and
// the bridge_deposit_split metric) and, deposit_split_timeout_blocks later,
// reopens it: every vote on deposits not yet observed is dropped and the
// validators attest again, from the next deposit. Validators may also
// replace their vote on it in between (their relayer sees the canonical
// content), which heals the split without a timeout. Its work is one
// deposit's votes, bounded by the validators.
func (k *Keeper) checkDepositSplit(ctx context.Context, params types.Params) error {
	observed, err := k.lastObserved(ctx)
	if err != nil {
		return err
	}
	split, claims, err := k.depositSplit(ctx, observed+1)
	if err != nil {
		return err
	}
	since, err := k.DepositSplitSince.Get(ctx)
	hasSince := err == nil
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	height := k.height(ctx)
	switch {
	case !split && hasSince:
		return k.DepositSplitSince.Remove(ctx)
	case !split:
		return nil
	case !hasSince:
		if err := k.DepositSplitSince.Set(ctx, height); err != nil {
			return err
		}
		k.logger.Error("bridge deposit votes are split: no claim can pass 2/3", "nonce", observed+1, "claims", claims)
		return k.emit(ctx, &types.EventDepositSplit{
			Nonce: observed + 1, Claims: uint32(claims), //nolint:gosec // bounded by the validators
			ReopenHeight: height + int64(params.DepositSplitTimeoutBlocks), //nolint:gosec // a param of blocks
		})
	case height-since >= int64(params.DepositSplitTimeoutBlocks): //nolint:gosec // a param of blocks
		return k.reopenDeposits(ctx, reopenSplitTimeout)
	}
	return nil
}

// reopenDeposits drops every vote on the deposits not yet observed and
// every validator's attestation cursor past the last observed deposit, so
// the validators attest from the next deposit again. The votes are at most
// MaxDepositsAhead per validator.
func (k *Keeper) reopenDeposits(ctx context.Context, reason string) error {
	observed, err := k.lastObserved(ctx)
	if err != nil {
		return err
	}
	ahead := new(collections.Range[collections.Pair[uint64, sdk.ValAddress]]).
		StartInclusive(collections.PairPrefix[uint64, sdk.ValAddress](observed + 1))
	if err := colls.RemoveRange(ctx, k.DepositVotes, ahead); err != nil {
		return err
	}
	var reset []sdk.ValAddress
	err = k.AttestedNonces.Walk(ctx, nil, func(val sdk.ValAddress, n uint64) (bool, error) {
		if n > observed {
			reset = append(reset, val)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, val := range reset {
		if err := k.AttestedNonces.Remove(ctx, val); err != nil {
			return err
		}
	}
	if err := k.DepositSplitSince.Remove(ctx); err != nil {
		return err
	}
	k.logger.Info("bridge deposits reopened", "nonce", observed+1, "reason", reason)
	return k.emit(ctx, &types.EventDepositReopened{Nonce: observed + 1, Reason: reason})
}
