package types_test

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/testutil/fuzzcheck"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// fuzzStakes reads up to ten stakes of 1 nsesh to about 2^80 from five
// bytes each (the last byte a power of two), after the operator's, and
// returns them with their total.
func fuzzStakes(raw []byte) ([]math.Int, math.Int) {
	stakes := []math.Int{sesh(1)}
	for i := 0; i+4 < len(raw) && len(stakes) < 10; i += 5 {
		base := int64(raw[i])<<24 | int64(raw[i+1])<<16 | int64(raw[i+2])<<8 | int64(raw[i+3])
		stakes = append(stakes, math.NewInt(base+1).Mul(math.NewInt(1).MulRaw(1<<(raw[i+4]%49))))
	}
	total := math.ZeroInt()
	for _, s := range stakes {
		total = total.Add(s)
	}
	return stakes, total
}

// FuzzSplitReward checks SplitReward against its definition on arbitrary
// rewards, fees and up to ten stakes: every contributor but the operator
// gets floor((reward − fee) × stake / total), the operator the fee, its own
// floor and at most one nsesh per contributor of rounding (the dust the
// roundings leave, bounded), and the shares add up to the reward exactly:
// no nsesh is created or lost. Rewards and stakes stay below 2^128 nsesh,
// far above the SESH supply, which bounds both.
func FuzzSplitReward(f *testing.F) {
	f.Add([]byte{0x44, 0x0a, 0x48, 0x7f}, uint16(500), []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{}, uint16(0), []byte{9})
	f.Add([]byte{7}, uint16(10_000), []byte{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	f.Add([]byte{0x80, 0, 0, 0, 0, 0, 0, 0}, uint16(9_999), []byte{255, 255, 0, 0, 1, 0, 0, 0})
	f.Add([]byte{0xe8, 0xd4, 0xa5, 0x0f, 0xff}, uint16(1), []byte{})
	f.Add(fuzzcheck.MaxInt()[:16], uint16(3_333), fuzzcheck.MaxInt())
	f.Add([]byte{1}, uint16(1), []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, rewardBytes []byte, feeRaw uint16, raw []byte) {
		feeBps := uint32(feeRaw) % (types.BasisPoints + 1)
		r := fuzzcheck.Int(rewardBytes[max(0, len(rewardBytes)-16):], false)
		stakes, total := fuzzStakes(raw)

		shares := types.SplitReward(r, feeBps, stakes)

		require.Len(t, shares, len(stakes))
		fee := r.MulRaw(int64(feeBps)).QuoRaw(types.BasisPoints)
		rest := r.Sub(fee)
		sum := math.ZeroInt()
		for i, s := range shares {
			require.False(t, s.IsNegative(), "share %d is %s", i, s)
			sum = sum.Add(s)
			floor := rest.Mul(stakes[i]).Quo(total)
			if i > 0 {
				require.Equal(t, floor.String(), s.String(), "contributor %d", i)
				continue
			}
			extra := s.Sub(fee).Sub(floor)
			require.False(t, extra.IsNegative(), "the operator gets less than the fee and its pro rata share")
			require.True(t, extra.LT(math.NewInt(int64(len(stakes)))), "the operator's rounding %s", extra)
		}
		require.Equal(t, r.String(), sum.String(), "shares add up to the reward")
	})
}

// FuzzEntitlement checks the shares a claim pays against SplitReward, on
// arbitrary earned totals, fees and up to ten stakes: each contributor's
// Entitlement is its SplitReward share, the operator's less the rounding
// remainder; it does not decrease when the node earns more (so taking it
// at any time never takes more than the final share); and what the
// entitlements leave is the operator's remainder, fewer nsesh than there
// are contributors.
func FuzzEntitlement(f *testing.F) {
	f.Add([]byte{0x44, 0x0a, 0x48, 0x7f}, uint64(1), uint16(500), []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{}, uint64(0), uint16(0), []byte{9})
	f.Add([]byte{7}, uint64(3), uint16(10_000), []byte{1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	f.Add([]byte{0x80, 0, 0, 0, 0, 0, 0, 0}, uint64(1<<40), uint16(9_999), []byte{255, 255, 0, 0, 1, 0, 0, 0})
	f.Add(fuzzcheck.MaxInt()[:16], ^uint64(0), uint16(3_333), fuzzcheck.MaxInt())
	f.Fuzz(func(t *testing.T, earnedBytes []byte, more uint64, feeRaw uint16, raw []byte) {
		feeBps := uint32(feeRaw) % (types.BasisPoints + 1)
		earned := fuzzcheck.Int(earnedBytes[max(0, len(earnedBytes)-16):], false)
		later := earned.Add(math.NewIntFromUint64(more))
		stakes, total := fuzzStakes(raw)

		final := types.SplitReward(earned, feeBps, stakes)
		sum := math.ZeroInt()
		for i, s := range stakes {
			e := types.Entitlement(earned, feeBps, s, total, i == 0)
			sum = sum.Add(e)
			if i > 0 {
				require.Equal(t, final[i].String(), e.String(), "contributor %d", i)
			}
			require.True(t, e.LTE(final[i]), "contributor %d: entitled to %s, final share %s", i, e, final[i])
			eLater := types.Entitlement(later, feeBps, s, total, i == 0)
			require.True(t, eLater.GTE(e), "contributor %d: %s at %s earned, %s at %s", i, e, earned, eLater, later)
		}
		dust := earned.Sub(sum)
		require.Equal(t, final[0].Sub(types.Entitlement(earned, feeBps, stakes[0], total, true)).String(), dust.String(), "the operator's remainder")
		require.False(t, dust.IsNegative())
		require.True(t, dust.LT(math.NewInt(int64(len(stakes)))), "dust %s for %d contributors", dust, len(stakes))
	})
}

// FuzzContributionBounds checks the contribution minimum on every open
// amount math.Int holds and every count of spots: it is
// ceil(open / spots left), the least amount that, taken by every spot left,
// fills the node; the maximum is what is open; a node with no spot or
// nothing open takes nobody, with ErrNodeFull.
func FuzzContributionBounds(f *testing.F) {
	f.Add([]byte{0x0a, 0x3b, 0x5b, 0x39, 0xa0, 0x00}, uint32(1), uint32(10))
	f.Add([]byte{10}, uint32(7), uint32(10))
	f.Add([]byte{1}, uint32(0), uint32(1))
	f.Add([]byte{}, uint32(1), uint32(10))
	f.Add([]byte{5}, uint32(10), uint32(10))
	f.Add([]byte{5}, ^uint32(0), uint32(10))
	f.Add(fuzzcheck.MaxInt(), uint32(1), uint32(10))
	f.Add(fuzzcheck.MaxInt(), uint32(0), ^uint32(0))
	f.Add(fuzzcheck.MaxInt(), uint32(0), uint32(1))
	f.Fuzz(func(t *testing.T, openBytes []byte, slots, maxContributors uint32) {
		open := fuzzcheck.Int(openBytes, false)

		minimum, maximum, err := types.ContributionBounds(open, slots, maxContributors)

		if slots >= maxContributors || open.IsZero() {
			require.ErrorIs(t, err, types.ErrNodeFull)
			fuzzcheck.RequireRegistered(t, err, types.ModuleName)
			return
		}
		require.NoError(t, err)
		require.Equal(t, open.String(), maximum.String())
		left := new(big.Int).SetUint64(uint64(maxContributors - slots))
		o := open.BigInt()
		m := minimum.BigInt()
		require.Positive(t, m.Sign(), "a minimum of %s", m)
		require.LessOrEqual(t, m.Cmp(o), 0, "minimum %s above what is open, %s", m, o)
		require.GreaterOrEqual(t, new(big.Int).Mul(m, left).Cmp(o), 0, "%d spots of %s do not fill %s", left, m, o)
		less := new(big.Int).Sub(m, big.NewInt(1))
		require.Negative(t, new(big.Int).Mul(less, left).Cmp(o), "%s is not the least: %d spots of %s fill %s", m, left, less, o)
	})
}

// FuzzContributionsFillNode registers a node with an operator stake of at
// least the operator minimum and lets new contributors (or reserved spots,
// which follow the same rule) each put in any amount between the
// contribution minimum and what is open: the node fills, never beyond the
// requirement, with at most max_contributors contributors. The spots run out
// with something open only when the operator is alone (max_contributors 1),
// and it may then top its stake up to the requirement.
func FuzzContributionsFillNode(f *testing.F) {
	f.Add([]byte{0x16, 0xbc, 0xc4, 0x1e, 0x90, 0x00}, uint32(10), uint16(2_500), uint16(0), []byte{0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0x16, 0xbc, 0xc4, 0x1e, 0x90, 0x00}, uint32(10), uint16(2_500), uint16(10_000), []byte{})
	f.Add([]byte{0x16, 0xbc, 0xc4, 0x1e, 0x90, 0x00}, uint32(10), uint16(2_500), uint16(1), []byte{255, 255, 255, 255})
	f.Add([]byte{100}, uint32(100), uint16(0), uint16(0), []byte{0, 0, 0, 1})
	f.Add([]byte{1}, uint32(1), uint16(10_000), uint16(0), []byte{})
	f.Add([]byte{7}, uint32(3), uint16(1), uint16(5_000), []byte{128, 3, 200})
	f.Add(fuzzcheck.MaxInt(), uint32(10), uint16(2_500), uint16(0), []byte{0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add(fuzzcheck.MaxInt(), uint32(100), uint16(0), uint16(0), []byte{0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, reqBytes []byte, maxContributors uint32, opBps, opPick uint16, picks []byte) {
		p := types.DefaultParams()
		p.StakingRequirement = fuzzcheck.Int(reqBytes, false)
		p.MaxContributors = 1 + maxContributors%types.MaxContributorsLimit
		p.MinOperatorStakeBps = uint32(opBps) % (types.BasisPoints + 1)
		if p.Validate() != nil {
			t.Skip("params governance cannot set")
		}
		// The operator stakes between its minimum and the requirement.
		opMin := p.MinOperatorStake()
		require.True(t, opMin.LTE(p.StakingRequirement), "operator minimum %s above the requirement", opMin)
		stake := pick(opMin, p.StakingRequirement, uint64(opPick), types.BasisPoints)
		if !stake.IsPositive() {
			stake = math.OneInt() // stakes are positive
		}
		open := p.StakingRequirement.Sub(stake)
		slots := uint32(1)

		for i := 0; open.IsPositive(); i++ {
			if slots == p.MaxContributors {
				require.Equal(t, uint32(1), slots, "%s open and all %d spots taken", open, slots)
				return
			}
			minimum, maximum, err := types.ContributionBounds(open, slots, p.MaxContributors)
			require.NoError(t, err, "%s open after %d contributors of %d", open, slots, p.MaxContributors)
			b := byte(0)
			if i < len(picks) {
				b = picks[i]
			}
			amount := pick(minimum, maximum, uint64(b), 255)
			open = open.Sub(amount)
			slots++
			require.False(t, open.IsNegative(), "contributions passed the requirement")
		}
		require.LessOrEqual(t, slots, p.MaxContributors, "filled with more contributors than allowed")
	})
}

// pick returns lo + (hi − lo) × num / den.
func pick(lo, hi math.Int, num, den uint64) math.Int {
	span := new(big.Int).Sub(hi.BigInt(), lo.BigInt())
	span.Mul(span, new(big.Int).SetUint64(num))
	span.Quo(span, new(big.Int).SetUint64(den))
	return lo.Add(math.NewIntFromBigInt(span))
}

// FuzzMinOperatorStake checks the operator minimum for every requirement
// math.Int holds and every share: it is ceil(requirement × bps / 10000),
// the least stake worth that share, and never above the requirement.
func FuzzMinOperatorStake(f *testing.F) {
	f.Add([]byte{0x16, 0xbc, 0xc4, 0x1e, 0x90, 0x00}, uint16(2_500))
	f.Add([]byte{1}, uint16(1))
	f.Add([]byte{3}, uint16(3_333))
	f.Add([]byte{}, uint16(5_000))
	f.Add(fuzzcheck.MaxInt(), uint16(2_500))
	f.Add(fuzzcheck.MaxInt(), uint16(10_000))
	f.Fuzz(func(t *testing.T, reqBytes []byte, bpsRaw uint16) {
		p := types.DefaultParams()
		p.StakingRequirement = fuzzcheck.Int(reqBytes, false)
		p.MinOperatorStakeBps = uint32(bpsRaw) % (types.BasisPoints + 1)

		got := p.MinOperatorStake().BigInt()

		share := new(big.Int).Mul(p.StakingRequirement.BigInt(), big.NewInt(int64(p.MinOperatorStakeBps)))
		bps := big.NewInt(types.BasisPoints)
		require.GreaterOrEqual(t, new(big.Int).Mul(got, bps).Cmp(share), 0, "%s is worth less than %d bps", got, p.MinOperatorStakeBps)
		if got.Sign() > 0 {
			less := new(big.Int).Sub(got, big.NewInt(1))
			require.Negative(t, new(big.Int).Mul(less, bps).Cmp(share), "%s is not the least", got)
		}
		require.LessOrEqual(t, got.Cmp(p.StakingRequirement.BigInt()), 0)
	})
}

// FuzzDistribute runs blocks of emission through the equal split while the
// number of earning nodes changes: after every step the carry stays below
// the number of earning nodes (the dust is bounded), and what came in is
// exactly what the index gave every node plus the carry.
func FuzzDistribute(f *testing.F) {
	f.Add(uint64(3), []byte{0x01, 0x00, 0x05, 0x02, 0xff, 0x07})
	f.Add(uint64(1), []byte{})
	f.Add(uint64(100_000), []byte{0x00, 0x01, 0x00, 0x01, 0x00, 0x01})
	f.Add(^uint64(0), []byte{0xff, 0xff, 0xff, 0xff})
	f.Add(uint64(7), []byte{0x80, 0x00, 0x81, 0x00, 0x82, 0x00, 0x83, 0x00})
	f.Fuzz(func(t *testing.T, nodes uint64, steps []byte) {
		nodes = 1 + nodes%1_000_000
		s := types.RewardState{
			RewardIndex: math.ZeroInt(), Carry: math.ZeroInt(), EarningNodes: nodes, TotalReceived: math.ZeroInt(),
		}
		// given is what the index gave each node, summed over the node
		// counts in force: Σ Δindex × nodes.
		given := math.ZeroInt()
		for i := 0; i+1 < len(steps); i += 2 {
			before := s.RewardIndex
			if steps[i]&0x80 == 0 {
				// A block's emission, up to about 2^63.
				amount := math.NewIntFromUint64(uint64(steps[i+1]) << (steps[i] % 56))
				s.Distribute(amount)
			} else {
				// A node joins or leaves the earning set.
				if steps[i+1]%2 == 0 || s.EarningNodes == 1 {
					s.EarningNodes++
				} else {
					s.EarningNodes--
				}
				s.SpreadCarry()
			}
			given = given.Add(s.RewardIndex.Sub(before).Mul(math.NewIntFromUint64(s.EarningNodes)))
			require.False(t, s.Carry.IsNegative())
			require.True(t, s.Carry.LT(math.NewIntFromUint64(s.EarningNodes)), "carry %s with %d nodes", s.Carry, s.EarningNodes)
			require.Equal(t, s.TotalReceived.String(), given.Add(s.Carry).String(), "received = given + carry")
		}
	})
}
