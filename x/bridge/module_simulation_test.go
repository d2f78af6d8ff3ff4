package bridge_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/sessiontoken/sessionchain/x/bridge"
)

// TestSimulationWeights checks that every operation and proposal keeps the
// params-file key ("op_weight_" and the name) and the default weight it had
// on the legacy API, one factory for each message.
func TestSimulationWeights(t *testing.T) {
	cases := []struct {
		name     string
		register func(bridge.AppModule, simsx.WeightSource, simsx.Registry)
		want     map[string]uint32
		msgs     []string
	}{
		{
			name:     "operations",
			register: bridge.AppModule.WeightedOperationsX,
			want: map[string]uint32{
				"msg_register_evm_key": 20, "msg_attest_deposit": 80, "msg_bridge_out": 50,
				"msg_cancel_bridge_out": 5, "msg_sign_batch": 60, "msg_sign_signer_set": 30,
				"msg_sign_admin_op": 20, "msg_attest_batch": 50, "msg_attest_contract_state": 30,
			},
			msgs: []string{
				"MsgRegisterEvmKey", "MsgAttestDeposit", "MsgBridgeOut", "MsgCancelBridgeOut", "MsgSignBatch",
				"MsgSignSignerSet", "MsgSignAdminOp", "MsgAttestBatch", "MsgAttestContractState",
			},
		},
		{
			name:     "proposals",
			register: bridge.AppModule.ProposalMsgsX,
			want:     map[string]uint32{"msg_update_bridge_params": 5, "msg_reopen_deposit": 1},
			msgs:     []string{"MsgUpdateParams", "MsgReopenDeposit"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]uint32{}
			weights := simsx.WeightSourceFn(func(name string, def uint32) uint32 {
				got[name] = def
				return def
			})
			reg := simsx.NewUniqueTypeRegistry()

			tc.register(bridge.AppModule{}, weights, reg)

			require.Equal(t, tc.want, got)
			require.Len(t, reg, len(tc.msgs))
			for _, msg := range tc.msgs {
				require.Contains(t, reg, "/sessionchain.bridge.v1."+msg)
			}
		})
	}
}
