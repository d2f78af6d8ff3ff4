//go:build e2e

package e2e

import (
	"context"
	"crypto/ecdsa"
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
func deployBridge(t testing.TB, cfgPath string, token common.Address, deployerKeyFile string) common.Address {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, relayerBin(t), "deploy", "--config", cfgPath,
		"--token", token.Hex(),
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
// delegate and relayer, and the contract deployed with signer set 1 and
// holding the chain's genesis supply.
type singleBridge struct {
	g          *gethNode
	d          *devnet
	relayer    *relayerProc
	token      common.Address
	bridgeAddr common.Address
	// cfg is the relayer's config; dir holds it, its log and the key files.
	cfg      relayerConfig
	dir      string
	evmKey   *ecdsa.PrivateKey
	delegate string
}

// e2eBridgeParams are the bridge params the e2e devnets start with: a batch
// one block after a transfer is queued, new signer sets and key rotations
// a few blocks apart.
const e2eBridgeParams = `{"batch_wait_blocks":"1","signer_set_min_blocks":"2","key_rotation_min_blocks":"2"}`

// registerDelegate makes a delegate account for the validator whose
// operator key is valKey, funds it (so it exists) and registers the EVM key
// in evmKeyFile with it, signed by the operator: what an operator does
// before starting session-relayer. It returns the delegate's key name and
// the validator's operator address.
func registerDelegate(t testing.TB, c chainCLI, valKey, evmKeyFile string) (delegateKey, valoper string) {
	t.Helper()
	delegateKey = valKey + "-delegate"
	if _, _, err := c.run("keys", "show", delegateKey, "--keyring-backend", "test"); err != nil {
		_, stderr, err := c.run("keys", "add", delegateKey, "--keyring-backend", "test")
		require.NoError(t, err, stderr)
	}
	addr := keyAddr(t, c, delegateKey, "acc")
	valoper = keyAddr(t, c, valKey, "val")
	res := deliverTB(t, c, "tx", "bank", "send", valKey, addr, "1000000nsesh", "--from", valKey, "--keyring-backend", "test", "-o", "json")
	require.Zero(t, res.Code, res.RawLog)
	res = deliverTB(t, c, "tx", "bridge", "register-evm-key", "--evm-key-file", evmKeyFile, "--delegate", addr,
		"--from", valKey, "--keyring-backend", "test", "-o", "json")
	require.Zero(t, res.Code, res.RawLog)
	return delegateKey, valoper
}

// keyAddr is the address of a keyring key with prefix bech ("acc" or "val").
func keyAddr(t testing.TB, c chainCLI, key, bech string) string {
	t.Helper()
	stdout, stderr, err := c.run("keys", "show", key, "-a", "--bech", bech, "--keyring-backend", "test")
	require.NoError(t, err, stderr)
	return strings.TrimSpace(stdout)
}

// deliverTB is deliver for any testing.TB.
func deliverTB(t testing.TB, c chainCLI, args ...string) txResult {
	t.Helper()
	var res txResult
	c.cliJSON(t, &res, append(args, "--yes")...)
	if res.Code != 0 {
		return res
	}
	return waitIncluded(t, c, res.TxHash)
}

// startSingleBridge starts a singleBridge whose genesis bridge params are
// e2eBridgeParams merged with params (a JSON object, or ""); the test's
// cleanups stop it.
func startSingleBridge(t testing.TB, params string) singleBridge {
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

	merged := map[string]any{}
	require.NoError(t, json.Unmarshal([]byte(e2eBridgeParams), &merged))
	if params != "" {
		require.NoError(t, json.Unmarshal([]byte(params), &merged))
	}
	paramsJSON, err := json.Marshal(merged)
	require.NoError(t, err)
	d := startDevnetEnv(t, "BRIDGE_CONTRACT="+bridgeAddr.Hex(), fmt.Sprintf("BRIDGE_EVM_CHAIN_ID=%s", g.chainID),
		"BRIDGE_PARAMS="+string(paramsJSON))
	evmKeyFile := writeEvmKey(t, dir, relayerKey)
	delegate, valoper := registerDelegate(t, d, "validator", evmKeyFile)

	metricsAddr := fmt.Sprintf("127.0.0.1:%d", freePorts(t, 1)[0])
	rc := relayerConfig{
		grpc: d.grpcAddr(), rpc: d.rpcURL(), chainID: "sessiond-e2e-1",
		keyringDir: d.home, keyName: delegate, validator: valoper,
		evmRPC: g.url, contract: bridgeAddr.Hex(), evmKeyFile: evmKeyFile,
		metricsAddr: metricsAddr,
	}
	cfg := rc.write(t, dir)
	r := startRelayer(t, cfg, metricsAddr)

	// The operator registered the validator's EVM key; the chain makes
	// signer set 1, and the contract is deployed with it.
	waitSignerSet(t, d.run, 1)
	got := deployBridge(t, cfg, token, writeEvmKey(t, dir, deployerKey))
	require.Equal(t, bridgeAddr, got, "the contract must land at the address genesis names")

	// Back the genesis supply: every nsesh here is locked on the EVM side.
	g.transferToken(t, token, g.dev, bridgeAddr, mustInt(t, querySupply(t, d).ChainSupply).BigInt())
	return singleBridge{
		g: g, d: d, relayer: r, token: token, bridgeAddr: bridgeAddr,
		cfg: rc, dir: dir, evmKey: relayerKey, delegate: delegate,
	}
}

// bridgeFee is the chain's bridge_fee param.
func bridgeFee(t testing.TB, c chainCLI) math.Int {
	t.Helper()
	var res struct {
		Params struct {
			BridgeFee string `json:"bridge_fee"`
		} `json:"params"`
	}
	c.cliJSON(t, &res, "query", "bridge", "params")
	return mustInt(t, res.Params.BridgeFee)
}

// TestBridgeSingleValidator runs the whole bridge with geth --dev, one
// validator and its relayer: a deposit is minted, a bridge-out released, a
// deposit to a malformed recipient refunded, and supply parity holds exactly.
func TestBridgeSingleValidator(t *testing.T) {
	sb := startSingleBridge(t, "")
	g, d, r, token, bridgeAddr := sb.g, sb.d, sb.relayer, sb.token, sb.bridgeAddr
	requireParity(t, g, d, token, bridgeAddr)

	alice := strings.TrimSpace(d.cli(t, "keys", "show", "alice", "-a", "--keyring-backend", "test"))
	devAddr := crypto.PubkeyToAddress(g.dev.PublicKey)
	gasWallet := crypto.PubkeyToAddress(sb.evmKey.PublicKey)
	fee := bridgeFee(t, d)

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
		require.True(t, d.nseshBalance(t, alice).Equal(before.Sub(math.NewIntFromBigInt(sesh(3))).Sub(fee)), "burned from alice with the bridge fee")
		eventually(t, bridgeTimeout, "the recipient receives the tokens", func() (bool, string) {
			b := g.balanceOf(t, token, recipient)
			return b.Cmp(sesh(3)) == 0, b.String()
		})
		eventually(t, bridgeTimeout, "the chain confirms the execution", func() (bool, string) {
			ts := queryTransfers(t, d)
			return len(ts) == 1 && ts[0].Status == "TRANSFER_STATUS_EXECUTED", fmt.Sprintf("%+v", ts)
		})
		require.Equal(t, fee.String(), g.balanceOf(t, token, gasWallet).String(), "the fee pays the relayer's gas wallet")
		s := querySupply(t, d)
		require.Equal(t, fee.Add(math.NewIntFromBigInt(sesh(3))).String(), s.Stats.Burned)
		require.Equal(t, s.Stats.Burned, s.Stats.Released)
		require.Equal(t, "0", s.OutboundInFlight)
		requireParity(t, g, d, token, bridgeAddr)
	})

	t.Run("deposit to a malformed recipient is refunded", func(t *testing.T) {
		supplyBefore := querySupply(t, d).ChainSupply
		evmBefore := g.balanceOf(t, token, devAddr)
		g.deposit(t, token, bridgeAddr, g.dev, "session1-not-an-address", sesh(2))
		eventually(t, bridgeTimeout, "the refund executes, less the bridge fee", func() (bool, string) {
			b := g.balanceOf(t, token, devAddr)
			return b.Cmp(new(big.Int).Sub(evmBefore, fee.BigInt())) == 0, b.String()
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
