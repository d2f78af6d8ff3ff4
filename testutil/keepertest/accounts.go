package keepertest

import (
	"bytes"
	"os"
	"testing"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// The chain's bech32 prefixes, as the app sets them.
const (
	Bech32Prefix        = "session"
	Bech32ValoperPrefix = "sessionvaloper"
)

// Addr returns a distinct plain account address for each i: twenty bytes
// of i.
func Addr(i byte) sdk.AccAddress { return sdk.AccAddress(bytes.Repeat([]byte{i}, 20)) }

// SetBech32Prefixes sets the chain's prefixes in the SDK's global config,
// which ValidateBasic, genesis validation and address Strings read, as the
// app does at start.
func SetBech32Prefixes() {
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount(Bech32Prefix, Bech32Prefix+"pub")
	cfg.SetBech32PrefixForValidator(Bech32ValoperPrefix, Bech32ValoperPrefix+"pub")
}

// Main runs a package's tests with the chain's bech32 prefixes: a keeper
// test package's TestMain calls it.
func Main(m *testing.M) {
	SetBech32Prefixes()
	os.Exit(m.Run())
}
