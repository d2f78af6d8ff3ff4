package types

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// SignatureLength is the length of an EVM signature: r ‖ s ‖ v.
const SignatureLength = 65

// secp256k1HalfN is half the curve order: signatures with a larger s are
// malleable copies, and OpenZeppelin's ECDSA refuses them, so the chain does too.
var secp256k1HalfN = new(big.Int).Rsh(crypto.S256().Params().N, 1)

// RecoverSigner returns the EVM address whose key signed digest (an EIP-712
// digest, signed as it is) with sig, a 65-byte r ‖ s ‖ v signature with
// v = 27 or 28 as the contract expects. Signatures the contract would refuse
// are refused here.
func RecoverSigner(digest common.Hash, sig []byte) (common.Address, error) {
	if len(sig) != SignatureLength {
		return common.Address{}, fmt.Errorf("signature is %d bytes, want %d", len(sig), SignatureLength)
	}
	v := sig[64]
	if v != 27 && v != 28 {
		return common.Address{}, fmt.Errorf("signature v is %d, want 27 or 28", v)
	}
	if s := new(big.Int).SetBytes(sig[32:64]); s.Sign() == 0 || s.Cmp(secp256k1HalfN) > 0 {
		return common.Address{}, fmt.Errorf("signature s is zero or in the upper half of the curve order")
	}
	if r := new(big.Int).SetBytes(sig[:32]); r.Sign() == 0 {
		return common.Address{}, fmt.Errorf("signature r is zero")
	}
	rsv := make([]byte, SignatureLength)
	copy(rsv, sig)
	rsv[64] = v - 27
	pub, err := crypto.SigToPub(digest[:], rsv)
	if err != nil {
		return common.Address{}, fmt.Errorf("recover signer: %w", err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

// ToContractSignature converts a signature from go-ethereum's crypto.Sign
// (v = 0 or 1) to the form the contract and the chain take (v = 27 or 28).
// Signatures already in that form are returned unchanged.
func ToContractSignature(sig []byte) []byte {
	out := make([]byte, len(sig))
	copy(out, sig)
	if len(out) == SignatureLength && out[64] < 27 {
		out[64] += 27
	}
	return out
}

// ParseEvmAddress parses a 0x-prefixed, 20-byte hex address. Mixed-case input
// must carry a valid EIP-55 checksum; the zero address is refused because
// tokens sent there are lost.
func ParseEvmAddress(s string) (common.Address, error) {
	if len(s) != 42 || s[:2] != "0x" && s[:2] != "0X" {
		return common.Address{}, fmt.Errorf("EVM address %q: want 0x followed by 40 hex digits", s)
	}
	if !common.IsHexAddress(s) {
		return common.Address{}, fmt.Errorf("EVM address %q: not hex", s)
	}
	addr := common.HexToAddress(s)
	body := s[2:]
	mixed := strings.ToLower(body) != body && strings.ToUpper(body) != body
	if mixed && addr.Hex() != "0x"+body {
		return common.Address{}, fmt.Errorf("EVM address %q: bad EIP-55 checksum (want %s)", s, addr.Hex())
	}
	if addr == (common.Address{}) {
		return common.Address{}, fmt.Errorf("EVM address is the zero address")
	}
	return addr, nil
}
