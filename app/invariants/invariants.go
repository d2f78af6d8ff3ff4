// Package invariants checks the conservation invariants (docs/architecture.md,
// Invariants) against a state of the whole app: the simulations call it after
// every block, the integration tests after every block they commit, and
// `sessiond invariants` against a stopped node's state. x/crisis is gone from
// the SDK; nothing here runs inside a running node.
//
// Most invariants are closed over the modules' own totals. Two movements
// are not totalled in any store, so the caller counts them from the blocks'
// events in a Tally: what the chain burns outside the bridge (slashing,
// governance deposits) and what governance spends of the protocol-owned
// liquidity. The supply and liquidity invariants compare against a Baseline
// taken at genesis, or at the import of an exported state.
package invariants

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/app"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	nodestakingtypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// Baseline is the state the supply and liquidity invariants count from.
type Baseline struct {
	// Supply is the total nsesh supply.
	Supply math.Int
	// Bridge are the bridge's running totals.
	Bridge bridgetypes.Stats
	// Liquidity is the protocol_liquidity balance, Revenue the Pro
	// revenue totals and Swept the part of them moved on to the pool and
	// to protocol_liquidity; NamesRevenue and NamesSwept the same of
	// Session names.
	Liquidity    math.Int
	Revenue      protypes.Revenue
	Swept        protypes.Revenue
	NamesRevenue namestypes.Revenue
	NamesSwept   namestypes.Revenue
}

// NewBaseline reads the baseline from the state at ctx.
func NewBaseline(ctx context.Context, a *app.App) (Baseline, error) {
	stats, err := bridgeStats(ctx, a)
	if err != nil {
		return Baseline{}, err
	}
	revenue, err := a.ProKeeper.Revenue.Get(ctx)
	if err != nil {
		return Baseline{}, err
	}
	swept, err := a.ProKeeper.Swept.Get(ctx)
	if err != nil {
		return Baseline{}, err
	}
	namesRevenue, err := a.NamesKeeper.Revenue.Get(ctx)
	if err != nil {
		return Baseline{}, err
	}
	namesSwept, err := a.NamesKeeper.Swept.Get(ctx)
	if err != nil {
		return Baseline{}, err
	}
	return Baseline{
		Supply:       a.BankKeeper.GetSupply(ctx, app.BaseDenom).Amount,
		Bridge:       stats,
		Liquidity:    a.ProKeeper.LiquidityBalance(ctx).Amount,
		Revenue:      revenue,
		Swept:        swept,
		NamesRevenue: namesRevenue,
		NamesSwept:   namesSwept,
	}, nil
}

// Check runs every invariant and returns all that are broken.
func Check(ctx context.Context, a *app.App, base Baseline, tally *Tally) error {
	return errors.Join(
		RewardPool(ctx, a),
		Emission(ctx, a),
		NodeStakingAccount(ctx, a),
		ProRevenue(ctx, a, base),
		NamesRevenue(ctx, a, base),
		Liquidity(ctx, a, base, tally),
		Bridge(ctx, a, base),
		Supply(ctx, a, base, tally),
	)
}

// RewardPool checks pool inflows − emissions = pool balance: every inflow,
// by source, less everything paid to the nodes. Emission retained for lack
// of an earning node never left.
func RewardPool(ctx context.Context, a *app.App) error {
	return a.RewardPoolKeeper.CheckConservation(ctx)
}

// Emission checks that everything the pool emitted reached the nodes and is
// paid, owed or dust: emitted = claimed + claimable + pending + carry, where
// the carry (emission not yet divisible among the earning nodes) is fewer
// nsesh than there are earning nodes.
func Emission(ctx context.Context, a *app.App) error {
	emitted, err := a.RewardPoolKeeper.TotalEmitted.Get(ctx)
	if err != nil {
		return err
	}
	l, err := a.NodeStakingKeeper.ComputeLedger(ctx)
	if err != nil {
		return err
	}
	if !emitted.Equal(l.Received) {
		return fmt.Errorf("emission: the pool emitted %s, the nodes received %s", emitted, l.Received)
	}
	if owed := l.Claimed.Add(l.Claimable).Add(l.Pending).Add(l.Carry); !emitted.Equal(owed) {
		return fmt.Errorf("emission: emitted %s != claimed %s + claimable %s + pending %s + carry %s",
			emitted, l.Claimed, l.Claimable, l.Pending, l.Carry)
	}
	st, err := a.NodeStakingKeeper.Rewards.State.Get(ctx)
	if err != nil {
		return err
	}
	if st.EarningNodes > 0 && l.Carry.GTE(math.NewIntFromUint64(st.EarningNodes)) {
		return fmt.Errorf("emission: dust (carry) %s is not below the %d earning nodes", l.Carry, st.EarningNodes)
	}
	return nil
}

// NodeStakingAccount checks that the nodestaking module account holds
// exactly the stakes, the rewards owed and the carry.
func NodeStakingAccount(ctx context.Context, a *app.App) error {
	addr := authtypes.NewModuleAddress(nodestakingtypes.ModuleName)
	return a.NodeStakingKeeper.CheckConservation(ctx, a.BankKeeper.GetBalance(ctx, addr, app.BaseDenom).Amount)
}

// ProRevenue checks that every purchase was split into a pool part and a
// liquidity part and nothing else. A purchase pays the pro module account
// and its block's EndBlock moves it on, recording it in Swept: the swept
// pool parts are exactly the pool's Pro inflow, and the pro module account
// holds exactly the parts not yet swept. Between two blocks of a node that
// is nothing; the simulations deliver their transactions after a block's
// EndBlock, so theirs wait for the next one. The liquidity parts are
// checked with Session names' (Liquidity).
func ProRevenue(ctx context.Context, a *app.App, base Baseline) error {
	revenue, swept, err := revenueAndSwept(ctx, a.ProKeeper.Revenue, a.ProKeeper.Swept)
	if err != nil {
		return err
	}
	if err := sweptAndHeld(ctx, a, "pro", protypes.ModuleName, rewardpooltypes.SourcePro,
		revenue.ToPool, revenue.ToLiquidity, swept.ToPool, swept.ToLiquidity); err != nil {
		return err
	}
	if revenue.Purchases < base.Revenue.Purchases {
		return fmt.Errorf("pro: purchases went down from %d to %d", base.Revenue.Purchases, revenue.Purchases)
	}
	return nil
}

// revenueAndSwept reads a paid module's revenue totals and the part of them
// swept.
func revenueAndSwept[T any](ctx context.Context, revenue, swept collections.Item[T]) (T, T, error) {
	var zero T
	r, err := revenue.Get(ctx)
	if err != nil {
		return zero, zero, err
	}
	s, err := swept.Get(ctx)
	if err != nil {
		return zero, zero, err
	}
	return r, s, nil
}

// sweptAndHeld checks a paid module's revenue against its sweeps: the
// swept pool parts went into the pool (sweptIntoPool), and its module
// account holds what is not yet swept (heldUntilSwept).
func sweptAndHeld(ctx context.Context, a *app.App, module, account, source string, toPool, toLiquidity, sweptToPool, sweptToLiquidity math.Int) error {
	if err := sweptIntoPool(ctx, a, module, sweptToPool, source); err != nil {
		return err
	}
	return heldUntilSwept(ctx, a, module, account, toPool, toLiquidity, sweptToPool, sweptToLiquidity)
}

// sweptIntoPool checks that a module's swept pool parts are exactly the
// pool's inflow from its source.
func sweptIntoPool(ctx context.Context, a *app.App, module string, sweptToPool math.Int, source string) error {
	inflow, err := a.RewardPoolKeeper.Inflows.Get(ctx, source)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		inflow = math.ZeroInt()
	case err != nil:
		return err
	}
	if !sweptToPool.Equal(inflow) {
		return fmt.Errorf("%s: pool parts swept %s != the pool's %s inflow %s", module, sweptToPool, source, inflow)
	}
	return nil
}

// heldUntilSwept checks that a module account that takes payments holds
// exactly the parts of them not yet swept, and that no more was swept than
// paid.
func heldUntilSwept(ctx context.Context, a *app.App, module, account string, toPool, toLiquidity, sweptToPool, sweptToLiquidity math.Int) error {
	if toPool.LT(sweptToPool) || toLiquidity.LT(sweptToLiquidity) {
		return fmt.Errorf("%s: swept %s/%s is more than the revenue %s/%s", module, sweptToPool, sweptToLiquidity, toPool, toLiquidity)
	}
	waiting := toPool.Add(toLiquidity).Sub(sweptToPool).Sub(sweptToLiquidity)
	if held := a.BankKeeper.GetBalance(ctx, authtypes.NewModuleAddress(account), app.BaseDenom).Amount; !held.Equal(waiting) {
		return fmt.Errorf("%s: the module account holds %s, the payments not yet swept are %s", module, held, waiting)
	}
	return nil
}

// Bridge checks that the supply bridged here never exceeds what is locked
// on the EVM side. The chain knows the locked amount from what it observed:
// the baseline's supply and transfers in flight, plus the deposits since
// (minted or refunded), less the releases (amounts and fees). Bridge-outs
// returned to their senders were burned and minted again here and never
// left the contract. What left the chain and was neither released nor
// returned is exactly the transfers queued or batched, amounts and fees;
// and the module account only passes tokens through.
func Bridge(ctx context.Context, a *app.App, base Baseline) error {
	stats, err := bridgeStats(ctx, a)
	if err != nil {
		return err
	}
	inFlight := stats.InFlight()
	open := math.ZeroInt()
	err = a.BridgeKeeper.Transfers.Walk(ctx, nil, func(_ uint64, t bridgetypes.Transfer) (bool, error) {
		if t.Status == bridgetypes.TRANSFER_STATUS_QUEUED || t.Status == bridgetypes.TRANSFER_STATUS_BATCHED {
			open = open.Add(t.Amount)
			if !t.Fee.IsNil() {
				open = open.Add(t.Fee)
			}
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if !inFlight.Equal(open) {
		return fmt.Errorf("bridge: in flight (burned %s + refunded %s - released %s - returned %s) = %s != queued and batched transfers %s",
			stats.Burned, stats.Refunded, stats.Released, stats.Returned, inFlight, open)
	}
	baseInFlight := base.Bridge.InFlight()
	locked := base.Supply.Add(baseInFlight).
		Add(stats.Minted.Sub(base.Bridge.Minted)).
		Add(stats.Refunded.Sub(base.Bridge.Refunded)).
		Sub(stats.Released.Sub(base.Bridge.Released))
	if supply := a.BankKeeper.GetSupply(ctx, app.BaseDenom).Amount; supply.GT(locked) {
		return fmt.Errorf("bridge: supply %s exceeds the %s locked on the EVM side", supply, locked)
	}
	held := a.BankKeeper.GetBalance(ctx, authtypes.NewModuleAddress(bridgetypes.ModuleName), app.BaseDenom).Amount
	if !held.IsZero() {
		return fmt.Errorf("bridge: the module account holds %s; it only passes tokens through", held)
	}
	return nil
}

// Supply checks that the total supply changed only by the bridge's mints
// and burns, and the burns the chain's own rules made (slashing,
// governance deposits), which the tally counted.
func Supply(ctx context.Context, a *app.App, base Baseline, tally *Tally) error {
	stats, err := bridgeStats(ctx, a)
	if err != nil {
		return err
	}
	minted, burned := stats.Minted.Sub(base.Bridge.Minted), stats.Burned.Sub(base.Bridge.Burned)
	returned := stats.Returned.Sub(base.Bridge.Returned)
	want := base.Supply.Add(minted).Sub(burned).Add(returned).Sub(tally.Penalties)
	if supply := a.BankKeeper.GetSupply(ctx, app.BaseDenom).Amount; !supply.Equal(want) {
		return fmt.Errorf("supply: %s != genesis %s + bridge minted %s - bridge burned %s + bridge returned %s - penalties burned %s (off by %s)",
			supply, base.Supply, minted, burned, returned, tally.Penalties, supply.Sub(want))
	}
	return nil
}

// bridgeStats are the bridge's totals; a total a store of an older
// consensus version lacks (returned, before version 2) is zero.
func bridgeStats(ctx context.Context, a *app.App) (bridgetypes.Stats, error) {
	stats, err := a.BridgeKeeper.Stats.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return bridgetypes.ZeroStats(), nil
	}
	for _, v := range []*math.Int{&stats.Minted, &stats.Burned, &stats.Refunded, &stats.Released, &stats.Returned} {
		if v.IsNil() {
			*v = math.ZeroInt()
		}
	}
	return stats, err
}
