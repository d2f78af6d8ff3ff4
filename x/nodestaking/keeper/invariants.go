package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper/component/env"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Ledger is the module's accounting, summed over its whole state.
type Ledger struct {
	// Stakes is the sum of every contribution.
	Stakes math.Int
	// Claimable is the sum credited to addresses and not claimed.
	Claimable math.Int
	// Pending is what the nodes have earned and their contributors have
	// not taken: their unclaimed shares and the roundings the operators get
	// when the stakes are returned (fewer nsesh per node than it has
	// contributors).
	Pending math.Int
	// Carry is emission not yet divided among the nodes.
	Carry math.Int
	// Received and Claimed are the running totals.
	Received, Claimed math.Int
}

// ComputeLedger sums the module's state. It walks every node: for tests and
// simulations, not for blocks.
func (k Keeper) ComputeLedger(ctx context.Context) (Ledger, error) {
	l := Ledger{Stakes: math.ZeroInt(), Claimable: math.ZeroInt(), Pending: math.ZeroInt()}
	st, err := k.Rewards.State.Get(ctx)
	if err != nil {
		return l, err
	}
	index := st.RewardIndex
	l.Carry, l.Received = st.Carry, st.TotalReceived
	taken := map[string]math.Int{}
	err = k.Rewards.Taken.Walk(ctx, nil, func(key collections.Pair[string, sdk.AccAddress], amount math.Int) (bool, error) {
		if t, ok := taken[key.K1()]; ok {
			amount = amount.Add(t)
		}
		taken[key.K1()] = amount
		return false, nil
	})
	if err != nil {
		return l, err
	}
	statuses := map[string]types.NodeStatus{}
	pendingFees := 0
	signing := map[string]string{}
	err = k.Staking.Nodes.Walk(ctx, nil, func(pubkey string, node types.Node) (bool, error) {
		statuses[pubkey] = node.Status
		if node.SigningKey != "" {
			signing[node.SigningKey] = pubkey
		}
		if err := k.checkFeeTerms(ctx, node, index); err != nil {
			return true, err
		}
		if node.FeeChangePending() {
			pendingFees++
		}
		left := node.EarnedTotal(index)
		if t, ok := taken[pubkey]; ok {
			left = left.Sub(t)
		}
		if left.IsNegative() {
			return true, fmt.Errorf("nodestaking: node %s: its contributors took %s more than it earned", pubkey, left.Neg())
		}
		if spots, err := k.Staking.CountReserved(ctx, pubkey); err != nil {
			return true, err
		} else if spots != node.ReservedSpots {
			return true, fmt.Errorf("nodestaking: node %s counts %d reserved spots, the store holds %d", pubkey, node.ReservedSpots, spots)
		}
		l.Pending = l.Pending.Add(left)
		return false, nil
	})
	if err != nil {
		return l, err
	}
	if err := k.checkStatusIndex(ctx, statuses); err != nil {
		return l, err
	}
	if err := k.checkFeeQueue(ctx, pendingFees); err != nil {
		return l, err
	}
	if err := k.checkSigningKeys(ctx, signing); err != nil {
		return l, err
	}
	err = k.Staking.Contributions.Walk(ctx, nil, func(key collections.Pair[string, sdk.AccAddress], c types.Contribution) (bool, error) {
		l.Stakes = l.Stakes.Add(c.Amount)
		return false, k.checkBeneficiary(key, c)
	})
	if err != nil {
		return l, err
	}
	err = k.Rewards.Claimable.Walk(ctx, nil, func(_ sdk.AccAddress, amount math.Int) (bool, error) {
		l.Claimable = l.Claimable.Add(amount)
		return false, nil
	})
	if err != nil {
		return l, err
	}
	l.Claimed, err = k.Rewards.TotalClaimed.Get(ctx)
	return l, err
}

// CheckConservation verifies the module's invariants (docs/architecture.md, Invariants):
// everything received from the pool is claimed, claimable, pending or carry
// (the carry is the bounded dust: fewer nsesh than earning nodes), the
// module account holds exactly stakes + claimable + pending + carry, and
// the addresses' claimed counters add up to what was claimed since they
// began. Payments to a beneficiary or a claim's recipient leave these
// sums as they were: a claim counts in TotalClaimed and in the claimant's
// counter wherever it is paid, and a final share credited to a beneficiary
// is claimable like any other. Every stored beneficiary is checked too
// (ComputeLedger).
func (k Keeper) CheckConservation(ctx context.Context, moduleBalance math.Int) error {
	l, err := k.ComputeLedger(ctx)
	if err != nil {
		return err
	}
	owed := l.Claimable.Add(l.Pending).Add(l.Carry)
	if !l.Received.Equal(l.Claimed.Add(owed)) {
		return fmt.Errorf("nodestaking: received %s != claimed %s + claimable %s + pending %s + carry %s",
			l.Received, l.Claimed, l.Claimable, l.Pending, l.Carry)
	}
	if held := l.Stakes.Add(owed); !held.Equal(moduleBalance) {
		return fmt.Errorf("nodestaking: module balance %s != stakes %s + claimable %s + pending %s + carry %s",
			moduleBalance, l.Stakes, l.Claimable, l.Pending, l.Carry)
	}
	st, err := k.Rewards.State.Get(ctx)
	if err != nil {
		return err
	}
	if active := st.EarningNodes; active > 0 && l.Carry.GTE(math.NewIntFromUint64(active)) {
		return fmt.Errorf("nodestaking: carry %s not below the %d earning nodes", l.Carry, active)
	}
	staked, err := k.Staking.TotalStaked.Get(ctx)
	if err != nil {
		return err
	}
	if !staked.Equal(l.Stakes) {
		return fmt.Errorf("nodestaking: total_staked %s != sum of contributions %s", staked, l.Stakes)
	}
	return k.Totals.Check(ctx, l.Claimed)
}

// checkBeneficiary checks that a contribution's beneficiary, if any, is an
// address other than its contributor's: the stake and rewards can be paid
// to it (the one spelling of "none" is empty).
func (k Keeper) checkBeneficiary(key collections.Pair[string, sdk.AccAddress], c types.Contribution) error {
	if c.Beneficiary == "" {
		return nil
	}
	addr, err := k.env.AddressCodec.StringToBytes(c.Beneficiary)
	if err != nil {
		return fmt.Errorf("nodestaking: node %s: the beneficiary %q of %s: %w", key.K1(), c.Beneficiary, key.K2(), err)
	}
	if key.K2().Equals(sdk.AccAddress(addr)) {
		return fmt.Errorf("nodestaking: node %s: %s is stored as its own beneficiary", key.K1(), key.K2())
	}
	return nil
}

// checkStatusIndex checks that the status index lists every node once,
// under the status it has (statuses), and nothing else.
func (k Keeper) checkStatusIndex(ctx context.Context, statuses map[string]types.NodeStatus) error {
	it, err := k.Staking.Nodes.Indexes.Status.Iterate(ctx, nil)
	if err != nil {
		return err
	}
	defer it.Close()
	indexed := 0
	for ; it.Valid(); it.Next() {
		key, err := it.FullKey()
		if err != nil {
			return err
		}
		status, ok := statuses[key.K2()]
		if !ok || int32(status) != key.K1() {
			return fmt.Errorf("nodestaking: the status index lists node %s as %s; the node is %s", key.K2(), types.NodeStatus(key.K1()), status)
		}
		indexed++
	}
	if indexed != len(statuses) {
		return fmt.Errorf("nodestaking: the status index lists %d entries for %d nodes", indexed, len(statuses))
	}
	return nil
}

// checkFeeTerms checks a node's fee record (types.Node.ValidateFeeTerms)
// and that a pending change is queued for its time.
func (k Keeper) checkFeeTerms(ctx context.Context, node types.Node, index math.Int) error {
	if err := node.ValidateFeeTerms(index); err != nil {
		return fmt.Errorf("nodestaking: %w", err)
	}
	if !node.FeeChangePending() {
		return nil
	}
	queued, err := k.Staking.FeeChangeQueue.Has(ctx, env.QueueKey(*node.FeeChangeAt, node.Pubkey))
	if err == nil && !queued {
		err = fmt.Errorf("nodestaking: node %s's fee change at %s is not queued", node.Pubkey, node.FeeChangeAt)
	}
	return err
}

// checkFeeQueue checks that the fee change queue holds one entry per node
// with a pending change (pending of them), each checked by checkFeeTerms.
func (k Keeper) checkFeeQueue(ctx context.Context, pending int) error {
	queued := 0
	err := k.Staking.FeeChangeQueue.Walk(ctx, nil, func(collections.Pair[int64, string]) (bool, error) {
		queued++
		return false, nil
	})
	if err == nil && queued != pending {
		err = fmt.Errorf("nodestaking: %d fee changes queued for %d nodes with one pending", queued, pending)
	}
	return err
}
