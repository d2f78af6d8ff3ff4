package invariants

import (
	"context"
	"fmt"

	"github.com/sessiontoken/sessionchain/app"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// NamesRevenue checks that every Session names fee (registrations,
// renewals, transfer fees, the protocol's part of sales) was split into a
// pool part and a liquidity part and nothing else, as ProRevenue checks
// Pro's: a fee pays the names module account and its block's EndBlock
// moves it on, recording it in Swept; the swept pool parts are exactly the
// pool's names inflow, and the module account holds exactly the parts not
// yet swept. A sale's price less the fee goes from buyer to seller and
// never through the module account. The counts of payments only grow.
func NamesRevenue(ctx context.Context, a *app.App, base Baseline) error {
	revenue, swept, err := revenueAndSwept(ctx, a.NamesKeeper.Revenue, a.NamesKeeper.Swept)
	if err != nil {
		return err
	}
	if err := sweptAndHeld(ctx, a, "names", namestypes.ModuleName, rewardpooltypes.SourceNames,
		revenue.ToPool, revenue.ToLiquidity, swept.ToPool, swept.ToLiquidity); err != nil {
		return err
	}
	was, is := base.NamesRevenue, revenue
	if is.Registrations < was.Registrations || is.Renewals < was.Renewals || is.Transfers < was.Transfers || is.Sales < was.Sales {
		return fmt.Errorf("names: payment counts went down from %d/%d/%d/%d to %d/%d/%d/%d (registrations/renewals/transfers/sales)",
			was.Registrations, was.Renewals, was.Transfers, was.Sales, is.Registrations, is.Renewals, is.Transfers, is.Sales)
	}
	return nil
}

// Liquidity checks that protocol_liquidity gained exactly the liquidity
// parts Pro and Session names swept into it, less what governance spent of
// it.
func Liquidity(ctx context.Context, a *app.App, base Baseline, tally *Tally) error {
	pro, err := a.ProKeeper.Swept.Get(ctx)
	if err != nil {
		return err
	}
	names, err := a.NamesKeeper.Swept.Get(ctx)
	if err != nil {
		return err
	}
	fromPro := pro.ToLiquidity.Sub(base.Swept.ToLiquidity)
	fromNames := names.ToLiquidity.Sub(base.NamesSwept.ToLiquidity)
	gained := a.ProKeeper.LiquidityBalance(ctx).Amount.Sub(base.Liquidity)
	if want := fromPro.Add(fromNames).Sub(tally.LiquiditySpent); !gained.Equal(want) {
		return fmt.Errorf("liquidity: gained %s != liquidity parts swept by pro %s + by names %s - spent %s",
			gained, fromPro, fromNames, tally.LiquiditySpent)
	}
	return nil
}
