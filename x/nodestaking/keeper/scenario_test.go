package keeper_test

import (
	"crypto/ed25519"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// scenario drives a fixture with random but valid-looking activity: the
// actions a population of operators and stakers would take, some of them
// out of bounds, with their outcome predicted where the rules make it
// certain.
type scenario struct {
	f       *fixture
	r       *rand.Rand
	keys    []ed25519.PrivateKey // every node key registered so far
	claimed math.Int             // everything MsgClaimRewards paid
	// done counts the outcomes, so the test can tell it covered each rule.
	done map[string]int
}

func (s *scenario) account() sdk.AccAddress { return testAddr(byte(1 + s.r.IntN(numAccounts))) }

// amount returns a random amount in [lo, hi].
func (s *scenario) amount(lo, hi math.Int) math.Int {
	if hi.LTE(lo) {
		return lo
	}
	span := hi.Sub(lo).AddRaw(1)
	if !span.IsInt64() {
		return lo
	}
	return lo.AddRaw(s.r.Int64N(span.Int64()))
}

// nodes returns the nodes in state with one of the statuses, in key order
// of registration.
func (s *scenario) nodes(statuses ...types.NodeStatus) []types.Node {
	var out []types.Node
	for _, key := range s.keys {
		node, err := s.f.k.Staking.Nodes.Get(s.f.ctx, keyHex(key))
		if errors.Is(err, collections.ErrNotFound) {
			continue
		}
		require.NoError(s.f.t, err)
		for _, st := range statuses {
			if node.Status == st {
				out = append(out, node)
			}
		}
	}
	return out
}

func (s *scenario) keyOf(node types.Node) ed25519.PrivateKey {
	for _, key := range s.keys {
		if keyHex(key) == node.Pubkey {
			return key
		}
	}
	s.f.t.Fatalf("unknown node %s", node.Pubkey)
	return nil
}

// requireRegisteredRejection checks a rejected Msg: a registered error (of
// this module or the SDK's bank) and no state change.
func (s *scenario) requireRegisteredRejection(err error, before snapshot) {
	s.f.t.Helper()
	require.Error(s.f.t, err)
	codespace, _, _ := errorsmod.ABCIInfo(err, false)
	require.Contains(s.f.t, []string{types.ModuleName, sdkerrors.RootCodespace}, codespace, "unregistered error: %v", err)
	require.Equal(s.f.t, before, s.f.snapshot(), "a rejected Msg changed the state: %v", err)
}

// outcome checks the result of a Msg of kind: when mustSucceed, it must
// succeed; otherwise it may fail, but then cleanly.
func (s *scenario) outcome(kind string, err error, mustSucceed bool, before snapshot) {
	s.f.t.Helper()
	if mustSucceed && !errors.Is(err, sdkerrors.ErrInsufficientFunds) {
		require.NoError(s.f.t, err)
	}
	if err != nil {
		s.requireRegisteredRejection(err, before)
		s.done[kind+" rejected"]++
		return
	}
	s.done[kind]++
}

func (s *scenario) register() {
	f := s.f
	key := nodeKey(1_000 + len(s.keys))
	operator := s.account()
	params := types.DefaultParams()
	amount := params.StakingRequirement
	if s.r.IntN(3) > 0 {
		amount = s.amount(params.MinOperatorStake().SubRaw(1), params.StakingRequirement)
	}
	fee := uint32(s.r.IntN(types.BasisPoints + 2))
	var reserved []types.ReservedSpot
	if s.r.IntN(4) == 0 {
		open := params.StakingRequirement.Sub(amount)
		for i := range 1 + s.r.IntN(3) {
			minimum := types.CeilDiv(open, math.NewInt(int64(params.MaxContributors)-1-int64(i)))
			spotAmount := s.amount(minimum.SubRaw(1), minimum.MulRaw(2))
			reserved = append(reserved, spot(s.account(), spotAmount))
			open = open.Sub(spotAmount)
		}
	}
	before := f.snapshot()
	err := f.register(operator, key, amount, fee, reserved...)
	if err == nil {
		s.keys = append(s.keys, key)
		s.done["register"]++
		return
	}
	s.requireRegisteredRejection(err, before)
	s.done["register rejected"]++
}

func (s *scenario) contribute() {
	f := s.f
	awaiting := s.nodes(types.NODE_STATUS_AWAITING)
	if len(awaiting) == 0 {
		return
	}
	key := s.keyOf(awaiting[s.r.IntN(len(awaiting))])
	addr := s.account()
	before := f.snapshot()
	bounds, err := f.queries.NextContribution(f.ctx, &types.QueryNextContributionRequest{Pubkey: keyHex(key), Address: addr.String()})
	if err != nil {
		require.ErrorIs(f.t, err, types.ErrNodeFull)
		_, err := f.contribute(addr, key, sesh(1))
		s.requireRegisteredRejection(err, before)
		s.done["contribute rejected"]++
		return
	}
	amount, inBounds := s.amount(bounds.Minimum, bounds.Maximum), bounds.Minimum.LTE(bounds.Maximum)
	switch s.r.IntN(10) {
	case 0:
		amount, inBounds = bounds.Minimum.SubRaw(1), false
	case 1:
		amount, inBounds = bounds.Maximum.AddRaw(1), false
	case 2, 3:
		amount = bounds.Maximum
	}
	if !amount.IsPositive() {
		return
	}
	res, err := f.contribute(addr, key, amount)
	s.outcome("contribute", err, inBounds, before)
	if err == nil && res.Activated {
		s.done["activate"]++
	}
	if !inBounds {
		require.Error(f.t, err, "contribution of %s outside [%s, %s]", amount, bounds.Minimum, bounds.Maximum)
	}
}

func (s *scenario) withdraw() {
	f := s.f
	awaiting := s.nodes(types.NODE_STATUS_AWAITING)
	if len(awaiting) == 0 {
		return
	}
	rec := f.record(s.keyOf(awaiting[s.r.IntN(len(awaiting))]))
	c := rec.Contributions[s.r.IntN(len(rec.Contributions))]
	addr, err := sdk.AccAddressFromBech32(c.Address)
	require.NoError(f.t, err)
	before := f.snapshot()
	err = f.withdraw(addr, s.keyOf(rec.Node))
	if f.now().Before(c.Contribution.LastContributedAt.Add(types.DefaultWithdrawDelay)) {
		require.ErrorIs(f.t, err, types.ErrTooEarly)
	}
	kind := "withdraw"
	if c.Address == rec.Node.Operator {
		kind = "cancel"
	}
	s.outcome(kind, err, !f.now().Before(c.Contribution.LastContributedAt.Add(types.DefaultWithdrawDelay)), before)
}

func (s *scenario) unlock() {
	f := s.f
	active := s.nodes(types.NODE_STATUS_ACTIVE)
	if len(active) == 0 {
		return
	}
	rec := f.record(s.keyOf(active[s.r.IntN(len(active))]))
	var requester sdk.AccAddress
	mustSucceed := false
	if s.r.IntN(10) == 0 {
		requester = testAddr(numAccounts + 1) // a stranger
	} else {
		c := rec.Contributions[s.r.IntN(len(rec.Contributions))]
		var err error
		requester, err = sdk.AccAddressFromBech32(c.Address)
		require.NoError(f.t, err)
		small := c.Contribution.Amount.MulRaw(4).LT(rec.Node.TotalStaked)
		mustSucceed = (!small || !f.now().Before(rec.Node.ActivatedAt.Add(types.DefaultSmallContributorLock))) &&
			!f.overdue(rec.Node.Pubkey)
	}
	before := f.snapshot()
	err := f.unlock(requester, s.keyOf(rec.Node))
	s.outcome("unlock", err, mustSucceed, before)
	if !mustSucceed {
		require.Error(f.t, err)
	}
}

func (s *scenario) claim() {
	f := s.f
	addr := s.account()
	owed := f.owed(addr)
	before := f.snapshot()
	paid, err := f.claim(addr)
	if !owed.IsPositive() {
		f.requireRejected(err, types.ErrNothingToClaim, before)
		s.done["claim rejected"]++
		return
	}
	require.NoError(f.t, err)
	require.Equal(f.t, owed.String(), paid.String(), "a claim pays what the Rewards query showed")
	s.claimed = s.claimed.Add(paid)
	s.done["claim"]++
}

func (s *scenario) deregister() {
	nodes := s.nodes(types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING)
	if len(nodes) == 0 {
		return
	}
	require.NoError(s.f.t, s.f.deregister(s.keyOf(nodes[s.r.IntN(len(nodes))])))
	s.done["deregister"]++
}

// emissionAmount returns a block's emission: mostly realistic, sometimes
// tiny, so the carry is exercised.
func (s *scenario) emissionAmount() math.Int {
	if s.r.IntN(4) == 0 {
		return math.NewInt(1 + s.r.Int64N(20))
	}
	return math.NewInt(1 + s.r.Int64N(5_000_000_000))
}

// blockTime returns the time to the next block: mostly seconds, sometimes
// hours or days, so every delay comes due.
func (s *scenario) blockTime() time.Duration {
	switch n := s.r.IntN(20); {
	case n < 14:
		return time.Duration(1+s.r.IntN(600)) * time.Second
	case n < 18:
		return time.Duration(1+s.r.IntN(48)) * time.Hour
	default:
		return time.Duration(1+s.r.IntN(20)) * day
	}
}
