package relayer

import (
	"math/big"
)

// Parity is the supply equation of the bridge at one EVM block and one chain
// height: locked == chain supply + outbound in flight + inbound in flight.
type Parity struct {
	// Locked is the token balance of the contract.
	Locked *big.Int
	// ChainSupply is the chain's total nsesh supply.
	ChainSupply *big.Int
	// Outbound is burned or refunded on the chain and not yet released by the contract.
	Outbound *big.Int
	// Inbound is deposited on the contract and not yet observed by the chain.
	Inbound *big.Int
	// Diff is Locked - (ChainSupply + Outbound + Inbound).
	Diff *big.Int
}

// OK reports whether the equation holds exactly.
func (p Parity) OK() bool { return p.Diff.Sign() == 0 }

// InflightTransfer is a pending or ready transfer with whether the contract
// already paid it out.
type InflightTransfer struct {
	ID        uint64
	Amount    *big.Int
	Withdrawn bool
}

// ComputeParity works the equation out in big integers. chainOutbound is the
// chain's outbound_in_flight, which still counts transfers the contract paid
// out but the chain has not yet seen executed: their amounts are taken off.
// inbound are the amounts of the deposits the contract holds that the chain
// has not observed yet.
func ComputeParity(locked, chainSupply, chainOutbound *big.Int, transfers []InflightTransfer, inbound []*big.Int) Parity {
	outbound := new(big.Int).Set(chainOutbound)
	for _, t := range transfers {
		if t.Withdrawn {
			outbound.Sub(outbound, t.Amount)
		}
	}
	in := new(big.Int)
	for _, a := range inbound {
		in.Add(in, a)
	}
	want := new(big.Int).Add(chainSupply, outbound)
	want.Add(want, in)
	return Parity{
		Locked:      new(big.Int).Set(locked),
		ChainSupply: new(big.Int).Set(chainSupply),
		Outbound:    outbound,
		Inbound:     in,
		Diff:        new(big.Int).Sub(locked, want),
	}
}
