package simulation

import (
	"math/rand"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The beneficiary operation's weight key and default weight.
//
//nolint:gosec // G101 reads "pW" in OpWeight as a password
const (
	OpWeightMsgSetBeneficiary      = "op_weight_msg_set_beneficiary"
	DefaultWeightMsgSetBeneficiary = 20
	// clearBeneficiaryOneIn: one beneficiary change in this many names the
	// contributor itself, which clears it.
	clearBeneficiaryOneIn = 4
	// recipientOneIn: one claim in this many pays another account.
	recipientOneIn = 3
)

// setBeneficiary names a random account the beneficiary of a contribution
// to a node in any state, or now and then clears it.
func (o ops) setBeneficiary(r *rand.Rand, app *baseapp.BaseApp, ctx sdk.Context, accs []simtypes.Account, _ string,
) (simtypes.OperationMsg, []simtypes.FutureOperation, error) {
	msg := &types.MsgSetBeneficiary{}
	nodes, err := nodesWithStatus(ctx, o.k, types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING,
		types.NODE_STATUS_DECOMMISSIONED, types.NODE_STATUS_DEREGISTERED)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	if len(nodes) == 0 {
		return o.env.NoOp(msg, "no node")
	}
	node := simutil.Pick(r, nodes)
	addrs, _, err := o.contributions(ctx, node.Pubkey)
	if err != nil {
		return o.env.Fail(msg, err)
	}
	from, ok := simtypes.FindAccount(accs, simutil.Pick(r, addrs))
	if !ok {
		return o.env.NoOp(msg, "the contributor picked in node %s is not a simulation account", node.Pubkey)
	}
	beneficiary, _ := simtypes.RandomAcc(r, accs)
	if r.Intn(clearBeneficiaryOneIn) == 0 {
		beneficiary = from
	}
	msg.Contributor = from.Address.String()
	msg.Pubkey = pubkeyBytes(node.Pubkey)
	msg.Beneficiary = beneficiary.Address.String()
	return o.env.Deliver(r, app, ctx, from, msg, math.ZeroInt())
}

// claimRecipient returns the recipient of a claim: another random account
// one time in recipientOneIn, else empty (the claimant).
func claimRecipient(r *rand.Rand, accs []simtypes.Account) string {
	if r.Intn(recipientOneIn) != 0 {
		return ""
	}
	acc, _ := simtypes.RandomAcc(r, accs)
	return acc.Address.String()
}
