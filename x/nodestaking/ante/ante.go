// Package ante lets quorum votes go without a fee: the app's ante handler
// is the SDK's default one with its fee decorator wrapped in FeeDecorator.
package ante

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"
)

// FreeVotes decides whether a transaction's messages may go without a fee
// (nodestaking's keeper.FreeVotes), counting what it admits, and bounds the
// gas and size of a free transaction (params max_free_vote_gas and
// max_free_vote_tx_bytes).
type FreeVotes interface {
	Admit(ctx context.Context, msgs []sdk.Msg) (bool, error)
	Limits(ctx context.Context) (maxGas uint64, maxBytes uint32, err error)
}

// FeeDecorator hands a transaction to the fee decorator unless it carries
// no fee and its messages are quorum votes the chain exempts: those skip
// the fee (and, in CheckTx, the node's minimum gas prices). A free
// transaction must be small and plain (plainVoteTx): a gas limit and a size
// within the params' bounds, no memo, no timeout, no extension options, not
// unordered; anything else pays. Every other check of the chain
// (signatures, sequence, gas) applies to them as to any transaction.
type FeeDecorator struct {
	fee   sdk.AnteDecorator
	votes FreeVotes
}

// NewFeeDecorator wraps fee.
func NewFeeDecorator(fee sdk.AnteDecorator, votes FreeVotes) FeeDecorator {
	return FeeDecorator{fee: fee, votes: votes}
}

// AnteHandle implements sdk.AnteDecorator.
func (d FeeDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	feeTx, ok := tx.(sdk.FeeTx)
	if !ok || !feeTx.GetFee().IsZero() || len(feeTx.FeeGranter()) > 0 {
		return d.fee.AnteHandle(ctx, tx, simulate, next)
	}
	free, err := d.plainVoteTx(ctx, tx, feeTx.GetGas())
	if err != nil {
		return ctx, err
	}
	if free {
		// Counted only for a transaction of the right shape.
		free, err = d.votes.Admit(ctx, tx.GetMsgs())
	}
	if err != nil {
		return ctx, err
	}
	if !free {
		return d.fee.AnteHandle(ctx, tx, simulate, next)
	}
	// As the fee decorator does: a transaction must name its gas.
	if !simulate && ctx.BlockHeight() > 0 && feeTx.GetGas() == 0 {
		return ctx, errorsmod.Wrap(sdkerrors.ErrInvalidGasLimit, "must provide positive gas")
	}
	return next(ctx, tx, simulate)
}

// plainVoteTx reports whether tx has the shape of a free vote transaction:
// its gas limit and encoded size within the bounds, and nothing a vote does
// not need (a memo, a timeout height or time, extension options, unordered
// delivery), each of which would let a free transaction carry more bytes or
// live longer in the mempool than a vote needs.
func (d FeeDecorator) plainVoteTx(ctx sdk.Context, tx sdk.Tx, gas uint64) (bool, error) {
	if memoTx, ok := tx.(sdk.TxWithMemo); !ok || memoTx.GetMemo() != "" {
		return false, nil
	}
	if t, ok := tx.(sdk.TxWithTimeoutHeight); !ok || t.GetTimeoutHeight() != 0 {
		return false, nil
	}
	if t, ok := tx.(sdk.TxWithTimeoutTimeStamp); ok && !t.GetTimeoutTimeStamp().IsZero() && t.GetTimeoutTimeStamp().Unix() != 0 {
		return false, nil
	}
	if t, ok := tx.(sdk.TxWithUnordered); ok && t.GetUnordered() {
		return false, nil
	}
	if t, ok := tx.(ante.HasExtensionOptionsTx); ok && (len(t.GetExtensionOptions()) > 0 || len(t.GetNonCriticalExtensionOptions()) > 0) {
		return false, nil
	}
	maxGas, maxBytes, err := d.votes.Limits(ctx)
	if err != nil {
		return false, err
	}
	return gas <= maxGas && len(ctx.TxBytes()) <= int(maxBytes), nil
}

// NewAnteHandler returns the SDK's default ante handler (ante.NewAnteHandler,
// decorator for decorator) with the fee decorator wrapped in FeeDecorator.
func NewAnteHandler(options ante.HandlerOptions, votes FreeVotes) (sdk.AnteHandler, error) {
	if options.AccountKeeper == nil || options.BankKeeper == nil || options.SignModeHandler == nil || votes == nil {
		return nil, errorsmod.Wrap(sdkerrors.ErrLogic, "the ante handler needs the account and bank keepers, the sign mode handler and the free votes")
	}
	fee := ante.NewDeductFeeDecorator(options.AccountKeeper, options.BankKeeper, options.FeegrantKeeper, options.TxFeeChecker)
	return sdk.ChainAnteDecorators(
		ante.NewSetUpContextDecorator(), // outermost: sets the gas meter
		ante.NewExtensionOptionsDecorator(options.ExtensionOptionChecker),
		ante.NewValidateBasicDecorator(),
		ante.NewTxTimeoutHeightDecorator(),
		ante.NewValidateMemoDecorator(options.AccountKeeper),
		ante.NewConsumeGasForTxSizeDecorator(options.AccountKeeper),
		NewFeeDecorator(fee, votes),
		ante.NewSetPubKeyDecorator(options.AccountKeeper), // before every signature check
		ante.NewValidateSigCountDecorator(options.AccountKeeper),
		ante.NewSigGasConsumeDecorator(options.AccountKeeper, options.SigGasConsumer),
		ante.NewSigVerificationDecorator(options.AccountKeeper, options.SignModeHandler, options.SigVerifyOptions...),
		ante.NewIncrementSequenceDecorator(options.AccountKeeper),
	), nil
}
