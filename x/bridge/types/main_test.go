package types_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/sha256"
	"fmt"
	"os"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
)

// TestMain sets the chain's bech32 prefixes, which ValidateBasic and genesis
// validation read from the SDK's global config, as the app does.
func TestMain(m *testing.M) {
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount("session", "sessionpub")
	cfg.SetBech32PrefixForValidator("sessionvaloper", "sessionvaloperpub")
	os.Exit(m.Run())
}

// testAcc returns a distinct bech32 account address for each i.
func testAcc(i byte) string { return sdk.AccAddress(bytes.Repeat([]byte{i}, 20)).String() }

// testVal returns a distinct bech32 validator address for each i.
func testVal(i byte) string { return sdk.ValAddress(bytes.Repeat([]byte{i}, 20)).String() }

// evmKey returns the i-th EVM key; the same i gives the same key.
func evmKey(i int) *ecdsa.PrivateKey {
	seed := sha256.Sum256(fmt.Appendf(nil, "bridge types test key %d", i))
	key, err := crypto.ToECDSA(seed[:])
	if err != nil {
		panic(err)
	}
	return key
}

// evmAddr returns the address of the i-th EVM key.
func evmAddr(i int) common.Address { return crypto.PubkeyToAddress(evmKey(i).PublicKey) }

// sign signs digest with key as validators do.
func sign(t testing.TB, key *ecdsa.PrivateKey, digest common.Hash) []byte {
	t.Helper()
	sig, err := evmkey.Sign(key, digest)
	require.NoError(t, err)
	return sig
}
