package keeper_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// scenario drives random Msgs against a fixture and checks conservation and
// the reference model after every step.
type scenario struct {
	t   *testing.T
	f   *fixture
	rng *rand.Rand

	keys      []string
	model     map[string]*paidTime
	receipts  []string
	processor map[string]sdk.AccAddress
	revoked   map[string]bool
	outcomes  map[string]int
	planDur   map[uint32]time.Duration

	payersAll []sdk.AccAddress // every account that pays, with its starting balance
	start     math.Int         // their total at genesis
	purchases uint64
	spent     math.Int
	pool, liq math.Int // what each purchase's split says went where
}

func TestConservationRandomized(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 20250601} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			s := newScenario(t, seed)
			for step := 0; step < 300; step++ {
				s.step(step)
				s.check(step)
			}
			// The scenario must have exercised what it claims to.
			require.Greater(t, s.purchases, uint64(50), "purchases")
			for _, o := range []string{
				"price", "not feeder", "subscribed", "no price", "slippage", "insufficient funds",
				"recorded", "duplicate", "revoked", "revoked current", "already revoked", "not processor", "spent",
			} {
				require.Positive(t, s.outcomes[o], "outcome %q never happened: %v", o, s.outcomes)
			}
			t.Log(s.outcomes)
		})
	}
}

func newScenario(t *testing.T, seed uint64) *scenario {
	f := newFixture(t, withParams(func(p *types.Params) { p.MinFeeders = 2 }))
	poor := testAddr(77)
	f.bank.Mint(f.ctx, poor, sdk.NewCoins(coin(math.NewInt(50_000_000_000))))
	s := &scenario{
		t: t, f: f, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		model: map[string]*paidTime{}, outcomes: map[string]int{}, processor: map[string]sdk.AccAddress{}, revoked: map[string]bool{},
		planDur: map[uint32]time.Duration{planMonth: month, planQuarter: quarter, planYear: year},
		spent:   math.ZeroInt(), pool: math.ZeroInt(), liq: math.ZeroInt(),
	}
	for i := byte(1); i <= 6; i++ {
		s.keys = append(s.keys, sessionKey(i))
		s.model[sessionKey(i)] = &paidTime{}
	}
	s.payersAll = append(append(append([]sdk.AccAddress{}, payers...), processors...), poor)
	s.start = s.totalPayerBalance()
	return s
}

func (s *scenario) totalPayerBalance() math.Int {
	sum := math.ZeroInt()
	for _, a := range s.payersAll {
		sum = sum.Add(s.f.balance(a))
	}
	return sum
}

func (s *scenario) step(step int) {
	f, rng := s.f, s.rng
	// Every step is a new block a few seconds on; now and then a long jump.
	dt := time.Duration(rng.Int64N(int64(time.Minute)))
	if rng.IntN(30) == 0 {
		dt = time.Duration(rng.Int64N(int64(120 * types.Day)))
	}
	for _, k := range s.keys {
		s.model[k].pass(f.now(), dt)
	}
	f.advance(dt)

	before := f.snapshot()
	var err error
	var paid math.Int
	switch op := rng.IntN(100); {
	case op < 30:
		err = s.submitPrice()
	case op < 65:
		paid, err = s.subscribe()
	case op < 80:
		paid, err = s.record(step)
	case op < 95:
		err = s.revoke()
	default:
		err = s.spend()
	}
	// EndBlock of the step's block.
	defer func() { require.NoError(s.t, f.k.ExpireSubscriptions(f.ctx)) }()
	if err != nil {
		require.Equal(s.t, before, f.snapshot(), "step %d: a refused Msg changed state: %v", step, err)
		return
	}
	if paid.IsNil() {
		return
	}
	toPool := paid.MulRaw(9).QuoRaw(10)
	s.pool, s.liq = s.pool.Add(toPool), s.liq.Add(paid.Sub(toPool))
	s.purchases++
}

func (s *scenario) submitPrice() error {
	feeder := feeders[s.rng.IntN(len(feeders))]                           // feeders[3] is not named
	price := math.LegacyNewDecWithPrec(s.rng.Int64N(5_000_000)+50_000, 7) // $0.005 to $0.505
	err := s.f.submitPrice(feeder, price)
	if feeder.Equals(feeders[3]) {
		require.ErrorIs(s.t, err, types.ErrNotFeeder)
		s.outcomes["not feeder"]++
		return err
	}
	require.NoError(s.t, err)
	s.outcomes["price"]++
	return nil
}

func (s *scenario) subscribe() (math.Int, error) {
	f, rng := s.f, s.rng
	payer := s.payersAll[rng.IntN(len(payers))]
	if rng.IntN(5) == 0 {
		payer = testAddr(77) // holds 50 SESH at first
	}
	key := s.keys[rng.IntN(len(s.keys))]
	plan := uint32(rng.IntN(3) + 1)
	cost, _, _, quoteErr := f.k.Quote(f.ctx, plan)
	maxAmount := startingBalance
	short := quoteErr == nil && rng.IntN(6) == 0
	switch {
	case short:
		maxAmount = cost.SubRaw(1)
	case quoteErr == nil && rng.IntN(2) == 0:
		maxAmount = cost
	}
	if maxAmount.IsZero() {
		maxAmount = math.OneInt()
	}
	balance := f.balance(payer)

	paid, err := f.subscribe(payer, key, plan, maxAmount)

	switch {
	case quoteErr != nil:
		// Too few fresh submissions, or a median that moved further than
		// the reference allows since the last submission.
		want := types.ErrNoPrice
		if errors.Is(quoteErr, types.ErrPriceUnhealthy) {
			want = types.ErrPriceUnhealthy
		}
		require.ErrorIs(s.t, err, want)
		require.ErrorIs(s.t, quoteErr, want)
		s.outcomes["no price"]++
	case short:
		require.ErrorIs(s.t, err, types.ErrSlippage)
		s.outcomes["slippage"]++
	case balance.LT(cost):
		require.ErrorIs(s.t, err, sdkerrors.ErrInsufficientFunds)
		s.outcomes["insufficient funds"]++
	default:
		require.NoError(s.t, err)
		s.outcomes["subscribed"]++
		require.Equal(s.t, cost.String(), paid.String())
		s.model[key].slots = append(s.model[key].slots, slot{left: s.planDur[plan]})
		s.model[key].touched = true
	}
	return paid, err
}

func (s *scenario) record(step int) (math.Int, error) {
	rng := s.rng
	processor := processors[rng.IntN(len(processors))]
	id := fmt.Sprintf("rc-%d", step)
	duplicate := len(s.receipts) > 0 && rng.IntN(10) == 0
	if duplicate {
		// Ids are per processor: a duplicate is an id its processor used.
		id = s.receipts[rng.IntN(len(s.receipts))]
		processor = s.processor[id]
	}
	key := s.keys[rng.IntN(len(s.keys))]
	plan := uint32(rng.IntN(3) + 1)
	amount := rng.Int64N(1_000_000_000_000) + 1

	err := s.f.record(processor, id, key, plan, amount)

	if duplicate {
		require.ErrorIs(s.t, err, types.ErrDuplicateReceipt)
		s.outcomes["duplicate"]++
		return math.Int{}, err
	}
	require.NoError(s.t, err)
	s.outcomes["recorded"]++
	s.receipts = append(s.receipts, id)
	s.processor[id] = processor
	s.model[key].slots = append(s.model[key].slots, slot{receipt: id, left: s.planDur[plan]})
	s.model[key].touched = true
	return math.NewInt(amount), nil
}

func (s *scenario) revoke() error {
	if len(s.receipts) == 0 {
		return nil
	}
	id := s.receipts[s.rng.IntN(len(s.receipts))]
	by := s.processor[id]
	wrong := s.rng.IntN(5) == 0
	if wrong {
		by = processors[0]
		if s.processor[id].Equals(processors[0]) {
			by = processors[1]
		}
	}

	err := s.f.revoke(by, id)

	switch {
	case wrong:
		// The other processor has no receipt of that id.
		require.ErrorIs(s.t, err, types.ErrReceiptNotFound)
		s.outcomes["not processor"]++
	case s.revoked[id]:
		require.ErrorIs(s.t, err, types.ErrAlreadyRevoked)
		s.outcomes["already revoked"]++
	default:
		require.NoError(s.t, err)
		s.revoked[id] = true
		s.outcomes["revoked"]++
		for _, k := range s.keys {
			if m := s.model[k]; len(m.slots) > 0 && m.slots[0].receipt == id {
				s.outcomes["revoked current"]++
			}
			s.model[k].revoke(id, s.f.now())
		}
	}
	return err
}

func (s *scenario) spend() error {
	have := s.f.balance(s.f.liquidityAddr)
	if !have.IsPositive() {
		return nil
	}
	amount := math.NewInt(s.rng.Int64N(have.Int64()) + 1)
	err := s.f.spend(&types.MsgSpendProtocolLiquidity{Authority: s.f.authority, Recipient: testAddr(50).String(), Amount: coin(amount)})
	require.NoError(s.t, err)
	s.outcomes["spent"]++
	s.spent = s.spent.Add(amount)
	return nil
}

func (s *scenario) check(step int) {
	t, f := s.t, s.f
	// Within the block, what was paid and not yet swept waits in the module
	// account; the end of the block moves all of it on.
	rev, swept := f.revenue(), f.swept()
	require.Equal(t, rev.ToPool.Add(rev.ToLiquidity).Sub(swept.ToPool).Sub(swept.ToLiquidity).String(),
		f.balance(f.moduleAddr).String(), "step %d: unswept revenue", step)
	f.endBlock()
	require.True(t, f.balance(f.moduleAddr).IsZero(), "step %d: module account after the block", step)
	require.Equal(t, f.revenue(), f.swept(), "step %d: swept", step)
	// Every nsesh paid went to the pool or to liquidity, exactly split.
	paid := s.start.Sub(s.totalPayerBalance())
	poolIn, liqIn := f.proInflow(), f.balance(f.liquidityAddr).Add(s.spent)
	require.Equal(t, paid.String(), poolIn.Add(liqIn).String(), "step %d: paid = pool part + liquidity part", step)
	require.Equal(t, s.pool.String(), poolIn.String(), "step %d: pool inflow", step)
	require.Equal(t, s.liq.String(), liqIn.String(), "step %d: liquidity inflow", step)
	require.Equal(t, poolIn.String(), f.balance(f.poolAddr).String(), "step %d: pool account", step)
	require.Equal(t, s.spent.String(), f.balance(testAddr(50)).String(), "step %d: spent", step)
	rev = f.revenue()
	require.Equal(t, poolIn.String(), rev.ToPool.String(), "step %d: revenue to pool", step)
	require.Equal(t, liqIn.String(), rev.ToLiquidity.String(), "step %d: revenue to liquidity", step)
	require.Equal(t, s.purchases, rev.Purchases, "step %d: purchases", step)

	now := f.now()
	// The active count is the number of keys the model says are paid up.
	wantActive := 0
	for _, k := range s.keys {
		if m := s.model[k]; m.touched && m.expiry(now).After(now) {
			wantActive++
		}
	}
	require.Equal(t, wantActive, f.activeCount(), "step %d: active subscriptions", step)
	for _, k := range s.keys {
		m := s.model[k]
		res := f.subscription(k)
		if !m.touched {
			require.False(t, res.Active, "step %d: %s", step, k)
			continue
		}
		sub := res.Subscription
		require.Equal(t, m.expiry(now), sub.Expiry, "step %d: %s: expiry against the model", step, k)
		require.Equal(t, sub.Expiry.After(now), res.Active, "step %d: %s", step, k)
		// The periods not yet over run back to back from now to the expiry.
		var open []types.Payment
		for _, p := range sub.Periods {
			if p.PeriodEnd.After(now) {
				open = append(open, p)
			}
		}
		if !sub.Expiry.After(now) {
			require.Empty(t, open, "step %d: %s: periods after expiry", step, k)
			continue
		}
		require.NotEmpty(t, open, "step %d: %s", step, k)
		require.Equal(t, sub.Expiry, open[len(open)-1].PeriodEnd, "step %d: %s: expiry = end of the last period", step, k)
		require.False(t, open[0].PeriodStart.After(now), "step %d: %s: a gap before the first period", step, k)
		for i := 1; i < len(open); i++ {
			require.Equal(t, open[i-1].PeriodEnd, open[i].PeriodStart, "step %d: %s: periods %d and %d", step, k, i-1, i)
		}
	}
}
