package issuer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sessiontoken/sessionchain/client/proproof"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// PaymentItem is a payment as get_pro_status reports it (wire spec §5.2).
type PaymentItem struct {
	AutoRenewing           bool    `json:"auto_renewing"`
	ExpiryTs               int64   `json:"expiry_ts"`
	GracePeriodDuration    int64   `json:"grace_period_duration"`
	PaymentID              string  `json:"payment_id"`
	PaymentProvider        string  `json:"payment_provider"`
	Plan                   string  `json:"plan"`
	PlatformRefundExpiryTs int64   `json:"platform_refund_expiry_ts"`
	PurchasedTs            float64 `json:"purchased_ts"`
	RevokedTs              float64 `json:"revoked_ts"`
	Status                 string  `json:"status"`
}

// ProStatus is the result of get_pro_status.
type ProStatus struct {
	AutoRenewing        bool         `json:"auto_renewing"`
	ExpiryTs            int64        `json:"expiry_ts"`
	GracePeriodDuration int64        `json:"grace_period_duration"`
	LatestPayment       *PaymentItem `json:"latest_payment"`
	UserStatus          string       `json:"user_status"`
}

// ProStatus answers get_pro_status: the account's status at the trusted
// block and its latest payment that stands.
func (is *Issuer) ProStatus(ctx context.Context, req proproof.ProStatusRequest) (ProStatus, *proproof.Failure) {
	var none ProStatus
	if f := is.checkTimestamp(req.Ts, false); f != nil {
		return none, f
	}
	if err := req.VerifySignature(); err != nil {
		return none, failure(proproof.CodeBadSignature, "%s", err)
	}
	snap, f := is.snapshot(ctx)
	if f != nil {
		return none, f
	}
	sub, found, err := snap.Subscription(ctx, req.MasterPkey.String())
	if err != nil {
		return none, is.internal(err)
	}
	params, err := snap.Params(ctx)
	if err != nil {
		return none, is.internal(err)
	}
	res := ProStatus{UserStatus: sub.UserStatus(snap.Time(), params.GracePeriod, found)}
	if !found {
		return res, nil
	}
	res.ExpiryTs = sub.Expiry.Unix()
	res.GracePeriodDuration = int64(params.GracePeriod / time.Second)
	if sub.LastPayment.Method != types.PAYMENT_METHOD_UNSPECIFIED {
		item := paymentItem(sub.LastPayment, snap.Time())
		res.LatestPayment = &item
	}
	return res, nil
}

// paymentItem describes a payment on the chain in the backend's terms.
func paymentItem(p types.Payment, now time.Time) PaymentItem {
	purchased := p.PeriodStart
	if p.PaidAt != nil {
		purchased = *p.PaidAt
	}
	status := "redeemed"
	if !p.PeriodEnd.After(now) {
		status = "expired"
	}
	id := fmt.Sprintf("sesh:%s:%d", p.Payer, purchased.UnixNano())
	if p.Method == types.PAYMENT_METHOD_EXTERNAL {
		id = "receipt:" + p.Payer + ":" + p.ReceiptId
	}
	return PaymentItem{
		ExpiryTs:        p.PeriodEnd.Unix(),
		PaymentID:       id,
		PaymentProvider: PaymentProvider,
		Plan:            fmt.Sprintf("%dd", int64((p.PeriodEnd.Sub(p.PeriodStart)+types.Day-1)/types.Day)),
		PurchasedTs:     float64(purchased.UnixMilli()) / 1000,
		Status:          status,
	}
}

// Revocations answers get_pro_revocations: the kept entries when the
// caller's ticket is behind the chain's, none when it is current.
func (is *Issuer) Revocations(ctx context.Context, req proproof.RevocationsRequest) (proproof.RevocationList, *proproof.Failure) {
	var none proproof.RevocationList
	snap, f := is.snapshot(ctx)
	if f != nil {
		return none, f
	}
	params, err := snap.Params(ctx)
	if err != nil {
		return none, is.internal(err)
	}
	entries, last, err := snap.Revocations(ctx, params.RevocationRetention)
	if err != nil {
		return none, is.internal(err)
	}
	if last > uint64(1)<<53 {
		return none, is.internal(errors.New("revocation ticket beyond 2^53"))
	}
	is.metrics.RevocationTick.Set(float64(last))
	res := proproof.RevocationList{
		Items:     []proproof.RevocationItem{},
		RetainFor: int64(params.RevocationRetention / time.Second),
		RetryIn:   int64(is.cfg.RetryIn / time.Second),
		Ticket:    int64(last), //nolint:gosec // below 2^53, checked
	}
	if req.Ticket >= res.Ticket {
		return res, nil
	}
	for _, e := range entries {
		var tag proproof.Key
		copy(tag[:], e.RevocationTag)
		res.Items = append(res.Items, proproof.RevocationItem{RevocationTag: tag, EffectiveTs: ceilUnix(e.EffectiveAt)})
	}
	return res, nil
}

// ceilUnix is t in whole seconds, rounded up: a client must not enforce a
// revocation before its time.
func ceilUnix(t time.Time) int64 {
	if t.Nanosecond() > 0 {
		return t.Unix() + 1
	}
	return t.Unix()
}
