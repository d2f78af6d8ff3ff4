package simulation

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Operation weights: the name a simulation params file sets under
// "op_weight_" + name, and the default.
const (
	WeightMsgSubmitPrice                 = "msg_submit_price"
	WeightMsgSubscribe                   = "msg_subscribe"
	WeightMsgRecordPayment               = "msg_record_payment"
	WeightMsgRevokePayment               = "msg_revoke_payment"
	DefaultWeightMsgSubmitPrice   uint32 = 60
	DefaultWeightMsgSubscribe     uint32 = 80
	DefaultWeightMsgRecordPayment uint32 = 40
	DefaultWeightMsgRevokePayment uint32 = 15
)

const (
	// sessionKeyCount is how many Session accounts buy Pro: few enough that
	// purchases extend each other and gifts happen.
	sessionKeyCount = 40
	// maxPrice bounds the simulated SESH price, in USD.
	maxPrice = 100
	// farPriceOneIn: one submission in this many is far from the price.
	farPriceOneIn = 8
)

// sessionKey returns one of the Session accounts the simulation buys Pro
// for.
func sessionKey(r *rand.Rand) string {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(r.Intn(sessionKeyCount))) //nolint:gosec // non-negative
	h := sha256.Sum256(append([]byte("sessionchain simulation session key "), buf[:]...))
	return hex.EncodeToString(h[:])
}

// coin is amount in the module's denom.
func coin(amount math.Int) sdk.Coin { return sdk.NewCoin(types.Denom, amount) }

// MsgSubmitPriceFactory has a feeder the simulation holds submit a price
// near the one in force (or the last submitted), now and then far from it,
// read at its sources a random time ago: sometimes in the future, older
// than max_source_delay or not later than the feeder's previous reading.
// The chain must refuse those with ErrSourceTime, and the delivery checks
// that it does; the others must pass.
func MsgSubmitPriceFactory(k *keeper.Keeper) simsx.SimMsgFactoryX {
	return simsx.NewSimMsgFactoryWithDeliveryResultHandler(func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgSubmitPrice, simsx.SimDeliveryResultHandler) {
		r := testData.Rand().Rand
		params, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Fail(err, "reading the params")
			return nil, nil, nil
		}
		feeders := heldAccounts(testData, reporter, params.Feeders)
		if len(feeders) == 0 {
			reporter.Skip("no feeder is a simulation account")
			return nil, nil, nil
		}
		price, err := nextPrice(ctx, k, r, params)
		if err != nil {
			reporter.Fail(err, "reading the price")
			return nil, nil, nil
		}
		from := simutil.Pick(r, feeders)
		now := sdk.UnwrapSDKContext(ctx).HeaderInfo().Time
		msg := &types.MsgSubmitPrice{Feeder: from.AddressBech32, Price: price, SourceTime: now.Add(-randomSourceAge(r, params.MaxSourceDelay))}
		var prev *types.PriceSubmission
		if p, err := k.Prices.Get(ctx, from.Address); err == nil {
			prev = &p
		} else if !errors.Is(err, collections.ErrNotFound) {
			reporter.Fail(err, "reading the feeder's last submission")
			return nil, nil, nil
		}
		if refusal := params.CheckSourceTime(msg.SourceTime, now, prev); refusal != nil {
			return []simsx.SimAccount{from}, msg, expectSourceTimeRefused(msg, refusal)
		}
		return []simsx.SimAccount{from}, msg, nil
	})
}

// nextPrice returns a price near the one in force (or a submitted one, or a
// random one), one time in farPriceOneIn far from it, within the params'
// bound and the simulation's.
func nextPrice(ctx context.Context, k *keeper.Keeper, r *rand.Rand, params types.Params) (math.LegacyDec, error) {
	state, err := k.PriceNow(ctx)
	if err != nil {
		return math.LegacyDec{}, err
	}
	reference := state.Price
	if !state.Valid {
		switch all := append(state.Fresh, state.Stale...); {
		case len(all) > 0:
			reference = simutil.Pick(r, all).Price
		default:
			reference = randomPrice(r)
		}
	}
	price := near(r, reference)
	if r.Intn(farPriceOneIn) == 0 {
		price = far(r, reference)
	}
	bound := math.LegacyNewDec(int64(min(params.MaxPriceUsd, maxPrice))) //nolint:gosec // at most 100
	return math.LegacyMinDec(price, bound), nil
}

// expectSourceTimeRefused is the delivery check of a submission whose
// source time the params refuse: the chain must refuse it with
// ErrSourceTime (the transaction fails and its message changes no state).
func expectSourceTimeRefused(msg *types.MsgSubmitPrice, want error) simsx.SimDeliveryResultHandler {
	return func(err error) error {
		if errors.Is(err, types.ErrSourceTime) {
			return nil
		}
		return fmt.Errorf("a submission read at %s should be refused (%w), got %w", msg.SourceTime, want, err)
	}
}

// heldAccounts returns the accounts of addrs that the simulation holds.
func heldAccounts(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, addrs []string) []simsx.SimAccount {
	var out []simsx.SimAccount
	for _, addr := range addrs {
		if testData.HasAccount(addr) {
			out = append(out, testData.GetAccount(reporter, addr))
		}
	}
	return out
}

// randomSourceAge returns how long before the block a submission's sources
// were read: mostly within maxDelay, one in ten times up to a minute in the
// future, one in ten times up to ten minutes too old.
func randomSourceAge(r *rand.Rand, maxDelay time.Duration) time.Duration {
	switch r.Intn(10) {
	case 0:
		return -time.Duration(1 + r.Int63n(int64(time.Minute)))
	case 1:
		return maxDelay + time.Duration(1+r.Int63n(int64(10*time.Minute)))
	default:
		return time.Duration(r.Int63n(int64(maxDelay) + 1))
	}
}

// far returns price multiplied by 0.3 to 3: a move beyond most allowed
// moves, which makes the price unhealthy until it persists.
func far(r *rand.Rand, price math.LegacyDec) math.LegacyDec {
	moved := price.MulInt64(int64(30 + r.Intn(271))).QuoInt64(100)
	if !moved.IsPositive() {
		return math.LegacyNewDecWithPrec(1, 2)
	}
	return moved
}
