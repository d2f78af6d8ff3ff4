package rewardpool

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// AutoCLIOptions describes the module's CLI commands, built by AutoCLI from
// the Msg and Query services.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the reward pool parameters",
					Example:   "sessiond query rewardpool params",
				},
				{
					RpcMethod: "Pool",
					Use:       "pool",
					Short:     "Show the pool balance and the current day's emission (nsesh)",
					Example:   "sessiond query rewardpool pool",
				},
				{
					RpcMethod: "DailyReward",
					Use:       "daily-reward",
					Short:     "Show today's network reward and what is left of it (nsesh)",
					Example:   "sessiond query rewardpool daily-reward",
				},
				{
					RpcMethod: "Totals",
					Use:       "totals",
					Short:     "Show the inflow totals by source and the emission totals (nsesh)",
					Example:   "sessiond query rewardpool totals",
				},
				{
					RpcMethod: "Projection",
					Use:       "projection",
					Short:     "Project balance and daily reward over the coming days from the current state",
					Long: "Projects, from the current state, each day's start balance and reward, assuming every day " +
						"is paid out in full and --daily-inflow nsesh arrive every day (counting from the day after).",
					Example: "sessiond query rewardpool projection --days 365\n" +
						"sessiond query rewardpool projection --days 365 --daily-inflow 50000000000000",
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"days":         {Usage: "number of days to project, the current day included (1 to 3650)"},
						"daily_inflow": {Usage: "nsesh assumed to flow into the pool every day"},
					},
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod:      "FundPool",
					Use:            "fund-pool [amount]",
					Short:          "Move tokens from your account into the Staking Reward Pool",
					Long:           "Moves an amount of nsesh into the pool. It counts towards the daily reward from the next day on.",
					Example:        "sessiond tx rewardpool fund-pool 1000000000000nsesh --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "amount"}},
				},
				{
					// Hand-written in client/cli: update-params-proposal.
					RpcMethod: "UpdateParams",
					Skip:      true,
				},
			},
		},
	}
}
