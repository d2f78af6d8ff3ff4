package simulation

import (
	"encoding/hex"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/keeper"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// nodesWithStatus returns the nodes in the given statuses, in key order.
func nodesWithStatus(ctx sdk.Context, k *keeper.Keeper, statuses ...types.NodeStatus) ([]types.Node, error) {
	var out []types.Node
	for _, status := range statuses {
		it, err := k.Staking.Nodes.Indexes.Status.MatchExact(ctx, int32(status))
		if err != nil {
			return nil, err
		}
		keys, err := it.PrimaryKeys()
		if err != nil {
			return nil, err
		}
		for _, key := range keys {
			node, err := k.Staking.Nodes.Get(ctx, key)
			if err != nil {
				return nil, err
			}
			out = append(out, node)
		}
	}
	return out, nil
}

// contributions returns a node's contributors and their contributions.
func (f factories) contributions(ctx sdk.Context, pubkey string) ([]sdk.AccAddress, []types.Contribution, error) {
	var addrs []sdk.AccAddress
	var cs []types.Contribution
	err := f.k.Staking.Contributions.Walk(ctx, collections.NewPrefixedPairRange[string, sdk.AccAddress](pubkey),
		func(key collections.Pair[string, sdk.AccAddress], c types.Contribution) (bool, error) {
			addrs = append(addrs, key.K2())
			cs = append(cs, c)
			return false, nil
		})
	return addrs, cs, err
}

func pubkeyBytes(pubkey string) []byte {
	bz, err := hex.DecodeString(pubkey)
	if err != nil {
		panic("node keys in state are hex: " + err.Error())
	}
	return bz
}

// account returns the simulation account with bech32 address addr, if the
// simulation holds its key.
func account(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, addr string) (simsx.SimAccount, bool) {
	if !testData.HasAccount(addr) {
		return simsx.SimAccount{}, false
	}
	return testData.GetAccount(reporter, addr), true
}

// accountWithBalance returns a random account that can spend at least
// minimum nsesh, trying payerAttempts.
func accountWithBalance(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, minimum math.Int) (simsx.SimAccount, bool) {
	for range payerAttempts {
		acc := testData.AnyAccount(reporter)
		if balance := spendable(&acc); balance.GTE(minimum) && balance.IsPositive() {
			return acc, true
		}
	}
	return simsx.SimAccount{}, false
}

// spendable is what acc may spend in nsesh, less what the message being
// built reserved. It takes a pointer: the account caches its balance, and
// the delivery draws the fees from that cache in the account the factory
// returns.
func spendable(acc *simsx.SimAccount) math.Int {
	return acc.LiquidBalance().AmountOf(types.Denom)
}

// reserve sets amount nsesh of acc's balance aside for the message, so that
// the fees the delivery draws afterwards leave it; false when acc cannot
// spend that much.
func reserve(acc *simsx.SimAccount, amount math.Int) bool {
	if !amount.IsPositive() {
		return true
	}
	return acc.LiquidBalance().BlockAmount(sdk.NewCoin(types.Denom, amount))
}
