package main

import (
	"bytes"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/chain"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// valoper is an operator address with the chain's prefix.
func valoper() string {
	chain.SetAddressConfig()
	return sdk.ValAddress(make([]byte, 20)).String()
}

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func TestInitConfigStartsFromAValidFile(t *testing.T) {
	out, err := run(t, "init-config")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "relayer.toml")
	require.NoError(t, os.WriteFile(path, []byte(out), 0o600))

	// The example is valid once it names the validator; start then fails on
	// the key file it names, with the key in the message.
	_, err = run(t, "start", "--config", path, "--chain.validator", valoper(), "--evm.key_file", filepath.Join(t.TempDir(), "missing.key"))
	require.ErrorContains(t, err, "evm.key_file")
	require.ErrorContains(t, err, "missing.key")

	// A key file others may read is refused before anything is dialed (item 12).
	keyFile := filepath.Join(t.TempDir(), "evm.key")
	require.NoError(t, os.WriteFile(keyFile, []byte("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"), 0o644))
	_, err = run(t, "start", "--config", path, "--chain.validator", valoper(), "--evm.key_file", keyFile, "--evm.password_file", "")
	require.ErrorContains(t, err, "must be readable by its owner only")
	require.NoError(t, os.Chmod(keyFile, 0o600))
	gasFile := filepath.Join(t.TempDir(), "gas.key")
	require.NoError(t, os.WriteFile(gasFile, []byte("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362319"), 0o640))
	_, err = run(t, "start", "--config", path, "--chain.validator", valoper(), "--evm.key_file", keyFile, "--evm.password_file", "",
		"--evm.gas_key_file", gasFile)
	require.ErrorContains(t, err, "gas.key has mode 0640")
}

func TestCommandsCheckTheirInput(t *testing.T) {
	_, err := run(t, "start")
	require.ErrorContains(t, err, "--config is required")

	path := filepath.Join(t.TempDir(), "relayer.toml")
	require.NoError(t, os.WriteFile(path, []byte("[chain]\ngrpc = \"127.0.0.1:9090\"\n[evm]\nrpc = \"http://127.0.0.1:8545\"\n"), 0o600))
	_, err = run(t, "start", "--config", path)
	require.ErrorContains(t, err, "chain.key_name: required")
	require.ErrorContains(t, err, "chain.validator: required")
	require.ErrorContains(t, err, "evm.key_file: required")

	// Plaintext gRPC to another machine is refused.
	_, err = run(t, "start", "--config", path, "--chain.grpc", "node.example:9090", "--chain.key_name", "v", "--evm.key_file", "k")
	require.ErrorContains(t, err, "chain.grpc_tls = true")

	_, err = run(t, "start", "--config", path, "--relayer.log_format", "xml", "--chain.key_name", "v", "--evm.key_file", "k")
	require.ErrorContains(t, err, "relayer.log_format")

	_, err = run(t, "deploy", "--config", path, "--token", "0x71562b71999873DB5b286dF957af199Ec94617F7")
	require.ErrorContains(t, err, "--deployer-key-file is required")
	_, err = run(t, "deploy", "--config", path, "--token", "nope", "--deployer-key-file", "k")
	require.ErrorContains(t, err, "--token")
	_, err = run(t, "deploy", "--config", path, "--token", "0x71562b71999873DB5b286dF957af199Ec94617F7",
		"--deployer-key-file", "k", "-o", "yaml")
	require.ErrorContains(t, err, "--output")
}

// TestConfigTakesTheChainsValoper: a process that starts with the SDK's
// default prefixes (the binary's, unlike other tests here) reads
// chain.validator as a sessionvaloper1... address. Before the root command
// set the prefixes, the relayer refused every real config with "invalid
// Bech32 prefix; expected cosmosvaloper".
func TestConfigTakesTheChainsValoper(t *testing.T) {
	val := valoper()
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount(sdk.Bech32MainPrefix, sdk.Bech32PrefixAccPub)
	cfg.SetBech32PrefixForValidator(sdk.Bech32PrefixValAddr, sdk.Bech32PrefixValPub)
	cfg.SetBech32PrefixForConsensusNode(sdk.Bech32PrefixConsAddr, sdk.Bech32PrefixConsPub)
	t.Cleanup(chain.SetAddressConfig)

	path := filepath.Join(t.TempDir(), "relayer.toml")
	require.NoError(t, os.WriteFile(path, []byte("[chain]\ngrpc = \"127.0.0.1:9090\"\nkey_name = \"d\"\nvalidator = \""+val+
		"\"\n[evm]\nrpc = \"http://127.0.0.1:8545\"\n"), 0o600))
	_, err := run(t, "start", "--config", path)
	require.ErrorContains(t, err, "evm.key_file: required", "the config is read")
	require.NotContains(t, err.Error(), "chain.validator")
}

func TestVersion(t *testing.T) {
	out, err := run(t, "version")
	require.NoError(t, err)
	require.Regexp(t, `^session-relayer \S+`, out)
}

// TestDeployParamsMirrorTheChain: the contract is deployed with the chain's
// withdrawal cap and cap period (the period was left out, and the deploy
// command panicked packing the constructor).
func TestDeployParamsMirrorTheChain(t *testing.T) {
	params := bridgetypes.DefaultParams()
	params.CapPeriodSeconds = 3_600
	token := common.HexToAddress("0x71562b71999873DB5b286dF957af199Ec94617F7")
	set := evm.SignerSet{Nonce: 4, Signers: []common.Address{token}, Powers: []*big.Int{big.NewInt(7)}, TotalPower: big.NewInt(9)}
	p := deployParams(params, token, "session-1", set)
	require.Equal(t, evm.DeployParams{
		Token: token, BridgeName: "session-1", SignerSet: set,
		WithdrawalCap: params.WithdrawalCap.BigInt(), CapPeriod: big.NewInt(3_600),
	}, p)
}
