package cli

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

const flagMaxFeeBps = "max-fee-bps"

// NewContributeCmd stakes in a node awaiting contributions. It is
// hand-written because it bounds the operator fee it accepts by default:
// max_fee_bps is the node's fee as queried now (a pending raise included),
// so an operator who sees the contribution coming cannot raise the fee
// before it lands. --max-fee-bps overrides it (0: no bound).
func NewContributeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use: "contribute [pubkey] [amount]",
		Short: "Stake in a node that awaits contributions, at most at its fee now (--max-fee-bps to choose; " +
			"--beneficiary: who receives its rewards and the stake back)",
		Example: "sessiond tx nodestaking contribute 3b6a27bc... 5000000000000nsesh --from bob\n" +
			"sessiond tx nodestaking contribute 3b6a27bc... 5000000000000nsesh --max-fee-bps 1500 --beneficiary session1... --from bob",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SilenceUsage = true
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			pubkey, err := decodeKeyArg(args[0])
			if err != nil {
				return err
			}
			amount, err := sdk.ParseCoinNormalized(args[1])
			if err != nil {
				return err
			}
			beneficiary, err := cmd.Flags().GetString(flagBeneficiary)
			if err != nil {
				return err
			}
			maxFee, err := maxFeeBps(cmd, clientCtx, pubkey)
			if err != nil {
				return err
			}
			msg := &types.MsgContribute{
				Contributor: clientCtx.GetFromAddress().String(), Pubkey: pubkey, Amount: amount,
				Beneficiary: beneficiary, MaxFeeBps: maxFee,
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String(flagBeneficiary, "", "who receives your rewards from the node and your stake back (default: you; a top-up keeps the one you set)")
	cmd.Flags().Uint32(flagMaxFeeBps, 0, "the highest operator fee you accept, in basis points (default: the node's fee now, as queried; 0 with the flag: no bound)")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// maxFeeBps is --max-fee-bps when given, else the node's highest fee as the
// chain reports it. A node the chain does not know, or a key it refuses,
// gets no bound: the chain refuses the contribution anyway, with its own
// error.
func maxFeeBps(cmd *cobra.Command, clientCtx client.Context, pubkey []byte) (uint32, error) {
	if cmd.Flags().Changed(flagMaxFeeBps) {
		return cmd.Flags().GetUint32(flagMaxFeeBps)
	}
	res, err := types.NewQueryClient(clientCtx).Node(cmd.Context(), &types.QueryNodeRequest{Pubkey: hex.EncodeToString(pubkey)})
	if code := status.Code(err); code == codes.NotFound || code == codes.InvalidArgument {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the node's fee (or give --%s): %w", flagMaxFeeBps, err)
	}
	return res.Node.Node.HighestFee(), nil
}

// decodeKeyArg reads a node key given as hex or base64, as AutoCLI reads
// bytes; its length is the chain's to check.
func decodeKeyArg(s string) ([]byte, error) {
	if bz, err := hex.DecodeString(s); err == nil {
		return bz, nil
	}
	if bz, err := base64.StdEncoding.DecodeString(s); err == nil {
		return bz, nil
	}
	return nil, errors.New("input string is neither a valid file path, hex, or base64 encoded")
}
