//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"
)

const (
	// bridgeTimeout bounds one trip across the bridge: EVM confirmations,
	// attestations or signatures, and the EVM transaction.
	bridgeTimeout = 90 * time.Second
	// oneSESH in nsesh, which is also the ERC-20's base unit.
	oneSESH = 1_000_000_000
)

// sesh returns n SESH in base units.
func sesh(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(oneSESH)) }

// bridgeSupply is the bridge's Supply query as the CLI prints it.
type bridgeSupply struct {
	ChainSupply       string `json:"chain_supply"`
	OutboundInFlight  string `json:"outbound_in_flight"`
	LastObservedNonce string `json:"last_observed_nonce"`
	Stats             struct {
		Minted   string `json:"minted"`
		Burned   string `json:"burned"`
		Refunded string `json:"refunded"`
		Released string `json:"released"`
	} `json:"stats"`
}

// bridgeTransfer is one outbound transfer as the CLI prints it.
type bridgeTransfer struct {
	ID           string `json:"id"`
	Kind         string `json:"kind"`
	EvmRecipient string `json:"evm_recipient"`
	Amount       string `json:"amount"`
	Status       string `json:"status"`
	DepositNonce string `json:"deposit_nonce"`
}

// chainCLI is what the bridge tests need of a chain: a devnet or a localnet validator.
type chainCLI interface {
	cliJSON(t testing.TB, out any, args ...string)
	cliRunner
}

func querySupply(t testing.TB, c chainCLI) bridgeSupply {
	t.Helper()
	var s bridgeSupply
	c.cliJSON(t, &s, "query", "bridge", "supply")
	return s
}

func queryTransfers(t *testing.T, c chainCLI) []bridgeTransfer {
	t.Helper()
	var res struct {
		Transfers []bridgeTransfer `json:"transfers"`
	}
	c.cliJSON(t, &res, "query", "bridge", "transfers")
	return res.Transfers
}

// deployBridge runs `session-relayer deploy` and returns the contract address.
func deployBridge(t testing.TB, cfgPath string, token common.Address, capAmount *big.Int, deployerKeyFile string) common.Address {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, relayerBin(t), "deploy", "--config", cfgPath,
		"--token", token.Hex(), "--withdrawal-cap", capAmount.String(),
		"--deployer-key-file", deployerKeyFile, "--output", "json").Output()
	if err != nil {
		var stderr string
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("session-relayer deploy: %v\n%s\n%s", err, out, stderr)
	}
	var res struct {
		Address string `json:"address"`
	}
	require.NoError(t, json.Unmarshal(out, &res), "deploy output: %s", out)
	return common.HexToAddress(res.Address)
}

// waitSignerSet waits until the chain has made a signer set (the relayers
// registered their validators' EVM keys) with the given number of members.
func waitSignerSet(t testing.TB, run func(args ...string) (string, string, error), members int) {
	t.Helper()
	eventually(t, bridgeTimeout, "a signer set with the validators' EVM keys", func() (bool, string) {
		stdout, stderr, err := run("query", "bridge", "signer-set", "0", "-o", "json")
		if err != nil {
			return false, stderr
		}
		var res struct {
			SignerSet struct {
				Members []json.RawMessage `json:"members"`
			} `json:"signer_set"`
		}
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			return false, err.Error()
		}
		return len(res.SignerSet.Members) == members, fmt.Sprintf("%d members", len(res.SignerSet.Members))
	})
}

// requireParity checks supply parity exactly: the contract holds the chain's
// supply plus what is in flight either way. With nothing in flight, locked
// equals the chain supply.
func requireParity(t *testing.T, g *gethNode, c chainCLI, token, bridge common.Address) {
	t.Helper()
	s := querySupply(t, c)
	locked := g.balanceOf(t, token, bridge)
	want := mustInt(t, s.ChainSupply).Add(mustInt(t, s.OutboundInFlight))
	require.Equal(t, want.String(), locked.String(),
		"locked on the EVM side must equal chain supply + outbound in flight (supply %+v)", s)
}

// singleBridge is a running bridge of one validator: geth --dev with the
// token, a devnet whose genesis names the bridge contract, the validator's
// relayer, and the contract deployed with signer set 1 and holding the
// chain's genesis supply.
type singleBridge struct {
	g          *gethNode
	d          *devnet
	relayer    *relayerProc
	token      common.Address
	bridgeAddr common.Address
}

// startSingleBridge starts a singleBridge; the test's cleanups stop it.
func startSingleBridge(t testing.TB) singleBridge {
	t.Helper()
	g := startGeth(t)
	dir := t.TempDir()

	deployerKey, deployer := newEvmKey(t)
	relayerKey, relayerAddr := newEvmKey(t)
	g.fund(t, deployer, new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)))
	g.fund(t, relayerAddr, new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)))
	token := g.deployToken(t, sesh(1_000_000_000))
	// The deployer's first contract: known before it exists, so genesis names it.
	bridgeAddr := crypto.CreateAddress(deployer, 0)

	d := startDevnetEnv(t, "BRIDGE_CONTRACT="+bridgeAddr.Hex(), fmt.Sprintf("BRIDGE_EVM_CHAIN_ID=%s", g.chainID))
	metricsAddr := fmt.Sprintf("127.0.0.1:%d", freePorts(t, 1)[0])
	cfg := relayerConfig{
		grpc: d.grpcAddr(), rpc: d.rpcURL(), chainID: "sessiond-e2e-1",
		keyringDir: d.home, keyName: "validator",
		evmRPC: g.url, contract: bridgeAddr.Hex(), evmKeyFile: writeEvmKey(t, dir, relayerKey),
		metricsAddr: metricsAddr,
	}.write(t, dir)
	r := startRelayer(t, cfg, metricsAddr)

	// The relayer registers the validator's EVM key; the chain makes signer
	// set 1, and the contract is deployed with it.
	waitSignerSet(t, d.run, 1)
	got := deployBridge(t, cfg, token, sesh(1_000_000), writeEvmKey(t, dir, deployerKey))
	require.Equal(t, bridgeAddr, got, "the contract must land at the address genesis names")

	// Back the genesis supply: every nsesh here is locked on the EVM side.
	g.transferToken(t, token, g.dev, bridgeAddr, mustInt(t, querySupply(t, d).ChainSupply).BigInt())
	return singleBridge{g: g, d: d, relayer: r, token: token, bridgeAddr: bridgeAddr}
}

// TestBridgeSingleValidator runs the whole bridge with geth --dev, one
// validator and its relayer: a deposit is minted, a bridge-out released, a
// deposit to a malformed recipient refunded, and supply parity holds exactly.
func TestBridgeSingleValidator(t *testing.T) {
	sb := startSingleBridge(t)
	g, d, r, token, bridgeAddr := sb.g, sb.d, sb.relayer, sb.token, sb.bridgeAddr
	requireParity(t, g, d, token, bridgeAddr)

	alice := strings.TrimSpace(d.cli(t, "keys", "show", "alice", "-a", "--keyring-backend", "test"))
	devAddr := crypto.PubkeyToAddress(g.dev.PublicKey)

	t.Run("deposit is minted once", func(t *testing.T) {
		before := d.nseshBalance(t, alice)
		g.deposit(t, token, bridgeAddr, g.dev, alice, sesh(7))
		eventually(t, bridgeTimeout, "alice receives the deposit", func() (bool, string) {
			now := d.nseshBalance(t, alice)
			return now.Equal(before.Add(math.NewIntFromBigInt(sesh(7)))), now.String()
		})
		s := querySupply(t, d)
		require.Equal(t, sesh(7).String(), s.Stats.Minted)
		require.Equal(t, "1", s.LastObservedNonce)
		requireParity(t, g, d, token, bridgeAddr)
		// A few more polls of the relayer change nothing: minted once.
		time.Sleep(2 * time.Second)
		require.True(t, d.nseshBalance(t, alice).Equal(before.Add(math.NewIntFromBigInt(sesh(7)))))
	})

	t.Run("bridge-out is released on the EVM side", func(t *testing.T) {
		_, recipient := newEvmKey(t)
		before := d.nseshBalance(t, alice)
		res := d.broadcast(t, "tx", "bridge", "bridge-out", recipient.Hex(), fmt.Sprintf("%snsesh", sesh(3)), "--from", "alice", "--yes")
		require.Zero(t, res.Code, res.RawLog)
		res = d.waitTx(t, res.TxHash)
		require.Zero(t, res.Code, res.RawLog)
		require.True(t, d.nseshBalance(t, alice).Equal(before.Sub(math.NewIntFromBigInt(sesh(3)))), "burned from alice")
		eventually(t, bridgeTimeout, "the recipient receives the tokens", func() (bool, string) {
			b := g.balanceOf(t, token, recipient)
			return b.Cmp(sesh(3)) == 0, b.String()
		})
		eventually(t, bridgeTimeout, "the chain confirms the execution", func() (bool, string) {
			ts := queryTransfers(t, d)
			return len(ts) == 1 && ts[0].Status == "TRANSFER_STATUS_EXECUTED", fmt.Sprintf("%+v", ts)
		})
		s := querySupply(t, d)
		require.Equal(t, sesh(3).String(), s.Stats.Burned)
		require.Equal(t, sesh(3).String(), s.Stats.Released)
		require.Equal(t, "0", s.OutboundInFlight)
		requireParity(t, g, d, token, bridgeAddr)
	})

	t.Run("deposit to a malformed recipient is refunded", func(t *testing.T) {
		supplyBefore := querySupply(t, d).ChainSupply
		evmBefore := g.balanceOf(t, token, devAddr)
		g.deposit(t, token, bridgeAddr, g.dev, "session1-not-an-address", sesh(2))
		eventually(t, bridgeTimeout, "the refund executes", func() (bool, string) {
			b := g.balanceOf(t, token, devAddr)
			return b.Cmp(evmBefore) == 0, b.String()
		})
		eventually(t, bridgeTimeout, "the chain confirms the refund", func() (bool, string) {
			ts := queryTransfers(t, d)
			last := ts[len(ts)-1]
			return last.Kind == "TRANSFER_KIND_REFUND" && last.Status == "TRANSFER_STATUS_EXECUTED", fmt.Sprintf("%+v", last)
		})
		s := querySupply(t, d)
		require.Equal(t, supplyBefore, s.ChainSupply, "a refund mints nothing")
		require.Equal(t, sesh(2).String(), s.Stats.Refunded)
		require.Equal(t, "2", s.LastObservedNonce)
		requireParity(t, g, d, token, bridgeAddr)
	})

	t.Run("bad bridge-outs are refused and change nothing", func(t *testing.T) {
		before := d.nseshBalance(t, alice)
		supply := querySupply(t, d)
		huge := before.Add(math.NewInt(1)).String() + "nsesh"
		cases := []struct {
			name, recipient, amount string
			code                    uint32
			message                 string
		}{
			{"zero amount", "0x71562b71999873DB5b286dF957af199Ec94617F7", "0nsesh", 14, "invalid amount"},
			{"beyond balance", "0x71562b71999873DB5b286dF957af199Ec94617F7", huge, 15, "insufficient balance"},
			{"malformed EVM address", "0x1234", "5nsesh", 4, "invalid EVM address"},
			{"zero EVM address", "0x0000000000000000000000000000000000000000", "5nsesh", 4, "invalid EVM address"},
		}
		for _, tc := range cases {
			stdout, stderr, err := d.run("tx", "bridge", "bridge-out", tc.recipient, tc.amount, "--from", "alice", "--yes", "-o", "json")
			if err != nil {
				// Refused before broadcast by the message's own checks.
				require.Contains(t, stderr, tc.message, tc.name)
				continue
			}
			var res txResult
			require.NoError(t, json.Unmarshal([]byte(stdout), &res), tc.name)
			if res.Code == 0 {
				res = d.waitTx(t, res.TxHash)
			}
			requireCode(t, res, "bridge", tc.code)
			require.Contains(t, res.RawLog, tc.message, tc.name)
		}
		require.True(t, d.nseshBalance(t, alice).Equal(before), "no fee is charged at 0nsesh gas price, nothing burned")
		after := querySupply(t, d)
		require.Equal(t, supply.Stats, after.Stats)
		require.Equal(t, supply.ChainSupply, after.ChainSupply)
	})

	eventually(t, 30*time.Second, "the relayer reports supply parity", func() (bool, string) {
		m := r.metrics(t)
		return m["session_relayer_supply_parity_ok"] == 1 && m["session_relayer_supply_parity_diff_nsesh"] == 0,
			fmt.Sprintf("ok=%v diff=%v", m["session_relayer_supply_parity_ok"], m["session_relayer_supply_parity_diff_nsesh"])
	})
	require.Equal(t, float64(2), r.metrics(t)["session_relayer_chain_observed_nonce"])

	// SIGTERM is a graceful shutdown: the relayer exits 0.
	r.stop(t)
	require.True(t, r.cmd.ProcessState.Success(), "relayer exit: %s", r.cmd.ProcessState)
}
