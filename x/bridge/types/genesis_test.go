package types_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// members returns signer-set members for validators 1..n with power 10·i,
// sorted by EVM address.
func members(n int) []types.SignerSetMember {
	out := make([]types.SignerSetMember, 0, n)
	for i := 1; i <= n; i++ {
		out = append(out, types.SignerSetMember{Validator: testVal(byte(i)), EvmAddress: evmAddr(i).Hex(), Power: uint64(10 * i)})
	}
	sortMembers(out)
	return out
}

func sortMembers(m []types.SignerSetMember) {
	for i := range m {
		for j := i + 1; j < len(m); j++ {
			a, _ := types.ParseEvmAddress(m[i].EvmAddress)
			b, _ := types.ParseEvmAddress(m[j].EvmAddress)
			if bytes.Compare(a.Bytes(), b.Bytes()) > 0 {
				m[i], m[j] = m[j], m[i]
			}
		}
	}
}

func sumPower(m []types.SignerSetMember) uint64 {
	var total uint64
	for _, x := range m {
		total += x.Power
	}
	return total
}

func sigOf(val byte, key int) types.ValidatorSignature {
	return types.ValidatorSignature{Validator: testVal(val), EvmAddress: evmAddr(key).Hex(), Signature: goodSig}
}

func itemSig(nonce uint64, val byte, key int) types.ItemSignature {
	return types.ItemSignature{Nonce: nonce, Signature: sigOf(val, key)}
}

// fullGenesis is a consistent state with something in every field: three
// deposits observed, one more attested; validator 1 rotated from key 3 to
// key 1 (key 3 still signs), validator 2 holds key 2; transfers 1 (executed
// in batch 1), 2 (a queued refund), 3 (in open batch 2) and 4 (returned);
// in flight 50 + 70 + fees 5 = burned 170 + 10 + 5 + refunded 50 −
// released 110 − returned 10.
func fullGenesis() *types.GenesisState {
	set2 := members(2)
	fee := math.NewInt(5)
	return &types.GenesisState{
		Params: func() types.Params {
			p := types.DefaultParams()
			p.EvmChainId, p.ContractAddress, p.BridgeName = 1337, eip55, "session-1"
			return p
		}(),
		EvmKeys: []types.EvmKey{
			{Validator: testVal(1), EvmAddress: evmAddr(1).Hex(), Delegate: testAcc(11), RegisteredHeight: 4},
			{Validator: testVal(2), EvmAddress: evmAddr(2).Hex(), Delegate: testAcc(12), RegisteredHeight: 2},
		},
		KeyOwners: []types.KeyOwner{
			{EvmAddress: evmAddr(1).Hex(), Validator: testVal(1)},
			{EvmAddress: evmAddr(2).Hex(), Validator: testVal(2)},
			{EvmAddress: evmAddr(3).Hex(), Validator: testVal(1)},
		},
		RetiredKeys:       []types.RetiredKey{{EvmAddress: evmAddr(3).Hex(), Validator: testVal(1), LastSetNonce: 2}},
		LastObservedNonce: 3,
		AttestedNonces:    []types.AttestedNonce{{Validator: testVal(1), Nonce: 4}, {Validator: testVal(2), Nonce: 3}},
		DepositVotes: []types.DepositVote{{Validator: testVal(1), Claim: types.DepositClaim{
			Nonce: 4, EvmSender: evmAddr(9).Hex(), Recipient: testAcc(5), Amount: math.NewInt(25),
		}}},
		DepositSplitSince: 6,
		Transfers: []types.Transfer{
			{
				Id: 1, Kind: types.TRANSFER_KIND_BRIDGE_OUT, Sender: testAcc(5), EvmRecipient: evmAddr(8).Hex(), Amount: math.NewInt(100), Fee: math.NewInt(10),
				Status: types.TRANSFER_STATUS_EXECUTED, CreatedHeight: 3, BatchNonce: 1, SettledHeight: 5,
			},
			{
				Id: 2, Kind: types.TRANSFER_KIND_REFUND, EvmRecipient: evmAddr(9).Hex(), Amount: math.NewInt(45), Fee: fee,
				Status: types.TRANSFER_STATUS_QUEUED, DepositNonce: 2, CreatedHeight: 6,
			},
			{
				Id: 3, Kind: types.TRANSFER_KIND_BRIDGE_OUT, Sender: testAcc(6), EvmRecipient: evmAddr(8).Hex(), Amount: math.NewInt(70), Fee: fee,
				Status: types.TRANSFER_STATUS_BATCHED, CreatedHeight: 7, BatchNonce: 2,
			},
			{
				Id: 4, Kind: types.TRANSFER_KIND_BRIDGE_OUT, Sender: testAcc(6), EvmRecipient: evmAddr(8).Hex(), Amount: math.NewInt(5), Fee: fee,
				Status: types.TRANSFER_STATUS_RETURNED, CreatedHeight: 7, SettledHeight: 8,
			},
		},
		NextTransferId: 5,
		Batches: []types.Batch{
			{
				Nonce: 1, TransferIds: []uint64{1}, Deadline: 1000, Status: types.BATCH_STATUS_EXECUTED, CreatedHeight: 4, SettledHeight: 5,
				Total: math.NewInt(110), Required: []string{testVal(1), testVal(2)}, LivenessChecked: true,
			},
			{
				Nonce: 2, TransferIds: []uint64{3}, Deadline: 2000, Status: types.BATCH_STATUS_OPEN, CreatedHeight: 8,
				Total: math.NewInt(75), Required: []string{testVal(1), testVal(2)},
			},
		},
		NextBatchNonce:  3,
		BatchSignatures: []types.ItemSignature{itemSig(2, 1, 1), itemSig(2, 1, 3)},
		BatchVotes:      []types.BatchVote{{Nonce: 2, Validator: testVal(2), Outcome: types.BATCH_OUTCOME_EXECUTED}},
		SignerSets: []types.SignerSet{
			{Nonce: 1, Members: members(1), TotalPower: 10, Height: 2, LivenessChecked: true},
			{Nonce: 2, Members: set2, TotalPower: sumPower(set2) + 5, Height: 3, Absent: []string{testVal(7)}},
		},
		SignerSetSignatures: []types.ItemSignature{itemSig(2, 1, 1)},
		AdminOps:            []types.AdminOp{{Nonce: 2, Kind: types.ADMIN_OP_KIND_SET_CAP, CapLimit: math.NewInt(1_000), CapPeriodSeconds: 60, CreatedHeight: 8}},
		AdminOpSignatures:   []types.ItemSignature{itemSig(2, 2, 2)},
		NextAdminNonce:      3,
		ContractState:       types.ContractState{SignerSetNonce: 1, AdminNonce: 1, UpdatedHeight: 6},
		ContractStateVotes:  []types.ContractStateVote{{Validator: testVal(1), SignerSetNonce: 1, AdminNonce: 1, UpdatedHeight: 6}},
		ProducedDigests:     [][]byte{bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)},
		SlashedEvidence:     [][]byte{bytes.Repeat([]byte{3}, 52)},
		LivenessQueue:       []types.LivenessEntry{{Deadline: 100, Kind: types.LivenessKindSignerSet, Nonce: 2}, {Deadline: 108, Kind: types.LivenessKindBatch, Nonce: 2}},
		Stats: types.Stats{
			Minted: math.NewInt(1_000), Burned: math.NewInt(195), Refunded: math.NewInt(50), Released: math.NewInt(110), Returned: math.NewInt(10),
		},
	}
}

func TestDefaultGenesisValidates(t *testing.T) {
	gs := types.DefaultGenesis()

	require.NoError(t, gs.Validate())
	require.Equal(t, uint64(1), gs.NextTransferId)
	require.Equal(t, uint64(1), gs.NextBatchNonce)
	require.Equal(t, uint64(1), gs.NextAdminNonce)
	require.True(t, gs.Stats.Minted.IsZero())
}

func TestFullGenesisValidates(t *testing.T) {
	require.NoError(t, fullGenesis().Validate())
}

func TestGenesisValidateRejects(t *testing.T) {
	tests := []struct {
		name    string
		change  func(gs *types.GenesisState)
		wantErr error // ErrInvalidGenesis unless set
	}{
		{"invalid params", func(gs *types.GenesisState) { gs.Params.SignerSetChangeBps = 0 }, types.ErrInvalidParams},

		{"evm key of a bad validator", func(gs *types.GenesisState) { gs.EvmKeys[0].Validator = testAcc(1) }, nil},
		{"evm key with a bad address", func(gs *types.GenesisState) { gs.EvmKeys[0].EvmAddress = "0x1234" }, nil},
		{"evm key in lower case", func(gs *types.GenesisState) {
			gs.EvmKeys[0].EvmAddress = "0x" + bytesLower(gs.EvmKeys[0].EvmAddress[2:])
		}, nil},
		{"two validators, one evm address", func(gs *types.GenesisState) { gs.EvmKeys[1].EvmAddress = gs.EvmKeys[0].EvmAddress }, nil},
		{"one validator, two keys", func(gs *types.GenesisState) {
			gs.EvmKeys = append(gs.EvmKeys, types.EvmKey{Validator: testVal(1), EvmAddress: evmAddr(3).Hex()})
		}, nil},
		{"evm key without owner", func(gs *types.GenesisState) { gs.KeyOwners = gs.KeyOwners[1:] }, nil},
		{"key owner twice", func(gs *types.GenesisState) { gs.KeyOwners = append(gs.KeyOwners, gs.KeyOwners[0]) }, nil},
		{"two validators, one delegate", func(gs *types.GenesisState) { gs.EvmKeys[1].Delegate = gs.EvmKeys[0].Delegate }, nil},
		{"delegate is the operator", func(gs *types.GenesisState) { gs.EvmKeys[0].Delegate = testAcc(1) }, nil},
		{"retired key of another validator", func(gs *types.GenesisState) { gs.RetiredKeys[0].Validator = testVal(2) }, nil},
		{"retired key that is current", func(gs *types.GenesisState) {
			gs.RetiredKeys = append(gs.RetiredKeys, types.RetiredKey{EvmAddress: evmAddr(2).Hex(), Validator: testVal(2)})
		}, nil},

		{"attested nonce of a bad validator", func(gs *types.GenesisState) { gs.AttestedNonces[0].Validator = "x" }, nil},
		{"attested nonce twice", func(gs *types.GenesisState) { gs.AttestedNonces[1].Validator = testVal(1) }, nil},
		{"deposit vote with an invalid claim", func(gs *types.GenesisState) { gs.DepositVotes[0].Claim.Amount = math.ZeroInt() }, nil},
		{"deposit vote for an observed nonce", func(gs *types.GenesisState) { gs.DepositVotes[0].Claim.Nonce = 3 }, nil},
		{"deposit vote twice", func(gs *types.GenesisState) { gs.DepositVotes = append(gs.DepositVotes, gs.DepositVotes[0]) }, nil},
		{"deposit vote beyond the validator's attested nonce", func(gs *types.GenesisState) { gs.DepositVotes[0].Validator = testVal(2) }, nil},
		{"negative split height", func(gs *types.GenesisState) { gs.DepositSplitSince = -1 }, nil},

		{"next transfer id 0", func(gs *types.GenesisState) { gs.NextTransferId = 0 }, nil},
		{"transfer id not below next", func(gs *types.GenesisState) { gs.NextTransferId = 4 }, nil},
		{"transfer id twice", func(gs *types.GenesisState) { gs.Transfers[1].Id = 1 }, nil},
		{"transfer of nothing", func(gs *types.GenesisState) { gs.Transfers[0].Amount = math.ZeroInt() }, nil},
		{"transfer without fee", func(gs *types.GenesisState) { gs.Transfers[0].Fee = math.Int{} }, nil},
		{"bridge-out without sender", func(gs *types.GenesisState) { gs.Transfers[2].Sender = "" }, nil},
		{"refund of an unobserved deposit", func(gs *types.GenesisState) { gs.Transfers[1].DepositNonce = 4 }, nil},
		{"returned refund", func(gs *types.GenesisState) { gs.Transfers[1].Status = types.TRANSFER_STATUS_RETURNED }, nil},
		{"queued transfer in a batch", func(gs *types.GenesisState) { gs.Transfers[1].BatchNonce = 2 }, nil},
		{"unknown status", func(gs *types.GenesisState) { gs.Transfers[0].Status = 9 }, nil},
		{"stats over the transfers in flight", func(gs *types.GenesisState) { gs.Stats.Burned = math.NewInt(196) }, nil},
		{"stats without returned", func(gs *types.GenesisState) { gs.Stats.Returned = math.Int{} }, nil},

		{"next batch nonce 0", func(gs *types.GenesisState) { gs.NextBatchNonce = 0 }, nil},
		{"batch nonce not below next", func(gs *types.GenesisState) { gs.NextBatchNonce = 2 }, nil},
		{"batch with a wrong total", func(gs *types.GenesisState) { gs.Batches[1].Total = math.NewInt(74) }, nil},
		{"batched transfer of an unknown batch", func(gs *types.GenesisState) { gs.Transfers[2].BatchNonce = 9 }, nil},
		{"open batch listing an executed transfer", func(gs *types.GenesisState) { gs.Batches[1].TransferIds = []uint64{1} }, nil},
		{"batch without transfers", func(gs *types.GenesisState) { gs.Batches[1].TransferIds = nil }, nil},
		{"signature for an unknown batch", func(gs *types.GenesisState) { gs.BatchSignatures[0].Nonce = 9 }, nil},
		{"batch signature twice", func(gs *types.GenesisState) { gs.BatchSignatures = append(gs.BatchSignatures, gs.BatchSignatures[0]) }, nil},
		{"batch signature of 64 bytes", func(gs *types.GenesisState) { gs.BatchSignatures[0].Signature.Signature = goodSig[:64] }, nil},
		{"vote on an executed batch", func(gs *types.GenesisState) { gs.BatchVotes[0].Nonce = 1 }, nil},
		{"vote without outcome", func(gs *types.GenesisState) { gs.BatchVotes[0].Outcome = types.BATCH_OUTCOME_UNSPECIFIED }, nil},

		{"signer set nonce twice", func(gs *types.GenesisState) { gs.SignerSets[1].Nonce = 1 }, nil},
		{"unsorted signer set", func(gs *types.GenesisState) {
			m := gs.SignerSets[1].Members
			m[0], m[1] = m[1], m[0]
		}, nil},
		{"signer set total below its members", func(gs *types.GenesisState) { gs.SignerSets[1].TotalPower = 1 }, nil},
		{"the contract's set not kept", func(gs *types.GenesisState) { gs.ContractState.SignerSetNonce = 5 }, nil},
		{"signature for an unknown signer set", func(gs *types.GenesisState) { gs.SignerSetSignatures[0].Nonce = 3 }, nil},
		{"signer set signature with v = 0", func(gs *types.GenesisState) {
			sig := bytes.Clone(goodSig)
			sig[64] = 0
			gs.SignerSetSignatures[0].Signature.Signature = sig
		}, nil},

		{"next admin nonce 0", func(gs *types.GenesisState) { gs.NextAdminNonce = 0 }, nil},
		{"admin op executed already", func(gs *types.GenesisState) { gs.AdminOps[0].Nonce = 1 }, nil},
		{"admin op of unknown kind", func(gs *types.GenesisState) { gs.AdminOps[0].Kind = 9 }, nil},
		{"contract admin nonce never made", func(gs *types.GenesisState) {
			gs.ContractState.AdminNonce = 3
			gs.AdminOps = nil
			gs.AdminOpSignatures = nil
		}, nil},
		{"signature for an unknown admin op", func(gs *types.GenesisState) { gs.AdminOpSignatures[0].Nonce = 1 }, nil},
		{"contract state vote twice", func(gs *types.GenesisState) {
			gs.ContractStateVotes = append(gs.ContractStateVotes, gs.ContractStateVotes[0])
		}, nil},

		{"short produced digest", func(gs *types.GenesisState) { gs.ProducedDigests[0] = []byte{1} }, nil},
		{"produced digest twice", func(gs *types.GenesisState) { gs.ProducedDigests[1] = gs.ProducedDigests[0] }, nil},
		{"slashed evidence of 32 bytes", func(gs *types.GenesisState) { gs.SlashedEvidence[0] = gs.ProducedDigests[0] }, nil},
		{"liveness entry of an unknown batch", func(gs *types.GenesisState) { gs.LivenessQueue[1].Nonce = 9 }, nil},
		{"liveness entry of unknown kind", func(gs *types.GenesisState) { gs.LivenessQueue[1].Kind = 7 }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gs := fullGenesis()
			tc.change(gs)

			err := gs.Validate()

			want := tc.wantErr
			if want == nil {
				want = types.ErrInvalidGenesis
			}
			require.ErrorIs(t, err, want)
		})
	}
}

func bytesLower(s string) string { return string(bytes.ToLower([]byte(s))) }

func TestSignerSetValidate(t *testing.T) {
	three := members(3)
	tests := []struct {
		name   string
		change func(s *types.SignerSet)
		ok     bool
	}{
		{"valid", func(*types.SignerSet) {}, true},
		{"one member", func(s *types.SignerSet) { s.Members, s.TotalPower = s.Members[:1], s.Members[0].Power }, true},
		{"no members", func(s *types.SignerSet) { s.Members, s.TotalPower = nil, 0 }, false},
		{"descending", func(s *types.SignerSet) { s.Members[0], s.Members[2] = s.Members[2], s.Members[0] }, false},
		{"one address twice", func(s *types.SignerSet) {
			s.Members[1].EvmAddress = s.Members[0].EvmAddress
		}, false},
		{"member without power", func(s *types.SignerSet) { s.TotalPower -= s.Members[1].Power; s.Members[1].Power = 0 }, false},
		{"absent power in the total", func(s *types.SignerSet) { s.TotalPower += 40 }, true},
		{"total below the members'", func(s *types.SignerSet) { s.TotalPower-- }, false},
		{"powers that overflow the total", func(s *types.SignerSet) {
			s.Members = s.Members[:2]
			s.Members[0].Power, s.Members[1].Power = 1<<63, 1<<63
			s.TotalPower = 0 // what the sum wraps to
		}, false},
		{"member with a bad validator", func(s *types.SignerSet) { s.Members[0].Validator = testAcc(1) }, false},
		{"member with a bad address", func(s *types.SignerSet) { s.Members[0].EvmAddress = "0x00" }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := types.SignerSet{Nonce: 1, Members: append([]types.SignerSetMember(nil), three...), TotalPower: sumPower(three)}
			tc.change(&s)

			err := s.Validate()

			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
		})
	}
}

func TestSignerSetEvmArgs(t *testing.T) {
	s := types.SignerSet{Nonce: 1, Members: members(3), TotalPower: 60}

	addrs, powers, total := s.EvmArgs()

	require.Equal(t, uint64(60), total.Uint64())
	require.Len(t, addrs, 3)
	require.Len(t, powers, 3)
	for i, m := range s.Members {
		require.Equal(t, m.EvmAddress, addrs[i].Hex())
		require.Equal(t, m.Power, powers[i].Uint64())
	}
}
