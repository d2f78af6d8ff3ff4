package types_test

import (
	"bytes"
	"os"
	"testing"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/bech32"
)

// TestMain sets the chain's bech32 prefix, which ValidateBasic and
// Params.Validate read from the SDK's global config, as the app does.
func TestMain(m *testing.M) {
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount("session", "sessionpub")
	os.Exit(m.Run())
}

// testAddr returns a distinct bech32 account address for each i.
func testAddr(i byte) string { return sdk.AccAddress(bytes.Repeat([]byte{i}, 20)).String() }

// otherPrefixAddr is a well-formed address of another chain.
func otherPrefixAddr(i byte) string {
	s, err := bech32.ConvertAndEncode("cosmos", bytes.Repeat([]byte{i}, 20))
	if err != nil {
		panic(err)
	}
	return s
}
