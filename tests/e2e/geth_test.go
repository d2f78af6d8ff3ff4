//go:build e2e

package e2e

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings"
)

// gethDevKey is the funded, unlocked account of `geth --dev` (fixed in v1.17).
const gethDevKey = "b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291"

// gethStartTimeout bounds geth's start until its HTTP endpoint answers.
const gethStartTimeout = 30 * time.Second

// receiptTimeout bounds waiting for an EVM transaction to be mined.
const receiptTimeout = 30 * time.Second

// receiptPoll is how often waitMined looks for a receipt: fine enough for
// the bridge latency benchmark, which times from the receipt.
const receiptPoll = 20 * time.Millisecond

var gethEndpoint = regexp.MustCompile(`HTTP server started +endpoint=(127\.0\.0\.1:[0-9]+)`)

// gethNode is a `geth --dev` chain in memory, a block a second, HTTP on loopback.
type gethNode struct {
	url     string
	client  *ethclient.Client
	chainID *big.Int
	dev     *ecdsa.PrivateKey
	logPath string
}

// gethBin returns the geth binary: GETH_BIN, or build/tools/geth, which
// `make test-e2e` installs (scripts/install-tools.sh evm).
func gethBin(t testing.TB) string {
	t.Helper()
	bin := os.Getenv("GETH_BIN")
	if bin == "" {
		bin = filepath.Join(repoRoot, "build", "tools", "geth")
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("geth not found at %s (run scripts/install-tools.sh evm or set GETH_BIN): %v", bin, err)
	}
	return bin
}

// startGeth starts a dev chain; it is killed when the test ends.
func startGeth(t testing.TB) *gethNode {
	t.Helper()
	dir := t.TempDir()
	g := &gethNode{logPath: filepath.Join(dir, "geth.log")}
	logFile, err := os.Create(g.logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gethBin(t), "--dev", "--dev.period", "1",
		"--ipcpath", filepath.Join(dir, "geth.ipc"),
		"--http", "--http.addr", "127.0.0.1", "--http.port", "0", "--http.api", "eth,net,web3",
		"--authrpc.addr", "127.0.0.1", "--authrpc.port", "0",
		"--nodiscover", "--maxpeers", "0", "--port", "0")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start geth: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(stopTimeout):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		logFile.Close()
		if t.Failed() {
			t.Logf("geth log tail:\n%s", tailFile(g.logPath, 30))
		}
	})

	deadline := time.Now().Add(gethStartTimeout)
	for g.url == "" {
		if bz, err := os.ReadFile(g.logPath); err == nil {
			if m := gethEndpoint.FindSubmatch(bz); m != nil {
				g.url = "http://" + string(m[1])
			}
		}
		select {
		case <-exited:
			t.Fatalf("geth exited at start; log:\n%s", tailFile(g.logPath, 30))
		default:
		}
		if g.url == "" && time.Now().After(deadline) {
			t.Fatalf("geth did not start within %s; log:\n%s", gethStartTimeout, tailFile(g.logPath, 30))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if g.client, err = ethclient.Dial(g.url); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.client.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if g.chainID, err = g.client.ChainID(ctx); err != nil {
		t.Fatal(err)
	}
	if g.dev, err = crypto.HexToECDSA(gethDevKey); err != nil {
		t.Fatal(err)
	}
	t.Logf("geth %s, chain id %s", g.url, g.chainID)
	return g
}

// opts returns transaction options for key.
func (g *gethNode) opts(key *ecdsa.PrivateKey) *bind.TransactOpts {
	return bind.NewKeyedTransactor(key, g.chainID)
}

// waitMined polls for tx's receipt (faster than bind.WaitMined's 1 s) and
// fails the test if it reverted or took longer than receiptTimeout.
func (g *gethNode) waitMined(t testing.TB, tx *ethtypes.Transaction) *ethtypes.Receipt {
	t.Helper()
	deadline := time.Now().Add(receiptTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		r, err := g.client.TransactionReceipt(ctx, tx.Hash())
		cancel()
		if err == nil {
			if r.Status != ethtypes.ReceiptStatusSuccessful {
				t.Fatalf("EVM tx %s reverted", tx.Hash())
			}
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("EVM tx %s not mined within %s: %v", tx.Hash(), receiptTimeout, err)
		}
		time.Sleep(receiptPoll)
	}
}

// fund sends wei from the dev account to addr.
func (g *gethNode) fund(t testing.TB, addr common.Address, wei *big.Int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	from := crypto.PubkeyToAddress(g.dev.PublicKey)
	nonce, err := g.client.PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	tip, err := g.client.SuggestGasTipCap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	head, err := g.client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	tx, err := ethtypes.SignNewTx(g.dev, ethtypes.LatestSignerForChainID(g.chainID), &ethtypes.DynamicFeeTx{
		ChainID: g.chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: 21000, To: &addr, Value: wei,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.client.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	g.waitMined(t, tx)
}

// deployToken deploys the 9-decimal test token with supply minted to the dev account.
func (g *gethNode) deployToken(t testing.TB, supply *big.Int) common.Address {
	t.Helper()
	input := bindings.NewTestSESH().PackConstructor(supply)
	addr, tx, err := bind.DeployContract(g.opts(g.dev), common.FromHex(bindings.TestSESHMetaData.Bin), g.client, input)
	if err != nil {
		t.Fatalf("deploy test token: %v", err)
	}
	g.waitMined(t, tx)
	return addr
}

// token is the test token at addr.
func (g *gethNode) token(addr common.Address) *bind.BoundContract {
	return bindings.NewTestSESH().Instance(g.client, addr)
}

// bridge is the bridge contract at addr.
func (g *gethNode) bridge(addr common.Address) *bind.BoundContract {
	return bindings.NewSessionBridge().Instance(g.client, addr)
}

// balanceOf returns owner's balance of the token at tokenAddr.
func (g *gethNode) balanceOf(t *testing.T, tokenAddr, owner common.Address) *big.Int {
	t.Helper()
	p := bindings.NewTestSESH()
	out, err := bind.Call(g.token(tokenAddr), nil, p.PackBalanceOf(owner), p.UnpackBalanceOf)
	if err != nil {
		t.Fatalf("balanceOf %s: %v", owner, err)
	}
	return out
}

// transferToken sends amount of the token from key to to.
func (g *gethNode) transferToken(t testing.TB, tokenAddr common.Address, key *ecdsa.PrivateKey, to common.Address, amount *big.Int) {
	t.Helper()
	tx, err := bind.Transact(g.token(tokenAddr), g.opts(key), bindings.NewTestSESH().PackTransfer(to, amount))
	if err != nil {
		t.Fatalf("token transfer: %v", err)
	}
	g.waitMined(t, tx)
}

// deposit approves and deposits amount from key to a recipient on this chain.
func (g *gethNode) deposit(t *testing.T, tokenAddr, bridgeAddr common.Address, key *ecdsa.PrivateKey, recipient string, amount *big.Int) {
	t.Helper()
	tx, err := bind.Transact(g.token(tokenAddr), g.opts(key), bindings.NewTestSESH().PackApprove(bridgeAddr, amount))
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	g.waitMined(t, tx)
	tx, err = bind.Transact(g.bridge(bridgeAddr), g.opts(key), bindings.NewSessionBridge().PackDeposit(recipient, amount))
	if err != nil {
		t.Fatalf("deposit: %v", err)
	}
	g.waitMined(t, tx)
}

// withdrawn reports whether the contract executed transfer id.
func (g *gethNode) withdrawn(t *testing.T, bridgeAddr common.Address, id uint64) bool {
	t.Helper()
	p := bindings.NewSessionBridge()
	out, err := bind.Call(g.bridge(bridgeAddr), nil, p.PackWithdrawn(id), p.UnpackWithdrawn)
	if err != nil {
		t.Fatalf("withdrawn(%d): %v", id, err)
	}
	return out
}

// newEvmKey returns a fresh key and its address.
func newEvmKey(t testing.TB) (*ecdsa.PrivateKey, common.Address) {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return key, crypto.PubkeyToAddress(key.PublicKey)
}

// writeEvmKey writes key in hex to a file only the owner can read.
func writeEvmKey(t testing.TB, dir string, key *ecdsa.PrivateKey) string {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("evm-%s.key", crypto.PubkeyToAddress(key.PublicKey).Hex()[2:10]))
	if err := os.WriteFile(path, []byte(common.Bytes2Hex(crypto.FromECDSA(key))), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// tailFile returns the last n lines of a file.
func tailFile(path string, n int) string {
	bz, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	lines := regexp.MustCompile("\r?\n").Split(ansiEscape.ReplaceAllString(string(bz), ""), -1)
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	out := ""
	for _, l := range lines {
		out += l + "\n"
	}
	return out
}
