package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/branch"
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
// Only this deposit's tally changed, and it can pass only as the next one to
// observe: a later deposit waits for the earlier ones. Later deposits that
// had enough votes already while this one held them back are the
// EndBlocker's; they are observed at the end of this block.
func (k *Keeper) attestDeposit(ctx context.Context, val sdk.ValAddress, claim types.DepositClaim) (bool, error) {
	next, observed, err := k.nextDepositNonce(ctx, val)
	if err != nil {
		return false, err
	}
	if claim.Nonce < next {
		prev, err := k.DepositVotes.Get(ctx, collections.Join(claim.Nonce, val))
		switch {
		case errors.Is(err, collections.ErrNotFound):
			return false, errorsmod.Wrapf(types.ErrDuplicateAttestation, "deposit %d was already observed; next is %d", claim.Nonce, next)
		case err != nil:
			return false, err
		case !prev.Same(claim):
			return false, errorsmod.Wrapf(types.ErrConflictingAttestation, "deposit %d was attested by this validator with different content", claim.Nonce)
		default:
			return false, errorsmod.Wrapf(types.ErrDuplicateAttestation, "deposit %d already attested by this validator", claim.Nonce)
		}
	}
	if claim.Nonce > next {
		return false, errorsmod.Wrapf(types.ErrNonceOutOfOrder, "attest deposit %d first, got %d", next, claim.Nonce)
	}
	if err := k.DepositVotes.Set(ctx, collections.Join(claim.Nonce, val), claim); err != nil {
		return false, err
	}
	if err := k.AttestedNonces.Set(ctx, val, claim.Nonce); err != nil {
		return false, err
	}
	if err := k.emit(ctx, &types.EventDepositAttested{Validator: k.valString(val), Nonce: claim.Nonce}); err != nil {
		return false, err
	}
	if claim.Nonce != observed+1 {
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

// tallyDeposit returns the claim of deposit nonce that more than 2/3 of the
// bonded power attested, if there is one, with every validator that
// attested the deposit (whatever its claim). Claims are grouped in the order
// their first vote is stored, so every node tallies alike.
func (k *Keeper) tallyDeposit(ctx context.Context, nonce uint64) (types.DepositClaim, []sdk.ValAddress, bool, error) {
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
// cannot be paid here, queues the tokens back to the EVM sender. Either way
// the nonce is done and its votes, those of voters (the tally just read
// them), are dropped.
func (k *Keeper) observe(ctx context.Context, claim types.DepositClaim, voters []sdk.ValAddress) error {
	if err := k.LastObservedNonce.Set(ctx, claim.Nonce); err != nil {
		return err
	}
	for _, val := range voters {
		if err := k.DepositVotes.Remove(ctx, collections.Join(claim.Nonce, val)); err != nil {
			return err
		}
	}
	stats, err := k.stats(ctx)
	if err != nil {
		return err
	}
	ev := &types.EventDepositObserved{Claim: claim}
	if reason := k.mint(ctx, claim); reason == "" {
		ev.Minted = true
		stats.Minted = stats.Minted.Add(claim.Amount)
	} else {
		id, err := k.queueTransfer(ctx, types.Transfer{
			Kind:         types.TRANSFER_KIND_REFUND,
			EvmRecipient: claim.EvmSender,
			Amount:       claim.Amount,
			DepositNonce: claim.Nonce,
		})
		if err != nil {
			return err
		}
		ev.RefundTransferId, ev.RefundReason = id, reason
		stats.Refunded = stats.Refunded.Add(claim.Amount)
	}
	if err := k.Stats.Set(ctx, stats); err != nil {
		return err
	}
	return k.emit(ctx, ev)
}

// mint pays a deposit to its recipient in a branch of the state that is kept
// only if every step succeeds. It returns why the recipient could not be paid,
// or "" when it was.
func (k *Keeper) mint(ctx context.Context, claim types.DepositClaim) string {
	recipient, err := k.addressCodec.StringToBytes(claim.Recipient)
	if err != nil {
		return "recipient is not an address of this chain: " + err.Error()
	}
	err = branch.Run(ctx, func(ctx context.Context) error {
		coins := sdk.NewCoins(sdk.NewCoin(types.Denom, claim.Amount))
		if err := k.bankKeeper.MintCoins(ctx, types.ModuleName, coins); err != nil {
			return fmt.Errorf("mint: %w", err)
		}
		if err := k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.ModuleName, recipient, coins); err != nil {
			return fmt.Errorf("recipient cannot receive: %w", err)
		}
		return nil
	})
	if err != nil {
		return err.Error()
	}
	return ""
}

// stats returns the running totals, zero before the first transfer.
func (k *Keeper) stats(ctx context.Context) (types.Stats, error) {
	s, err := k.Stats.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return types.ZeroStats(), nil
	}
	return s, err
}

// inFlight is what left the chain's supply for the EVM side and was not yet
// released there.
func inFlight(s types.Stats) math.Int {
	return s.Burned.Add(s.Refunded).Sub(s.Released)
}
