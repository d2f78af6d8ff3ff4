package types

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// EvmArgs returns the set's members as the contract takes them: addresses
// and powers in the same order, and the total power.
func (s SignerSet) EvmArgs() ([]common.Address, []*big.Int, *big.Int) {
	addrs := make([]common.Address, len(s.Members))
	powers := make([]*big.Int, len(s.Members))
	for i, m := range s.Members {
		addrs[i] = common.HexToAddress(m.EvmAddress)
		powers[i] = new(big.Int).SetUint64(m.Power)
	}
	return addrs, powers, new(big.Int).SetUint64(s.TotalPower)
}

// MemberPower is the power of the set's members (the total less the absent
// validators').
func (s SignerSet) MemberPower() uint64 {
	var sum uint64
	for _, m := range s.Members {
		sum += m.Power
	}
	return sum
}

// Digest is what the contract's current set signs to hand over to s.
func (s SignerSet) Digest(bridgeID common.Hash) common.Hash {
	addrs, powers, total := s.EvmArgs()
	return SignerSetDigest(bridgeID, s.Nonce, addrs, powers, total)
}

// Covers reports whether power is more than 2/3 of total, as the contract
// counts signatures: power * 3 > total * 2.
func Covers(power, total uint64) bool {
	p, t := new(big.Int).SetUint64(power), new(big.Int).SetUint64(total)
	return total > 0 && p.Mul(p, big.NewInt(3)).Cmp(t.Mul(t, big.NewInt(2))) > 0
}

// CoverageBps is power in basis points of total, rounded down (0 when
// total is 0).
func CoverageBps(power, total uint64) uint32 {
	if total == 0 {
		return 0
	}
	q := new(big.Int).Mul(new(big.Int).SetUint64(power), big.NewInt(BasisPoints))
	q.Quo(q, new(big.Int).SetUint64(total))
	if q.Cmp(big.NewInt(BasisPoints)) > 0 {
		return BasisPoints
	}
	return uint32(q.Uint64()) //nolint:gosec // at most BasisPoints
}
