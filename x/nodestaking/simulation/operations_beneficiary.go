package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/internal/simutil"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// The beneficiary operation's weight and how it draws beneficiaries and
// claim recipients.
const (
	WeightMsgSetBeneficiary        = "msg_set_beneficiary"
	DefaultWeightMsgSetBeneficiary = 20
	// clearBeneficiaryOneIn: one beneficiary change in this many names the
	// contributor itself, which clears it.
	clearBeneficiaryOneIn = 4
	// recipientOneIn: one claim in this many pays another account.
	recipientOneIn = 3
)

// setBeneficiary names a random account the beneficiary of a contribution
// to a node in any state, or now and then clears it.
func (f factories) setBeneficiary(goCtx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
) ([]simsx.SimAccount, *types.MsgSetBeneficiary) {
	ctx, r := sdk.UnwrapSDKContext(goCtx), testData.Rand().Rand
	nodes, err := nodesWithStatus(ctx, f.k, types.NODE_STATUS_AWAITING, types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING,
		types.NODE_STATUS_DECOMMISSIONED, types.NODE_STATUS_DEREGISTERED)
	if err != nil {
		reporter.Fail(err, "reading the nodes")
		return nil, nil
	}
	if len(nodes) == 0 {
		reporter.Skip("no node")
		return nil, nil
	}
	node := simutil.Pick(r, nodes)
	addrs, _, err := f.contributions(ctx, node.Pubkey)
	if err != nil {
		reporter.Fail(err, "reading the contributions")
		return nil, nil
	}
	from, ok := account(testData, reporter, simutil.Pick(r, addrs).String())
	if !ok {
		reporter.Skipf("the contributor picked in node %s is not a simulation account", node.Pubkey)
		return nil, nil
	}
	beneficiary := testData.AnyAccount(reporter)
	if r.Intn(clearBeneficiaryOneIn) == 0 {
		beneficiary = from
	}
	return []simsx.SimAccount{from}, &types.MsgSetBeneficiary{
		Contributor: from.AddressBech32, Pubkey: pubkeyBytes(node.Pubkey), Beneficiary: beneficiary.AddressBech32,
	}
}

// claimRecipient returns the recipient of a claim: another random account
// one time in recipientOneIn, else empty (the claimant).
func claimRecipient(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) string {
	if testData.Rand().Intn(recipientOneIn) != 0 {
		return ""
	}
	return testData.AnyAccount(reporter).AddressBech32
}
