package proproof

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Envelope statuses (wire spec §5): a closed set.
const (
	StatusOK    = "ok"
	StatusFail  = "fail"
	StatusError = "error"
)

// ErrorCode is a stable machine-readable reason for a fail or error.
type ErrorCode string

// The error codes of wire spec §5.1.
const (
	CodeInvalidRequest      ErrorCode = "invalid_request"
	CodeBadSignature        ErrorCode = "bad_signature"
	CodeStaleRequest        ErrorCode = "stale_request"
	CodeSubscriptionExpired ErrorCode = "subscription_expired"
	CodeNotSubscribed       ErrorCode = "not_subscribed"
	CodeRevoked             ErrorCode = "revoked"
	CodeRateLimited         ErrorCode = "rate_limited"
	CodeInternalError       ErrorCode = "internal_error"
)

// Status is the envelope status a code travels in: internal_error is an
// error (the server's fault), every other code a fail.
func (c ErrorCode) Status() string {
	if c == CodeInternalError {
		return StatusError
	}
	return StatusFail
}

// Failure is a refused request: its code, a human English explanation and,
// for subscription_expired, the account fields.
type Failure struct {
	Code    ErrorCode
	Message string
	Account *Account
}

// Error implements error.
func (f *Failure) Error() string { return string(f.Code) + ": " + f.Message }

// Failf returns a Failure with a formatted message.
func Failf(code ErrorCode, format string, args ...any) *Failure {
	return &Failure{Code: code, Message: fmt.Sprintf(format, args...)}
}

// OK encodes a success envelope: {"result": …, "status": "ok"}. Keys are in
// sorted order throughout, as the backend writes them.
func OK(result any) ([]byte, error) {
	res, err := json.Marshal(result)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{"status": StatusOK, "result": json.RawMessage(res)})
}

// Fail encodes a failure envelope: {"error": …, "error_code": …, "status":
// "fail"|"error"}, with the account fields beside them for
// subscription_expired.
func Fail(f *Failure) ([]byte, error) {
	env := map[string]any{"status": f.Code.Status(), "error_code": string(f.Code), "error": f.Message}
	if f.Account != nil {
		env["account_expiry_ts"] = f.Account.ExpiryTs
		env["account_grace_period_duration"] = f.Account.GracePeriodDuration
		env["account_auto_renewing"] = f.Account.AutoRenewing
	}
	return json.Marshal(env)
}

// Response is a decoded envelope.
type Response struct {
	Status    string          `json:"status"`
	Result    json.RawMessage `json:"result"`
	ErrorCode ErrorCode       `json:"error_code"`
	Error     string          `json:"error"`
	// The account fields of a subscription_expired failure.
	AccountExpiryTs            *int64 `json:"account_expiry_ts"`
	AccountGracePeriodDuration *int64 `json:"account_grace_period_duration"`
	AccountAutoRenewing        *bool  `json:"account_auto_renewing"`
}

// ParseResponse decodes an envelope and checks its status is one of the
// three; a non-ok envelope must carry an error code.
func ParseResponse(body []byte) (Response, error) {
	var r Response
	if err := json.Unmarshal(body, &r); err != nil {
		return r, fmt.Errorf("not a response envelope: %w", err)
	}
	switch r.Status {
	case StatusOK:
		if len(r.Result) == 0 {
			return r, errors.New("an ok envelope without a result")
		}
	case StatusFail, StatusError:
		if r.ErrorCode == "" {
			return r, fmt.Errorf("a %s envelope without an error_code", r.Status)
		}
	default:
		return r, fmt.Errorf("unknown envelope status %q", r.Status)
	}
	return r, nil
}

// Failure returns the envelope's failure, nil for ok.
func (r Response) Failure() *Failure {
	if r.Status == StatusOK {
		return nil
	}
	f := &Failure{Code: r.ErrorCode, Message: r.Error}
	if r.AccountExpiryTs != nil && r.AccountGracePeriodDuration != nil && r.AccountAutoRenewing != nil {
		f.Account = &Account{ExpiryTs: *r.AccountExpiryTs, GracePeriodDuration: *r.AccountGracePeriodDuration, AutoRenewing: *r.AccountAutoRenewing}
	}
	return f
}
