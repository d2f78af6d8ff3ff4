package liveness

import (
	"context"
	"time"

	errorsmod "cosmossdk.io/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The seed-share duty. An active node owes a share to every seed round from
// its record's next_share on, and gives it by proving in the round (its
// first proof there carries it). Left alone, withholding would be free: a
// node whose proof deadline is over two hours away can skip a one-hour round
// at no cost, and a group of k nodes would pick among 2^k seeds. So:
//   - the rounds a node skipped are counted when it next adds a share, when
//     it requests an unlock and when its key is bound again (settleShares),
//     and each costs missed_share_penalty of credit (a failure forgives the
//     rounds just before it: the decommission costs more);
//   - a node whose withheld rounds cost more credit than it has fails like a
//     node that misses its proofs (without credit: deregistered);
//   - a proof that carries a share the node owes is taken however soon after
//     the last one, so that an honest node can always give its share (a halt
//     stops the liveness clock, not the rounds), one such proof a round;
//   - only active nodes add shares: an unlocking node, whose exit time is
//     known, has its owed rounds settled at its unlock and adds none after,
//     and a decommissioned node adds none (its recommission moves next_share
//     to the next round).
//
// Counting at these points, and not at the end of each round, keeps the
// duty O(1) per proof: no block walks the active set. A node that stops
// proving altogether fails by its deadline.

// bindRounds is how many rounds after the one in progress a key's shares
// start to count: the key was chosen before the next round's seed was
// fixed, but possibly after the mix that fixes it was known, so only the
// round after that is out of its reach.
const bindRounds = 2

// owesShare reports whether a node of status owes round its share: it is
// active, its key may add to the round, and it has not yet.
func owesShare(round *types.SeedRound, rec types.LivenessRecord, status types.NodeStatus) bool {
	return round != nil && status == types.NODE_STATUS_ACTIVE && round.Number >= rec.NextShare && rec.SeedRound != round.Period+1
}

// proofShare checks a proof's timing and takes its seed share. The seed
// proof is verified against signer whatever the node's status; a proof
// sooner than half an interval after the last is refused unless it carries
// a share the node owes. When the node owes the round in progress, its
// withheld rounds are settled and the share is added; exhausted reports
// that the withheld rounds cost more than its credit, and then no share is
// added (the caller fails the node).
func (k *Keeper) proofShare(ctx context.Context, signer, seedProof []byte, pubkey string, rec *types.LivenessRecord,
	status types.NodeStatus, now time.Time, params types.Params,
) (seeded, exhausted bool, err error) {
	round, share, err := k.seedShare(ctx, signer, seedProof)
	if err != nil {
		return false, false, err
	}
	owes := owesShare(round, *rec, status)
	if next := rec.LastProofAt.Add(params.UptimeProofInterval / 2); now.Before(next) && !owes {
		return false, false, errorsmod.Wrapf(types.ErrProofTooSoon, "last proof at %s; the next is accepted from %s",
			k.blockTime(ctx, now, rec.LastProofAt).UTC().Format(time.RFC3339), k.blockTime(ctx, now, next).UTC().Format(time.RFC3339))
	}
	if !owes {
		return false, false, nil
	}
	if exhausted, err := k.settleShares(ctx, pubkey, rec, round.Number, status, now, params); err != nil || exhausted {
		return false, exhausted, err
	}
	round.Add(share)
	rec.SeedRound = round.Period + 1
	rec.NextShare = round.Number + 1
	return true, false, k.SeedRound.Set(ctx, *round)
}

// BindKey marks a node's key as bound now (activation, key rotation): its
// shares count from the second round after the one in progress. The rounds
// before the one in progress that it owed a share to and withheld are
// charged first, so a rotation forgives none (the round in progress, which
// the new key cannot add to, is not charged). A node without a liveness
// record (not yet active) is left alone: its activation binds its key.
func (k *Keeper) BindKey(ctx context.Context, pubkey string) error {
	rec, ok, err := k.Record(ctx, pubkey)
	if err != nil || !ok {
		return err
	}
	number, err := k.roundNumber(ctx)
	if err != nil {
		return err
	}
	if err := k.settleActive(ctx, pubkey, &rec, number); err != nil {
		return err
	}
	rec.NextShare = max(rec.NextShare, number+bindRounds)
	return k.Records.Set(ctx, pubkey, rec)
}

// SettleUnlock charges an unlocking node's withheld rounds when it requests
// its unlock: it adds no share from then on, since its exit time would let
// it withhold the last ones for free.
func (k *Keeper) SettleUnlock(ctx context.Context, pubkey string) error {
	rec, err := k.record(ctx, pubkey)
	if err != nil {
		return err
	}
	number, err := k.roundNumber(ctx)
	if err != nil {
		return err
	}
	if err := k.settleActive(ctx, pubkey, &rec, number); err != nil {
		return err
	}
	return k.Records.Set(ctx, pubkey, rec)
}

// settleActive charges the rounds before round number, the one in
// progress, that an active node owed a share to and withheld
// (settleShares), in rec; credit does not go below zero. Other nodes owe
// none.
func (k *Keeper) settleActive(ctx context.Context, pubkey string, rec *types.LivenessRecord, number uint64) error {
	node, err := k.staking.GetNode(ctx, pubkey)
	if err != nil || node.Status != types.NODE_STATUS_ACTIVE {
		return err
	}
	params, err := k.env.GetParams(ctx)
	if err != nil {
		return err
	}
	now, err := k.Now(ctx)
	if err != nil {
		return err
	}
	_, err = k.settleShares(ctx, pubkey, rec, number, node.Status, now, params)
	return err
}

// resumeShares moves a recommissioned node's duty to the round after the
// one in progress: it owed none while it was down.
func (k *Keeper) resumeShares(ctx context.Context, rec *types.LivenessRecord) error {
	number, err := k.roundNumber(ctx)
	if err != nil {
		return err
	}
	rec.NextShare = max(rec.NextShare, number+1)
	return nil
}

// missedShares is how many rounds before round number a node owed a share
// to and did not give one: from next_share on. A record from before round
// numbers (next_share 0) owes none.
func missedShares(rec types.LivenessRecord, number uint64) (from, n uint64) {
	from = rec.NextShare
	if from == 0 || number <= from {
		return from, 0
	}
	return from, number - from
}

// settleShares takes missed_share_penalty of credit (not below zero) for
// each round before round number, the one in progress, that a node of
// status owed a share to, counts them, and moves next_share to number. It
// reports whether they cost more than the credit the node had.
func (k *Keeper) settleShares(ctx context.Context, pubkey string, rec *types.LivenessRecord,
	number uint64, status types.NodeStatus, now time.Time, params types.Params,
) (bool, error) {
	from, n := missedShares(*rec, number)
	if n == 0 {
		return false, nil
	}
	credit := rec.CreditNow(now, params, status)
	exhausted := false
	if params.MissedSharePenalty > 0 {
		//nolint:gosec // n is below credit / penalty, a Duration, when multiplied
		if exhausted = n > uint64(credit/params.MissedSharePenalty); exhausted {
			credit = 0
		} else {
			credit -= time.Duration(n) * params.MissedSharePenalty
		}
	}
	rec.Credit = credit
	rec.CreditAt = now
	rec.MissedShares += n
	rec.NextShare = number
	//nolint:gosec // credit is at most max_credit
	return exhausted, k.env.Emit(ctx, &types.EventSeedSharesMissed{Pubkey: pubkey, From: from, Rounds: n, CreditSeconds: int64(credit / time.Second)})
}
