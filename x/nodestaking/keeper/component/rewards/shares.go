package rewards

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/colls"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Stake is one contribution to a node: who staked and how much, and the
// contribution's beneficiary (nil: none).
type Stake struct {
	Addr        sdk.AccAddress
	Amount      math.Int
	Beneficiary sdk.AccAddress
}

// NodeStake is a claimant's stake in one of its nodes, with the node.
type NodeStake struct {
	Node   types.Node
	Amount math.Int
	// Operator says whether the claimant operates the node: the operator
	// fee is its.
	Operator bool
	// Beneficiary of the claimant's contribution, paid its share of this
	// node; nil: none.
	Beneficiary sdk.AccAddress
}

func key(pubkey string, addr sdk.AccAddress) collections.Pair[string, sdk.AccAddress] {
	return collections.Join(pubkey, addr)
}

// ShareOwed returns what a node owes one contributor now: its entitlement
// to everything the node has earned (total) less what it took before, and
// the entitlement.
func (k *Keeper) ShareOwed(ctx context.Context, s NodeStake, addr sdk.AccAddress, total math.Int) (owed, entitled math.Int, err error) {
	taken, err := k.TakenBy(ctx, s.Node.Pubkey, addr)
	if err != nil {
		return math.Int{}, math.Int{}, err
	}
	entitled = types.NodeEntitlement(s.Node, total, s.Amount, s.Operator)
	if owed = entitled.Sub(taken); owed.IsNegative() {
		owed = math.ZeroInt()
	}
	return owed, entitled, nil
}

// takeShare returns what a node owes a claimant now and records it as
// taken. It reads and writes the claimant's records only: the node and the
// other contributors stay as they are.
func (k *Keeper) takeShare(ctx context.Context, s NodeStake, addr sdk.AccAddress, total math.Int) (math.Int, error) {
	owed, entitled, err := k.ShareOwed(ctx, s, addr, total)
	if err != nil || !owed.IsPositive() {
		return owed, err
	}
	return owed, k.Taken.Set(ctx, key(s.Node.Pubkey, addr), entitled)
}

// CreditFinalShares credits each contributor of a node whose stakes are
// returned what it has not taken of its final share: SplitReward of all the
// node earned, which gives the operator what the roundings of the shares
// leave. A contribution with a beneficiary has its share credited to the
// beneficiary, which claims it: the contribution, which named it, is gone
// once the stakes are back. The node is settled (StopEarning); stakes are its contributions
// with the amounts it earned with, the operator's first.
func (k *Keeper) CreditFinalShares(ctx context.Context, node types.Node, stakes []Stake) error {
	earned := node.EarnedTotal(node.RewardIndex) // settled: nothing since
	if !earned.IsPositive() {
		return nil
	}
	amounts := make([]math.Int, len(stakes))
	for i, s := range stakes {
		amounts[i] = s.Amount
	}
	shares := types.SplitRewardWithFee(earned, node.OperatorFee(earned), amounts)
	for i, s := range stakes {
		taken, err := k.TakenBy(ctx, node.Pubkey, s.Addr)
		if err != nil {
			return err
		}
		to := s.Addr
		if s.Beneficiary != nil {
			to = s.Beneficiary
		}
		if err := k.Credit(ctx, to, shares[i].Sub(taken)); err != nil {
			return err
		}
	}
	return nil
}

// TakenBy returns what a contributor has taken of its node's rewards.
func (k *Keeper) TakenBy(ctx context.Context, pubkey string, addr sdk.AccAddress) (math.Int, error) {
	taken, err := k.Taken.Get(ctx, key(pubkey, addr))
	if errors.Is(err, collections.ErrNotFound) {
		return math.ZeroInt(), nil
	}
	return taken, err
}

// SetTaken records what a contributor has taken of a node's rewards (genesis).
func (k *Keeper) SetTaken(ctx context.Context, pubkey string, addr sdk.AccAddress, amount math.Int) error {
	if amount.IsNil() || !amount.IsPositive() {
		return nil
	}
	return k.Taken.Set(ctx, key(pubkey, addr), amount)
}

// Credit adds amount to addr's claimable rewards.
func (k *Keeper) Credit(ctx context.Context, addr sdk.AccAddress, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	owed, err := k.Claimable.Get(ctx, addr)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		owed = math.ZeroInt()
	case err != nil:
		return err
	}
	return k.Claimable.Set(ctx, addr, owed.Add(amount))
}

// Forget deletes what a removed node's contributors took of its rewards.
func (k *Keeper) Forget(ctx context.Context, pubkey string) error {
	return colls.RemoveRange(ctx, k.Taken, collections.NewPrefixedPairRange[string, sdk.AccAddress](pubkey))
}
