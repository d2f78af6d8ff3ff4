package types

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// EvmArgs returns the set's members as the contract takes them: addresses and
// powers in the same order.
func (s SignerSet) EvmArgs() ([]common.Address, []*big.Int) {
	addrs := make([]common.Address, len(s.Members))
	powers := make([]*big.Int, len(s.Members))
	for i, m := range s.Members {
		addrs[i] = common.HexToAddress(m.EvmAddress)
		powers[i] = new(big.Int).SetUint64(m.Power)
	}
	return addrs, powers
}
