package types_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/bridge/types"
)

// word left-pads b to a 32-byte ABI word.
func word(b []byte) []byte { return common.LeftPadBytes(b, 32) }

func uintWord(n uint64) []byte { return word(new(big.Int).SetUint64(n).Bytes()) }

// The digests are keccak256 of abi.encode, as the contract computes them.
// These build the encoding word by word, independently of go-ethereum's abi
// package.

func TestBridgeIDEncoding(t *testing.T) {
	contract := common.HexToAddress(eip55)
	var enc []byte
	enc = append(enc, uintWord(1337)...)
	enc = append(enc, word(contract.Bytes())...)
	enc = append(enc, crypto.Keccak256([]byte("session-1"))...)

	require.Equal(t, crypto.Keccak256Hash(enc), types.BridgeID(1337, contract, "session-1"))
}

func TestWithdrawDigestEncoding(t *testing.T) {
	bridgeID := types.BridgeID(1337, common.HexToAddress(eip55), "session-1")
	amount, ok := new(big.Int).SetString("123456789012345678901234567890", 10)
	require.True(t, ok)
	var enc []byte
	enc = append(enc, types.WithdrawTag.Bytes()...)
	enc = append(enc, bridgeID.Bytes()...)
	enc = append(enc, uintWord(42)...)
	enc = append(enc, word(evmAddr(1).Bytes())...)
	enc = append(enc, word(amount.Bytes())...)

	require.Equal(t, crypto.Keccak256Hash(enc), types.WithdrawDigest(bridgeID, 42, evmAddr(1), amount))
	require.Equal(t, crypto.Keccak256Hash([]byte("sessionchain.bridge.withdraw.v1")), types.WithdrawTag)
}

func TestSignerSetDigestEncoding(t *testing.T) {
	bridgeID := types.BridgeID(1, common.HexToAddress(eip55), "session-1")
	signers := []common.Address{evmAddr(1), evmAddr(2)}
	powers := []*big.Int{big.NewInt(10), big.NewInt(30)}
	var enc []byte
	enc = append(enc, types.SignerSetTag.Bytes()...)
	enc = append(enc, bridgeID.Bytes()...)
	enc = append(enc, uintWord(7)...)
	enc = append(enc, uintWord(5*32)...)      // offset of signers
	enc = append(enc, uintWord(5*32+3*32)...) // offset of powers: after signers' length and 2 words
	enc = append(enc, uintWord(2)...)         // signers' length
	enc = append(enc, word(signers[0].Bytes())...)
	enc = append(enc, word(signers[1].Bytes())...)
	enc = append(enc, uintWord(2)...) // powers' length
	enc = append(enc, uintWord(10)...)
	enc = append(enc, uintWord(30)...)

	require.Equal(t, crypto.Keccak256Hash(enc), types.SignerSetDigest(bridgeID, 7, signers, powers))
}

func TestEvmKeyDigestEncoding(t *testing.T) {
	var enc []byte
	enc = append(enc, types.EvmKeyTag.Bytes()...)
	enc = append(enc, crypto.Keccak256([]byte("session-1"))...)
	enc = append(enc, crypto.Keccak256([]byte(testVal(1)))...)

	require.Equal(t, crypto.Keccak256Hash(enc), types.EvmKeyDigest("session-1", testVal(1)))
}

func TestPauseAndCapDigestEncoding(t *testing.T) {
	bridgeID := types.BridgeID(1, common.HexToAddress(eip55), "session-1")
	pause := append(append(append(types.PauseTag.Bytes(), bridgeID.Bytes()...), uintWord(3)...), uintWord(1)...)
	limit := big.NewInt(5_000_000)
	capEnc := append(append(append(types.CapTag.Bytes(), bridgeID.Bytes()...), uintWord(4)...), word(limit.Bytes())...)

	require.Equal(t, crypto.Keccak256Hash(pause), types.PauseDigest(bridgeID, 3, true))
	require.NotEqual(t, types.PauseDigest(bridgeID, 3, true), types.PauseDigest(bridgeID, 3, false))
	require.Equal(t, crypto.Keccak256Hash(capEnc), types.CapDigest(bridgeID, 4, limit))
}

func TestBridgeIDSeparatesDeployments(t *testing.T) {
	contract := common.HexToAddress(eip55)
	base := types.BridgeID(1337, contract, "session-1")

	require.NotEqual(t, base, types.BridgeID(1338, contract, "session-1"), "EVM chain id")
	require.NotEqual(t, base, types.BridgeID(1337, evmAddr(1), "session-1"), "contract")
	require.NotEqual(t, base, types.BridgeID(1337, contract, "session-2"), "Cosmos chain id")
}

func TestTagsAreDistinct(t *testing.T) {
	tags := map[common.Hash]bool{}
	for _, tag := range []common.Hash{types.WithdrawTag, types.SignerSetTag, types.PauseTag, types.CapTag, types.EvmKeyTag} {
		require.False(t, tags[tag])
		tags[tag] = true
	}
}
