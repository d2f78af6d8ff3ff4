package keepertest

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Events returns the typed events emitted in ctx so far, in order. An event
// that is not a typed event fails the test: modules emit typed events only.
func Events(t testing.TB, ctx sdk.Context) []proto.Message {
	t.Helper()
	var out []proto.Message
	for _, e := range ctx.EventManager().Events() {
		msg, err := sdk.ParseTypedEvent(abci.Event(e))
		if err != nil {
			t.Fatalf("event %s is not a typed event: %v", e.Type, err)
		}
		out = append(out, msg)
	}
	return out
}

// EventsOf returns the typed events of type T emitted in ctx so far, in
// order; as with Events, an untyped event fails the test.
func EventsOf[T proto.Message](t testing.TB, ctx sdk.Context) []T {
	t.Helper()
	var out []T
	for _, msg := range Events(t, ctx) {
		if ev, ok := msg.(T); ok {
			out = append(out, ev)
		}
	}
	return out
}
