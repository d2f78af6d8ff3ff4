package keeper_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// holdings is what an address owns in the module's world: its balance, its
// stakes, its credited rewards and its share of the unsettled ones.
type holdings struct {
	settled math.Int // balance + stakes + claimable
	total   math.Int // settled + pending share
}

func (f *fixture) holdings(addr sdk.AccAddress) holdings {
	f.t.Helper()
	settled := f.balance(addr)
	res, err := f.queries.ContributorNodes(f.ctx, &types.QueryContributorNodesRequest{Address: addr.String()})
	require.NoError(f.t, err)
	for _, n := range res.Nodes {
		settled = settled.Add(n.Amount)
	}
	r := f.rewards(addr)
	settled = settled.Add(r.Claimable)
	return holdings{settled: settled, total: settled.Add(r.Pending)}
}

// TestConservationUnderRandomActivity runs a few hundred random blocks of
// registrations, contributions, emissions, claims, unlocks, withdrawals,
// deregistrations and time jumps, and after every block checks:
//   - the module's own invariants (CheckConservation: balance = stakes +
//     claimable + pending + carry, carry below the earning nodes, …);
//   - emitted into the module = claimed + claimable + pending + carry;
//   - every nsesh is somewhere: accounts, stakes, rewards, carry or pool;
//   - no address loses anything but a deregistration penalty.
func TestConservationUnderRandomActivity(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			f := newFixture(t, withoutProofDuty)
			s := &scenario{f: f, r: rand.New(rand.NewPCG(seed, 0x5e55)), claimed: math.ZeroInt(), done: map[string]int{}}
			supply := startBalance.MulRaw(numAccounts)
			operators := map[string]string{} // node → operator, for penalties
			prev := map[string]holdings{}
			for i := byte(1); i <= numAccounts; i++ {
				prev[testAddr(i).String()] = f.holdings(testAddr(i))
			}
			actions := []func(){s.register, s.register, s.contribute, s.contribute, s.contribute, s.withdraw, s.unlock, s.claim, s.claim, s.deregister}

			for step := range 300 {
				f.nextBlock(s.blockTime())
				if s.r.IntN(5) > 0 {
					f.emit(s.emissionAmount())
				}
				for range s.r.IntN(4) {
					actions[s.r.IntN(len(actions))]()
				}
				for _, n := range s.nodes(types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING, types.NODE_STATUS_DEREGISTERED) {
					operators[n.Pubkey] = n.Operator
				}
				f.endBlock()

				ledger, err := f.k.ComputeLedger(f.ctx)
				require.NoError(t, err)
				require.Equal(t, s.claimed.String(), ledger.Claimed.String(), "step %d: claimed", step)
				owed := ledger.Claimable.Add(ledger.Pending).Add(ledger.Carry)
				require.Equal(t, f.emitted.String(), s.claimed.Add(owed).String(), "step %d: emitted = claimed + owed", step)

				penalties := map[string]math.Int{}
				for _, ev := range events[*types.EventNodeExited](f) {
					if ev.Penalty.IsPositive() {
						s.done["exit with penalty"]++
					} else {
						s.done["exit"]++
					}
					op := operators[ev.Pubkey]
					if p, ok := penalties[op]; ok {
						penalties[op] = p.Add(ev.Penalty)
					} else {
						penalties[op] = ev.Penalty
					}
				}
				// The nodes' dust: what the roundings of the contributors'
				// shares leave, which the operator gets when the stakes
				// return; fewer nsesh per node than it has contributors.
				dust, contributions := ledger.Pending, int64(0)
				for _, n := range s.nodes(types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING,
					types.NODE_STATUS_DEREGISTERED, types.NODE_STATUS_DECOMMISSIONED) {
					contributions += int64(n.Contributors)
				}
				sum := ledger.Carry.Add(f.balance(poolAddr))
				for i := byte(1); i <= numAccounts; i++ {
					addr := testAddr(i).String()
					h := f.holdings(testAddr(i))
					sum = sum.Add(h.total)
					lost := math.ZeroInt()
					if p, ok := penalties[addr]; ok {
						lost = p
					}
					require.True(t, h.settled.GTE(prev[addr].settled.Sub(lost)), "step %d: %s lost %s settled", step, addr, prev[addr].settled.Sub(h.settled))
					require.True(t, h.total.GTE(prev[addr].total.Sub(lost)), "step %d: %s lost %s", step, addr, prev[addr].total.Sub(h.total))
					dust = dust.Sub(h.total.Sub(h.settled))
					prev[addr] = h
				}
				require.False(t, dust.IsNegative(), "step %d: the shares owed exceed what the nodes earned by %s", step, dust.Neg())
				require.True(t, dust.LT(math.NewInt(max(contributions, 1))), "step %d: dust %s for %d contributions", step, dust, contributions)
				if dust.IsPositive() {
					s.done["dust"]++
				}
				sum = sum.Add(dust)
				require.Equal(t, supply.Add(f.emitted).String(), sum.String(), "step %d: every nsesh is accounted for", step)
				require.Equal(t, f.balance(poolAddr).String(), f.pool.Inflow(f.ctx, rewardpooltypes.SourcePenalty).String())
			}
			t.Logf("%s nsesh emitted, %s claimed, %s in penalties; %v", f.emitted, s.claimed, f.balance(poolAddr), s.done)
			for _, kind := range []string{
				"register", "register rejected", "contribute", "contribute rejected", "activate", "withdraw",
				"withdraw rejected", "cancel", "unlock", "unlock rejected", "claim", "claim rejected", "deregister",
				"exit", "exit with penalty", "dust",
			} {
				require.Positive(t, s.done[kind], "the scenario never did %q", kind)
			}
		})
	}
}
