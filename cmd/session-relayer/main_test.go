package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

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

	// The example is valid; start then fails on the key file it names, with the key in the message.
	_, err = run(t, "start", "--config", path, "--evm.key_file", filepath.Join(t.TempDir(), "missing.key"))
	require.ErrorContains(t, err, "evm.key_file")
	require.ErrorContains(t, err, "missing.key")
}

func TestCommandsCheckTheirInput(t *testing.T) {
	_, err := run(t, "start")
	require.ErrorContains(t, err, "--config is required")

	path := filepath.Join(t.TempDir(), "relayer.toml")
	require.NoError(t, os.WriteFile(path, []byte("[chain]\ngrpc = \"127.0.0.1:9090\"\n[evm]\nrpc = \"http://127.0.0.1:8545\"\n"), 0o600))
	_, err = run(t, "start", "--config", path)
	require.ErrorContains(t, err, "chain.key_name: required")
	require.ErrorContains(t, err, "evm.key_file: required")

	_, err = run(t, "start", "--config", path, "--relayer.log_format", "xml", "--chain.key_name", "v", "--evm.key_file", "k")
	require.ErrorContains(t, err, "relayer.log_format")

	_, err = run(t, "deploy", "--config", path, "--token", "0x71562b71999873DB5b286dF957af199Ec94617F7", "--withdrawal-cap", "1")
	require.ErrorContains(t, err, "--deployer-key-file is required")
	_, err = run(t, "deploy", "--config", path, "--token", "nope", "--withdrawal-cap", "1", "--deployer-key-file", "k")
	require.ErrorContains(t, err, "--token")
	_, err = run(t, "deploy", "--config", path, "--token", "0x71562b71999873DB5b286dF957af199Ec94617F7",
		"--withdrawal-cap", "1", "--deployer-key-file", "k", "-o", "yaml")
	require.ErrorContains(t, err, "--output")
}

func TestVersion(t *testing.T) {
	out, err := run(t, "version")
	require.NoError(t, err)
	require.Regexp(t, `^session-relayer \S+`, out)
}
