// Package chainregistry generates the files wallets and explorers use to find
// and display the chain: the cosmos/chain-registry chain.json and
// assetlist.json, a Keplr chain-info document and a ping.pub explorer config.
//
// All four come from one source of truth: a genesis file (chain id, the bank
// denom metadata of the staking denom, the bridge params) and a Source file
// that names what a genesis cannot know (endpoints, explorers, gas prices,
// the ERC-20 the token is bridged from). `sessiond registry generate` writes
// them; scripts/chainregistry.sh regenerates the committed copies under
// chain-registry/.
package chainregistry
