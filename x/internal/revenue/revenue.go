// Package revenue holds what Session Pro and Session names do alike with the
// SESH they are paid: the split of a payment between the Staking Reward Pool
// and protocol-owned liquidity, its one transfer into the module account
// counted in the module's revenue totals, and the EndBlock sweep that moves
// a block's parts on (docs/adr, the Pro revenue sweep). Each module keeps its
// own totals type, collections and inflow source; a Ledger works on them.
package revenue

import (
	"context"
	"math/big"

	"cosmossdk.io/collections"
	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/branch"
)

// BasisPoints is 100%.
const BasisPoints = 10_000

// Split divides a payment: the pool part is floor(amount × share / 10000),
// the liquidity part the rest, so the two always add up to amount. The
// product is formed in big.Int: for an amount near the largest math.Int it
// does not fit one, while the pool part, at most the amount, does.
// poolShareBps must be at most 10000, as the modules' params ensure.
func Split(amount math.Int, poolShareBps uint32) (toPool, toLiquidity math.Int) {
	pool := new(big.Int).Mul(amount.BigInt(), big.NewInt(int64(poolShareBps)))
	toPool = math.NewIntFromBigInt(pool.Quo(pool, big.NewInt(BasisPoints)))
	return toPool, amount.Sub(toPool)
}

// AccountKeeper is the part of x/auth a module's accounts are looked up in.
type AccountKeeper interface {
	GetModuleAddress(moduleName string) sdk.AccAddress
}

// BankKeeper is the part of x/bank a Ledger moves SESH with.
type BankKeeper interface {
	SendCoins(ctx context.Context, fromAddr, toAddr sdk.AccAddress, amt sdk.Coins) error
}

// RewardPool is the part of x/rewardpool a sweep pays the pool parts into.
type RewardPool interface {
	FundFromModule(ctx context.Context, module string, amount math.Int, source string) error
}

// Accounts returns the addresses of a module's account, which holds a
// block's payments until EndBlock, and of the protocol-owned liquidity
// account. It panics when either has not been set: the app's wiring is
// wrong and no block could be swept.
func Accounts(ak AccountKeeper, module, liquidity string) (moduleAddr, liquidityAddr sdk.AccAddress) {
	moduleAddr = ak.GetModuleAddress(module)
	if moduleAddr == nil {
		panic("the " + module + " module account has not been set")
	}
	liquidityAddr = ak.GetModuleAddress(liquidity)
	if liquidityAddr == nil {
		panic("the " + liquidity + " module account has not been set")
	}
	return moduleAddr, liquidityAddr
}

// Config names where a module's payments go.
type Config struct {
	// Module is the module account a payment goes into, and the pool's
	// funder at the sweep.
	Module string
	// ModuleAddr and LiquidityAddr are the module's account and the
	// protocol-owned liquidity account (Accounts).
	ModuleAddr, LiquidityAddr sdk.AccAddress
	// Source is the pool's inflow source the pool parts count under.
	Source string
	// Denom is the denomination paid.
	Denom string
	// Label names the revenue in the log line of a failed sweep.
	Label string
	Bank  BankKeeper
	Pool  RewardPool
	// Logger is the module's logger.
	Logger log.Logger
}

// Ledger keeps a module's revenue: Revenue counts every payment's split as
// it is paid, Swept the part of it EndBlock has moved on. T is the module's
// totals type; parts gives the addresses of its pool and liquidity parts.
type Ledger[T any] struct {
	cfg     Config
	revenue collections.Item[T]
	swept   collections.Item[T]
	parts   func(*T) (toPool, toLiquidity *math.Int)
}

// NewLedger returns the ledger of a module's revenue and swept totals.
func NewLedger[T any](cfg Config, revenue, swept collections.Item[T], parts func(*T) (toPool, toLiquidity *math.Int)) Ledger[T] {
	return Ledger[T]{cfg: cfg, revenue: revenue, swept: swept, parts: parts}
}

// Pay takes a payment from payer into the module account in one transfer
// and adds it to the revenue totals, split exactly under poolShareBps (of
// the params the caller read); count adds it to the module's own counts.
// EndBlock moves the block's parts on (Sweep). A zero amount moves nothing
// but is counted.
func (l Ledger[T]) Pay(ctx context.Context, payer sdk.AccAddress, amount math.Int, poolShareBps uint32, count func(*T),
) (toPool, toLiquidity math.Int, err error) {
	toPool, toLiquidity = Split(amount, poolShareBps)
	if amount.IsPositive() {
		if err := l.cfg.Bank.SendCoins(ctx, payer, l.cfg.ModuleAddr, sdk.NewCoins(sdk.NewCoin(l.cfg.Denom, amount))); err != nil {
			return math.Int{}, math.Int{}, err
		}
	}
	totals, err := l.revenue.Get(ctx)
	if err != nil {
		return math.Int{}, math.Int{}, err
	}
	pool, liquidity := l.parts(&totals)
	*pool = pool.Add(toPool)
	*liquidity = liquidity.Add(toLiquidity)
	count(&totals)
	return toPool, toLiquidity, l.revenue.Set(ctx, totals)
}

// Sweep moves what the block's payments paid into the module account on:
// their pool parts into the reward pool as one inflow of the module's
// source, their liquidity parts to protocol_liquidity, so that after every
// block the pool holds every payment's pool part and protocol_liquidity its
// liquidity part. A block without payments reads two items and writes
// nothing.
//
// The pool emits from its balance at the start of a day, in BeginBlock, so
// it sees the same balance as if each payment had paid it directly; one
// transfer per payment instead of two is what a payment saves.
//
// EndBlock must not fail on state users create: should a transfer fail,
// nothing of the sweep is written, the error is logged and the next block
// tries again with its own payments added.
func (l Ledger[T]) Sweep(ctx context.Context) error {
	revenue, err := l.revenue.Get(ctx)
	if err != nil {
		return err
	}
	swept, err := l.swept.Get(ctx)
	if err != nil {
		return err
	}
	revPool, revLiquidity := l.parts(&revenue)
	sweptPool, sweptLiquidity := l.parts(&swept)
	toPool, toLiquidity := revPool.Sub(*sweptPool), revLiquidity.Sub(*sweptLiquidity)
	if toPool.IsZero() && toLiquidity.IsZero() {
		return nil
	}
	if err := branch.Run(ctx, func(ctx context.Context) error { return l.move(ctx, toPool, toLiquidity) }); err != nil {
		l.cfg.Logger.Error("the block's "+l.cfg.Label+" revenue stays in the "+l.cfg.Module+" module account until a later block",
			"to_pool", toPool, "to_liquidity", toLiquidity, "err", err)
		return nil
	}
	return l.swept.Set(ctx, revenue)
}

func (l Ledger[T]) move(ctx context.Context, toPool, toLiquidity math.Int) error {
	if toPool.IsPositive() {
		if err := l.cfg.Pool.FundFromModule(ctx, l.cfg.Module, toPool, l.cfg.Source); err != nil {
			return err
		}
	}
	if toLiquidity.IsPositive() {
		return l.cfg.Bank.SendCoins(ctx, l.cfg.ModuleAddr, l.cfg.LiquidityAddr, sdk.NewCoins(sdk.NewCoin(l.cfg.Denom, toLiquidity)))
	}
	return nil
}
