package keeper_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// A split vote that no claim can carry past 2/3 used to stall every later
// deposit for good. Now the split is alerted at once and, after
// deposit_split_timeout_blocks, every vote on the deposits not yet observed
// is dropped: the validators attest again and the deposits flow.
func TestSplitDepositVoteIsReopenedAfterTheTimeout(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.DepositSplitTimeoutBlocks = 3 }))
	a, b := claim(1, users[1].String(), 100), claim(1, users[2].String(), 100)
	f.attestAll(a, vals[0], vals[1])
	f.attestAll(b, vals[2], vals[3])
	// Later deposits attested unanimously wait behind it.
	for n := uint64(2); n <= 4; n++ {
		f.attestAll(claim(n, users[3].String(), 10), vals...)
	}

	f.endBlock()

	require.Equal(t, uint64(0), f.lastObserved())
	split := events[*types.EventDepositSplit](f)
	require.Len(t, split, 1, "the split is alerted")
	require.Equal(t, uint64(1), split[0].Nonce)
	require.Equal(t, uint32(2), split[0].Claims)
	require.Equal(t, f.height()+3, split[0].ReopenHeight)
	res, err := f.queries.Deposits(f.ctx, &types.QueryDepositsRequest{})
	require.NoError(t, err)
	require.Equal(t, f.height(), res.SplitSince)
	for range 2 {
		f.nextBlock()
		f.endBlock()
		require.Empty(t, events[*types.EventDepositSplit](f), "alerted once")
		require.Empty(t, events[*types.EventDepositReopened](f))
	}
	f.nextBlock()
	f.endBlock()

	require.Equal(t, []*types.EventDepositReopened{{Nonce: 1, Reason: "split timeout"}}, events[*types.EventDepositReopened](f))
	res, err = f.queries.Deposits(f.ctx, &types.QueryDepositsRequest{})
	require.NoError(t, err)
	require.Empty(t, res.NextVotes)
	require.Zero(t, res.SplitSince)
	for _, v := range vals {
		require.Equal(t, uint64(1), f.nextNonce(v), "every validator attests from the open deposit again")
	}

	// The relayers, now seeing the canonical content, agree: everything flows.
	f.nextBlock()
	for n := uint64(1); n <= 4; n++ {
		c := claim(n, users[3].String(), 10)
		if n == 1 {
			c = a
		}
		f.attestAll(c, vals[:3]...)
	}
	f.endBlock()
	require.Equal(t, uint64(4), f.lastObserved())
	require.Equal(t, startBalance.AddRaw(100), f.balance(users[1]))
	require.Equal(t, startBalance.AddRaw(30), f.balance(users[3]))
}

// A validator whose relayer sees the canonical content replaces its vote on
// the open deposit, which heals the split before any timeout.
func TestSplitDepositVoteHealsByReplacement(t *testing.T) {
	f := newFixture(t)
	a, b := claim(1, users[1].String(), 100), claim(1, users[2].String(), 100)
	f.attestAll(a, vals[0], vals[1])
	f.attestAll(b, vals[2], vals[3])
	f.endBlock()
	require.Len(t, events[*types.EventDepositSplit](f), 1)
	f.nextBlock()

	observed, err := f.attest(vals[2], a)

	require.NoError(t, err)
	require.True(t, observed, "30 of 40 now agree")
	require.Equal(t, startBalance.AddRaw(100), f.balance(users[1]))
	require.Equal(t, startBalance, f.balance(users[2]))
	res, err := f.queries.Deposits(f.ctx, &types.QueryDepositsRequest{})
	require.NoError(t, err)
	require.Zero(t, res.SplitSince, "the alert clears")
	f.endBlock()
}

// A split is only raised when no claim can pass any more: votes that the
// validators yet to vote could still carry are no split.
func TestNoSplitWhileAClaimCanStillPass(t *testing.T) {
	f := newFixture(t)
	f.attestAll(claim(1, users[1].String(), 100), vals[0], vals[1])
	f.attestAll(claim(1, users[2].String(), 100), vals[2])

	f.endBlock()

	require.Empty(t, events[*types.EventDepositSplit](f), "20 + the 10 not voted is 30 of 40: it can still pass")
}

// Governance can reopen the deposits at once.
func TestGovernanceReopensDeposits(t *testing.T) {
	f := newFixture(t)
	f.attestAll(claim(1, users[1].String(), 100), vals[0], vals[1])
	f.attestAll(claim(1, users[2].String(), 100), vals[2], vals[3])
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	_, err := f.msgs.ReopenDeposit(f.ctx, &types.MsgReopenDeposit{Authority: users[0].String()})
	f.requireRejected(err, types.ErrInvalidAuthority, before, evs)

	_, err = f.msgs.ReopenDeposit(f.ctx, &types.MsgReopenDeposit{Authority: f.authority})

	require.NoError(t, err)
	require.Equal(t, []*types.EventDepositReopened{{Nonce: 1, Reason: "governance"}}, events[*types.EventDepositReopened](f))
	require.Equal(t, uint64(1), f.nextNonce(vals[0]))
	f.attestAll(claim(1, users[1].String(), 100), vals[:3]...)
	require.Equal(t, uint64(1), f.lastObserved())
}

// A validator attests at most MaxDepositsAhead past the last observed
// deposit: the votes kept while a deposit is stuck are bounded.
func TestDepositsAheadAreBounded(t *testing.T) {
	f := newFixture(t)
	for n := uint64(1); n <= types.MaxDepositsAhead; n++ {
		f.attestAll(claim(n, users[1].String(), 10), vals[0])
	}
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	_, err := f.attest(vals[0], claim(types.MaxDepositsAhead+1, users[1].String(), 10))
	f.requireRejected(err, types.ErrNonceOutOfOrder, before, evs)
}

// No amount can halt the chain. A deposit that would take the supply past
// max_supply is refunded, not minted; claims above 2^128 are refused.
func TestDepositBeyondMaxSupplyIsRefunded(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.MaxSupply = math.NewInt(5_000_000_000_000) }))
	room := f.params().MaxSupply.Sub(f.supply())
	c := claim(1, users[1].String(), 0)
	c.Amount = room.AddRaw(1)

	f.attestAll(c, vals[:3]...)
	f.endBlock()

	require.Equal(t, startBalance, f.balance(users[1]))
	obs := events[*types.EventDepositObserved](f)
	require.Len(t, obs, 1)
	require.False(t, obs[0].Minted)
	require.Contains(t, obs[0].RefundReason, "max_supply")
	require.Equal(t, c.Amount.SubRaw(2), f.transfer(1).Amount)

	// Exactly up to max_supply is minted.
	f.nextBlock()
	c2 := claim(2, users[1].String(), 0)
	c2.Amount = room
	f.attestAll(c2, vals[:3]...)
	require.Equal(t, startBalance.Add(room), f.balance(users[1]))
	require.Equal(t, f.params().MaxSupply, f.supply())
}

// panickingBank is a bank whose mint panics, as x/bank's does when a supply
// overflows.
type panickingBank struct{ *keepertest.Bank }

func (panickingBank) MintCoins(context.Context, string, sdk.Coins) error { panic("integer overflow") }

// A panic while minting in EndBlock is a refund, never a halt. (A 256-bit
// deposit used to overflow x/bank's supply in EndBlock and halt the chain.)
func TestMintPanicInEndBlockIsARefund(t *testing.T) {
	f := newFixture(t)
	c := claim(1, users[1].String(), 1_000)
	f.attestAll(c, vals[0], vals[1]) // 20 of 40: waits
	f.setPowers(10, 10, 5, 0)        // now 20 of 25: EndBlock observes
	f.swapBank(panickingBank{f.bank})

	f.endBlock()

	require.Equal(t, uint64(1), f.lastObserved())
	obs := events[*types.EventDepositObserved](f)
	require.Len(t, obs, 1)
	require.False(t, obs[0].Minted)
	require.Contains(t, obs[0].RefundReason, "integer overflow")
	require.Equal(t, types.TRANSFER_KIND_REFUND, f.transfer(1).Kind)
}

// A deposit to a bad recipient too small to refund after the fee is paid to
// the fee collector: nothing is stranded, and no relayer pays gas for dust.
func TestDustDepositToABadRecipientIsForfeited(t *testing.T) {
	f := newFixture(t)
	min := f.params().MinTransfer.Add(f.params().BridgeFee)
	c := claim(1, "not an address", 0)
	c.Amount = min.SubRaw(1)

	f.attestAll(c, vals[:3]...)

	obs := events[*types.EventDepositObserved](f)
	require.Len(t, obs, 1)
	require.True(t, obs[0].Forfeited)
	require.Equal(t, c.Amount, f.balance(feeCollectorAddr))
	require.Equal(t, c.Amount, f.stats().Minted)
	_, err := f.k.Transfers.Get(f.ctx, 1)
	require.Error(t, err, "no refund transfer")
	f.endBlock()

	// At min_transfer + fee it is refunded.
	f.nextBlock()
	c2 := claim(2, "not an address", 0)
	c2.Amount = min
	f.attestAll(c2, vals[:3]...)
	require.Equal(t, f.params().MinTransfer, f.transfer(1).Amount)
	f.endBlock()
}
