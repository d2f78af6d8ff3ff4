package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/authority"
	"github.com/sessiontoken/sessionchain/x/internal/moduleutil"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

type msgServer struct {
	k *Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service.
func NewMsgServerImpl(k *Keeper) types.MsgServer {
	return msgServer{k: k}
}

// address decodes a message's account field.
func (m msgServer) address(field, s string) (sdk.AccAddress, error) {
	return moduleutil.ParseAddress(m.k.addressCodec, types.ErrInvalidAddress, field, s)
}

// SubmitPrice records a feeder's SESH/USD price.
func (m msgServer) SubmitPrice(ctx context.Context, msg *types.MsgSubmitPrice) (*types.MsgSubmitPriceResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	feeder, err := m.address("feeder", msg.Feeder)
	if err != nil {
		return nil, err
	}
	params, err := m.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if !params.IsFeeder(msg.Feeder) {
		return nil, errorsmod.Wrapf(types.ErrNotFeeder, "%s is not among the %d feeders governance named", msg.Feeder, len(params.Feeders))
	}
	if limit := math.LegacyNewDecFromInt(math.NewIntFromUint64(params.MaxPriceUsd)); msg.Price.GT(limit) {
		return nil, errorsmod.Wrapf(types.ErrInvalidPrice, "price %s USD is above the %s USD bound", msg.Price, limit)
	}
	now := m.k.now(ctx)
	var prev *types.PriceSubmission
	if p, err := m.k.Prices.Get(ctx, feeder); err == nil {
		prev = &p
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	if err := params.CheckSourceTime(msg.SourceTime, now, prev); err != nil {
		return nil, err
	}
	sub := types.PriceSubmission{Feeder: msg.Feeder, Price: msg.Price, SubmittedAt: now, SourceTime: msg.SourceTime}
	if err := m.k.Prices.Set(ctx, feeder, sub); err != nil {
		return nil, err
	}
	if err := m.k.advanceReference(ctx, params); err != nil {
		return nil, err
	}
	return &types.MsgSubmitPriceResponse{}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventPriceSubmitted{
		Feeder: msg.Feeder, Price: msg.Price, SourceTime: msg.SourceTime,
	})
}

// Subscribe buys a plan for a Session account at the price in force.
func (m msgServer) Subscribe(ctx context.Context, msg *types.MsgSubscribe) (*types.MsgSubscribeResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	payer, err := m.address("payer", msg.Payer)
	if err != nil {
		return nil, err
	}
	sessionKey, err := types.ParseSessionKey(msg.SessionPubkey)
	if err != nil {
		return nil, err
	}
	if height := m.k.headerService.GetHeaderInfo(ctx).Height; msg.ExpiryHeight != 0 && height > 0 && uint64(height) > msg.ExpiryHeight {
		return nil, errorsmod.Wrapf(types.ErrQuoteExpired, "the quote expired after height %d, this block is %d", msg.ExpiryHeight, height)
	}
	params, err := m.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	cost, _, plan, err := m.k.quote(ctx, params, msg.PlanId)
	if err != nil {
		return nil, err
	}
	if cost.GT(msg.MaxAmount.Amount) {
		return nil, errorsmod.Wrapf(types.ErrSlippage, "plan %d costs %snsesh now, max_amount is %s", plan.Id, cost, msg.MaxAmount)
	}
	toPool, toLiquidity, err := m.k.pay(ctx, params, payer, cost)
	if err != nil {
		return nil, err
	}
	payment := types.Payment{Method: types.PAYMENT_METHOD_SESH, Payer: msg.Payer, PlanId: plan.Id, Amount: cost}
	sub, _, err := m.k.extend(ctx, sessionKey, payment, plan.Duration)
	if err != nil {
		return nil, err
	}
	return &types.MsgSubscribeResponse{Amount: cost}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventSubscribed{
		SessionPubkey: sessionKey, Payer: msg.Payer, PlanId: plan.Id, Amount: cost,
		ToPool: toPool, ToLiquidity: toLiquidity, Expiry: sub.Expiry,
	})
}

// RecordPayment records a payment made outside the chain; the processor
// pays the SESH it bought with the proceeds.
func (m msgServer) RecordPayment(ctx context.Context, msg *types.MsgRecordPayment) (*types.MsgRecordPaymentResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	processor, err := m.address("processor", msg.Processor)
	if err != nil {
		return nil, err
	}
	sessionKey, err := types.ParseSessionKey(msg.SessionPubkey)
	if err != nil {
		return nil, err
	}
	params, err := m.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if !params.IsProcessor(msg.Processor) {
		return nil, errorsmod.Wrapf(types.ErrNotProcessor, "%s is not among the payment processors governance named", msg.Processor)
	}
	plan, err := params.Plan(msg.PlanId)
	if err != nil {
		return nil, err
	}
	if msg.Amount.Amount.LT(plan.MinReceiptAmount) {
		return nil, errorsmod.Wrapf(types.ErrReceiptBelowMinimum, "plan %d needs at least %snsesh, got %s", plan.Id, plan.MinReceiptAmount, msg.Amount)
	}
	receiptKey := collections.Join(processor, msg.ReceiptId)
	if has, err := m.k.Receipts.Has(ctx, receiptKey); err != nil {
		return nil, err
	} else if has {
		return nil, errorsmod.Wrapf(types.ErrDuplicateReceipt, "receipt %q of %s", msg.ReceiptId, msg.Processor)
	}
	toPool, toLiquidity, err := m.k.pay(ctx, params, processor, msg.Amount.Amount)
	if err != nil {
		return nil, err
	}
	payment := types.Payment{
		Method: types.PAYMENT_METHOD_EXTERNAL, Payer: msg.Processor, ReceiptId: msg.ReceiptId,
		PlanId: plan.Id, Amount: msg.Amount.Amount,
	}
	sub, payment, err := m.k.extend(ctx, sessionKey, payment, plan.Duration)
	if err != nil {
		return nil, err
	}
	receipt := types.Receipt{ReceiptId: msg.ReceiptId, Processor: msg.Processor, SessionPubkey: sessionKey, Payment: payment}
	if err := m.k.Receipts.Set(ctx, receiptKey, receipt); err != nil {
		return nil, err
	}
	return &types.MsgRecordPaymentResponse{}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventSubscribed{
		SessionPubkey: sessionKey, Payer: msg.Processor, PlanId: plan.Id, Amount: msg.Amount.Amount,
		ToPool: toPool, ToLiquidity: toLiquidity, ReceiptId: msg.ReceiptId, Expiry: sub.Expiry,
	})
}

// RevokePayment refunds a recorded payment: what is left of the period it
// bought ends now. The tokens stay where they went. A processor revokes its
// own receipts, also after governance removed it, so refunds it owes are
// still honoured.
func (m msgServer) RevokePayment(ctx context.Context, msg *types.MsgRevokePayment) (*types.MsgRevokePaymentResponse, error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	processor, err := m.address("processor", msg.Processor)
	if err != nil {
		return nil, err
	}
	if err := m.k.revokeReceipt(ctx, processor, msg.ReceiptId, msg.Processor); err != nil {
		return nil, err
	}
	return &types.MsgRevokePaymentResponse{}, nil
}

// SpendProtocolLiquidity sends protocol-owned liquidity; authority only.
func (m msgServer) SpendProtocolLiquidity(ctx context.Context, msg *types.MsgSpendProtocolLiquidity) (*types.MsgSpendProtocolLiquidityResponse, error) {
	if err := authority.Check(ctx, m.k.authority, msg.Authority, types.ErrInvalidAuthority); err != nil {
		return nil, err
	}
	if err := msg.ValidateBasic(); err != nil {
		return nil, err
	}
	recipient, err := m.address("recipient", msg.Recipient)
	if err != nil {
		return nil, err
	}
	params, err := m.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if now := m.k.now(ctx); now.Before(params.LiquidityLockedUntil) {
		return nil, errorsmod.Wrapf(types.ErrLiquidityLocked, "until %s, it is %s",
			params.LiquidityLockedUntil.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	if err := m.k.bankKeeper.SendCoinsFromModuleToAccount(ctx, types.LiquidityAccount, recipient, sdk.NewCoins(msg.Amount)); err != nil {
		return nil, err
	}
	return &types.MsgSpendProtocolLiquidityResponse{}, m.k.eventService.EventManager(ctx).Emit(ctx, &types.EventProtocolLiquiditySpent{
		Recipient: msg.Recipient, Amount: msg.Amount.Amount,
	})
}

// UpdateParams replaces the params; authority only.
func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := authority.Check(ctx, m.k.authority, msg.Authority, types.ErrInvalidAuthority); err != nil {
		return nil, err
	}
	current, err := m.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := msg.Params.ValidateChange(current); err != nil {
		return nil, err
	}
	if err := m.k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	// Drop the submissions of feeders no longer named: they no longer count,
	// a feeder named again starts afresh, and an exported genesis validates.
	var removed []sdk.AccAddress
	if err := m.k.Prices.Walk(ctx, nil, func(feeder sdk.AccAddress, p types.PriceSubmission) (bool, error) {
		if !msg.Params.IsFeeder(p.Feeder) {
			removed = append(removed, feeder)
		}
		return false, nil
	}); err != nil {
		return nil, err
	}
	for _, feeder := range removed {
		if err := m.k.Prices.Remove(ctx, feeder); err != nil {
			return nil, err
		}
	}
	return &types.MsgUpdateParamsResponse{}, nil
}
