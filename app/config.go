package app

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	rewardpooltypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

const (
	// Name is the application name.
	Name = "sessiond"

	// Bech32Prefix is the address prefix: accounts are session1…, validators
	// sessionvaloper1…, consensus keys sessionvalcons1….
	Bech32Prefix = "session"

	// BaseDenom is the base unit of SESH: 1 SESH = 10^9 nsesh, exactly one
	// base unit of the SESH ERC-20.
	BaseDenom = rewardpooltypes.Denom

	// DisplayDenom is the unit people read.
	DisplayDenom = "SESH"

	// DisplayExponent is the number of decimals of SESH.
	DisplayExponent = 9
)

func init() {
	SetAddressConfig()
	// Staking's bond denom, gov's deposit denom and the other SDK defaults
	// read this when a new genesis is made.
	sdk.DefaultBondDenom = BaseDenom
}

// SetAddressConfig sets the global bech32 prefixes that SDK code outside the
// address codecs still reads. It is idempotent.
func SetAddressConfig() {
	cfg := sdk.GetConfig()
	if cfg.GetBech32AccountAddrPrefix() == Bech32Prefix {
		return
	}
	cfg.SetBech32PrefixForAccount(Bech32Prefix, Bech32Prefix+sdk.PrefixPublic)
	cfg.SetBech32PrefixForValidator(Bech32Prefix+sdk.PrefixValidator+sdk.PrefixOperator,
		Bech32Prefix+sdk.PrefixValidator+sdk.PrefixOperator+sdk.PrefixPublic)
	cfg.SetBech32PrefixForConsensusNode(Bech32Prefix+sdk.PrefixValidator+sdk.PrefixConsensus,
		Bech32Prefix+sdk.PrefixValidator+sdk.PrefixConsensus+sdk.PrefixPublic)
}
