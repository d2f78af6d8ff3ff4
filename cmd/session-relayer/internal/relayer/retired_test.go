package relayer

import (
	"context"
	"math/big"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/x/bridge/contracts/bindings/release1"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// retiredChain is the fake chain with release 1's retired contract.
type retiredChain struct {
	*fakeChain
	retired *bridgetypes.QueryRetiredContractResponse
}

func (c *retiredChain) RetiredContract(context.Context) (*bridgetypes.QueryRetiredContractResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.retired, nil
}

// release1Dialer binds release 1's contract too.
type release1Dialer struct{ *simDialer }

func (d release1Dialer) BindRelease1(addr common.Address) RetiredEVM {
	return evm.NewRelease1(d.client, addr, d.key, big.NewInt(simChainID), evm.Options{TxTimeout: 10 * time.Second})
}

// TestRelayerSweepsTheRetiredContract runs the relayer against release 1's
// real contract on the simulated chain: it reports the retired contract's
// admin nonce and the carried transfer it paid, signs the sweep's three
// release-1 digests, submits the cap raise, the withdrawal to the release-2
// contract and the pause, and reports the sweep executed once it is below
// the safe depth.
func TestRelayerSweepsTheRetiredContract(t *testing.T) {
	e := newEnv(t)
	set := e.contractSet(1)
	pack := release1.NewSessionBridgeRelease1()
	var oldAddr common.Address
	e.mining(func() {
		addr, tx, err := bind.DeployContract(e.deployer, common.FromHex(release1.SessionBridgeRelease1MetaData.Bin), e.client,
			pack.PackConstructor(e.token, testChainID, uint64(1), set.Signers, set.Powers, big.NewInt(10)))
		require.NoError(t, err)
		_, err = bind.WaitMined(context.Background(), e.client, tx.Hash())
		require.NoError(t, err)
		oldAddr = addr
	})
	e.send(e.deployer, e.token, tokenABI.PackMint(oldAddr, big.NewInt(500)))

	chain := &retiredChain{fakeChain: e.chain, retired: &bridgetypes.QueryRetiredContractResponse{
		Retired: &bridgetypes.RetiredContract{
			ContractAddress: oldAddr.Hex(), EvmChainId: simChainID, CosmosChainId: testChainID,
			Owed: math.NewInt(500), Amount: math.ZeroInt(), CarriedTransferIds: []uint64{3, 4},
			Stage: bridgetypes.RETIRED_STAGE_RECONCILE,
		},
	}}
	e.relayer = New(e.relayer.cfg, chain, e.chain, release1Dialer{&simDialer{client: e.client, key: e.gas}}, e.me.key, nil,
		e.relayer.log, e.metrics)

	e.round()
	reports := msgsOf[*bridgetypes.MsgAttestRetiredContract](e.chain.sent)
	require.Len(t, reports, 1)
	require.Equal(t, bridgetypes.RetiredAttestation{Stage: bridgetypes.RETIRED_STAGE_RECONCILE}, reports[0].Attestation)

	// The chain reconciled: sweep 480 (transfer 4 of 20 was paid) under id 9.
	r := *chain.retired.Retired
	r.Stage, r.Amount, r.SweepId, r.Recipient, r.PaidTransferIds = bridgetypes.RETIRED_STAGE_SIGN, math.NewInt(480), 9, e.bridge.Address().Hex(), []uint64{4}
	capRaise, withdraw, pause := r.SweepDigests()
	res := &bridgetypes.QueryRetiredContractResponse{Retired: &r, CapDigest: capRaise.Bytes(), WithdrawDigest: withdraw.Bytes(), PauseDigest: pause.Bytes()}
	chain.mu.Lock()
	chain.retired = res
	chain.mu.Unlock()
	e.round()
	signs := msgsOf[*bridgetypes.MsgSignRetiredSweep](e.chain.sent)
	require.Len(t, signs, 1, "one key, one message")
	for _, check := range []struct {
		digest common.Hash
		sig    []byte
	}{{capRaise, signs[0].CapSignature}, {withdraw, signs[0].WithdrawSignature}, {pause, signs[0].PauseSignature}} {
		signer, err := bridgetypes.RecoverSigner(bridgetypes.Release1SignedHash(check.digest), check.sig)
		require.NoError(t, err)
		require.Equal(t, e.me.evm, signer)
	}

	// The chain holds the signatures of every validator: the relayer submits.
	chain.mu.Lock()
	for _, v := range e.vals {
		res.CapSignatures = append(res.CapSignatures, e.sig(v, bridgetypes.Release1SignedHash(capRaise)))
		res.WithdrawSignatures = append(res.WithdrawSignatures, e.sig(v, bridgetypes.Release1SignedHash(withdraw)))
		res.PauseSignatures = append(res.PauseSignatures, e.sig(v, bridgetypes.Release1SignedHash(pause)))
	}
	chain.mu.Unlock()
	e.round()
	require.Equal(t, "480", e.balance(e.bridge.Address()).String(), "the release-2 contract holds the sweep")
	require.Equal(t, "20", e.balance(oldAddr).String())
	old := evm.NewRelease1(e.client, oldAddr, nil, big.NewInt(simChainID), evm.Options{})
	admin, err := old.AdminNonce(context.Background(), evm.Pending)
	require.NoError(t, err)
	require.Equal(t, uint64(2), admin, "cap raised and contract paused")

	e.commit(confirmations + 1)
	e.round()
	reports = msgsOf[*bridgetypes.MsgAttestRetiredContract](e.chain.sent)
	require.Equal(t, bridgetypes.RetiredAttestation{Stage: bridgetypes.RETIRED_STAGE_SIGN, Swept: true}, reports[len(reports)-1].Attestation)
}
