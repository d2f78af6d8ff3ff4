package simulation

import (
	"math/rand"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	"github.com/cosmos/cosmos-sdk/x/simulation"

	"github.com/sessiontoken/sessionchain/x/pro/keeper"
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// Proposal weights: the key a simulation params file sets, and the default.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgUpdateParams               = "op_weight_msg_update_pro_params"
	OpWeightMsgSpendProtocolLiquidity     = "op_weight_msg_spend_protocol_liquidity"
	OpWeightMsgRevokeReceipt              = "op_weight_msg_revoke_receipt"
	OpWeightMsgRegisterIssuerKey          = "op_weight_msg_register_issuer_key"
	OpWeightMsgRetireIssuerKey            = "op_weight_msg_retire_issuer_key"
	DefaultWeightMsgUpdateParams      int = 5
	DefaultWeightMsgSpendLiquidity    int = 5
	DefaultWeightMsgRevokeReceipt     int = 3
	DefaultWeightMsgRegisterIssuerKey int = 3
	DefaultWeightMsgRetireIssuerKey   int = 2
)

// ProposalMsgs returns the governance proposals the simulation submits for
// the authority's messages: new params (new feeders and processors among
// the accounts, the plans in force repriced by half to twice, the liquidity
// lock kept or moved later), a spend of up to half the protocol-owned
// liquidity, which the lock refuses until its time, the revocation of a
// receipt not yet revoked, and an issuer key registered (a new random key,
// from now or later, open or for up to a year) or retired.
func ProposalMsgs(k *keeper.Keeper) []simtypes.WeightedProposalMsg {
	return append(entitlementProposals(k), []simtypes.WeightedProposalMsg{
		simulation.NewWeightedProposalMsg(OpWeightMsgUpdateParams, DefaultWeightMsgUpdateParams,
			func(r *rand.Rand, ctx sdk.Context, accs []simtypes.Account) sdk.Msg {
				current, err := k.Params.Get(ctx)
				if err != nil {
					return nil
				}
				plans := make([]types.Plan, len(current.Plans))
				for i, p := range current.Plans {
					p.PriceUsd = max(p.PriceUsd*uint64(1+r.Intn(4))/2, 1) //nolint:gosec // positive
					plans[i] = p
				}
				params := RandomParams(r, accs, plans)
				// The lock moves only later: now and then by up to ten days.
				params.LiquidityLockedUntil = current.LiquidityLockedUntil
				if r.Intn(4) == 0 {
					params.LiquidityLockedUntil = params.LiquidityLockedUntil.Add(time.Duration(r.Int63n(int64(10 * types.Day))))
				}
				return &types.MsgUpdateParams{Authority: k.Authority(), Params: params}
			}),
		simulation.NewWeightedProposalMsg(OpWeightMsgSpendProtocolLiquidity, DefaultWeightMsgSpendLiquidity,
			func(r *rand.Rand, ctx sdk.Context, accs []simtypes.Account) sdk.Msg {
				held := k.LiquidityBalance(ctx).Amount
				if held.LT(math.NewInt(2)) {
					return nil
				}
				recipient, _ := simtypes.RandomAcc(r, accs)
				return &types.MsgSpendProtocolLiquidity{
					Authority: k.Authority(),
					Recipient: recipient.Address.String(),
					Amount:    sdk.NewCoin(types.Denom, simtypes.RandomAmount(r, held.QuoRaw(2)).AddRaw(1)),
				}
			}),
	}...)
}
