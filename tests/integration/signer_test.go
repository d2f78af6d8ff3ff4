package integration

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
	nstypes "github.com/sessiontoken/sessionchain/x/nodestaking/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestMalformedSignerRefusedBySDK checks what the modules' ValidateBasic
// counts on when it leaves the signer's address alone: the SDK decodes the
// signer field of every message and refuses a transaction whose signer is
// not an address of this chain, before any of the module's code runs.
func TestMalformedSignerRefusedBySDK(t *testing.T) {
	const malformed = "session1nope"
	otherChain, err := sdk.Bech32ifyAddressBytes("cosmos", make([]byte, 20))
	require.NoError(t, err)
	c := testutil.NewChain(t, testutil.DefaultChainOptions())
	c.NextBlock(time.Second)
	alice := c.Accounts[0]

	for _, tc := range []struct {
		name string
		msg  sdk.Msg
	}{
		{"claim", &nstypes.MsgClaimRewards{Claimant: malformed}},
		{"uptime proof", &nstypes.MsgUptimeProof{
			Sender: "", Pubkey: make([]byte, 32), Seq: 1, Signature: make([]byte, 64),
			BlockHeight: 1, AppHash: make([]byte, nstypes.AppHashSize), Endpoint: testutil.TestEndpoint(),
		}},
		{"subscribe", &protypes.MsgSubscribe{Payer: otherChain, SessionPubkey: sessionKey, PlanId: 1, MaxAmount: sdk.NewCoin(protypes.Denom, testutil.SESH)}},
		{"fund pool", &rptypes.MsgFundPool{Depositor: malformed, Amount: sdk.NewCoin(rptypes.Denom, testutil.SESH)}},
		{"attest deposit", &bridgetypes.MsgAttestDeposit{Signer: malformed, Claim: bridgetypes.DepositClaim{
			Nonce: 1, EvmSender: "0x71562b71999873DB5b286dF957af199Ec94617F7", Recipient: alice.Address.String(), Amount: testutil.SESH,
		}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Deliver(time.Second, alice, tc.msg)
			require.NotZero(t, res.Code, "a malformed signer must be refused")
			require.NotContains(t, []string{nstypes.ModuleName, protypes.ModuleName, rptypes.ModuleName, bridgetypes.ModuleName},
				res.Codespace, "refused by the SDK, before the module: %s", res.Log)
			require.Regexp(t, `bech32|address`, res.Log, "refused for the signer's address, not for anything else")
		})
	}
}
