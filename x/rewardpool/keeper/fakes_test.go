package keeper_test

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/math"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil/keepertest"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// recipientModule is the module account the test recipient is paid into.
const recipientModule = "test_recipient"

// funderModule is another module that pays into the pool (like x/pro).
const funderModule = "test_funder"

// testRecipient stands in for x/nodestaking. It records every emission it
// accepted, and checks that the tokens were already in its module account
// when OnEmission ran.
type testRecipient struct {
	bank *keepertest.Bank

	eligible       bool // CanReceiveEmission answers this
	eligibilityErr bool // CanReceiveEmission fails
	fail           bool // OnEmission fails

	received  []math.Int
	total     math.Int
	anomalies []string
}

var _ types.EmissionRecipient = (*testRecipient)(nil)

func (r *testRecipient) EmissionModuleAccount() string { return recipientModule }

func (r *testRecipient) CanReceiveEmission(context.Context) (bool, error) {
	if r.eligibilityErr {
		return false, errors.New("eligibility lookup failed")
	}
	return r.eligible, nil
}

func (r *testRecipient) OnEmission(ctx context.Context, amount math.Int) error {
	if r.fail {
		return errors.New("recipient bookkeeping failed")
	}
	want := r.total.Add(amount)
	if got := r.bank.GetBalance(ctx, authtypes.NewModuleAddress(recipientModule), types.Denom).Amount; !got.Equal(want) {
		r.anomalies = append(r.anomalies, fmt.Sprintf("OnEmission(%s): module account holds %s, want %s", amount, got, want))
	}
	r.received = append(r.received, amount)
	r.total = want
	return nil
}
