package invariants

import (
	"encoding/json"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/sessiontoken/sessionchain/app"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// Tally counts, from block events, the movements no store totals.
type Tally struct {
	// Penalties is the nsesh burned by anyone but the bridge: slashed
	// stake and burned governance deposits.
	Penalties math.Int
	// LiquiditySpent is the protocol-owned liquidity governance spent.
	LiquiditySpent math.Int
}

// NewTally returns an empty tally.
func NewTally() *Tally {
	return &Tally{Penalties: math.ZeroInt(), LiquiditySpent: math.ZeroInt()}
}

var (
	bridgeAccount       = authtypes.NewModuleAddress(bridgetypes.ModuleName).String()
	liquiditySpentEvent = proto.MessageName(&protypes.EventProtocolLiquiditySpent{})
)

// AddEvents counts the burns and liquidity spends among events: a block's
// begin and end block events, or a transaction's.
func (t *Tally) AddEvents(events []abci.Event) error {
	for _, ev := range events {
		switch ev.Type {
		case banktypes.EventTypeCoinBurn:
			burner, amount, err := burn(ev)
			if err != nil {
				return err
			}
			if burner != bridgeAccount {
				t.Penalties = t.Penalties.Add(amount)
			}
		case liquiditySpentEvent:
			spent, err := typedAmount(ev)
			if err != nil {
				return err
			}
			t.LiquiditySpent = t.LiquiditySpent.Add(spent)
		}
	}
	return nil
}

// AddBlock counts a finalized block's events, its transactions' included.
func (t *Tally) AddBlock(res *abci.ResponseFinalizeBlock) error {
	if err := t.AddEvents(res.Events); err != nil {
		return err
	}
	for _, tx := range res.TxResults {
		if tx.Code != 0 {
			continue
		}
		if err := t.AddEvents(tx.Events); err != nil {
			return err
		}
	}
	return nil
}

// typedAmount reads the amount of a typed event, whose attribute values
// are JSON. (sdk.ParseTypedEvent refuses the plain "mode" attribute the
// SDK adds to begin and end block events.)
func typedAmount(ev abci.Event) (math.Int, error) {
	for _, attr := range ev.Attributes {
		if attr.Key != sdk.AttributeKeyAmount {
			continue
		}
		var s string
		if err := json.Unmarshal([]byte(attr.Value), &s); err != nil {
			return math.Int{}, fmt.Errorf("%s amount %q: %w", ev.Type, attr.Value, err)
		}
		amount, ok := math.NewIntFromString(s)
		if !ok {
			return math.Int{}, fmt.Errorf("%s amount %q is not an integer", ev.Type, s)
		}
		return amount, nil
	}
	return math.Int{}, fmt.Errorf("%s has no amount", ev.Type)
}

// burn reads a bank burn event: who burned how much nsesh.
func burn(ev abci.Event) (string, math.Int, error) {
	var burner string
	amount := math.ZeroInt()
	for _, attr := range ev.Attributes {
		switch attr.Key {
		case banktypes.AttributeKeyBurner:
			burner = attr.Value
		case sdk.AttributeKeyAmount:
			coins, err := sdk.ParseCoinsNormalized(attr.Value)
			if err != nil {
				return "", math.Int{}, fmt.Errorf("burn event amount %q: %w", attr.Value, err)
			}
			amount = coins.AmountOf(app.BaseDenom)
		}
	}
	return burner, amount, nil
}
