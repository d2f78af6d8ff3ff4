package relayer

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/sessiontoken/sessionchain/cmd/session-relayer/internal/evm"
	bridgetypes "github.com/sessiontoken/sessionchain/x/bridge/types"
)

// Align lays the chain's signatures of digest out as the contract takes them:
// one entry per member of the contract's set, in its order, empty where the
// member did not sign. A signature counts for the member it recovers to, so a
// stale label or a signature over another digest is left out rather than
// making the contract revert with InvalidSignature. It returns the entries
// and the power of the members that signed.
func Align(set evm.SignerSet, sigs []bridgetypes.ValidatorSignature, digest common.Hash) ([][]byte, *big.Int) {
	index := make(map[common.Address]int, len(set.Signers))
	for i, s := range set.Signers {
		index[s] = i
	}
	aligned := make([][]byte, len(set.Signers))
	signed := new(big.Int)
	for _, s := range sigs {
		signer, err := bridgetypes.RecoverSigner(digest, s.Signature)
		if err != nil {
			continue
		}
		i, ok := index[signer]
		if !ok || aligned[i] != nil {
			continue
		}
		aligned[i] = s.Signature
		if i < len(set.Powers) {
			signed.Add(signed, set.Powers[i])
		}
	}
	for i := range aligned {
		if aligned[i] == nil {
			aligned[i] = []byte{}
		}
	}
	return aligned, signed
}

// Passes reports whether signed is more than two thirds of total (the set's
// total power, absent validators included), as the contract checks it:
// signed * 3 > total * 2.
func Passes(signed, total *big.Int) bool {
	if total.Sign() <= 0 {
		return false
	}
	lhs := new(big.Int).Mul(signed, big.NewInt(3))
	rhs := new(big.Int).Mul(total, big.NewInt(2))
	return lhs.Cmp(rhs) > 0
}
