package keeper_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

func TestDepositMintsOnceAboveTwoThirds(t *testing.T) {
	f := newFixture(t)
	c := claim(1, users[1].String(), 5_000)
	supplyBefore, balanceBefore := f.supply(), f.balance(users[1])

	// 10 and 20 of 40 are not enough.
	for _, v := range vals[:2] {
		observed, err := f.attest(v, c)
		require.NoError(t, err)
		require.False(t, observed)
		require.Equal(t, balanceBefore, f.balance(users[1]))
	}
	require.Equal(t, uint64(0), f.lastObserved())

	// 30 of 40 is.
	observed, err := f.attest(vals[2], c)

	require.NoError(t, err)
	require.True(t, observed)
	require.Equal(t, balanceBefore.AddRaw(5_000), f.balance(users[1]))
	require.Equal(t, supplyBefore.AddRaw(5_000), f.supply())
	require.Equal(t, uint64(1), f.lastObserved())
	require.Equal(t, "5000", f.stats().Minted.String())
	require.True(t, f.stats().Refunded.IsZero())
	require.Equal(t, []*types.EventDepositObserved{{Claim: c, Minted: true}}, events[*types.EventDepositObserved](f))
	require.Len(t, events[*types.EventDepositAttested](f), 3)
	votes, err := f.k.DepositVotes.Iterate(f.ctx, nil)
	require.NoError(t, err)
	require.False(t, votes.Valid(), "the votes of an observed deposit are dropped")
	votes.Close()

	// The last validator's attestation comes too late: nothing more is minted.
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	_, err = f.attest(vals[3], c)
	f.requireRejected(err, types.ErrDuplicateAttestation, before, evs)
	require.Equal(t, uint64(2), f.nextNonce(vals[3]))
	f.endBlock()
	require.Equal(t, balanceBefore.AddRaw(5_000), f.balance(users[1]), "the end of block mints nothing more")
}

func TestDepositThreshold(t *testing.T) {
	tests := []struct {
		name   string
		powers []int64
		// observedAfter is the attestation, by vals in order, that observes
		// the deposit (0: none does).
		observedAfter int
	}{
		{"equal powers: 3 of 4", []int64{10, 10, 10, 10}, 3},
		{"exactly 2/3 is not enough", []int64{30, 10, 10, 10}, 3},
		{"exactly 2/3 of three is not enough", []int64{20, 20, 20}, 3},
		{"one validator above 2/3", []int64{67, 11, 11, 11}, 1},
		{"one validator at exactly 2/3", []int64{2, 1}, 2},
		{"a large validator and a small one", []int64{60, 7, 33}, 2},
		{"half the power never passes", []int64{10, 10}, 2},
		{"unbonded validators are not in the total", []int64{10, 0, 0, 10}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.setPowers(0, 0, 0, 0)
			f.setPowers(tc.powers...)
			c := claim(1, users[1].String(), 777)
			for i, v := range vals[:len(tc.powers)] {
				n := i + 1

				observed, err := f.attest(v, c)

				switch {
				case tc.powers[i] == 0:
					require.ErrorIs(t, err, types.ErrNotValidator)
				case tc.observedAfter > 0 && n > tc.observedAfter:
					require.ErrorIs(t, err, types.ErrDuplicateAttestation, "attestation %d", n)
				default:
					require.NoError(t, err)
					require.Equal(t, n == tc.observedAfter, observed, "attestation %d", n)
				}
				want := uint64(0)
				if tc.observedAfter > 0 && n >= tc.observedAfter {
					want = 1
				}
				require.Equal(t, want, f.lastObserved(), "after attestation %d", n)
			}
			if tc.observedAfter == 0 {
				require.Equal(t, startBalance, f.balance(users[1]))
			}
		})
	}
}

func TestVotesOfUnbondedValidatorsCountNothing(t *testing.T) {
	f := newFixture(t)
	c := claim(1, users[1].String(), 10)
	f.attestAll(c, vals[0], vals[1])
	f.setPowers(0) // vals[0] unbonds: its vote stays but weighs nothing

	observed, err := f.attest(vals[2], c)
	require.NoError(t, err)
	require.False(t, observed, "20 of 30 is exactly 2/3")
	observed, err = f.attest(vals[3], c)
	require.NoError(t, err)
	require.True(t, observed, "30 of 30")
}

func TestDepositsAreObservedInNonceOrder(t *testing.T) {
	f := newFixture(t)
	c1, c2 := claim(1, users[1].String(), 100), claim(2, users[2].String(), 200)
	// Two validators run ahead and attest both deposits.
	f.attestAll(c1, vals[0], vals[1])
	f.attestAll(c2, vals[0], vals[1])

	// A third attests the first: only it passes.
	observed, err := f.attest(vals[2], c1)
	require.NoError(t, err)
	require.True(t, observed)
	require.Equal(t, uint64(1), f.lastObserved())
	require.Equal(t, startBalance.AddRaw(100), f.balance(users[1]))
	require.Equal(t, startBalance, f.balance(users[2]))

	observed, err = f.attest(vals[2], c2)
	require.NoError(t, err)
	require.True(t, observed)
	require.Equal(t, startBalance.AddRaw(200), f.balance(users[2]))
	f.endBlock()
}

// TestDepositHeldBackIsObservedAtEndBlock: a deposit that has enough votes
// while an earlier one is stuck is not observed by the attestation that
// unsticks the earlier one, which tallies only its own deposit, but by the
// end of the same block.
func TestDepositHeldBackIsObservedAtEndBlock(t *testing.T) {
	f := newFixture(t)
	c1, c2 := claim(1, users[1].String(), 100), claim(2, users[2].String(), 200)
	conflicting := claim(1, users[3].String(), 100)
	f.attestAll(c1, vals[0], vals[1])
	f.attestAll(conflicting, vals[2])
	observed, err := f.attest(vals[0], c2)
	require.NoError(t, err)
	require.False(t, observed, "deposit 1 is not observed yet")
	f.attestAll(c2, vals[1], vals[2])
	require.Equal(t, uint64(0), f.lastObserved(), "30 of 40 for deposit 2 wait for deposit 1")

	observed, err = f.attest(vals[3], c1)
	require.NoError(t, err)
	require.True(t, observed, "30 of 40 for deposit 1's claim")
	require.Equal(t, uint64(1), f.lastObserved())
	require.Equal(t, startBalance, f.balance(users[2]))

	f.endBlock()
	require.Equal(t, uint64(2), f.lastObserved())
	require.Equal(t, startBalance.AddRaw(100), f.balance(users[1]))
	require.Equal(t, startBalance.AddRaw(200), f.balance(users[2]))
	require.Equal(t, startBalance, f.balance(users[3]))
}

func TestDepositOutOfOrder(t *testing.T) {
	f := newFixture(t)
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

	_, err := f.attest(vals[0], claim(2, users[1].String(), 100))
	f.requireRejected(err, types.ErrNonceOutOfOrder, before, evs)

	f.attestAll(claim(1, users[1].String(), 100), vals[0])
	before, evs = f.snapshot(), len(f.ctx.EventManager().Events())
	_, err = f.attest(vals[0], claim(3, users[1].String(), 100))
	f.requireRejected(err, types.ErrNonceOutOfOrder, before, evs)
	require.Equal(t, uint64(2), f.nextNonce(vals[0]))
}

// A validator attests a deposit once. Only on the deposit the chain observes
// next may it attest other content (its relayer saw the canonical content
// after a reorg): the vote is replaced, never added. On a later deposit
// other content is a conflict.
func TestDepositAttestedTwiceByOneValidator(t *testing.T) {
	f := newFixture(t)
	c := claim(1, users[1].String(), 100)
	f.attestAll(c, vals[0])
	before, evs := f.snapshot(), len(f.ctx.EventManager().Events())
	_, err := f.attest(vals[0], c)
	f.requireRejected(err, types.ErrDuplicateAttestation, before, evs)
	// The sender in another spelling is the same claim.
	same := c
	same.EvmSender = strings.ToLower(same.EvmSender)
	_, err = f.attest(vals[0], same)
	f.requireRejected(err, types.ErrDuplicateAttestation, before, evs)

	// Ahead of the open deposit, other content is refused.
	later := claim(2, users[1].String(), 100)
	f.attestAll(later, vals[0])
	before, evs = f.snapshot(), len(f.ctx.EventManager().Events())
	_, err = f.attest(vals[0], claim(2, users[2].String(), 100))
	f.requireRejected(err, types.ErrConflictingAttestation, before, evs)

	// On the open deposit, other content replaces the vote.
	replaced := claim(1, users[1].String(), 101)
	_, err = f.attest(vals[0], replaced)
	require.NoError(t, err)
	res, err := f.queries.Deposits(f.ctx, &types.QueryDepositsRequest{})
	require.NoError(t, err)
	require.Equal(t, []types.DepositVote{{Validator: vals[0].valoper(), Claim: replaced}}, res.NextVotes, "replaced, not added")
	require.Equal(t, uint64(3), f.nextNonce(vals[0]), "the cursor stays where it was")
	ev := events[*types.EventDepositAttested](f)
	require.True(t, ev[len(ev)-1].Replaced)
}

func TestDepositSenderSpellingsCountTogether(t *testing.T) {
	f := newFixture(t)
	c := claim(1, users[1].String(), 100)
	lower, upper := c, c
	lower.EvmSender = strings.ToLower(c.EvmSender)
	upper.EvmSender = "0x" + strings.ToUpper(c.EvmSender[2:])

	f.attestAll(lower, vals[0])
	f.attestAll(upper, vals[1])
	observed, err := f.attest(vals[2], c)

	require.NoError(t, err)
	require.True(t, observed)
	require.Equal(t, depositor.Hex(), events[*types.EventDepositObserved](f)[0].Claim.EvmSender)
}

func TestConflictingClaimsPassOnlyWhenTwoThirdsAgree(t *testing.T) {
	f := newFixture(t)
	honest, wrong := claim(1, users[1].String(), 100), claim(1, users[1].String(), 1_000_000)

	f.attestAll(honest, vals[0])
	f.attestAll(wrong, vals[1])
	f.attestAll(honest, vals[2])
	require.Equal(t, uint64(0), f.lastObserved(), "20 of 40 for one claim, 10 for the other")
	f.endBlock()
	require.Equal(t, uint64(0), f.lastObserved())
	observed, err := f.attest(vals[3], honest)

	require.NoError(t, err)
	require.True(t, observed)
	require.Equal(t, startBalance.AddRaw(100), f.balance(users[1]))
	require.Equal(t, "100", f.stats().Minted.String())
	require.Equal(t, uint64(2), f.nextNonce(vals[1]), "the validator that attested the wrong claim moves on")
}

func TestDepositRejected(t *testing.T) {
	good := claim(1, users[1].String(), 100)
	with := func(change func(c *types.DepositClaim)) types.DepositClaim {
		c := good
		change(&c)
		return c
	}
	tests := []struct {
		name    string
		opts    []fixtureOption
		setup   func(f *fixture)
		msg     *types.MsgAttestDeposit
		wantErr error
	}{
		{
			name: "validator not bonded", setup: func(f *fixture) { f.setPowers(0) },
			msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: good}, wantErr: types.ErrNotValidator,
		},
		{
			name: "account that is no validator's delegate",
			msg:  &types.MsgAttestDeposit{Signer: users[0].String(), Claim: good}, wantErr: types.ErrNotValidator,
		},
		{
			name: "the operator account instead of the delegate",
			msg:  &types.MsgAttestDeposit{Signer: vals[0].op(), Claim: good}, wantErr: types.ErrNotDelegate,
		},
		{
			name: "operator of a validator without a key", opts: []fixtureOption{noKeys},
			msg: &types.MsgAttestDeposit{Signer: vals[0].op(), Claim: good}, wantErr: types.ErrNotDelegate,
		},
		{
			name: "signer named by a valoper address",
			msg:  &types.MsgAttestDeposit{Signer: vals[0].valoper(), Claim: good}, wantErr: types.ErrInvalidAddress,
		},
		{
			name: "amount of 2^128", msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: with(func(c *types.DepositClaim) {
				c.Amount = math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), 128))
			})},
			wantErr: types.ErrInvalidClaim,
		},
		{
			name: "paused", opts: []fixtureOption{paused},
			msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: good}, wantErr: types.ErrPaused,
		},
		{
			name: "not configured", opts: []fixtureOption{unconfigured},
			msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: good}, wantErr: types.ErrNotConfigured,
		},
		{
			name: "zero nonce", msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: with(func(c *types.DepositClaim) { c.Nonce = 0 })},
			wantErr: types.ErrInvalidClaim,
		},
		{
			name: "zero amount", msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: with(func(c *types.DepositClaim) { c.Amount = math.ZeroInt() })},
			wantErr: types.ErrInvalidClaim,
		},
		{
			name: "negative amount", msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: with(func(c *types.DepositClaim) { c.Amount = math.NewInt(-100) })},
			wantErr: types.ErrInvalidClaim,
		},
		{
			name: "no amount", msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: with(func(c *types.DepositClaim) { c.Amount = math.Int{} })},
			wantErr: types.ErrInvalidClaim,
		},
		{
			name: "sender not an address", msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: with(func(c *types.DepositClaim) { c.EvmSender = "0x1234" })},
			wantErr: types.ErrInvalidClaim,
		},
		{name: "zero sender", msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: with(func(c *types.DepositClaim) {
			c.EvmSender = "0x0000000000000000000000000000000000000000"
		})}, wantErr: types.ErrInvalidClaim},
		{
			name: "sender with a bad checksum", msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: with(func(c *types.DepositClaim) { c.EvmSender = flipCase(c.EvmSender) })},
			wantErr: types.ErrInvalidClaim,
		},
		{
			name: "empty recipient", msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: with(func(c *types.DepositClaim) { c.Recipient = "" })},
			wantErr: types.ErrInvalidClaim,
		},
		{
			name: "recipient too long", msg: &types.MsgAttestDeposit{Signer: vals[0].signer(), Claim: with(func(c *types.DepositClaim) { c.Recipient = strings.Repeat("s", 129) })},
			wantErr: types.ErrInvalidClaim,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.opts...)
			if tc.setup != nil {
				tc.setup(f)
			}
			before, evs := f.snapshot(), len(f.ctx.EventManager().Events())

			_, err := f.msgs.AttestDeposit(f.ctx, tc.msg)

			f.requireRejected(err, tc.wantErr, before, evs)
		})
	}
}

func TestDepositRefund(t *testing.T) {
	tests := []struct {
		name      string
		recipient string
	}{
		{"not an address", "hello"},
		{"an EVM address", depositor.Hex()},
		{"an address of another chain", sdk.MustBech32ifyAddressBytes("cosmos", users[1])},
		{"a validator address", vals[0].valoper()},
		{"a bad bech32 checksum", users[1].String()[:len(users[1].String())-1] + "q"},
		{"128 bytes", strings.Repeat("x", 128)},
		{"the bridge module account", bridgeAddr.String()},
		{"the gov module account", authtypes.NewModuleAddress("gov").String()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.mustBridgeOut(1_000) // transfer 1, so the refund is 2
			f.nextBlock()
			supplyBefore, balancesBefore := f.supply(), f.bank.All(f.ctx)
			c := claim(1, tc.recipient, 4_000)
			f.attestAll(c, vals[0], vals[1])

			observed, err := f.attest(vals[2], c)

			require.NoError(t, err)
			require.True(t, observed, "a refund settles the deposit too")
			require.Equal(t, uint64(1), f.lastObserved())
			require.Equal(t, supplyBefore, f.supply(), "nothing is minted")
			require.Equal(t, balancesBefore, f.bank.All(f.ctx), "nobody is paid")
			require.Equal(t, types.Transfer{
				Id: 2, Kind: types.TRANSFER_KIND_REFUND, EvmRecipient: depositor.Hex(), Amount: math.NewInt(3_998), Fee: math.NewInt(2),
				Status: types.TRANSFER_STATUS_QUEUED, DepositNonce: 1, CreatedHeight: f.height(),
			}, f.transfer(2), "refunded less the bridge fee, which pays the relayer that submits it")
			st := f.stats()
			require.Equal(t, "4000", st.Refunded.String())
			require.True(t, st.Minted.IsZero())
			evs := events[*types.EventDepositObserved](f)
			require.Len(t, evs, 1)
			require.False(t, evs[0].Minted)
			require.Equal(t, uint64(2), evs[0].RefundTransferId)
			require.NotEmpty(t, evs[0].RefundReason)
			require.Equal(t, []*types.EventTransferQueued{{Transfer: f.transfer(2)}}, events[*types.EventTransferQueued](f))
			f.endBlock()
		})
	}
}

func TestDepositToAnUppercaseAddressMints(t *testing.T) {
	f := newFixture(t)
	c := claim(1, strings.ToUpper(users[1].String()), 10)

	f.attestAll(c, vals[:3]...)

	require.Equal(t, startBalance.AddRaw(10), f.balance(users[1]))
	f.endBlock()
}

func TestDepositToANewAccountMints(t *testing.T) {
	f := newFixture(t)
	fresh := testAddr(77)

	f.attestAll(claim(1, fresh.String(), 10), vals[:3]...)

	require.Equal(t, "10", f.balance(fresh).String())
}

func TestLateValidatorSkipsObservedDeposits(t *testing.T) {
	f := newFixture(t)
	f.setPowers(10, 10, 10, 0)
	for n := uint64(1); n <= 3; n++ {
		f.attestAll(claim(n, users[1].String(), 10), vals[:3]...)
	}
	require.Equal(t, uint64(3), f.lastObserved())
	require.Equal(t, uint64(4), f.nextNonce(vals[3]), "even before bonding, the next nonce follows what was observed")
	f.nextBlock()

	// The fourth validator bonds: it starts after what the chain observed.
	f.setPowers(10, 10, 10, 10)

	require.Equal(t, uint64(4), f.nextNonce(vals[3]))
	_, err := f.attest(vals[3], claim(1, users[1].String(), 10))
	require.ErrorIs(t, err, types.ErrDuplicateAttestation)
	_, err = f.attest(vals[3], claim(5, users[1].String(), 10))
	require.ErrorIs(t, err, types.ErrNonceOutOfOrder)
	observed, err := f.attest(vals[3], claim(4, users[1].String(), 10))
	require.NoError(t, err)
	require.False(t, observed)
	require.Equal(t, uint64(5), f.nextNonce(vals[3]))
}

func TestNextNonceFollowsTheValidatorAheadOfTheChain(t *testing.T) {
	f := newFixture(t)
	// vals[0] attests 1 to 3; only 1 is observed.
	for n := uint64(1); n <= 3; n++ {
		f.attestAll(claim(n, users[1].String(), 10), vals[0])
	}
	f.attestAll(claim(1, users[1].String(), 10), vals[1], vals[2])

	require.Equal(t, uint64(1), f.lastObserved())
	require.Equal(t, uint64(4), f.nextNonce(vals[0]), "max(own 3, observed 1) + 1")
	require.Equal(t, uint64(2), f.nextNonce(vals[1]), "max(own 1, observed 1) + 1")
	require.Equal(t, uint64(2), f.nextNonce(vals[3]), "max(none, observed 1) + 1")
}

func TestPowerChangeObservesPendingDepositsAtEndBlock(t *testing.T) {
	f := newFixture(t)
	c1, c2 := claim(1, users[1].String(), 100), claim(2, users[2].String(), 200)
	f.attestAll(c1, vals[0], vals[1])
	f.attestAll(c2, vals[0], vals[1])
	f.endBlock()
	require.Equal(t, uint64(0), f.lastObserved(), "20 of 40")
	f.nextBlock()

	// vals[3] unbonds: 20 of 30 is exactly 2/3, still not enough.
	f.setPowers(10, 10, 10, 0)
	f.endBlock()
	require.Equal(t, uint64(0), f.lastObserved())
	f.nextBlock()

	// vals[0] gains power: 30 of 40.
	f.setPowers(20, 10, 10, 0)
	f.endBlock()

	require.Equal(t, uint64(2), f.lastObserved(), "both pending deposits pass, in order")
	require.Equal(t, startBalance.AddRaw(100), f.balance(users[1]))
	require.Equal(t, startBalance.AddRaw(200), f.balance(users[2]))
	require.Len(t, events[*types.EventDepositObserved](f), 2)
	require.Equal(t, "300", f.stats().Minted.String())
}

func TestEndBlockDoesNotObserveWhilePaused(t *testing.T) {
	f := newFixture(t)
	f.attestAll(claim(1, users[1].String(), 100), vals[0], vals[1])
	p := f.params()
	p.Paused = true
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	f.setPowers(10, 10, 0, 0)

	f.endBlock()

	require.Equal(t, uint64(0), f.lastObserved())
	require.Equal(t, startBalance, f.balance(users[1]))

	p.Paused = false
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	f.nextBlock()
	f.endBlock()
	require.Equal(t, uint64(1), f.lastObserved())
	require.Equal(t, startBalance.AddRaw(100), f.balance(users[1]))
}
