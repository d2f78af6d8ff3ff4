package cli_test

import (
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	clitestutil "github.com/cosmos/cosmos-sdk/testutil/cli"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/sessiontoken/sessionchain/x/nodestaking/client/cli"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// TestTxCommandsRefuseWithoutUsage checks that the node-key commands refuse
// a bad value with its registered error alone: the usage text, which is
// longer than a screen, would bury it.
// endpointArgs are the endpoint flags of a valid uptime proof.
var endpointArgs = []string{"--ip", "203.0.113.7", "--storage-port", "22021", "--quic-port", "22020", "--node-version", "11.0.2", "--storage-version", "2.8.0", "--block-height", "5", "--app-hash", "00"}

func TestTxCommandsRefuseWithoutUsage(t *testing.T) {
	enc := moduletestutil.MakeTestEncodingConfig()
	from := sdk.AccAddress("badinput-operator___").String()
	clientCtx := client.Context{}.
		WithCodec(enc.Codec).
		WithInterfaceRegistry(enc.InterfaceRegistry).
		WithTxConfig(enc.TxConfig).
		WithKeyring(keyring.NewInMemory(enc.Codec)).
		WithChainID("session-test-1")
	keyFile := filepath.Join(t.TempDir(), "node.key")
	_, err := cli.WriteNodeKey(keyFile)
	require.NoError(t, err)

	tests := []struct {
		name    string
		cmd     *cobra.Command
		args    []string
		wantErr error
	}{
		{
			name:    "register-node with a fee above 100%",
			cmd:     cli.NewRegisterNodeCmd(),
			args:    []string{"10000000000000nsesh", "--node-key-file", keyFile, "--fee-bps", "10001"},
			wantErr: types.ErrInvalidFee,
		},
		{
			name:    "uptime-proof for a 2-byte key",
			cmd:     cli.NewUptimeProofCmd(),
			args:    append([]string{"--pubkey", "0102", "--signature", "abcd", "--seq", "1"}, endpointArgs...),
			wantErr: types.ErrInvalidPubkey,
		},
		{
			name:    "uptime-proof from a private address",
			cmd:     cli.NewUptimeProofCmd(),
			args:    []string{"--pubkey", "0102", "--signature", "abcd", "--seq", "1", "--ip", "10.0.0.1", "--storage-port", "1", "--quic-port", "2", "--node-version", "1", "--storage-version", "1"},
			wantErr: types.ErrInvalidEndpoint,
		},
		{
			name:    "update-reservations naming an address twice",
			cmd:     cli.NewUpdateReservationsCmd(),
			args:    []string{"3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29", "--reserve", from + "=5", "--reserve", from + "=5"},
			wantErr: types.ErrInvalidReserved,
		},
		{
			name:    "contribute with a max fee above 100%",
			cmd:     cli.NewContributeCmd(),
			args:    []string{"3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29", "5000000000000nsesh", "--max-fee-bps", "10001"},
			wantErr: types.ErrInvalidFee,
		},
		{
			name:    "vote about a key that is not hex",
			cmd:     cli.NewVoteCmd(),
			args:    []string{"zz", "decommission", "--node-key-file", keyFile, "--period", "1"},
			wantErr: types.ErrInvalidPubkey,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := clitestutil.ExecTestCLICmd(clientCtx, tc.cmd, append(tc.args, "--from", from, "--generate-only"))
			require.ErrorIs(t, err, tc.wantErr)
			require.NotContains(t, out.String(), "Usage:", "the error alone, not the usage")
		})
	}
}

// TestContributeNamesTheMaxFee: --max-fee-bps goes into the message (without
// it the command asks the chain for the node's fee).
func TestContributeNamesTheMaxFee(t *testing.T) {
	enc := moduletestutil.MakeTestEncodingConfig()
	types.RegisterInterfaces(enc.InterfaceRegistry)
	from := sdk.AccAddress("badinput-contributor").String()
	clientCtx := client.Context{}.
		WithCodec(enc.Codec).
		WithInterfaceRegistry(enc.InterfaceRegistry).
		WithTxConfig(enc.TxConfig).
		WithKeyring(keyring.NewInMemory(enc.Codec)).
		WithChainID("session-test-1")
	out, err := clitestutil.ExecTestCLICmd(clientCtx, cli.NewContributeCmd(), []string{
		"3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29", "5000000000000nsesh",
		"--max-fee-bps", "1500", "--from", from, "--generate-only",
	})
	require.NoError(t, err)
	require.Contains(t, out.String(), `"max_fee_bps":1500`)
}
