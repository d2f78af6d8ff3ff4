// Package cli holds the hand-written rewardpool commands: only those AutoCLI
// cannot express. AutoCLI adds the generated commands beside them.
package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govcli "github.com/cosmos/cosmos-sdk/x/gov/client/cli"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/sessiontoken/sessionchain/x/internal/modulecli"
	"github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

const (
	flagAnnualRate     = "annual-rate"
	flagDayLength      = "day-length"
	flagMaxCatchupDays = "max-catchup-days"
)

// NewTxCmd returns the `tx rewardpool` command. AutoCLI adds fund-pool.
func NewTxCmd() *cobra.Command {
	return modulecli.Group(types.ModuleName, "Staking Reward Pool transactions", NewUpdateParamsProposalCmd())
}

// NewUpdateParamsProposalCmd submits a governance proposal carrying
// MsgUpdateParams. It is hand-written because AutoCLI reads a params JSON
// with protojson, which does not turn "0.151" into a LegacyDec.
func NewUpdateParamsProposalCmd() *cobra.Command {
	cmd := modulecli.TxCmd("update-params-proposal", "Submit a governance proposal to change the reward pool parameters",
		"Starts from the parameters in force and changes those given by flags, then submits a governance "+
			"proposal whose message is MsgUpdateParams signed by the gov module account.",
		`sessiond tx rewardpool update-params-proposal --annual-rate 0.16 \
  --from alice --deposit 10000000nsesh --title "Reward pool rate" --summary "Raise the annual rate to 16%"`,
		cobra.NoArgs,
		func(cmd *cobra.Command, clientCtx client.Context, _ []string) (sdk.Msg, error) {
			res, err := types.NewQueryClient(clientCtx).Params(cmd.Context(), &types.QueryParamsRequest{})
			if err != nil {
				return nil, fmt.Errorf("reading the params in force: %w", err)
			}
			params, err := applyParamFlags(cmd, res.Params)
			if err != nil {
				return nil, err
			}
			proposal, err := govcli.ReadGovPropCmdFlags(clientCtx.GetFromAddress().String(), cmd.Flags())
			if err != nil {
				return nil, err
			}
			msg := &types.MsgUpdateParams{
				Authority: authtypes.NewModuleAddress(govtypes.ModuleName).String(),
				Params:    params,
			}
			if err := proposal.SetMsgs([]sdk.Msg{msg}); err != nil {
				return nil, err
			}
			return proposal, nil
		})
	cmd.Flags().String(flagAnnualRate, "", "new annual rate, a decimal strictly between 0 and 1 (e.g. 0.151)")
	cmd.Flags().Duration(flagDayLength, 0, "new day length (e.g. 24h); applies from the next day")
	cmd.Flags().Uint32(flagMaxCatchupDays, 0, "new bound on the days one block settles after a halt")
	govcli.AddGovPropFlagsToCmd(cmd)
	return cmd
}

// applyParamFlags returns params with the flags the user set applied, and
// checks the result.
func applyParamFlags(cmd *cobra.Command, params types.Params) (types.Params, error) {
	fs := cmd.Flags()
	if fs.Changed(flagAnnualRate) {
		s, _ := fs.GetString(flagAnnualRate)
		rate, err := math.LegacyNewDecFromStr(s)
		if err != nil {
			return params, fmt.Errorf("--%s %q: %w", flagAnnualRate, s, err)
		}
		params.AnnualRate = rate
	}
	if fs.Changed(flagDayLength) {
		d, err := fs.GetDuration(flagDayLength)
		if err != nil {
			return params, err
		}
		params.DayLength = d
	}
	if fs.Changed(flagMaxCatchupDays) {
		n, err := fs.GetUint32(flagMaxCatchupDays)
		if err != nil {
			return params, err
		}
		params.MaxCatchupDays = n
	}
	if !fs.Changed(flagAnnualRate) && !fs.Changed(flagDayLength) && !fs.Changed(flagMaxCatchupDays) {
		return params, fmt.Errorf("nothing to change: set --%s, --%s or --%s", flagAnnualRate, flagDayLength, flagMaxCatchupDays)
	}
	return params, params.Validate()
}
