package names

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/sessiontoken/sessionchain/x/names/types"
)

// AutoCLIOptions describes the module's CLI commands built by AutoCLI from
// the Msg and Query services, beside the hand-written ones (client/cli),
// which hash names and encrypt values on the client.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Query_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the Session names parameters (prices in micro-USD)", Example: "sessiond query names params"},
				{
					RpcMethod: "Resolve", Use: "record [name-hash]",
					Short:          "Show the record of a name hash, its value still encrypted (resolve decrypts it given the name)",
					Example:        "sessiond query names record 8a5edab282632443219e051e4ade2d1d5bbc671c781051bf1437897cbdfea0f1",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "name_hash"}},
				},
				{
					RpcMethod: "OwnerNames", Use: "owner-names [owner]",
					Short:          "List the names an address owns (by hash), with their status",
					Example:        "sessiond query names owner-names session1... --limit 50",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}},
				},
				{
					RpcMethod: "Listings", Use: "listings", Short: "List the names on sale, cheapest first (--reverse: dearest first)",
					Example: "sessiond query names listings --limit 20",
				},
				// Hand-written in client/cli: quote hashes the name.
				{RpcMethod: "Quote", Skip: true},
				{RpcMethod: "Revenue", Use: "revenue", Short: "Show Session names revenue: to the pool, to liquidity, payments", Example: "sessiond query names revenue"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				// Hand-written in client/cli: they hash the name and encrypt
				// its value on the client.
				{RpcMethod: "RegisterName", Skip: true},
				{RpcMethod: "RenewName", Skip: true},
				{RpcMethod: "UpdateName", Skip: true},
				{RpcMethod: "TransferName", Skip: true},
				{RpcMethod: "ListName", Skip: true},
				{RpcMethod: "CancelListing", Skip: true},
				{RpcMethod: "BuyName", Skip: true},
				{
					RpcMethod: "UpdateParams", Use: "update-params-proposal [params]",
					Short: "Propose new Session names parameters (JSON, every field)",
					Example: `sessiond tx names update-params-proposal '{"terms":[{"years":1,"price_usd":"5000000"},{"years":2,"price_usd":"9000000"}],` +
						`"length_tiers":[{"max_length":3,"multiplier_bps":100000}],"grace_period":"7776000s","premium_start_usd":"10000000000",` +
						`"premium_days":21,"transfer_fee_usd":"1000000","market_fee_bps":250,"pool_share_bps":9000}' ` +
						`--from alice --deposit 10000000nsesh --title "Names params" --summary "..."`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
					GovProposal:    true,
				},
			},
		},
	}
}
