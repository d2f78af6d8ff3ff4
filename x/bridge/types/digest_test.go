package types_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// The digests are EIP-712 typed data. These tests check each one against
// go-ethereum's own EIP-712 implementation (what wallets and clef sign),
// independently of the module's encoder.

const testBridgeName = "session-1"

var bridgeDomainTypes = []apitypes.Type{
	{Name: "name", Type: "string"},
	{Name: "version", Type: "string"},
	{Name: "chainId", Type: "uint256"},
	{Name: "verifyingContract", Type: "address"},
	{Name: "salt", Type: "bytes32"},
}

func bridgeDomain(chainID uint64, contract common.Address) apitypes.TypedDataDomain {
	return apitypes.TypedDataDomain{
		Name: "SessionBridge", Version: "2",
		ChainId:           math.NewHexOrDecimal256(int64(chainID)), //nolint:gosec // a test chain id
		VerifyingContract: contract.Hex(),
		Salt:              crypto.Keccak256Hash([]byte(testBridgeName)).Hex(),
	}
}

// typedHash is go-ethereum's EIP-712 digest of message in the bridge's domain.
func typedHash(t *testing.T, primary string, types_ apitypes.Types, message apitypes.TypedDataMessage) common.Hash {
	t.Helper()
	types_["EIP712Domain"] = bridgeDomainTypes
	data := apitypes.TypedData{
		Types: types_, PrimaryType: primary,
		Domain: bridgeDomain(1337, common.HexToAddress(eip55)), Message: message,
	}
	hash, _, err := apitypes.TypedDataAndHash(data)
	require.NoError(t, err)
	return common.BytesToHash(hash)
}

func testBridgeID() common.Hash {
	return types.BridgeID(1337, common.HexToAddress(eip55), testBridgeName)
}

func TestBridgeIDIsTheDomainSeparator(t *testing.T) {
	data := apitypes.TypedData{
		Types:  apitypes.Types{"EIP712Domain": bridgeDomainTypes},
		Domain: bridgeDomain(1337, common.HexToAddress(eip55)),
	}
	sep, err := data.HashStruct("EIP712Domain", data.Domain.Map())
	require.NoError(t, err)
	require.Equal(t, common.BytesToHash(sep), testBridgeID())
}

func TestBatchDigestIsEIP712(t *testing.T) {
	huge, _ := new(big.Int).SetString("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 16)
	transfers := []types.EvmTransfer{
		{ID: 1, Recipient: evmAddr(1), Amount: big.NewInt(1_000), Fee: big.NewInt(7)},
		{ID: ^uint64(0), Recipient: evmAddr(2), Amount: huge, Fee: big.NewInt(0)},
	}
	var items []any
	for _, tr := range transfers {
		items = append(items, map[string]any{
			"id": new(big.Int).SetUint64(tr.ID), "recipient": tr.Recipient.Hex(), "amount": tr.Amount, "fee": tr.Fee,
		})
	}
	want := typedHash(t, "Batch", apitypes.Types{
		"Batch": {{Name: "nonce", Type: "uint64"}, {Name: "deadline", Type: "uint64"}, {Name: "transfers", Type: "Transfer[]"}},
		"Transfer": {
			{Name: "id", Type: "uint64"},
			{Name: "recipient", Type: "address"},
			{Name: "amount", Type: "uint256"},
			{Name: "fee", Type: "uint256"},
		},
	}, apitypes.TypedDataMessage{"nonce": big.NewInt(42), "deadline": big.NewInt(1_800_000_000), "transfers": items})

	require.Equal(t, want, types.BatchDigest(testBridgeID(), 42, 1_800_000_000, transfers))
}

func TestSignerSetDigestIsEIP712(t *testing.T) {
	signers := []common.Address{evmAddr(1), evmAddr(2)}
	powers := []*big.Int{big.NewInt(10), big.NewInt(30)}
	want := typedHash(t, "SignerSet", apitypes.Types{
		"SignerSet": {
			{Name: "nonce", Type: "uint64"},
			{Name: "signers", Type: "address[]"},
			{Name: "powers", Type: "uint256[]"},
			{Name: "totalPower", Type: "uint256"},
		},
	}, apitypes.TypedDataMessage{
		"nonce": big.NewInt(7), "signers": []any{signers[0].Hex(), signers[1].Hex()},
		"powers": []any{powers[0], powers[1]}, "totalPower": big.NewInt(55),
	})

	require.Equal(t, want, types.SignerSetDigest(testBridgeID(), 7, signers, powers, big.NewInt(55)))
}

func TestAdminDigestsAreEIP712(t *testing.T) {
	for _, paused := range []bool{true, false} {
		want := typedHash(t, "SetPaused", apitypes.Types{
			"SetPaused": {{Name: "nonce", Type: "uint64"}, {Name: "paused", Type: "bool"}},
		}, apitypes.TypedDataMessage{"nonce": big.NewInt(3), "paused": paused})
		require.Equal(t, want, types.PauseDigest(testBridgeID(), 3, paused))
	}
	want := typedHash(t, "SetWithdrawalCap", apitypes.Types{
		"SetWithdrawalCap": {{Name: "nonce", Type: "uint64"}, {Name: "limit", Type: "uint256"}, {Name: "period", Type: "uint256"}},
	}, apitypes.TypedDataMessage{"nonce": big.NewInt(9), "limit": big.NewInt(5_000), "period": big.NewInt(86_400)})
	require.Equal(t, want, types.CapDigest(testBridgeID(), 9, big.NewInt(5_000), big.NewInt(86_400)))
}

func TestEvmKeyDigestIsEIP712(t *testing.T) {
	data := apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": {{Name: "name", Type: "string"}, {Name: "version", Type: "string"}},
			"EvmKeyProof":  {{Name: "chainId", Type: "string"}, {Name: "validator", Type: "string"}, {Name: "delegate", Type: "string"}},
		},
		PrimaryType: "EvmKeyProof",
		Domain:      apitypes.TypedDataDomain{Name: "SessionBridge", Version: "2"},
		Message:     apitypes.TypedDataMessage{"chainId": "session-1", "validator": testVal(1), "delegate": testAcc(2)},
	}
	hash, _, err := apitypes.TypedDataAndHash(data)
	require.NoError(t, err)
	require.Equal(t, hexutil.Encode(hash), types.EvmKeyDigest("session-1", testVal(1), testAcc(2)).Hex())
}

// Every part of the identity and of each message changes the digest: a
// signature for one is worthless for any other.
func TestDigestsAreDistinct(t *testing.T) {
	contract := common.HexToAddress(eip55)
	base := types.BridgeID(1337, contract, "session-1")
	require.NotEqual(t, base, types.BridgeID(1338, contract, "session-1"), "EVM chain id")
	require.NotEqual(t, base, types.BridgeID(1337, evmAddr(1), "session-1"), "contract")
	require.NotEqual(t, base, types.BridgeID(1337, contract, "session-2"), "bridge name")

	tr := []types.EvmTransfer{{ID: 1, Recipient: evmAddr(1), Amount: big.NewInt(5), Fee: big.NewInt(1)}}
	batch := types.BatchDigest(base, 1, 100, tr)
	for name, other := range map[string]common.Hash{
		"nonce":      types.BatchDigest(base, 2, 100, tr),
		"deadline":   types.BatchDigest(base, 1, 101, tr),
		"amount":     types.BatchDigest(base, 1, 100, []types.EvmTransfer{{ID: 1, Recipient: evmAddr(1), Amount: big.NewInt(6), Fee: big.NewInt(1)}}),
		"fee":        types.BatchDigest(base, 1, 100, []types.EvmTransfer{{ID: 1, Recipient: evmAddr(1), Amount: big.NewInt(5), Fee: big.NewInt(0)}}),
		"recipient":  types.BatchDigest(base, 1, 100, []types.EvmTransfer{{ID: 1, Recipient: evmAddr(2), Amount: big.NewInt(5), Fee: big.NewInt(1)}}),
		"id":         types.BatchDigest(base, 1, 100, []types.EvmTransfer{{ID: 2, Recipient: evmAddr(1), Amount: big.NewInt(5), Fee: big.NewInt(1)}}),
		"bridge":     types.BatchDigest(types.BridgeID(1337, contract, "session-2"), 1, 100, tr),
		"signer set": types.SignerSetDigest(base, 1, []common.Address{evmAddr(1)}, []*big.Int{big.NewInt(5)}, big.NewInt(5)),
		"pause":      types.PauseDigest(base, 1, true),
	} {
		require.NotEqual(t, batch, other, name)
	}
	set := types.SignerSetDigest(base, 1, []common.Address{evmAddr(1)}, []*big.Int{big.NewInt(5)}, big.NewInt(5))
	require.NotEqual(t, set, types.SignerSetDigest(base, 1, []common.Address{evmAddr(1)}, []*big.Int{big.NewInt(5)}, big.NewInt(6)), "total power")
	require.NotEqual(t, types.EvmKeyDigest("session-1", testVal(1), testAcc(2)), types.EvmKeyDigest("session-1", testVal(1), testAcc(3)), "delegate")
}
