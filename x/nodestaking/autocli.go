package nodestaking

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// AutoCLIOptions describes the module's CLI commands, built by AutoCLI from
// the Msg and Query services. The commands signed by a node key
// (register-node, uptime-proof, vote) are hand-written (client/cli).
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	pubkeyArg := []*autocliv1.PositionalArgDescriptor{{ProtoField: "pubkey"}}
	addressArg := []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}}
	pubkeyPeriodArgs := []*autocliv1.PositionalArgDescriptor{{ProtoField: "pubkey"}, {ProtoField: "period", Optional: true}}
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the node staking parameters", Example: "sessiond query nodestaking params"},
				{
					RpcMethod: "Node", Use: "node [pubkey]", Short: "Show a node with its contributions and reserved spots",
					Example: "sessiond query nodestaking node 3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29", PositionalArgs: pubkeyArg,
				},
				{
					RpcMethod: "Nodes", Use: "nodes", Short: "List nodes, all or by --status, paginated",
					Example: "sessiond query nodestaking nodes --status active --page-limit 50",
				},
				{
					RpcMethod: "RemovedNode", Use: "removed-node [pubkey]",
					Short:   "Show a removed node: operator, fee, how and when it left, its stake, earnings and penalty",
					Example: "sessiond query nodestaking removed-node 3b6a27bc...", PositionalArgs: pubkeyArg,
				},
				{
					RpcMethod: "RemovedNodes", Use: "removed-nodes", Short: "List the removed nodes by node key, paginated",
					Example: "sessiond query nodestaking removed-nodes --page-limit 50",
				},
				{
					RpcMethod: "ContributorNodes", Use: "contributor-nodes [address]", Short: "List the nodes an address has stake in",
					Example: "sessiond query nodestaking contributor-nodes session1...", PositionalArgs: addressArg,
				},
				{
					RpcMethod: "Rewards", Use: "rewards [address]", Short: "Show an address's claimable and pending rewards (nsesh)",
					Example: "sessiond query nodestaking rewards session1...", PositionalArgs: addressArg,
				},
				{
					RpcMethod: "NextContribution", Use: "next-contribution [pubkey]",
					Short:   "Show the smallest and largest contribution a node takes now (--address for a given contributor)",
					Example: "sessiond query nodestaking next-contribution 3b6a27bc... --address session1...", PositionalArgs: pubkeyArg,
				},
				{
					RpcMethod: "Stats", Use: "stats", Short: "Show active nodes, total staked and today's reward per node",
					Example: "sessiond query nodestaking stats",
				},
				{
					RpcMethod: "Liveness", Use: "liveness [pubkey]",
					Short:   "Show a node's liveness: status, decommission credit, proofs, deadlines, endpoint and missed votes",
					Example: "sessiond query nodestaking liveness 3b6a27bc...", PositionalArgs: pubkeyArg,
				},
				{
					RpcMethod: "Endpoints", Use: "endpoints",
					Short:   "List where the nodes serve (IP, storage and QUIC ports, versions), as their last uptime proofs registered it",
					Example: "sessiond query nodestaking endpoints\nsessiond query nodestaking endpoints --page-limit 100",
				},
				{
					RpcMethod: "NodeBySigningKey", Use: "node-by-signing-key [signing-key]",
					Short:          "Show the node that signs with a key (a key it rotated to, or its ID if it never rotated)",
					Example:        "sessiond query nodestaking node-by-signing-key 9c41e0aa...",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "signing_key"}},
				},
				{
					RpcMethod: "SeedRound", Use: "seed-round",
					Short:   "Show the seed round in progress: the period and seed uptime proofs' VRF proofs cover, and how many nodes added to the next quorum seed",
					Example: "sessiond query nodestaking seed-round",
				},
				{
					RpcMethod: "AddressTotals", Use: "address-totals [address]",
					Short:   "Show an address's lifetime rewards claimed, stakes returned and penalties paid (nsesh, since consensus version 6)",
					Example: "sessiond query nodestaking address-totals session1...", PositionalArgs: addressArg,
				},
				{
					RpcMethod: "MedianFee", Use: "median-fee", Short: "Show the median operator fee of the active nodes (basis points)",
					Example: "sessiond query nodestaking median-fee",
				},
				{
					RpcMethod: "DailyRewards", Use: "daily-rewards [address]",
					Short:   "Estimate an address's rewards per day at today's reward, node by node (nsesh)",
					Example: "sessiond query nodestaking daily-rewards session1...", PositionalArgs: addressArg,
				},
				{
					RpcMethod: "OpenNodes", Use: "open-nodes",
					Short: "List the nodes a new contributor can join, with room left and minimum contribution, filtered (amounts in nsesh)",
					Example: "sessiond query nodestaking open-nodes\n" +
						"sessiond query nodestaking open-nodes --min-room 5000000000000 --max-fee-bps 500 --max-min-contribution 3000000000000 --page-limit 20",
				},
				{
					RpcMethod: "Quorum", Use: "quorum [pubkey] [period]",
					Short:          "Show the nodes that test a node in a testing period (default: the current one)",
					Example:        "sessiond query nodestaking quorum 3b6a27bc...\nsessiond query nodestaking quorum 3b6a27bc... 492148",
					PositionalArgs: pubkeyPeriodArgs,
				},
				{
					RpcMethod: "Votes", Use: "votes [pubkey] [period]",
					Short:          "Show the quorum votes about a node in a testing period (default: the current one)",
					Example:        "sessiond query nodestaking votes 3b6a27bc...\nsessiond query nodestaking votes 3b6a27bc... 492148",
					PositionalArgs: pubkeyPeriodArgs,
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "RegisterNode", Skip: true},
				{RpcMethod: "UptimeProof", Skip: true},
				{RpcMethod: "NodeStateVote", Skip: true},
				{RpcMethod: "UpdateReservations", Skip: true}, // client/cli: a list of spots
				{RpcMethod: "Contribute", Skip: true},         // client/cli: bounds the fee by the node's as queried
				{RpcMethod: "RotateNodeKey", Skip: true},      // client/cli: the new key signs
				{
					RpcMethod: "ChangeFee", Use: "change-fee [pubkey] [fee-bps]",
					Short: "Change your node's operator fee: at once while it awaits contributions or for a lower fee, " +
						"else after the notice (fee_change_notice, 7 days); the fee in force cancels a pending change",
					Example:        "sessiond tx nodestaking change-fee 3b6a27bc... 1500 --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "pubkey"}, {ProtoField: "fee_bps"}},
				},
				{
					RpcMethod: "WithdrawContribution", Use: "withdraw-contribution [pubkey]",
					Short:   "Take your stake back from a node that is not active yet (24 h after your last contribution)",
					Example: "sessiond tx nodestaking withdraw-contribution 3b6a27bc... --from bob", PositionalArgs: pubkeyArg,
				},
				{
					RpcMethod: "RequestUnlock", Use: "request-unlock [pubkey]",
					Short:   "Start a node's exit: it earns 15 more days, then every stake goes back",
					Example: "sessiond tx nodestaking request-unlock 3b6a27bc... --from alice", PositionalArgs: pubkeyArg,
				},
				{
					RpcMethod: "ActivateNode", Use: "activate-node [pubkey]",
					Short:   "Activate a node awaiting contributions whose stakes meet the requirement in force (after governance lowered it)",
					Example: "sessiond tx nodestaking activate-node 3b6a27bc... --from alice", PositionalArgs: pubkeyArg,
				},
				{
					RpcMethod: "ClaimRewards", Use: "claim-rewards",
					Short: "Claim everything you earned across all your nodes (to --recipient, default you; a contribution's beneficiary gets its share)",
					Example: "sessiond tx nodestaking claim-rewards --from alice\n" +
						"sessiond tx nodestaking claim-rewards --recipient session1... --from alice",
				},
				{
					RpcMethod: "SetBeneficiary", Use: "set-beneficiary [pubkey] [beneficiary]",
					Short:          "Name who receives your rewards from a node and your stake when returned (your own address clears it)",
					Example:        "sessiond tx nodestaking set-beneficiary 3b6a27bc... session1... --from bob",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "pubkey"}, {ProtoField: "beneficiary"}},
				},
				{
					RpcMethod: "DeregisterNode", Use: "deregister-node-proposal [pubkey]",
					Short:          "Propose to deregister a node (30-day lock, 0.2% penalty into the reward pool)",
					Example:        `sessiond tx nodestaking deregister-node-proposal 3b6a27bc... --from alice --deposit 10000000nsesh --title "Deregister" --summary "..."`,
					PositionalArgs: pubkeyArg, GovProposal: true,
				},
				{
					RpcMethod: "UpdateParams", Use: "update-params-proposal [params]",
					Short: "Propose new node staking parameters (JSON, every field)",
					Example: `sessiond tx nodestaking update-params-proposal '{"staking_requirement":"25000000000000","max_contributors":10,` +
						`"min_operator_stake_bps":2500,"small_contributor_bps":2500,"small_contributor_lock":"2592000s","unlock_delay":"1296000s",` +
						`"withdraw_delay":"86400s","deregistration_lock":"2592000s","deregistration_penalty_bps":20,"max_exits_per_block":100,` +
						`"uptime_proof_interval":"3600s","uptime_proof_timeout":"7800s","testing_period":"3600s","quorum_size":10,` +
						`"quorum_threshold":7,"initial_credit":"7200s","credit_per_day":"2880s","max_credit":"172800s",` +
						`"min_decommission_credit":"7200s","recommission_penalty":2,"max_liveness_per_block":100,"max_pruned_per_block":1000,` +
						`"proof_block_window":120,"halt_threshold":"600s","fee_change_notice":"604800s","missed_vote_penalty":"1200s","missed_share_penalty":"1200s",` +
						`"max_missed_votes":4,"max_free_votes_per_block":4,"max_free_vote_gas":"1000000","max_free_vote_tx_bytes":4096,"key_rotation_cooldown":"86400s"}' ` +
						`--from alice --deposit 10000000nsesh --title "Node params" --summary "..."`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}}, GovProposal: true,
				},
			},
		},
	}
}
