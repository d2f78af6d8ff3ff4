package relayer

import (
	"context"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	ethtypes "github.com/ethereum/go-ethereum/core/types"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/x/bridge/evmkey"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// kindRetired labels the transactions of the retired contract's sweep.
const kindRetired = "retired_sweep"

// RetiredChain is the chain's record of release 1's retired contract;
// *chain.Client implements it.
type RetiredChain interface {
	RetiredContract(ctx context.Context) (*bridgetypes.QueryRetiredContractResponse, error)
}

// RetiredEVM is release 1's retired contract; *evm.Release1 implements it.
type RetiredEVM interface {
	Withdrawn(ctx context.Context, id uint64, at evm.Block) (bool, error)
	AdminNonce(ctx context.Context, at evm.Block) (uint64, error)
	RemainingInWindow(ctx context.Context) (*big.Int, error)
	Signers(ctx context.Context) ([]common.Address, error)
	Withdraw(ctx context.Context, id uint64, recipient common.Address, amount *big.Int, sigs [][]byte) (*ethtypes.Receipt, error)
	SetWithdrawalCap(ctx context.Context, limit *big.Int, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error)
	SetPaused(ctx context.Context, paused bool, nonce uint64, sigs [][]byte) (*ethtypes.Receipt, error)
}

// Release1Dialer binds release 1's contract on the bridge's EVM chain.
type Release1Dialer interface {
	BindRelease1(addr common.Address) RetiredEVM
}

// sweepRetired moves release 1's tokens to the release-2 contract: it
// reports the retired contract's admin nonce and paid carried transfers at
// the safe block, signs the sweep's three release-1 digests with each key
// it holds, submits the cap raise, the withdrawal (when the contract's
// 12-hour window has room) and the pause, each only if not done, and
// reports the sweep executed once the safe block shows it. Every step is
// read from the chain and the contract again each round.
func (r *Relayer) sweepRetired(ctx context.Context, rd *round) error {
	rc, ok := r.chain.(RetiredChain)
	dialer, ok2 := r.dialer.(Release1Dialer)
	if !ok || !ok2 {
		return nil
	}
	res, err := rc.RetiredContract(ctx)
	if err != nil || res.Retired == nil || res.Retired.Stage == bridgetypes.RETIRED_STAGE_SWEPT {
		return err
	}
	ret := res.Retired
	old := dialer.BindRelease1(common.HexToAddress(ret.ContractAddress))
	safe := evm.At(rd.safe)
	if ret.Stage == bridgetypes.RETIRED_STAGE_RECONCILE {
		if !rd.bonded {
			return nil
		}
		report := bridgetypes.RetiredAttestation{Stage: bridgetypes.RETIRED_STAGE_RECONCILE}
		if report.AdminNonce, err = old.AdminNonce(ctx, safe); err != nil {
			return err
		}
		for _, id := range ret.CarriedTransferIds {
			paid, err := old.Withdrawn(ctx, id, safe)
			if err != nil {
				return err
			}
			if paid {
				report.PaidTransferIds = append(report.PaidTransferIds, id)
			}
		}
		_, err = r.send(ctx, kindRetired, []sdk.Msg{&bridgetypes.MsgAttestRetiredContract{Signer: r.cfg.Account, Attestation: report}}, false)
		return err
	}
	if err := r.signSweep(ctx, res); err != nil {
		return err
	}
	if err := r.submitSweep(ctx, old, res); err != nil {
		return err
	}
	swept, err := old.Withdrawn(ctx, ret.SweepId, safe)
	if err != nil || !swept || !rd.bonded {
		return err
	}
	_, err = r.send(ctx, kindRetired, []sdk.Msg{&bridgetypes.MsgAttestRetiredContract{
		Signer:      r.cfg.Account,
		Attestation: bridgetypes.RetiredAttestation{Stage: bridgetypes.RETIRED_STAGE_SIGN, Swept: true},
	}}, false)
	return err
}

// signSweep signs the sweep with each key the relayer holds that has not.
func (r *Relayer) signSweep(ctx context.Context, res *bridgetypes.QueryRetiredContractResponse) error {
	var msgs []sdk.Msg
	for addr, key := range r.keys {
		if signedBy(res.WithdrawSignatures, addr) {
			continue
		}
		msg := &bridgetypes.MsgSignRetiredSweep{Signer: r.cfg.Account}
		for _, item := range []struct {
			digest []byte
			out    *[]byte
		}{{res.CapDigest, &msg.CapSignature}, {res.WithdrawDigest, &msg.WithdrawSignature}, {res.PauseDigest, &msg.PauseSignature}} {
			sig, err := evmkey.Sign(key, bridgetypes.Release1SignedHash(common.BytesToHash(item.digest)))
			if err != nil {
				return err
			}
			*item.out = sig
		}
		msgs = append(msgs, msg)
	}
	if len(msgs) == 0 {
		return nil
	}
	_, err := r.send(ctx, kindRetired, msgs, false)
	return err
}

// submitSweep submits what the retired contract has not executed yet, in
// order: the cap raise, the withdrawal, the pause.
func (r *Relayer) submitSweep(ctx context.Context, old RetiredEVM, res *bridgetypes.QueryRetiredContractResponse) error {
	ret := res.Retired
	signers, err := old.Signers(ctx)
	if err != nil {
		return err
	}
	admin, err := old.AdminNonce(ctx, evm.Pending)
	if err != nil {
		return err
	}
	amount := ret.Amount.BigInt()
	if admin == ret.AdminNonce {
		if _, err := old.SetWithdrawalCap(ctx, amount, admin+1, alignTo(signers, res.CapSignatures)); err != nil {
			return err
		}
		admin++
	}
	done, err := old.Withdrawn(ctx, ret.SweepId, evm.Pending)
	if err != nil {
		return err
	}
	if !done {
		room, err := old.RemainingInWindow(ctx)
		if err != nil {
			return err
		}
		if room.Cmp(amount) < 0 {
			r.notice("retired", "the retired contract's 12-hour window has no room for the sweep yet: waiting", "room", room, "amount", amount)
			return nil
		}
		if _, err := old.Withdraw(ctx, ret.SweepId, common.HexToAddress(ret.Recipient), amount, alignTo(signers, res.WithdrawSignatures)); err != nil {
			return err
		}
		r.log.Info("swept the retired contract", "amount", amount, "to", ret.Recipient)
	}
	if admin == ret.AdminNonce+1 {
		_, err = old.SetPaused(ctx, true, admin+1, alignTo(signers, res.PauseSignatures))
	}
	return err
}

// signedBy reports whether key is among sigs.
func signedBy(sigs []bridgetypes.ValidatorSignature, key common.Address) bool {
	for _, s := range sigs {
		if common.HexToAddress(s.EvmAddress) == key {
			return true
		}
	}
	return false
}

// alignTo lays signatures out along signers: one entry per member, empty
// where it did not sign.
func alignTo(signers []common.Address, sigs []bridgetypes.ValidatorSignature) [][]byte {
	out := make([][]byte, len(signers))
	for i, signer := range signers {
		out[i] = []byte{}
		for _, s := range sigs {
			if common.HexToAddress(s.EvmAddress) == signer {
				out[i] = s.Signature
			}
		}
	}
	return out
}
