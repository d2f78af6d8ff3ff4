//go:build e2e

package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

func (f *badInputFixture) proCases(t *testing.T) []badCase {
	const (
		price  = "/sessionchain.pro.v1.MsgSubmitPrice"
		record = "/sessionchain.pro.v1.MsgRecordPayment"
		spend  = "/sessionchain.pro.v1.MsgSpendProtocolLiquidity"
	)
	alice, bob := f.addr["alice"], f.addr["bob"]
	key := badInputSessionKey
	payment := func(receipt, sessionKey string, amount map[string]any) map[string]any {
		return msgJSON(record, "processor", bob, "receipt_id", receipt, "session_pubkey", sessionKey, "plan_id", 1, "amount", amount)
	}
	long := func(n int) string { return strings.Repeat("r", n) }
	return []badCase{
		// MsgSubmitPrice (feeder1 is a feeder of the development genesis)
		{
			name: "submit-price: zero", from: "feeder1", cli: []string{"pro", "submit-price", "0", badInputSourceTime},
			at: atCheckTx, want: protypes.ErrInvalidPrice, log: "price must be positive, got 0.000000000000000000",
		},
		{
			name: "submit-price: negative", from: "feeder1",
			msg: msgJSON(price, "feeder", f.addr["feeder1"], "price", "-1.000000000000000000", "source_time", badInputSourceTime),
			at:  atCheckTx, want: protypes.ErrInvalidPrice, log: "price must be positive, got -1.000000000000000000",
		},
		{
			name: "submit-price: not a number", from: "feeder1", cli: []string{"pro", "submit-price", "abc", badInputSourceTime},
			at: atCLI, log: `invalid argument "abc"`,
		},
		{
			name: "submit-price: no source time", from: "feeder1", cli: []string{"pro", "submit-price", "0.06"},
			at: atCLI, log: "accepts 2 arg(s), received 1",
		},
		{
			name: "submit-price: not a feeder", from: "carol", cli: []string{"pro", "submit-price", "0.06", badInputSourceTime},
			at: atDeliverTx, want: protypes.ErrNotFeeder, log: f.addr["carol"] + " is not among the 3 feeders",
		},
		{
			name: "submit-price: above the bound", from: "feeder1", cli: []string{"pro", "submit-price", "2000000", badInputSourceTime},
			at: atDeliverTx, want: protypes.ErrInvalidPrice, log: "is above the 1000000.000000000000000000 USD bound",
		},
		{
			name: "submit-price: read in the future", from: "feeder1", cli: []string{"pro", "submit-price", "0.06", "2999-01-01T00:00:00Z"},
			at: atDeliverTx, want: protypes.ErrSourceTime, log: "source_time 2999-01-01T00:00:00Z is after the block time",
		},
		{
			name: "submit-price: read too long ago", from: "feeder1", cli: []string{"pro", "submit-price", "0.06", badInputSourceTime},
			at: atDeliverTx, want: protypes.ErrSourceTime, log: "more than max_source_delay 30m0s",
		},

		// MsgSubscribe
		{
			name: "subscribe: key not hex", from: "carol", cli: []string{"pro", "subscribe", "zz", "1", "--max-amount", "200000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidSessionKey, log: `"zz" is not hex`,
		},
		{
			name: "subscribe: 2-byte key", from: "carol", cli: []string{"pro", "subscribe", "abcd", "1", "--max-amount", "200000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidSessionKey, log: "want 32 bytes, got 2",
		},
		{
			name: "subscribe: 10,000-byte key", from: "carol", cli: []string{"pro", "subscribe", strings.Repeat("ab", 10_000), "1", "--max-amount", "200000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidSessionKey, log: "want 32 bytes, got 10000",
		},
		{
			name: "subscribe: unknown plan", from: "carol", cli: []string{"pro", "subscribe", key, "99", "--max-amount", "200000000000nsesh"},
			at: atDeliverTx, want: protypes.ErrUnknownPlan, log: "no plan 99",
		},
		{
			name: "subscribe: plan not a number", from: "carol", cli: []string{"pro", "subscribe", key, "one", "--max-amount", "200000000000nsesh"},
			at: atCLI, log: `invalid argument "one"`,
		},
		{
			name: "subscribe: plan over 32 bits", from: "carol", cli: []string{"pro", "subscribe", key, "4294967296", "--max-amount", "200000000000nsesh"},
			at: atCLI, log: "value out of range",
		},
		{
			name: "subscribe: zero max-amount", from: "carol", cli: []string{"pro", "subscribe", key, "1", "--max-amount", "0nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidAmount, log: "max_amount must be positive, got 0",
		},
		{
			name: "subscribe: max-amount in another denom", from: "carol", cli: []string{"pro", "subscribe", key, "1", "--max-amount", "200000000000stake"},
			at: atCheckTx, want: protypes.ErrInvalidDenom, log: `max_amount must be in nsesh, got "stake"`,
		},
		{
			name: "subscribe: no max-amount", from: "carol", cli: []string{"pro", "subscribe", key, "1"},
			at: atCheckTx, want: protypes.ErrInvalidDenom, log: `max_amount must be in nsesh, got ""`,
		},
		{
			name: "subscribe: price above max-amount", from: "carol", cli: []string{"pro", "subscribe", key, "1", "--max-amount", "1nsesh"},
			at: atDeliverTx, want: protypes.ErrSlippage, log: "plan 1 costs 99800000000nsesh now, max_amount is 1nsesh",
		},

		// MsgRecordPayment
		{
			name: "record-payment: receipt with a space", from: "bob", cli: []string{"pro", "record-payment", "a b", key, "1", "90000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidReceipt, log: "printable ASCII without spaces",
		},
		{
			name: "record-payment: receipt not ASCII", from: "bob", cli: []string{"pro", "record-payment", "reçu-1", key, "1", "90000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidReceipt, log: "printable ASCII without spaces",
		},
		{
			name: "record-payment: receipt of 129 characters", from: "bob", cli: []string{"pro", "record-payment", long(129), key, "1", "90000000000nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidReceipt, log: "receipt id must have 1 to 128 characters, got 129",
		},
		{
			name: "record-payment: bad Session key", from: "bob", msg: payment("badinput-new", "abcd", coinJSON("90000000000", "nsesh")),
			at: atCheckTx, want: protypes.ErrInvalidSessionKey, log: "want 32 bytes, got 2",
		},
		{
			name: "record-payment: zero", from: "bob", cli: []string{"pro", "record-payment", "badinput-new", key, "1", "0nsesh"},
			at: atCheckTx, want: protypes.ErrInvalidAmount, log: "amount must be positive, got 0",
		},
		{
			name: "record-payment: negative", from: "bob", msg: payment("badinput-new", key, coinJSON("-1", "nsesh")),
			at: atCheckTx, want: protypes.ErrInvalidAmount, log: "amount must be positive, got -1",
		},
		{
			name: "record-payment: wrong denom", from: "bob", cli: []string{"pro", "record-payment", "badinput-new", key, "1", "5stake"},
			at: atCheckTx, want: protypes.ErrInvalidDenom, log: `amount must be in nsesh, got "stake"`,
		},
		{
			name: "record-payment: not a processor", from: "carol", cli: []string{"pro", "record-payment", "badinput-new", key, "1", "90000000000nsesh"},
			at: atDeliverTx, want: protypes.ErrNotProcessor, log: f.addr["carol"] + " is not among the payment processors",
		},
		{
			name: "record-payment: receipt recorded before", from: "bob", cli: []string{"pro", "record-payment", f.liveReceipt, key, "1", "90000000000nsesh"},
			at: atDeliverTx, want: protypes.ErrDuplicateReceipt, log: strconv.Quote(f.liveReceipt),
		},
		{
			name: "record-payment: unknown plan", from: "bob", cli: []string{"pro", "record-payment", "badinput-new", key, "7", "90000000000nsesh"},
			at: atDeliverTx, want: protypes.ErrUnknownPlan, log: "no plan 7",
		},
		{
			name: "record-payment: more than the balance", from: "bob", cli: []string{"pro", "record-payment", "badinput-new", key, "1", unaffordable + "nsesh"},
			at: atDeliverTx, want: sdkerrors.ErrInsufficientFunds, log: "insufficient funds",
		},

		// MsgRevokePayment
		{
			name: "revoke-payment: unknown receipt", from: "bob", cli: []string{"pro", "revoke-payment", "badinput-unknown"},
			at: atDeliverTx, want: protypes.ErrReceiptNotFound, log: `receipt "badinput-unknown"`,
		},
		{
			name: "revoke-payment: empty receipt", from: "bob", cli: []string{"pro", "revoke-payment", ""},
			at: atCheckTx, want: protypes.ErrInvalidReceipt, log: "receipt id must have 1 to 128 characters, got 0",
		},
		{
			name: "revoke-payment: receipt of 200 characters", from: "bob", cli: []string{"pro", "revoke-payment", long(200)},
			at: atCheckTx, want: protypes.ErrInvalidReceipt, log: "receipt id must have 1 to 128 characters, got 200",
		},
		{
			name: "record-payment: below the plan's minimum", from: "bob", cli: []string{"pro", "record-payment", "badinput-new", key, "1", "1nsesh"},
			at: atDeliverTx, want: protypes.ErrReceiptBelowMinimum, log: "plan 1 needs at least 30000000000nsesh",
		},
		{
			// Receipt ids are each processor's own: alice has none of that id.
			name: "revoke-payment: not the recording processor", from: "alice", cli: []string{"pro", "revoke-payment", f.liveReceipt},
			at: atDeliverTx, want: protypes.ErrReceiptNotFound, log: strconv.Quote(f.liveReceipt) + " of " + alice,
		},
		{
			name: "revoke-payment: revoked before", from: "bob", cli: []string{"pro", "revoke-payment", f.revokedReceipt},
			at: atDeliverTx, want: protypes.ErrAlreadyRevoked, log: "receipt " + strconv.Quote(f.revokedReceipt) + " of ",
		},

		// MsgSpendProtocolLiquidity
		{
			name: "spend-liquidity: not the authority", from: "alice", cli: []string{"pro", "spend-liquidity-proposal", alice, "1nsesh", "--no-proposal"},
			at: atDeliverTx, want: protypes.ErrInvalidAuthority, log: "got " + alice,
		},
		{
			name: "spend-liquidity: bad recipient", from: "alice", cli: []string{"pro", "spend-liquidity-proposal", "session1bad", "1nsesh", "--no-proposal"},
			at: atCLI, log: "invalid account address or key name",
		},
		{
			name: "spend-liquidity: bad recipient (signed)", from: "alice",
			msg: msgJSON(spend, "authority", alice, "recipient", "session1bad", "amount", coinJSON("1", "nsesh")),
			at:  atCheckTx, want: protypes.ErrInvalidAddress, log: `recipient "session1bad"`,
		},
		{
			name: "spend-liquidity: zero", from: "alice", cli: []string{"pro", "spend-liquidity-proposal", alice, "0nsesh", "--no-proposal"},
			at: atCheckTx, want: protypes.ErrInvalidAmount, log: "amount must be positive, got 0",
		},
		{
			name: "spend-liquidity: wrong denom", from: "alice", cli: []string{"pro", "spend-liquidity-proposal", alice, "1stake", "--no-proposal"},
			at: atCheckTx, want: protypes.ErrInvalidDenom, log: `amount must be in nsesh, got "stake"`,
		},

		// MsgRevokeReceipt, MsgRegisterIssuerKey, MsgRetireIssuerKey
		{
			name: "revoke-receipt: not the authority", from: "bob", cli: []string{"pro", "revoke-receipt-proposal", bob, f.liveReceipt, "--no-proposal"},
			at: atDeliverTx, want: protypes.ErrInvalidAuthority, log: "got " + bob,
		},
		{
			name: "register-issuer-key: not the authority", from: "alice", cli: []string{"pro", "register-issuer-key-proposal", badInputIssuerKey, "--no-proposal"},
			at: atDeliverTx, want: protypes.ErrInvalidAuthority, log: "got " + alice,
		},
		{
			name: "register-issuer-key: a key of small order", from: "alice",
			cli: []string{"pro", "register-issuer-key-proposal", "01" + strings.Repeat("00", 31), "--no-proposal"},
			at:  atCheckTx, want: protypes.ErrInvalidIssuerKey, log: "not a usable Ed25519 public key",
		},
		{
			name: "retire-issuer-key: not the authority", from: "alice", cli: []string{"pro", "retire-issuer-key-proposal", badInputIssuerKey, "--no-proposal"},
			at: atDeliverTx, want: protypes.ErrInvalidAuthority, log: "got " + alice,
		},

		// MsgUpdateParams
		{
			name: "pro update-params: not the authority", from: "alice",
			cli: []string{"pro", "update-params-proposal", fmt.Sprintf(proParamsJSON, alice, 9000), "--no-proposal"},
			at:  atDeliverTx, want: protypes.ErrInvalidAuthority, log: "got " + alice,
		},
		{
			name: "pro update-params: pool share of 200%", from: "alice",
			cli: []string{"pro", "update-params-proposal", fmt.Sprintf(proParamsJSON, alice, 20000), "--no-proposal"},
			at:  atCheckTx, want: protypes.ErrInvalidParams, log: "pool_share_bps must be at most 10000, got 20000",
		},
		{
			name: "pro update-params: feeder in upper case", from: "alice",
			cli: []string{"pro", "update-params-proposal", fmt.Sprintf(proParamsJSON, strings.ToUpper(alice), 9000), "--no-proposal"},
			at:  atCheckTx, want: protypes.ErrInvalidParams, log: "is not in canonical form",
		},
	}
}

// bridgeParamsJSON are bridge params as the CLI reads them.
const bridgeParamsJSON = `{"paused":true,"evm_chain_id":"1337","contract_address":"%s","signer_set_change_bps":%d,"bridge_name":"session-e2e",` +
	`"min_transfer":"1000000000","bridge_fee":"100000000","max_batch_size":100,"batch_wait_blocks":"10","batch_timeout_seconds":"21600",` +
	`"withdrawal_cap":"1000000000000000","cap_period_seconds":"86400","signer_set_min_blocks":"100","key_rotation_min_blocks":"14400",` +
	`"max_supply":"1000000000000000000","deposit_split_timeout_blocks":"600","signing_window_blocks":"10000",` +
	`"liveness_slash_fraction":"0","bad_signature_slash_fraction":"50000000000000000"}`
