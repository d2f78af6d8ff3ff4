package relayer

import (
	"context"
	"fmt"
	"math/big"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/metrics"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Parity is the supply equation of the bridge at one EVM block and one chain
// height: locked == chain supply + outbound in flight + inbound in flight.
type Parity struct {
	// Locked is the token balance of the contract.
	Locked *big.Int
	// ChainSupply is the chain's total nsesh supply.
	ChainSupply *big.Int
	// Outbound is burned or refunded on the chain and not yet released by the contract.
	Outbound *big.Int
	// Inbound is deposited on the contract and not yet observed by the chain.
	Inbound *big.Int
	// Diff is Locked - (ChainSupply + Outbound + Inbound).
	Diff *big.Int
}

// OK reports whether the equation holds exactly.
func (p Parity) OK() bool { return p.Diff.Sign() == 0 }

// InflightTransfer is a queued or batched transfer (amount and fee) with
// whether the contract already paid it out.
type InflightTransfer struct {
	ID        uint64
	Amount    *big.Int
	Withdrawn bool
}

// ComputeParity works the equation out in big integers. chainOutbound is the
// chain's outbound_in_flight, which still counts transfers the contract paid
// out but the chain has not yet seen executed: their amounts are taken off.
// inbound are the amounts of the deposits the contract holds that the chain
// has not observed yet.
func ComputeParity(locked, chainSupply, chainOutbound *big.Int, transfers []InflightTransfer, inbound []*big.Int) Parity {
	outbound := new(big.Int).Set(chainOutbound)
	for _, t := range transfers {
		if t.Withdrawn {
			outbound.Sub(outbound, t.Amount)
		}
	}
	in := new(big.Int)
	for _, a := range inbound {
		in.Add(in, a)
	}
	want := new(big.Int).Add(chainSupply, outbound)
	want.Add(want, in)
	return Parity{
		Locked:      new(big.Int).Set(locked),
		ChainSupply: new(big.Int).Set(chainSupply),
		Outbound:    outbound,
		Inbound:     in,
		Diff:        new(big.Int).Sub(locked, want),
	}
}

// parity updates the metrics, the supply parity among them, at the EVM head
// and one chain height.
func (r *Relayer) parity(ctx context.Context, rd *round) error {
	at := evm.At(rd.head)
	supply, height, err := r.chain.Supply(ctx)
	if err != nil {
		return err
	}
	var inflight []bridgetypes.Transfer
	for _, st := range []bridgetypes.TransferStatus{bridgetypes.TRANSFER_STATUS_QUEUED, bridgetypes.TRANSFER_STATUS_BATCHED} {
		ts, err := r.chain.Transfers(ctx, st, height, 0)
		if err != nil {
			return err
		}
		inflight = append(inflight, ts...)
	}
	r.m.ChainObservedNonce.Set(float64(supply.LastObservedNonce))
	r.m.PendingTransfers.Set(float64(len(inflight)))
	metrics.SetBig(r.m.ChainSupply, supply.ChainSupply.BigInt())

	token, ok := r.token[rd.evm.Address()]
	if !ok {
		if token, err = rd.evm.Token(ctx); err != nil {
			return err
		}
		r.token[rd.evm.Address()] = token
	}
	locked, err := rd.evm.Locked(ctx, token, at)
	if err != nil {
		return err
	}
	metrics.SetBig(r.m.EvmLocked, locked)
	depositNonce, err := rd.evm.DepositNonce(ctx, at)
	if err != nil {
		return err
	}
	r.m.EvmDepositNonce.Set(float64(depositNonce))

	transfers, err := withdrawnTransfers(ctx, rd, at, inflight)
	if err != nil {
		return err
	}
	inbound, err := r.unobservedDeposits(ctx, rd, supply.LastObservedNonce+1, depositNonce)
	if err != nil {
		return err
	}
	r.finder.prune(min(supply.LastObservedNonce+1, rd.pending.NextDepositNonce))

	p := ComputeParity(locked, supply.ChainSupply.BigInt(), supply.OutboundInFlight.BigInt(), transfers, inbound)
	metrics.SetBig(r.m.InflightOutbound, p.Outbound)
	metrics.SetBig(r.m.InflightInbound, p.Inbound)
	metrics.SetBig(r.m.ParityDiff, p.Diff)
	if p.OK() {
		r.m.ParityOK.Set(1)
	} else {
		r.m.ParityOK.Set(0)
	}
	summary := fmt.Sprintf("%t %s %s %s %s %s", p.OK(), p.Diff, p.Locked, p.ChainSupply, p.Outbound, p.Inbound)
	if summary != r.lastParity {
		r.lastParity = summary
		r.log.Info("supply parity", "ok", p.OK(), "diff", p.Diff.String(), "locked", p.Locked.String(),
			"chain_supply", p.ChainSupply.String(), "outbound_in_flight", p.Outbound.String(),
			"inbound_in_flight", p.Inbound.String(), "evm_block", rd.head, "chain_height", height)
	}
	return nil
}

// withdrawnTransfers returns the transfers in flight out with whether the
// contract has paid each out at block at.
func withdrawnTransfers(ctx context.Context, rd *round, at evm.Block, inflight []bridgetypes.Transfer) ([]InflightTransfer, error) {
	// A batch is paid out whole: one transfer tells for all of its batch.
	paid := map[uint64]bool{}
	transfers := make([]InflightTransfer, len(inflight))
	for i, t := range inflight {
		done := false
		if t.Status == bridgetypes.TRANSFER_STATUS_BATCHED {
			known, ok := paid[t.BatchNonce]
			if !ok {
				var err error
				if known, err = rd.evm.Withdrawn(ctx, t.Id, at); err != nil {
					return nil, err
				}
				paid[t.BatchNonce] = known
			}
			done = known
		}
		transfers[i] = InflightTransfer{ID: t.Id, Amount: t.Amount.Add(t.Fee).BigInt(), Withdrawn: done}
	}
	return transfers, nil
}

// unobservedDeposits returns the amounts of the deposits first to
// depositNonce, which the contract took and the chain has not observed yet.
func (r *Relayer) unobservedDeposits(ctx context.Context, rd *round, first, depositNonce uint64) ([]*big.Int, error) {
	var inbound []*big.Int
	if depositNonce < first {
		return inbound, nil
	}
	if depositNonce-first >= maxParityDeposits {
		return nil, fmt.Errorf("%d deposits not yet observed: too many to add up for the parity", depositNonce-first+1)
	}
	deps, err := r.finder.find(ctx, rd.evm, first, depositNonce, rd.head, rd.safe)
	if err != nil {
		return nil, err
	}
	if uint64(len(deps)) != depositNonce-first+1 {
		return nil, fmt.Errorf("parity: found %d of the Deposit logs %d..%d", len(deps), first, depositNonce)
	}
	for _, d := range deps {
		inbound = append(inbound, d.Amount)
	}
	return inbound, nil
}
