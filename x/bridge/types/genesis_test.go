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

// fullGenesis is a consistent state with something in every field: three
// deposits observed, one more attested; transfers 1 (executed), 2 (a pending
// refund) and 3 (ready); in flight 50 + 70 = burned 170 + refunded 50 −
// released 100.
func fullGenesis() *types.GenesisState {
	set2 := members(2)
	return &types.GenesisState{
		Params:            types.Params{EvmChainId: 1337, ContractAddress: eip55, SignerSetChangeBps: 500, BridgeName: "session-1"},
		EvmKeys:           []types.EvmKey{{Validator: testVal(1), EvmAddress: evmAddr(1).Hex()}, {Validator: testVal(2), EvmAddress: evmAddr(2).Hex()}},
		LastObservedNonce: 3,
		AttestedNonces:    []types.AttestedNonce{{Validator: testVal(1), Nonce: 4}, {Validator: testVal(2), Nonce: 3}},
		DepositVotes: []types.DepositVote{{Validator: testVal(1), Claim: types.DepositClaim{
			Nonce: 4, EvmSender: evmAddr(9).Hex(), Recipient: testAcc(5), Amount: math.NewInt(25),
		}}},
		Transfers: []types.Transfer{
			{Id: 1, Kind: types.TRANSFER_KIND_BRIDGE_OUT, Sender: testAcc(5), EvmRecipient: evmAddr(8).Hex(), Amount: math.NewInt(100), Status: types.TRANSFER_STATUS_EXECUTED, CreatedHeight: 3, ReadyHeight: 4, ExecutedHeight: 5},
			{Id: 2, Kind: types.TRANSFER_KIND_REFUND, EvmRecipient: evmAddr(9).Hex(), Amount: math.NewInt(50), Status: types.TRANSFER_STATUS_PENDING, DepositNonce: 2, CreatedHeight: 6},
			{Id: 3, Kind: types.TRANSFER_KIND_BRIDGE_OUT, Sender: testAcc(6), EvmRecipient: evmAddr(8).Hex(), Amount: math.NewInt(70), Status: types.TRANSFER_STATUS_READY, CreatedHeight: 7, ReadyHeight: 8},
		},
		TransferSignatures: []types.GenesisTransferSignature{{TransferId: 3, Signature: sigOf(1, 1)}, {TransferId: 2, Signature: sigOf(2, 2)}},
		ExecutionVotes:     []types.ExecutionVote{{TransferId: 3, Validator: testVal(1)}},
		SignerSets: []types.SignerSet{
			{Nonce: 1, Members: members(1), TotalPower: 10, Height: 2},
			{Nonce: 2, Members: set2, TotalPower: sumPower(set2), Height: 3},
		},
		SignerSetSignatures: []types.GenesisSignerSetSignature{{Nonce: 2, Signature: sigOf(1, 1)}},
		NextTransferId:      4,
		Stats:               types.Stats{Minted: math.NewInt(1_000), Burned: math.NewInt(170), Refunded: math.NewInt(50), Released: math.NewInt(100)},
	}
}

func TestDefaultGenesisValidates(t *testing.T) {
	gs := types.DefaultGenesis()

	require.NoError(t, gs.Validate())
	require.Equal(t, uint64(1), gs.NextTransferId)
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
		{"evm key with the zero address", func(gs *types.GenesisState) {
			gs.EvmKeys[0].EvmAddress = "0x0000000000000000000000000000000000000000"
		}, nil},
		{"two validators, one evm address", func(gs *types.GenesisState) { gs.EvmKeys[1].EvmAddress = gs.EvmKeys[0].EvmAddress }, nil},
		{"two validators, one evm address in two spellings", func(gs *types.GenesisState) {
			gs.EvmKeys[1].EvmAddress = "0x" + bytesLower(gs.EvmKeys[0].EvmAddress[2:])
		}, nil},
		{"one validator, two keys", func(gs *types.GenesisState) {
			gs.EvmKeys = append(gs.EvmKeys, types.EvmKey{Validator: testVal(1), EvmAddress: evmAddr(3).Hex()})
		}, nil},

		{"attested nonce of a bad validator", func(gs *types.GenesisState) { gs.AttestedNonces[0].Validator = "x" }, nil},
		{"attested nonce twice", func(gs *types.GenesisState) { gs.AttestedNonces[1].Validator = testVal(1) }, nil},

		{"deposit vote of a bad validator", func(gs *types.GenesisState) { gs.DepositVotes[0].Validator = testAcc(1) }, nil},
		{"deposit vote with an invalid claim", func(gs *types.GenesisState) { gs.DepositVotes[0].Claim.Amount = math.ZeroInt() }, nil},
		{"deposit vote for an observed nonce", func(gs *types.GenesisState) { gs.DepositVotes[0].Claim.Nonce = 3 }, nil},
		{"deposit vote twice", func(gs *types.GenesisState) { gs.DepositVotes = append(gs.DepositVotes, gs.DepositVotes[0]) }, nil},
		{"deposit vote beyond the validator's attested nonce", func(gs *types.GenesisState) { gs.DepositVotes[0].Validator = testVal(2) }, nil},
		{"deposit vote of a validator that attested nothing", func(gs *types.GenesisState) { gs.DepositVotes[0].Validator = testVal(7) }, nil},

		{"next transfer id 0", func(gs *types.GenesisState) { gs.NextTransferId = 0 }, nil},
		{"transfer id 0", func(gs *types.GenesisState) { gs.Transfers[0].Id = 0 }, nil},
		{"transfer id not below next", func(gs *types.GenesisState) { gs.NextTransferId = 3 }, nil},
		{"transfer id twice", func(gs *types.GenesisState) { gs.Transfers[1].Id = 1 }, nil},
		{"transfer to a bad recipient", func(gs *types.GenesisState) { gs.Transfers[2].EvmRecipient = "0xabc" }, nil},
		{"transfer of nothing", func(gs *types.GenesisState) { gs.Transfers[0].Amount = math.ZeroInt() }, nil},
		{"transfer without amount", func(gs *types.GenesisState) { gs.Transfers[0].Amount = math.Int{} }, nil},
		{"bridge-out without sender", func(gs *types.GenesisState) { gs.Transfers[2].Sender = "" }, nil},
		{"refund of nonce 0", func(gs *types.GenesisState) { gs.Transfers[1].DepositNonce = 0 }, nil},
		{"refund of an unobserved deposit", func(gs *types.GenesisState) { gs.Transfers[1].DepositNonce = 4 }, nil},
		{"two refunds of one deposit", func(gs *types.GenesisState) {
			gs.Transfers[0].Kind, gs.Transfers[0].Sender, gs.Transfers[0].DepositNonce = types.TRANSFER_KIND_REFUND, "", 2
		}, nil},
		{"unknown kind", func(gs *types.GenesisState) { gs.Transfers[0].Kind = types.TRANSFER_KIND_UNSPECIFIED }, nil},
		{"unknown status", func(gs *types.GenesisState) { gs.Transfers[0].Status = types.TRANSFER_STATUS_UNSPECIFIED }, nil},
		{"status out of range", func(gs *types.GenesisState) { gs.Transfers[0].Status = 9 }, nil},

		{"stats without minted", func(gs *types.GenesisState) { gs.Stats.Minted = math.Int{} }, nil},
		{"negative released", func(gs *types.GenesisState) {
			gs.Stats.Released = math.NewInt(-1)
			gs.Stats.Burned = math.NewInt(69) // keeps in flight at 120
		}, nil},
		{"stats over the transfers in flight", func(gs *types.GenesisState) { gs.Stats.Burned = math.NewInt(171) }, nil},
		{"stats under the transfers in flight", func(gs *types.GenesisState) { gs.Stats.Refunded = math.NewInt(49) }, nil},
		{"an executed transfer counted in flight", func(gs *types.GenesisState) { gs.Transfers[2].Status = types.TRANSFER_STATUS_EXECUTED }, nil},

		{"signature for an unknown transfer", func(gs *types.GenesisState) { gs.TransferSignatures[0].TransferId = 9 }, nil},
		{"signature for an executed transfer", func(gs *types.GenesisState) { gs.TransferSignatures[0].TransferId = 1 }, nil},
		{"transfer signature of a bad validator", func(gs *types.GenesisState) { gs.TransferSignatures[0].Signature.Validator = testAcc(1) }, nil},
		{"transfer signature by a bad address", func(gs *types.GenesisState) { gs.TransferSignatures[0].Signature.EvmAddress = "" }, nil},
		{"transfer signature of 64 bytes", func(gs *types.GenesisState) { gs.TransferSignatures[0].Signature.Signature = goodSig[:64] }, nil},
		{"transfer signature twice", func(gs *types.GenesisState) {
			gs.TransferSignatures = append(gs.TransferSignatures, gs.TransferSignatures[0])
		}, nil},

		{"execution vote for an unknown transfer", func(gs *types.GenesisState) { gs.ExecutionVotes[0].TransferId = 4 }, nil},
		{"execution vote for an executed transfer", func(gs *types.GenesisState) { gs.ExecutionVotes[0].TransferId = 1 }, nil},
		{"execution vote of a bad validator", func(gs *types.GenesisState) { gs.ExecutionVotes[0].Validator = "" }, nil},
		{"execution vote twice", func(gs *types.GenesisState) { gs.ExecutionVotes = append(gs.ExecutionVotes, gs.ExecutionVotes[0]) }, nil},

		{"signer set nonce 0", func(gs *types.GenesisState) { gs.SignerSets[0].Nonce = 0 }, nil},
		{"signer set nonce twice", func(gs *types.GenesisState) { gs.SignerSets[1].Nonce = 1 }, nil},
		{"unsorted signer set", func(gs *types.GenesisState) {
			m := gs.SignerSets[1].Members
			m[0], m[1] = m[1], m[0]
		}, nil},
		{"signer set with a wrong total", func(gs *types.GenesisState) { gs.SignerSets[1].TotalPower++ }, nil},
		{"empty signer set", func(gs *types.GenesisState) { gs.SignerSets[0].Members, gs.SignerSets[0].TotalPower = nil, 0 }, nil},

		{"signature for an unknown signer set", func(gs *types.GenesisState) { gs.SignerSetSignatures[0].Nonce = 3 }, nil},
		{"signer set signature with v = 0", func(gs *types.GenesisState) {
			sig := bytes.Clone(goodSig)
			sig[64] = 0
			gs.SignerSetSignatures[0].Signature.Signature = sig
		}, nil},
		{"signer set signature twice", func(gs *types.GenesisState) {
			gs.SignerSetSignatures = append(gs.SignerSetSignatures, gs.SignerSetSignatures[0])
		}, nil},
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
		{"total too high", func(s *types.SignerSet) { s.TotalPower++ }, false},
		{"total too low", func(s *types.SignerSet) { s.TotalPower-- }, false},
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

	addrs, powers := s.EvmArgs()

	require.Len(t, addrs, 3)
	require.Len(t, powers, 3)
	for i, m := range s.Members {
		require.Equal(t, m.EvmAddress, addrs[i].Hex())
		require.Equal(t, m.Power, powers[i].Uint64())
	}
}
