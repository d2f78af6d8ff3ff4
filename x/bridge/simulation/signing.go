package simulation

import (
	"context"

	"github.com/ethereum/go-ethereum/common"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
	"github.com/sessiontoken/sessionchain/x/internal/simutil"
)

// toSign is an item the chain lists for a validator's relayer to sign: its
// nonce, the EVM keys the chain takes its signature with, and its digest.
type toSign struct {
	nonce  uint64
	keys   []string
	digest func() common.Hash
}

// signature is a validator's signature of an item, which its delegate sends.
type signature struct {
	signer simsx.SimAccount
	nonce  uint64
	sig    []byte
}

// signPending has a validator with a key sign one of the items the chain
// lists for it: list picks the kind, what names it, item describes one.
// Batches are signed only while the bridge moves tokens (needActive), the
// signer sets and admin operations once it is configured. It reports, and
// returns false, when there is nothing to sign.
func signPending[T any](ctx sdk.Context, f Factories, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	needActive bool, what string, list func(*types.QueryPendingSignaturesResponse) []T, item func(types.Params, T) toSign,
) (signature, bool) {
	params, ok := f.configuredParams(ctx)
	reason := "the bridge is not configured"
	if needActive {
		params, ok = f.activeParams(ctx)
		reason += " or paused"
	}
	if !ok {
		reporter.Skip(reason)
		return signature{}, false
	}
	val, ok := f.pickWithKey(ctx, data, reporter, false)
	if !ok {
		return signature{}, false
	}
	pending, ok := f.pending(ctx, reporter, val)
	if !ok {
		return signature{}, false
	}
	items := list(pending)
	if len(items) == 0 {
		reporter.Skipf("%s signed every %s", val.addr, what)
		return signature{}, false
	}
	r := data.Rand().Rand
	s := item(params, simutil.Pick(r, items))
	key, ok := keyFor(val.addr, simutil.Pick(r, s.keys))
	if !ok {
		reporter.Skip("the simulation does not hold that key")
		return signature{}, false
	}
	return signature{signer: val.delegate, nonce: s.nonce, sig: sign(key, s.digest())}, true
}

// MsgSignBatch has a validator sign an open batch with one of its keys.
func (f Factories) MsgSignBatch() simsx.SimMsgFactoryFn[*types.MsgSignBatch] {
	return func(goCtx context.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgSignBatch) {
		s, ok := signPending(sdk.UnwrapSDKContext(goCtx), f, data, reporter, true, "open batch",
			func(p *types.QueryPendingSignaturesResponse) []types.BatchToSign { return p.BatchesToSign },
			func(params types.Params, b types.BatchToSign) toSign {
				return toSign{b.Batch.Nonce, b.Keys, func() common.Hash { return types.BatchDigestOf(params.BridgeID(), b.Batch, b.Transfers) }}
			})
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{s.signer}, &types.MsgSignBatch{Signer: s.signer.AddressBech32, Nonce: s.nonce, Signature: s.sig}
	}
}

// MsgSignSignerSet has a validator sign a signer set newer than the
// contract's.
func (f Factories) MsgSignSignerSet() simsx.SimMsgFactoryFn[*types.MsgSignSignerSet] {
	return func(goCtx context.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgSignSignerSet) {
		s, ok := signPending(sdk.UnwrapSDKContext(goCtx), f, data, reporter, false, "signer set",
			func(p *types.QueryPendingSignaturesResponse) []types.SignerSetToSign { return p.SignerSetsToSign },
			func(params types.Params, s types.SignerSetToSign) toSign {
				return toSign{s.SignerSet.Nonce, s.Keys, func() common.Hash { return s.SignerSet.Digest(params.BridgeID()) }}
			})
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{s.signer}, &types.MsgSignSignerSet{Signer: s.signer.AddressBech32, Nonce: s.nonce, Signature: s.sig}
	}
}

// MsgSignAdminOp has a validator sign an admin operation.
func (f Factories) MsgSignAdminOp() simsx.SimMsgFactoryFn[*types.MsgSignAdminOp] {
	return func(goCtx context.Context, data *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgSignAdminOp) {
		s, ok := signPending(sdk.UnwrapSDKContext(goCtx), f, data, reporter, false, "admin operation",
			func(p *types.QueryPendingSignaturesResponse) []types.AdminOpToSign { return p.AdminOpsToSign },
			func(params types.Params, op types.AdminOpToSign) toSign {
				return toSign{op.Op.Nonce, op.Keys, func() common.Hash { return op.Op.Digest(params.BridgeID()) }}
			})
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{s.signer}, &types.MsgSignAdminOp{Signer: s.signer.AddressBech32, Nonce: s.nonce, Signature: s.sig}
	}
}
