package simulation

import (
	"context"
	"slices"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// withdraw takes back a contribution to a node awaiting contributions once
// withdraw_delay has passed since it was made; the operator withdrawing
// cancels the node.
func (f factories) withdraw(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgWithdrawContribution) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	awaiting, err := nodesWithStatus(ctx, f.k, types.NODE_STATUS_AWAITING)
	if err != nil {
		reporter.Fail(err, "reading the nodes awaiting contributions")
		return nil, nil
	}
	if len(awaiting) == 0 {
		reporter.Skip("no node awaits contributions")
		return nil, nil
	}
	params, err := f.k.Params.Get(ctx)
	if err != nil {
		reporter.Fail(err, "reading the params")
		return nil, nil
	}
	node := simutil.Pick(r, awaiting)
	addrs, cs, err := f.contributions(ctx, node.Pubkey)
	if err != nil {
		reporter.Fail(err, "reading the contributions")
		return nil, nil
	}
	var due []simsx.SimAccount
	for i, addr := range addrs {
		acc, ok := account(testData, reporter, addr.String())
		if ok && !ctx.BlockTime().Before(cs[i].LastContributedAt.Add(params.WithdrawDelay)) {
			due = append(due, acc)
		}
	}
	if len(due) == 0 {
		reporter.Skipf("no contribution to node %s may be withdrawn yet", node.Pubkey)
		return nil, nil
	}
	from := simutil.Pick(r, due)
	return []simsx.SimAccount{from}, &types.MsgWithdrawContribution{Contributor: from.AddressBech32, Pubkey: pubkeyBytes(node.Pubkey)}
}

// requestUnlock starts the exit of an active node, asked by its operator or
// by a contributor allowed to: one holding at least small_contributor_bps
// of the stake, or any once small_contributor_lock has passed.
func (f factories) requestUnlock(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgRequestUnlock) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	active, err := nodesWithStatus(ctx, f.k, types.NODE_STATUS_ACTIVE)
	if err != nil {
		reporter.Fail(err, "reading the active nodes")
		return nil, nil
	}
	// A node whose proof is overdue cannot unlock.
	active = slices.DeleteFunc(active, func(n types.Node) bool {
		return f.k.Liveness.CheckUnlock(ctx, n.Pubkey) != nil
	})
	if len(active) == 0 {
		reporter.Skip("no active node that may unlock")
		return nil, nil
	}
	params, err := f.k.Params.Get(ctx)
	if err != nil {
		reporter.Fail(err, "reading the params")
		return nil, nil
	}
	node := simutil.Pick(r, active)
	addrs, cs, err := f.contributions(ctx, node.Pubkey)
	if err != nil {
		reporter.Fail(err, "reading the contributions")
		return nil, nil
	}
	locked := node.ActivatedAt != nil && ctx.BlockTime().Before(node.ActivatedAt.Add(params.SmallContributorLock))
	var allowed []simsx.SimAccount
	for i, addr := range addrs {
		acc, ok := account(testData, reporter, addr.String())
		if !ok {
			continue
		}
		small := cs[i].Amount.MulRaw(types.BasisPoints).LT(node.TotalStaked.MulRaw(int64(params.SmallContributorBps)))
		if acc.AddressBech32 == node.Operator || !small || !locked {
			allowed = append(allowed, acc)
		}
	}
	if len(allowed) == 0 {
		reporter.Skipf("nobody may unlock node %s yet", node.Pubkey)
		return nil, nil
	}
	from := simutil.Pick(r, allowed)
	return []simsx.SimAccount{from}, &types.MsgRequestUnlock{Requester: from.AddressBech32, Pubkey: pubkeyBytes(node.Pubkey)}
}

// claimRewards pays an account what it earned, picked among the
// contributors of a node or at random, now and then to another account.
func (f factories) claimRewards(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgClaimRewards) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	from := testData.AnyAccount(reporter)
	nodes, err := nodesWithStatus(ctx, f.k, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DECOMMISSIONED)
	if err != nil {
		reporter.Fail(err, "reading the nodes")
		return nil, nil
	}
	if len(nodes) > 0 && r.Intn(4) > 0 {
		addrs, _, err := f.contributions(ctx, simutil.Pick(r, nodes).Pubkey)
		if err != nil {
			reporter.Fail(err, "reading the contributions")
			return nil, nil
		}
		if acc, ok := account(testData, reporter, simutil.Pick(r, addrs).String()); ok {
			from = acc
		}
	}
	rewards, err := f.queries.Rewards(ctx, &types.QueryRewardsRequest{Address: from.AddressBech32})
	if err != nil {
		reporter.Fail(err, "querying the rewards")
		return nil, nil
	}
	if !rewards.Claimable.Add(rewards.Pending).IsPositive() {
		reporter.Skipf("%s has no rewards", from.AddressBech32)
		return nil, nil
	}
	return []simsx.SimAccount{from}, &types.MsgClaimRewards{Claimant: from.AddressBech32, Recipient: claimRecipient(testData, reporter)}
}
