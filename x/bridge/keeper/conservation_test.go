package keeper_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// bridgeModel is what the test knows independently of the chain: the
// deposits made on the EVM side and what each account should hold.
type bridgeModel struct {
	deposits []types.DepositClaim // nonce i+1 at index i
	powers   []int64
	// expected balances of the accounts deposits may pay and bridge-outs burn.
	balances map[string]math.Int
	minted   math.Int
	burned   math.Int
	returned math.Int
	paid     map[uint64]bool // deposits settled in balances
	back     map[uint64]bool // bridge-outs returned to their senders
}

// TestConservationUnderRandomActivity runs random deposits (to accounts, to
// addresses that are refunded, to blocked module accounts, dust to bad
// recipients), attestations in nonce order, bridge-outs with fees (some
// beyond the balance), cancellations, batch signatures, batch outcomes
// (executed or expired) and power changes, and after every step checks
// docs/architecture.md's Invariants:
//   - chain supply − genesis supply == minted − burned + returned, and each
//     matches what the model expects;
//   - outbound in flight == the amounts and fees of the transfers queued or batched;
//   - minted + refunded == the sum of the observed deposits' amounts;
//   - every account holds what the model says; the module account nothing.
func TestConservationUnderRandomActivity(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			runConservation(t, rand.New(rand.NewPCG(seed, 0x5e55)), 400)
		})
	}
}

func runConservation(t *testing.T, r *rand.Rand, steps int) {
	f := newFixture(t)
	f.block()
	m := &bridgeModel{
		powers: []int64{10, 10, 10, 10}, balances: map[string]math.Int{},
		minted: math.ZeroInt(), burned: math.ZeroInt(), returned: math.ZeroInt(), paid: map[uint64]bool{}, back: map[uint64]bool{},
	}
	for _, u := range users {
		m.balances[u.String()] = startBalance
	}
	fresh := testAddr(200)
	m.balances[fresh.String()] = math.ZeroInt()
	m.balances[feeCollectorAddr.String()] = math.ZeroInt()
	recipients := []string{
		users[0].String(), users[1].String(), users[2].String(), fresh.String(),
		"not an address", sdk.MustBech32ifyAddressBytes("cosmos", users[0]),
		bridgeAddr.String(), authtypes.NewModuleAddress("gov").String(),
	}

	for step := range steps {
		switch op := r.IntN(100); {
		case op < 15: // a deposit on the EVM side, now and then dust
			amount := r.Int64N(1_000_000) + 1
			if r.IntN(6) == 0 {
				amount = r.Int64N(12) + 1
			}
			m.deposits = append(m.deposits, types.DepositClaim{
				Nonce: uint64(len(m.deposits) + 1), EvmSender: depositor.Hex(),
				Recipient: recipients[r.IntN(len(recipients))], Amount: math.NewInt(amount),
			})
		case op < 45: // a validator attests its next deposit
			v := vals[r.IntN(len(vals))]
			next := f.nextNonce(v)
			if m.powers[indexOf(v)] == 0 || next > uint64(len(m.deposits)) {
				continue
			}
			_, err := f.attest(v, m.deposits[next-1])
			require.NoError(t, err, "step %d", step)
		case op < 55: // a bridge-out with the fee, sometimes beyond the balance
			u := users[r.IntN(len(users))]
			have := m.balances[u.String()]
			amount := r.Int64N(have.Int64()/4+2) + 10
			if r.IntN(10) == 0 {
				amount = have.Int64() - 1
			}
			before := f.snapshot()
			_, err := f.bridgeOut(u, amount)
			if amount+fee.Int64() > have.Int64() {
				require.ErrorIs(t, err, types.ErrInsufficientBalance)
				require.Equal(t, before, f.snapshot())
				continue
			}
			require.NoError(t, err, "step %d", step)
			m.balances[u.String()] = have.SubRaw(amount).Sub(fee)
			m.burned = m.burned.AddRaw(amount).Add(fee)
		case op < 58: // a sender cancels a queued bridge-out
			u := users[r.IntN(len(users))]
			res, err := f.queries.Transfers(f.ctx, &types.QueryTransfersRequest{Status: types.TRANSFER_STATUS_QUEUED})
			require.NoError(t, err)
			for _, tr := range res.Transfers {
				if tr.Sender == u.String() {
					_, err := f.msgs.CancelBridgeOut(f.ctx, &types.MsgCancelBridgeOut{Sender: u.String(), TransferId: tr.Id})
					require.NoError(t, err, "step %d", step)
					break
				}
			}
		case op < 78: // a validator signs a batch it has not signed
			v := vals[r.IntN(len(vals))]
			res := f.pending(v)
			if len(res.BatchesToSign) == 0 {
				continue
			}
			require.NoError(t, f.signBatchWith(v, v.key, res.BatchesToSign[r.IntN(len(res.BatchesToSign))].Batch.Nonce), "step %d", step)
		case op < 92: // a validator saw a batch executed, or expired
			v := vals[r.IntN(len(vals))]
			res := f.pending(v)
			if m.powers[indexOf(v)] == 0 || len(res.BatchesToAttest) == 0 {
				continue
			}
			b := res.BatchesToAttest[r.IntN(len(res.BatchesToAttest))]
			// The model contract: a batch two validators signed is paid out, others expire.
			outcome := types.BATCH_OUTCOME_EXPIRED
			if len(f.batch(b.Nonce).Signatures) >= 2 {
				outcome = types.BATCH_OUTCOME_EXECUTED
			}
			_, err := f.attestBatch(v, b.Nonce, outcome)
			require.NoError(t, err, "step %d", step)
		case op < 96: // powers change at the end of the block
			for i := range m.powers {
				m.powers[i] = r.Int64N(100) + 1
			}
			if r.IntN(3) == 0 {
				m.powers[r.IntN(len(m.powers))] = 0
			}
			f.setPowers(m.powers...)
			f.endBlock()
			f.nextBlock()
		default:
			f.endBlock()
			f.nextBlock()
		}
		m.settle(t, f)
		m.check(t, f, step)
	}
	// The run did what it is meant to check.
	st := f.stats()
	require.GreaterOrEqual(t, f.lastObserved(), uint64(20), "deposits observed")
	for _, v := range []struct {
		name   string
		amount math.Int
	}{{"minted", st.Minted}, {"burned", st.Burned}, {"refunded", st.Refunded}, {"released", st.Released}, {"returned", st.Returned}} {
		require.True(t, v.amount.IsPositive(), "nothing %s", v.name)
	}
}

func indexOf(v validator) int {
	for i := range vals {
		if vals[i].val.Equals(v.val) {
			return i
		}
	}
	panic("unknown validator")
}

// settle credits the model with the deposits the chain observed since the
// last step (a recipient that can be paid is paid; dust to anything else
// goes to the fee collector; the rest is refunded) and with the
// bridge-outs returned to their senders (cancelled, or their batch expired).
func (m *bridgeModel) settle(t *testing.T, f *fixture) {
	t.Helper()
	least := f.params().MinTransfer.Add(f.params().BridgeFee)
	for n := uint64(1); n <= f.lastObserved(); n++ {
		if m.paid[n] {
			continue
		}
		m.paid[n] = true
		d := m.deposits[n-1]
		_, payable := m.balances[d.Recipient]
		switch {
		case payable && d.Recipient != feeCollectorAddr.String():
			m.balances[d.Recipient] = m.balances[d.Recipient].Add(d.Amount)
			m.minted = m.minted.Add(d.Amount)
		case d.Amount.LT(least):
			m.balances[feeCollectorAddr.String()] = m.balances[feeCollectorAddr.String()].Add(d.Amount)
			m.minted = m.minted.Add(d.Amount)
		}
	}
	res, err := f.queries.Transfers(f.ctx, &types.QueryTransfersRequest{Status: types.TRANSFER_STATUS_RETURNED})
	require.NoError(t, err)
	for _, tr := range res.Transfers {
		if m.back[tr.Id] {
			continue
		}
		m.back[tr.Id] = true
		total := tr.Amount.Add(tr.Fee)
		m.balances[tr.Sender] = m.balances[tr.Sender].Add(total)
		m.returned = m.returned.Add(total)
	}
}

func (m *bridgeModel) check(t *testing.T, f *fixture, step int) {
	t.Helper()
	f.checkInvariants()
	res, err := f.queries.Supply(f.ctx, &types.QuerySupplyRequest{})
	require.NoError(t, err)
	st := res.Stats

	require.Equal(t, m.minted.String(), st.Minted.String(), "step %d: minted", step)
	require.Equal(t, m.burned.String(), st.Burned.String(), "step %d: burned", step)
	require.Equal(t, m.returned.String(), st.Returned.String(), "step %d: returned", step)
	require.Equal(t, f.genesisSupply.Add(m.minted).Sub(m.burned).Add(m.returned).String(), res.ChainSupply.String(),
		"step %d: supply change = minted − burned + returned", step)

	inFlight := math.ZeroInt()
	require.NoError(t, f.k.Transfers.Walk(f.ctx, nil, func(_ uint64, tr types.Transfer) (bool, error) {
		if tr.Status == types.TRANSFER_STATUS_QUEUED || tr.Status == types.TRANSFER_STATUS_BATCHED {
			inFlight = inFlight.Add(tr.Amount).Add(tr.Fee)
		}
		return false, nil
	}))
	require.Equal(t, inFlight.String(), res.OutboundInFlight.String(), "step %d: in flight", step)

	observed := math.ZeroInt()
	for _, d := range m.deposits[:res.LastObservedNonce] {
		observed = observed.Add(d.Amount)
	}
	require.Equal(t, observed.String(), st.Minted.Add(st.Refunded).String(), "step %d: minted + refunded = observed deposits", step)

	for addr, want := range m.balances {
		acc := sdk.MustAccAddressFromBech32(addr)
		require.Equal(t, want.String(), f.balance(acc).String(), "step %d: balance of %s", step, addr)
	}
}
