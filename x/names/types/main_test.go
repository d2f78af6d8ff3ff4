package types_test

import (
	"os"
	"testing"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// TestMain sets the chain's bech32 prefix, which ValidateBasic and
// Params.Validate read from the SDK's global config, as the app does.
func TestMain(m *testing.M) {
	sdk.GetConfig().SetBech32PrefixForAccount("session", "sessionpub")
	os.Exit(m.Run())
}
