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

// maxObservePerCall bounds how many deposits one end of block settles (an
// attestation settles at most its own); the rest follow in the next blocks.
const maxObservePerCall = 100

// nextDepositNonce is the deposit val attests next: after its own last
// attestation, and never below what the chain has observed already. It also
// returns the last observed deposit.
func (k *Keeper) nextDepositNonce(ctx context.Context, val sdk.ValAddress) (next, observed uint64, err error) {
	observed, err = k.lastObserved(ctx)
	if err != nil {
		return 0, 0, err
	}
	attested, err := k.AttestedNonces.Get(ctx, val)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return 0, 0, err
	}
	return max(observed, attested) + 1, observed, nil
}

// attestDeposit records val's attestation of a deposit and observes the
// deposit when it now has more than 2/3 of the bonded power behind one claim.
// A validator attests in nonce order, at most MaxDepositsAhead past the last
// observed deposit. Its vote on the open deposit (the next to observe) may
// be replaced: a relayer that attested content a reorg dropped, or that a
// faulty node fed, corrects it when it sees the canonical content, so a
// split vote can heal. Later deposits that had enough votes already while
// the open one held them back are the EndBlocker's.
func (k *Keeper) attestDeposit(ctx context.Context, val sdk.ValAddress, claim types.DepositClaim) (bool, error) {
	next, observed, err := k.nextDepositNonce(ctx, val)
	if err != nil {
		return false, err
	}
	open := observed + 1
	if claim.Nonce < open {
		return false, errorsmod.Wrapf(types.ErrDuplicateAttestation, "deposit %d was already observed; next is %d", claim.Nonce, next)
	}
	prev, err := k.DepositVotes.Get(ctx, collections.Join(claim.Nonce, val))
	hasVote := err == nil
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return false, err
	}
	switch {
	case hasVote && prev.Same(claim):
		return false, errorsmod.Wrapf(types.ErrDuplicateAttestation, "deposit %d already attested by this validator", claim.Nonce)
	case hasVote && claim.Nonce != open:
		return false, errorsmod.Wrapf(types.ErrConflictingAttestation,
			"deposit %d was attested by this validator with different content; only the next deposit to observe (%d) may be attested again", claim.Nonce, open)
	case !hasVote && claim.Nonce != next:
		return false, errorsmod.Wrapf(types.ErrNonceOutOfOrder, "attest deposit %d first, got %d", next, claim.Nonce)
	case !hasVote && claim.Nonce-observed > types.MaxDepositsAhead:
		return false, errorsmod.Wrapf(types.ErrNonceOutOfOrder, "deposit %d is more than %d past the last observed deposit %d; wait for it",
			claim.Nonce, types.MaxDepositsAhead, observed)
	}
	if err := k.DepositVotes.Set(ctx, collections.Join(claim.Nonce, val), claim); err != nil {
		return false, err
	}
	if !hasVote {
		if err := k.AttestedNonces.Set(ctx, val, claim.Nonce); err != nil {
			return false, err
		}
	}
	if err := k.emit(ctx, &types.EventDepositAttested{Validator: k.valString(val), Nonce: claim.Nonce, Replaced: hasVote}); err != nil {
		return false, err
	}
	if claim.Nonce != open {
		return false, nil
	}
	passed, voters, ok, err := k.tallyDeposit(ctx, claim.Nonce)
	if err != nil || !ok {
		return false, err
	}
	return true, k.observe(ctx, passed, voters)
}

func (k *Keeper) lastObserved(ctx context.Context) (uint64, error) {
	n, err := k.LastObservedNonce.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, nil
	}
	return n, err
}

// observeDeposits observes, in nonce order, the deposits whose claim has more
// than 2/3 of the bonded power, at most maxObservePerCall of them.
func (k *Keeper) observeDeposits(ctx context.Context) error {
	for range maxObservePerCall {
		last, err := k.lastObserved(ctx)
		if err != nil {
			return err
		}
		claim, voters, ok, err := k.tallyDeposit(ctx, last+1)
		if err != nil || !ok {
			return err
		}
		if err := k.observe(ctx, claim, voters); err != nil {
			return err
		}
	}
	return nil
}

// claimVotes is the power behind one claim of a deposit.
type claimVotes struct {
	claim types.DepositClaim
	vals  []sdk.ValAddress
}

// depositVotes groups the votes on deposit nonce by claim, in the order
// their first vote is stored (so every node groups alike), and returns every
// validator that voted.
func (k *Keeper) depositVotes(ctx context.Context, nonce uint64) ([]claimVotes, []sdk.ValAddress, error) {
	var (
		groups []claimVotes
		voters []sdk.ValAddress
	)
	err := k.DepositVotes.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.ValAddress](nonce),
		func(key collections.Pair[uint64, sdk.ValAddress], claim types.DepositClaim) (bool, error) {
			voters = append(voters, key.K2())
			for i := range groups {
				if groups[i].claim.Same(claim) {
					groups[i].vals = append(groups[i].vals, key.K2())
					return false, nil
				}
			}
			groups = append(groups, claimVotes{claim: claim, vals: []sdk.ValAddress{key.K2()}})
			return false, nil
		})
	return groups, voters, err
}

// tallyDeposit returns the claim of deposit nonce that more than 2/3 of the
// bonded power attested, if there is one, with every validator that
// attested the deposit (whatever its claim).
func (k *Keeper) tallyDeposit(ctx context.Context, nonce uint64) (types.DepositClaim, []sdk.ValAddress, bool, error) {
	groups, voters, err := k.depositVotes(ctx, nonce)
	if err != nil {
		return types.DepositClaim{}, nil, false, err
	}
	for _, g := range groups {
		signed, total, err := k.powerOf(ctx, g.vals)
		if err != nil {
			return types.DepositClaim{}, nil, false, err
		}
		if passes(signed, total) {
			return g.claim, voters, true, nil
		}
	}
	return types.DepositClaim{}, nil, false, nil
}

// observe settles a deposit: mints to its recipient, or, when the recipient
// cannot be paid here, queues the tokens back to the EVM sender (less the
// fee), or, when that would leave less than min_transfer, pays them to the
// fee collector. Either way the nonce is done and its votes, those of
// voters (the tally just read them), are dropped.
func (k *Keeper) observe(ctx context.Context, claim types.DepositClaim, voters []sdk.ValAddress) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if err := k.LastObservedNonce.Set(ctx, claim.Nonce); err != nil {
		return err
	}
	for _, val := range voters {
		if err := k.DepositVotes.Remove(ctx, collections.Join(claim.Nonce, val)); err != nil {
			return err
		}
	}
	if err := k.DepositSplitSince.Remove(ctx); err != nil {
		return err
	}
	stats, err := k.stats(ctx)
	if err != nil {
		return err
	}
	ev := &types.EventDepositObserved{Claim: claim}
	reason := k.mint(ctx, params, claim)
	switch {
	case reason == "":
		ev.Minted = true
		stats.Minted = stats.Minted.Add(claim.Amount)
	case claim.Amount.GTE(params.MinTransfer.Add(params.BridgeFee)):
		id, err := k.queueTransfer(ctx, types.Transfer{
			Kind:         types.TRANSFER_KIND_REFUND,
			EvmRecipient: claim.EvmSender,
			Amount:       claim.Amount.Sub(params.BridgeFee),
			Fee:          params.BridgeFee,
			DepositNonce: claim.Nonce,
		})
		if err != nil {
			return err
		}
		ev.RefundTransferId, ev.RefundReason = id, reason
		stats.Refunded = stats.Refunded.Add(claim.Amount)
	default:
		// Too small to send back after the fee: the validators that
		// would carry it get it, as a fee.
		if err := k.forfeit(ctx, params, claim.Amount); err != nil {
			return err
		}
		ev.Forfeited, ev.RefundReason = true, reason
		stats.Minted = stats.Minted.Add(claim.Amount)
	}
	if err := k.Stats.Set(ctx, stats); err != nil {
		return err
	}
	return k.emit(ctx, ev)
}

// mint pays a deposit to its recipient in a branch of the state that is kept
// only if every step succeeds, and within the max_supply param. It returns
// why the recipient could not be paid, or "" when it was. It never panics:
// the end of a block calls it on amounts an EVM depositor chose.
func (k *Keeper) mint(ctx context.Context, params types.Params, claim types.DepositClaim) string {
	recipient, err := k.addressCodec.StringToBytes(claim.Recipient)
	if err != nil {
		return "recipient is not an address of this chain: " + err.Error()
	}
	supply := k.bankKeeper.GetSupply(ctx, types.Denom).Amount
	if supply.Add(claim.Amount).GT(params.MaxSupply) {
		return "minting it would take the supply past max_supply " + params.MaxSupply.String()
	}
	coins := sdk.NewCoins(sdk.NewCoin(types.Denom, claim.Amount))
	err = k.inBranch(ctx, func(ctx context.Context) error {
		if err := k.bankKeeper.MintCoins(ctx, types.ModuleName, coins); err != nil {
			return errorsmod.Wrap(err, "mint")
		}
		if err := k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.ModuleName, recipient, coins); err != nil {
			return errorsmod.Wrap(err, "recipient cannot receive")
		}
		return nil
	})
	if err != nil {
		return err.Error()
	}
	return ""
}

// forfeit mints amount to the fee collector, for a deposit too small to
// refund. At max_supply (a deposit cannot be minted) it is minted anyway:
// dust below min_transfer + bridge_fee is no threat to the bound.
func (k *Keeper) forfeit(ctx context.Context, _ types.Params, amount math.Int) error {
	coins := sdk.NewCoins(sdk.NewCoin(types.Denom, amount))
	return k.inBranch(ctx, func(ctx context.Context) error {
		if err := k.bankKeeper.MintCoins(ctx, types.ModuleName, coins); err != nil {
			return err
		}
		return k.bankKeeper.SendCoinsFromModuleToModule(ctx, types.ModuleName, feeCollector, coins)
	})
}

// stats returns the running totals, zero before the first transfer.
func (k *Keeper) stats(ctx context.Context) (types.Stats, error) {
	s, err := k.Stats.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return types.ZeroStats(), nil
	}
	return s, err
}
