package liveness

import (
	"context"
	"time"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The seed-share duty. A serving node owes a share to every seed round from
// its record's next_share on, and gives it by proving in the round (its
// first proof there carries it). Left alone, withholding would be free: a
// node whose proof deadline is over two hours away can skip a one-hour round
// at no cost, and a group of k nodes would pick among 2^k seeds. So the
// rounds a node skipped are counted when it next adds a share, and each
// costs missed_share_penalty of credit. Counting then, and not at the end
// of each round, keeps the duty O(1) per proof: no block walks the active
// set. A node that stops proving altogether fails by its deadline, which
// costs more. The duty pauses while a node is decommissioned (it cannot
// add a share then): its recommission moves next_share to the round after.

// bindRounds is how many rounds after the one in progress a key's shares
// start to count: the key was chosen before the next round's seed was
// fixed, but possibly after the mix that fixes it was known, so only the
// round after that is out of its reach.
const bindRounds = 2

// BindKey marks a node's key as bound now (activation, key rotation): its
// shares count from the second round after the one in progress. A node
// without a liveness record (not yet active) is left alone: its activation
// binds its key.
func (k *Keeper) BindKey(ctx context.Context, pubkey string) error {
	rec, ok, err := k.Record(ctx, pubkey)
	if err != nil || !ok {
		return err
	}
	number, err := k.roundNumber(ctx)
	if err != nil {
		return err
	}
	rec.NextShare = max(rec.NextShare, number+bindRounds)
	return k.Records.Set(ctx, pubkey, rec)
}

// resumeShares moves a recommissioned node's duty to the round after the
// one in progress: it owed none while it was down.
func (k *Keeper) resumeShares(ctx context.Context, rec *types.LivenessRecord) error {
	number, err := k.roundNumber(ctx)
	rec.NextShare = max(rec.NextShare, number+1)
	return err
}

// missedShares is how many rounds before round number a node owed a share
// to and did not give one: from the later of next_share and the round
// after its last share. A record from before round numbers (next_share 0,
// no share yet) owes none.
func missedShares(rec types.LivenessRecord, number uint64) (from, n uint64) {
	from = rec.NextShare
	if from == 0 || number <= from {
		return from, 0
	}
	return from, number - from
}

// chargeMissedShares takes missed_share_penalty of credit (not below zero)
// for each round a serving node owed a share to before round number, and
// counts them.
func (k *Keeper) chargeMissedShares(ctx context.Context, pubkey string, number uint64, rec *types.LivenessRecord,
	status types.NodeStatus, now time.Time, params types.Params,
) error {
	from, n := missedShares(*rec, number)
	if n == 0 {
		return nil
	}
	credit := rec.CreditNow(now, params, status)
	if params.MissedSharePenalty > 0 {
		//nolint:gosec // n is below credit / penalty, a Duration, when multiplied
		if n >= uint64(credit/params.MissedSharePenalty)+1 {
			credit = 0
		} else {
			credit -= time.Duration(n) * params.MissedSharePenalty
		}
	}
	rec.Credit = credit
	rec.CreditAt = now
	rec.MissedShares += n
	//nolint:gosec // credit is at most max_credit
	return k.env.Emit(ctx, &types.EventSeedSharesMissed{Pubkey: pubkey, From: from, Rounds: n, CreditSeconds: int64(credit / time.Second)})
}
