//go:build e2e

package e2e

import (
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"
)

// lnNode drives one localnet validator's home and endpoints with the
// single-chain helpers (chainCLI).
type lnNode struct {
	ln *localnet
	i  int
}

func (n lnNode) cliJSON(t testing.TB, out any, args ...string) {
	t.Helper()
	n.ln.cliJSON(t, n.i, out, args...)
}

func (n lnNode) run(args ...string) (string, string, error) { return n.ln.run(n.i, args...) }

// balance reads addr's nsesh balance.
func balance(t *testing.T, c chainCLI, addr string) math.Int {
	t.Helper()
	var res struct {
		Balance struct {
			Amount string `json:"amount"`
		} `json:"balance"`
	}
	c.cliJSON(t, &res, "query", "bank", "balance", addr, "nsesh")
	if res.Balance.Amount == "" {
		return math.ZeroInt()
	}
	return mustInt(t, res.Balance.Amount)
}

// deliver broadcasts a tx command and returns its result in a block; a tx
// refused at CheckTx is returned as is.
func deliver(t *testing.T, c chainCLI, args ...string) txResult {
	t.Helper()
	var res txResult
	c.cliJSON(t, &res, append(args, "--yes")...)
	if res.Code != 0 {
		return res
	}
	return waitIncluded(t, c, res.TxHash)
}

// requireCode checks a tx result's codespace and code.
func requireCode(t *testing.T, res txResult, codespace string, code uint32) {
	t.Helper()
	require.Equal(t, codespace, res.Codespace, "codespace; raw log: %s", res.RawLog)
	require.Equal(t, code, res.Code, "code; raw log: %s", res.RawLog)
}

// TestBridgeFourValidators runs the bridge on 4 validators with 4 relayers
// and geth: it works with 3 relayers, stops safely with 2 (nothing is minted
// or released), refuses bad attestations with registered errors, heals a
// split vote when a validator corrects its claim on the open deposit, resumes
// when a third relayer returns, and a relayer killed mid-flow and restarted
// mints and releases nothing twice.
func TestBridgeFourValidators(t *testing.T) {
	g := startGeth(t)
	dir := t.TempDir()
	deployerKey, deployer := newEvmKey(t)
	g.fund(t, deployer, new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)))
	token := g.deployToken(t, sesh(1_000_000_000))
	bridgeAddr := crypto.CreateAddress(deployer, 0)

	ln := initLocalnet(t, localnetOptions{Validators: 4})
	ln.editGenesis(t, func(genesis map[string]any) {
		bridge := genesis["app_state"].(map[string]any)["bridge"].(map[string]any)
		params := bridge["params"].(map[string]any)
		params["evm_chain_id"] = g.chainID.String()
		params["contract_address"] = bridgeAddr.Hex()
		params["bridge_name"] = ln.chainID
	})
	ln.start(t)
	node := lnNode{ln: ln, i: 0}

	relayers := make([]*relayerProc, ln.n())
	for i := range relayers {
		key, addr := newEvmKey(t)
		g.fund(t, addr, new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)))
		v := ln.val(i)
		metrics := fmt.Sprintf("127.0.0.1:%d", freePorts(t, 1)[0])
		keyFile := writeEvmKey(t, dir, key)
		delegate, valoper := registerDelegate(t, lnNode{ln: ln, i: i}, v.keyName, keyFile)
		cfg := relayerConfig{
			grpc: v.grpc, rpc: v.rpc, chainID: ln.chainID, keyringDir: v.home, keyName: delegate, validator: valoper,
			evmRPC: g.url, contract: bridgeAddr.Hex(), evmKeyFile: keyFile, metricsAddr: metrics,
		}.write(t, dir)
		relayers[i] = startRelayer(t, cfg, metrics)
	}
	waitSignerSet(t, node.run, 4)
	got := deployBridge(t, relayers[0].cfgPath, token, writeEvmKey(t, dir, deployerKey))
	require.Equal(t, bridgeAddr, got)
	g.transferToken(t, token, g.dev, bridgeAddr, mustInt(t, querySupply(t, node).ChainSupply).BigInt())
	requireParity(t, g, node, token, bridgeAddr)

	alice := strings.TrimSpace(ln.cli(t, 0, "keys", "show", "alice", "-a", "--keyring-backend", "test"))
	devAddr := crypto.PubkeyToAddress(g.dev.PublicKey)
	aliceStart := balance(t, node, alice)
	minted := new(big.Int)
	burned := new(big.Int)
	fee := bridgeFee(t, node).BigInt()

	// bridgeOut burns amount from alice towards a fresh EVM address.
	bridgeOut := func(t *testing.T, amount *big.Int) common.Address {
		t.Helper()
		_, recipient := newEvmKey(t)
		res := deliver(t, node, "tx", "bridge", "bridge-out", recipient.Hex(), amount.String()+"nsesh", "--from", "alice", "-o", "json")
		require.Zero(t, res.Code, res.RawLog)
		burned.Add(burned, amount).Add(burned, fee)
		return recipient
	}
	waitMinted := func(t *testing.T) {
		t.Helper()
		want := aliceStart.Add(math.NewIntFromBigInt(minted)).Sub(math.NewIntFromBigInt(burned))
		eventually(t, bridgeTimeout, "alice's balance reflects every deposit", func() (bool, string) {
			b := balance(t, node, alice)
			return b.Equal(want), fmt.Sprintf("have %s want %s", b, want)
		})
	}
	waitReleased := func(t *testing.T, recipient common.Address, amount *big.Int) {
		t.Helper()
		eventually(t, bridgeTimeout, "the EVM recipient is paid", func() (bool, string) {
			b := g.balanceOf(t, token, recipient)
			return b.Cmp(amount) == 0, b.String()
		})
	}

	t.Run("three relayers carry the bridge", func(t *testing.T) {
		relayers[3].kill(t)
		g.deposit(t, token, bridgeAddr, g.dev, alice, sesh(5))
		minted.Add(minted, sesh(5))
		waitMinted(t)
		recipient := bridgeOut(t, sesh(2))
		waitReleased(t, recipient, sesh(2))
	})

	var pendingRecipient common.Address
	t.Run("two relayers move nothing", func(t *testing.T) {
		relayers[2].kill(t)
		before := balance(t, node, alice)
		g.deposit(t, token, bridgeAddr, g.dev, alice, sesh(4))
		pendingRecipient = bridgeOut(t, sesh(1))
		afterBurn := balance(t, node, alice)
		// Give the two relayers time to do everything they can.
		eventually(t, bridgeTimeout, "two relayers attest and sign", func() (bool, string) {
			var dep struct {
				NextVotes []struct {
					Validator string `json:"validator"`
				} `json:"next_votes"`
			}
			node.cliJSON(t, &dep, "query", "bridge", "deposits")
			tr := queryTransfer(t, node, "2")
			if tr.BatchNonce == "" || tr.BatchNonce == "0" {
				return false, fmt.Sprintf("%d votes, transfer 2 %s", len(dep.NextVotes), tr.Status)
			}
			var batch struct {
				Signatures []struct {
					Validator string `json:"validator"`
				} `json:"signatures"`
			}
			node.cliJSON(t, &batch, "query", "bridge", "batch", tr.BatchNonce)
			return len(dep.NextVotes) == 2 && len(batch.Signatures) == 2, fmt.Sprintf("%d votes, %d signatures", len(dep.NextVotes), len(batch.Signatures))
		})
		time.Sleep(3 * time.Second)
		require.True(t, balance(t, node, alice).Equal(afterBurn), "nothing minted with half the power")
		require.True(t, afterBurn.Equal(before.Sub(math.NewIntFromBigInt(sesh(1))).Sub(math.NewIntFromBigInt(fee))))
		require.Zero(t, g.balanceOf(t, token, pendingRecipient).Sign(), "nothing released with half the power")
		require.False(t, g.withdrawn(t, bridgeAddr, 2))
		require.Equal(t, "TRANSFER_STATUS_BATCHED", queryTransfer(t, node, "2").Status)
	})

	t.Run("bad attestations are refused and lose nothing", func(t *testing.T) {
		val3 := lnNode{ln: ln, i: 3}
		v3 := ln.val(3).keyName + "-delegate"
		// Validator 3's relayer is down; its delegate attests deposit 2 by
		// hand with the wrong amount: accepted, but it stays alone.
		res := deliver(t, val3, "tx", "bridge", "attest-deposit", "2", devAddr.Hex(), alice, sesh(400).String(), "--from", v3, "-o", "json")
		require.Zero(t, res.Code, res.RawLog)
		require.True(t, balance(t, node, alice).Equal(aliceStart.Add(math.NewIntFromBigInt(minted)).Sub(math.NewIntFromBigInt(burned))), "the wrong claim mints nothing")
		// The same claim again is a duplicate.
		res = deliver(t, val3, "tx", "bridge", "attest-deposit", "2", devAddr.Hex(), alice, sesh(400).String(), "--from", v3, "-o", "json")
		requireCode(t, res, "bridge", 12)
		// Its vote on the open deposit may be corrected: with the canonical
		// content, three of four validators agree and the deposit is minted.
		res = deliver(t, val3, "tx", "bridge", "attest-deposit", "2", devAddr.Hex(), alice, sesh(4).String(), "--from", v3, "-o", "json")
		require.Zero(t, res.Code, res.RawLog)
		minted.Add(minted, sesh(4))
		waitMinted(t)
		// Out of order.
		res = deliver(t, val3, "tx", "bridge", "attest-deposit", "5", devAddr.Hex(), alice, sesh(4).String(), "--from", v3, "-o", "json")
		requireCode(t, res, "bridge", 10)
		// Not a validator.
		res = deliver(t, node, "tx", "bridge", "attest-deposit", "2", devAddr.Hex(), alice, sesh(4).String(), "--from", "alice", "-o", "json")
		requireCode(t, res, "bridge", 3)
		// A forged signature of the pending transfer.
		forged := "0x" + strings.Repeat("11", 64) + "1b"
		res = deliver(t, val3, "tx", "bridge", "sign-batch", queryTransfer(t, node, "2").BatchNonce, forged, "--from", v3, "-o", "json")
		requireCode(t, res, "bridge", 5)
	})

	t.Run("a third relayer resumes the bridge", func(t *testing.T) {
		relayers[2].start(t)
		waitMinted(t)
		waitReleased(t, pendingRecipient, sesh(1))
		require.Equal(t, minted.String(), querySupply(t, node).Stats.Minted, "the wrong claim never counted")
	})

	t.Run("a relayer killed mid-flow double-spends nothing", func(t *testing.T) {
		relayers[3].start(t)
		g.deposit(t, token, bridgeAddr, g.dev, alice, sesh(6))
		minted.Add(minted, sesh(6))
		recipient := bridgeOut(t, sesh(3))
		relayers[0].kill(t)
		time.Sleep(time.Second)
		relayers[0].start(t)
		waitMinted(t)
		waitReleased(t, recipient, sesh(3))
		// Let every relayer run a few more rounds, then check nothing moved twice.
		time.Sleep(3 * time.Second)
		require.Equal(t, 0, g.balanceOf(t, token, recipient).Cmp(sesh(3)))
		s := querySupply(t, node)
		require.Equal(t, minted.String(), s.Stats.Minted)
		require.Equal(t, burned.String(), s.Stats.Burned)
		require.Equal(t, "3", s.LastObservedNonce)
		eventually(t, bridgeTimeout, "every transfer executed", func() (bool, string) {
			s := querySupply(t, node)
			return s.OutboundInFlight == "0", s.OutboundInFlight
		})
		requireParity(t, g, node, token, bridgeAddr)
		waitMinted(t)
	})
}
