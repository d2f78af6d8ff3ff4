//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"
)

// lifecycleTransfer is a transfer as `query bridge transfer` prints it.
type lifecycleTransfer struct {
	Status     string `json:"status"`
	BatchNonce string `json:"batch_nonce"`
	Amount     string `json:"amount"`
	Fee        string `json:"fee"`
}

func queryTransfer(t testing.TB, c chainCLI, id string) lifecycleTransfer {
	t.Helper()
	var res struct {
		Transfer lifecycleTransfer `json:"transfer"`
	}
	c.cliJSON(t, &res, "query", "bridge", "transfer", id)
	return res.Transfer
}

// contractSignerSet is the signer set nonce the chain says the contract
// holds (attested by the relayers).
func contractSignerSet(t testing.TB, c chainCLI) string {
	t.Helper()
	var res struct {
		State struct {
			SignerSetNonce string `json:"signer_set_nonce"`
		} `json:"state"`
	}
	c.cliJSON(t, &res, "query", "bridge", "contract-state")
	return res.State.SignerSetNonce
}

// latestSetMembers are the EVM addresses of the chain's newest signer set.
func latestSetMembers(t testing.TB, c chainCLI) (nonce string, members []string) {
	t.Helper()
	var res struct {
		SignerSet struct {
			Nonce   string `json:"nonce"`
			Members []struct {
				EvmAddress string `json:"evm_address"`
			} `json:"members"`
		} `json:"signer_set"`
	}
	c.cliJSON(t, &res, "query", "bridge", "signer-set", "0")
	for _, m := range res.SignerSet.Members {
		members = append(members, m.EvmAddress)
	}
	return res.SignerSet.Nonce, members
}

// bridgeOutTx burns amount (plus the bridge fee) from alice towards
// recipient and returns the transfer id.
func bridgeOutTx(t *testing.T, d *devnet, alice string, recipient common.Address, amount *big.Int) string {
	t.Helper()
	res := deliverTB(t, d, "tx", "bridge", "bridge-out", recipient.Hex(), amount.String()+"nsesh", "--from", "alice", "-o", "json")
	require.Zero(t, res.Code, res.RawLog)
	var queued struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal([]byte(eventAttrJSON(t, res, "sessionchain.bridge.v1.EventTransferQueued", "transfer")), &queued))
	require.NotEmpty(t, queued.ID)
	return queued.ID
}

// requirePaidOnce waits until recipient holds exactly amount and the chain
// says transfer id was executed, then checks a few more relayer rounds pay
// nothing more, and that supply parity holds.
func requirePaidOnce(t *testing.T, sb singleBridge, id string, recipient common.Address, amount *big.Int) {
	t.Helper()
	g, d := sb.g, sb.d
	eventually(t, bridgeTimeout, "the recipient is paid", func() (bool, string) {
		b := g.balanceOf(t, sb.token, recipient)
		return b.Cmp(amount) == 0, b.String()
	})
	eventually(t, bridgeTimeout, "the chain records the execution", func() (bool, string) {
		tr := queryTransfer(t, d, id)
		return tr.Status == "TRANSFER_STATUS_EXECUTED", tr.Status
	})
	time.Sleep(3 * time.Second)
	require.Equal(t, amount.String(), g.balanceOf(t, sb.token, recipient).String(), "paid once")
	requireParity(t, g, d, sb.token, sb.bridgeAddr)
}

// TestBridgeKeyRotationHandOver rotates the validator's EVM key on a
// running bridge: the operator registers a new key with the same delegate
// and restarts its relayer with the new key and the previous one. The chain
// makes a signer set with the new key; the relayer signs it with the old
// key (the one the contract holds) and hands the contract over; the
// contract's signer set, as the relayers attest it, is the new one; a
// bridge-out signed by the new key alone is paid; supply parity holds.
func TestBridgeKeyRotationHandOver(t *testing.T) {
	sb := startSingleBridge(t, "")
	g, d := sb.g, sb.d
	alice := keyAddr(t, d, "alice", "acc")
	requireParity(t, g, d, sb.token, sb.bridgeAddr)
	eventually(t, bridgeTimeout, "the relayers attest the contract's first signer set", func() (bool, string) {
		n := contractSignerSet(t, d)
		return n == "1", n
	})

	newKey, newAddr := newEvmKey(t)
	g.fund(t, newAddr, new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)))
	newKeyFile := writeEvmKey(t, sb.dir, newKey)
	oldKeyFile := sb.cfg.evmKeyFile
	res := deliverTB(t, d, "tx", "bridge", "register-evm-key", "--evm-key-file", newKeyFile,
		"--delegate", keyAddr(t, d, sb.delegate, "acc"), "--from", "validator", "--keyring-backend", "test", "-o", "json")
	require.Zero(t, res.Code, res.RawLog)

	sb.relayer.stop(t)
	rotated := sb.cfg
	rotated.evmKeyFile, rotated.previousKeyFile = newKeyFile, oldKeyFile
	require.Equal(t, sb.relayer.cfgPath, rotated.write(t, sb.dir))
	sb.relayer.start(t)

	eventually(t, bridgeTimeout, "a signer set with the new key", func() (bool, string) {
		nonce, members := latestSetMembers(t, d)
		return len(members) == 1 && common.HexToAddress(members[0]) == newAddr, fmt.Sprintf("set %s: %v", nonce, members)
	})
	latest, _ := latestSetMembers(t, d)
	eventually(t, bridgeTimeout, "the contract is handed over to the new set", func() (bool, string) {
		n := contractSignerSet(t, d)
		return n == latest, "contract holds set " + n
	})
	requireParity(t, g, d, sb.token, sb.bridgeAddr)

	// Only the new key is in the contract's set now: a payment proves it signs.
	_, recipient := newEvmKey(t)
	id := bridgeOutTx(t, d, alice, recipient, sesh(4))
	requirePaidOnce(t, sb, id, recipient, sesh(4))
}

// TestBridgeRelayerKilledMidBatch kills the only relayer (SIGKILL) while it
// works on a batch (as soon as the chain made it) and restarts it: the
// batch is paid exactly once and the chain records it executed; supply
// parity holds.
func TestBridgeRelayerKilledMidBatch(t *testing.T) {
	sb := startSingleBridge(t, "")
	d := sb.d
	alice := keyAddr(t, d, "alice", "acc")
	_, recipient := newEvmKey(t)
	id := bridgeOutTx(t, d, alice, recipient, sesh(6))
	eventually(t, bridgeTimeout, "the chain batches the transfer", func() (bool, string) {
		tr := queryTransfer(t, d, id)
		return tr.BatchNonce != "" && tr.BatchNonce != "0", tr.Status
	})
	sb.relayer.kill(t)
	t.Logf("relayer killed with the transfer %s, recipient holding %s", queryTransfer(t, d, id).Status,
		sb.g.balanceOf(t, sb.token, recipient))
	sb.relayer.start(t)
	requirePaidOnce(t, sb, id, recipient, sesh(6))
}

// TestBridgeRefundAfterTimeout lets a batch's deadline pass with no relayer
// running (batch_timeout_seconds is 15): the restarted relayer sees that
// the contract can no longer execute it and attests the expiry, and the
// chain returns the bridge-out and its fee to the sender. Nothing was paid
// on the EVM side; supply parity holds.
func TestBridgeRefundAfterTimeout(t *testing.T) {
	sb := startSingleBridge(t, `{"batch_timeout_seconds":"15"}`)
	g, d := sb.g, sb.d
	alice := keyAddr(t, d, "alice", "acc")
	sb.relayer.stop(t)

	before := d.nseshBalance(t, alice)
	_, recipient := newEvmKey(t)
	id := bridgeOutTx(t, d, alice, recipient, sesh(5))
	fee := bridgeFee(t, d)
	require.True(t, d.nseshBalance(t, alice).Equal(before.Sub(math.NewIntFromBigInt(sesh(5))).Sub(fee)))
	eventually(t, bridgeTimeout, "the chain batches the transfer", func() (bool, string) {
		tr := queryTransfer(t, d, id)
		return tr.Status == "TRANSFER_STATUS_BATCHED", tr.Status
	})
	requireParity(t, g, d, sb.token, sb.bridgeAddr)
	time.Sleep(20 * time.Second) // past the deadline on both chains

	sb.relayer.start(t)
	eventually(t, bridgeTimeout, "the chain returns the expired bridge-out", func() (bool, string) {
		tr := queryTransfer(t, d, id)
		return tr.Status == "TRANSFER_STATUS_RETURNED", tr.Status
	})
	require.True(t, d.nseshBalance(t, alice).Equal(before), "amount and fee returned to the sender")
	require.Zero(t, g.balanceOf(t, sb.token, recipient).Sign(), "nothing paid on the EVM side")
	s := querySupply(t, d)
	require.Equal(t, "0", s.OutboundInFlight)
	requireParity(t, g, d, sb.token, sb.bridgeAddr)
}
