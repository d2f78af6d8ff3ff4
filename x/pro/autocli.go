package pro

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// AutoCLIOptions describes the module's CLI commands, built by AutoCLI from
// the Msg and Query services.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the Session Pro parameters", Example: "sessiond query pro params"},
				{
					RpcMethod: "Subscription", Use: "subscription [session-pubkey]",
					Short:          "Show a Session account's Pro status: active, expiry, plan and how it was paid",
					Example:        "sessiond query pro subscription 9f0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "session_pubkey"}},
				},
				{
					RpcMethod: "Quote", Use: "quote [plan-id]", Short: "Show what a plan costs in nsesh now",
					Example: "sessiond query pro quote 1", PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "plan_id"}},
				},
				{
					RpcMethod: "Price", Use: "price",
					Short:   "Show the SESH/USD price in force, its health, the allowed range and every feeder's input with its age",
					Example: "sessiond query pro price",
				},
				{
					RpcMethod: "PriceHealth", Use: "price-health",
					Short:   "Say whether purchases in SESH may use the price, or why not (too few feeders, stale, out of band, deviation)",
					Example: "sessiond query pro price-health",
				},
				{RpcMethod: "Plans", Use: "plans", Short: "List the plans on sale (prices in micro-USD)", Example: "sessiond query pro plans"},
				{RpcMethod: "Revenue", Use: "revenue", Short: "Show Pro revenue: to the pool, to liquidity, purchases", Example: "sessiond query pro revenue"},
				{RpcMethod: "Revocations", Use: "revocations", Short: "List revoked receipts", Example: "sessiond query pro revocations --limit 50"},
				{
					RpcMethod: "ProofStatus", Use: "proof-status [session-pubkey]",
					Short: "Show what a Pro proof for a Session account would say now: status, expiry, grace, revocation tag",
					Long: "Shows the account's user status (never, active, expired), whether its current entitlement generation was " +
						"revoked, its expiry and the grace period, its generation and revocation tag, and the expiry_ts a proof " +
						"issued at this block's time would carry.",
					Example:        "sessiond query pro proof-status 9f0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "session_pubkey"}},
				},
				{
					RpcMethod: "RevocationList", Use: "revocation-list [since-ticket]",
					Short:          "List the revoked entitlement generations after a ticket (the list Session clients poll)",
					Example:        "sessiond query pro revocation-list 0 --limit 100",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "since_ticket"}},
					FlagOptions:    map[string]*autocliv1.FlagOptions{"limit": {Usage: "the most entries returned (default 100, at most 1000)"}},
				},
				{RpcMethod: "IssuerKeys", Use: "issuer-keys", Short: "List the Ed25519 keys governance allows to sign Pro proofs", Example: "sessiond query pro issuer-keys"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "SubmitPrice", Use: "submit-price [usd-per-sesh] [source-time]",
					Short: "Submit the SESH/USD price read at its sources at source-time (feeders only; session-pricefeeder does this)",
					Long: "source-time (RFC 3339) is when the price was read: not after the block time, at most max_source_delay " +
						"before it, and later than your previous submission's.",
					Example:        "sessiond tx pro submit-price 0.0525 2026-12-24T17:03:07Z --from feeder",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "price"}, {ProtoField: "source_time"}},
				},
				{
					RpcMethod: "Subscribe", Use: "subscribe [session-pubkey] [plan-id]",
					Short: "Buy Pro for a Session account (yours or a gift), paid in SESH",
					Long: "Pays the plan's USD price at the SESH price in force, rounded up to the nsesh; fails if that is " +
						"more than --max-amount, if the block is above --expiry-height, or while the price is unhealthy. " +
						"The period starts at the later of now and the current expiry.",
					Example:        "sessiond tx pro subscribe 9f0e5a4b7c3d2e1f00112233445566778899aabbccddeeff0011223344556677 1 --max-amount 200000000000nsesh --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "session_pubkey"}, {ProtoField: "plan_id"}},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"max_amount":    {Usage: "the most you accept to pay, e.g. 200000000000nsesh"},
						"expiry_height": {Usage: "fail instead of paying in a block above this height (0: no expiry)"},
					},
				},
				{
					RpcMethod: "RecordPayment", Use: "record-payment [receipt-id] [session-pubkey] [plan-id] [amount]",
					Short:   "Record a payment made elsewhere and pay the SESH bought with it (processors only)",
					Example: "sessiond tx pro record-payment appstore-2000001234 9f0e5a4b...6677 1 95000000000nsesh --from processor",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "receipt_id"}, {ProtoField: "session_pubkey"}, {ProtoField: "plan_id"}, {ProtoField: "amount"},
					},
				},
				{
					RpcMethod: "RevokePayment", Use: "revoke-payment [receipt-id]",
					Short:          "Revoke a recorded payment after a refund: the period it bought ends",
					Example:        "sessiond tx pro revoke-payment appstore-2000001234 --from processor",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "receipt_id"}},
				},
				{
					RpcMethod: "SpendProtocolLiquidity", Use: "spend-liquidity-proposal [recipient] [amount]",
					Short:          "Propose to spend protocol-owned liquidity",
					Example:        `sessiond tx pro spend-liquidity-proposal session1... 1000000000000nsesh --from alice --deposit 10000000nsesh --title "LP" --summary "..."`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "recipient"}, {ProtoField: "amount"}},
					GovProposal:    true,
				},
				{
					RpcMethod: "UpdateParams", Use: "update-params-proposal [params]",
					Short: "Propose new Session Pro parameters (JSON, every field)",
					Example: `sessiond tx pro update-params-proposal '{"plans":[{"id":1,"name":"1 month","duration":"2592000s","price_usd":"4990000"}],` +
						`"feeders":["session1...","session1...","session1..."],"min_feeders":3,"max_price_age":"3600s","max_price_usd":"1000000","processors":[],"pool_share_bps":9000,` +
						`"liquidity_locked_until":"2031-01-01T00:00:00Z","max_source_delay":"1800s","price_window":"3600s","max_price_change_bps":1000,` +
						`"price_floor":"0.001","price_ceiling":"10"}' ` +
						`--from alice --deposit 10000000nsesh --title "Pro params" --summary "..."`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
					GovProposal:    true,
				},
				{
					RpcMethod: "RevokeReceipt", Use: "revoke-receipt-proposal [processor] [receipt-id]",
					Short:          "Propose to revoke a processor's recorded payment (a refund the processor did not revoke)",
					Example:        `sessiond tx pro revoke-receipt-proposal session1... appstore-2000001234 --from alice --deposit 10000000nsesh --title "Refund" --summary "..."`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "processor"}, {ProtoField: "receipt_id"}},
					GovProposal:    true,
				},
				{
					RpcMethod: "RegisterIssuerKey", Use: "register-issuer-key-proposal [pubkey]",
					Short: "Propose an Ed25519 key that may sign Session Pro proofs",
					Example: `sessiond tx pro register-issuer-key-proposal 3f1c...e0 --description "pro.example.org" ` +
						`--not-after 2027-12-31T00:00:00Z --from alice --deposit 10000000nsesh --title "Issuer key" --summary "..."`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "pubkey"}},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"not_before":  {Usage: "when the key starts to be valid (RFC 3339; default: when the proposal passes)"},
						"not_after":   {Usage: "when the key stops being valid (RFC 3339; default: open)"},
						"description": {Usage: "who runs the issuer and where (at most 256 characters)"},
					},
					GovProposal: true,
				},
				{
					RpcMethod: "RetireIssuerKey", Use: "retire-issuer-key-proposal [pubkey]",
					Short:          "Propose to end an issuer key's validity",
					Example:        `sessiond tx pro retire-issuer-key-proposal 3f1c...e0 --from alice --deposit 10000000nsesh --title "Retire" --summary "..."`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "pubkey"}},
					FlagOptions:    map[string]*autocliv1.FlagOptions{"retire_at": {Usage: "when it stops being valid (RFC 3339; default: when the proposal passes)"}},
					GovProposal:    true,
				},
			},
		},
	}
}
