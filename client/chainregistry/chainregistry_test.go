package chainregistry_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/client/chainregistry"
)

// devGenesis is the part of a `sessiond init` genesis the generator reads,
// with the app's own SESH metadata.
func devGenesis(t *testing.T, bridgeContract string) []byte {
	t.Helper()
	g := map[string]any{
		"chain_id": "sessiond-dev-1",
		"app_state": map[string]any{
			"bank":    map[string]any{"denom_metadata": []any{app.SeshMetadata()}},
			"staking": map[string]any{"params": map[string]any{"bond_denom": app.BaseDenom}},
			"bridge":  map[string]any{"params": map[string]any{"evm_chain_id": "42161", "contract_address": bridgeContract}},
		},
	}
	bz, err := json.Marshal(g)
	require.NoError(t, err)
	return bz
}

// goModVersions reads the SDK and CometBFT versions from go.mod: a test
// binary carries no module build information.
func goModVersions(t *testing.T) chainregistry.Versions {
	t.Helper()
	mod, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	version := func(path string) string {
		m := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(path) + ` (v\S+)`).FindSubmatch(mod)
		require.NotNil(t, m, path)
		return string(m[1])
	}
	return chainregistry.Versions{SDK: version("github.com/cosmos/cosmos-sdk"), CometBFT: version("github.com/cometbft/cometbft")}
}

func testChain(t *testing.T, bridgeContract string) chainregistry.Chain {
	t.Helper()
	src, err := chainregistry.LoadSource("../../chain-registry/source.json")
	require.NoError(t, err)
	gen, err := chainregistry.ParseGenesis(devGenesis(t, bridgeContract))
	require.NoError(t, err)
	return chainregistry.Chain{Source: src, Genesis: gen, Bech32Prefix: app.Bech32Prefix, Versions: goModVersions(t)}
}

// The committed files are what the generator makes from source.json and the
// app's SESH metadata: a change to either without `make chain-registry` fails.
func TestCommittedFilesAreGenerated(t *testing.T) {
	files, err := testChain(t, "").Files("../../chain-registry")
	require.NoError(t, err)
	require.Len(t, files, 4)
	for path, want := range files {
		got, err := os.ReadFile(path)
		require.NoError(t, err, "run make chain-registry")
		require.Equal(t, string(want), string(got), "%s is out of date: run make chain-registry", filepath.Base(path))
	}
}

func TestSeshUnitsAndBridgeTrace(t *testing.T) {
	c := testChain(t, "0x5FbDB2315678afecb367f032d93F642f64180aa3")
	asset := c.AssetList().Assets[0]
	require.Equal(t, "nsesh", asset.Base)
	require.Equal(t, "SESH", asset.Display)
	require.Equal(t, []chainregistry.DenomUnit{{Denom: "nsesh", Exponent: 0, Aliases: []string{"nanosesh"}}, {Denom: "SESH", Exponent: 9}}, asset.DenomUnits)
	require.Equal(t, chainregistry.Trace{
		Type: "bridge",
		Counterparty: chainregistry.TraceCounterparty{
			ChainName: "arbitrum",
			BaseDenom: "0x10Ea9E5303670331Bdddfa66A4cEA47dae4fcF3b",
			Contract:  "0x5FbDB2315678afecb367f032d93F642f64180aa3",
		},
		Provider: "Session Bridge",
	}, asset.Traces[0])

	k := c.Keplr()
	require.Equal(t, uint32(9), k.StakeCurrency.CoinDecimals)
	require.Equal(t, "sessiond-dev-1", k.ChainID)
	require.Equal(t, "sessionvaloper", k.Bech32Config.ValAddr)
	require.Equal(t, "9", c.PingPub().Assets[0].Exponent)
	require.Equal(t, "cometbft", c.ChainJSON().Codebase.Consensus.Type)
}

func TestParseGenesisRejects(t *testing.T) {
	cases := []struct {
		name    string
		genesis string
		wantErr string
	}{
		{"no chain id", `{"app_state":{}}`, "no chain_id"},
		{"no bond denom", `{"chain_id":"x","app_state":{}}`, "no staking bond_denom"},
		{"no metadata for the bond denom", `{"chain_id":"x","app_state":{"staking":{"params":{"bond_denom":"nsesh"}},"bank":{"denom_metadata":[{"base":"other"}]}}}`, `no entry for the bond denom "nsesh"`},
		{"display unit missing", `{"chain_id":"x","app_state":{"staking":{"params":{"bond_denom":"nsesh"}},"bank":{"denom_metadata":[{"base":"nsesh","display":"SESH","denom_units":[{"denom":"nsesh"}]}]}}}`, `no unit for the display denom "SESH"`},
		{"bad evm chain id", `{"chain_id":"x","app_state":{"staking":{"params":{"bond_denom":"nsesh"}},"bank":{"denom_metadata":[{"base":"nsesh","display":"nsesh","denom_units":[{"denom":"nsesh"}]}]},"bridge":{"params":{"evm_chain_id":"x"}}}}`, `bridge evm_chain_id "x"`},
		{"not json", `{`, "unexpected end of JSON input"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := chainregistry.ParseGenesis([]byte(tc.genesis))
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
}

func TestSourceValidate(t *testing.T) {
	good, err := chainregistry.LoadSource("../../chain-registry/source.json")
	require.NoError(t, err)
	cases := []struct {
		name    string
		edit    func(*chainregistry.Source)
		wantErr string
	}{
		{"upper-case chain name", func(s *chainregistry.Source) { s.ChainName = "Session" }, "chain_name"},
		{"no rest endpoint", func(s *chainregistry.Source) { s.Apis.REST = nil }, "at least one rpc and one rest"},
		{"gas prices out of order", func(s *chainregistry.Source) { s.GasPrices.High = 0 }, "fixed <= low <= average <= high"},
		{"bad erc20 address", func(s *chainregistry.Source) { s.ERC20.Contract = "0x12" }, "erc20.contract"},
		{"no pretty name", func(s *chainregistry.Source) { s.PrettyName = "" }, "pretty_name is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := good
			s.Apis.REST = append([]chainregistry.Endpoint(nil), good.Apis.REST...)
			tc.edit(&s)
			require.ErrorContains(t, s.Validate(), tc.wantErr)
		})
	}
}
