// Package simutil holds what the custom modules' simulations share: random
// amounts and picks, funding module accounts in a random genesis, and the
// keys the simulation holds for Session Nodes and for validators' EVM
// signers.
package simutil

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/rand"

	"github.com/ethereum/go-ethereum/crypto"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// Denom is the only token the custom modules move.
const Denom = "nsesh"

// IntBetween returns a random integer in [lo, hi] (lo when hi ≤ lo).
func IntBetween(r *rand.Rand, lo, hi math.Int) math.Int {
	if hi.LTE(lo) {
		return lo
	}
	return lo.Add(simtypes.RandomAmount(r, hi.Sub(lo)))
}

// Pick returns a random element of a non-empty slice.
func Pick[T any](r *rand.Rand, s []T) T {
	return s[r.Intn(len(s))]
}

// AddModuleBalance gives a module account amount nsesh in the bank genesis
// being generated, and adds it to the supply. The bank genesis must have
// been generated already: the simulation manager generates the modules'
// genesis in name order, and bank comes before every custom module but the
// bridge, which funds nothing.
func AddModuleBalance(simState *module.SimulationState, moduleName string, amount math.Int) {
	if !amount.IsPositive() {
		return
	}
	raw, ok := simState.GenState[banktypes.ModuleName]
	if !ok {
		panic("the bank genesis must be generated before " + moduleName + " funds its account")
	}
	var bank banktypes.GenesisState
	simState.Cdc.MustUnmarshalJSON(raw, &bank)
	coins := sdk.NewCoins(sdk.NewCoin(Denom, amount))
	bank.Balances = append(bank.Balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(moduleName).String(),
		Coins:   coins,
	})
	if !bank.Supply.Empty() {
		bank.Supply = bank.Supply.Add(coins...)
	}
	simState.GenState[banktypes.ModuleName] = simState.Cdc.MustMarshalJSON(&bank)
}

// NodeKeyCount is how many Session Node keys the simulation holds.
const NodeKeyCount = 1000

// NodeKey returns the simulation's i-th Session Node key. The keys are the
// same in every run, so operations can sign for nodes an exported genesis
// carries over.
func NodeKey(i int) ed25519.PrivateKey {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(i)) //nolint:gosec // i is a small non-negative index
	seed := sha256.Sum256(append([]byte("sessionchain simulation node key "), buf[:]...))
	return ed25519.NewKeyFromSeed(seed[:])
}

// Pubkey is the public key of a node key.
func Pubkey(key ed25519.PrivateKey) ed25519.PublicKey {
	return key.Public().(ed25519.PublicKey) //nolint:forcetypeassert // an ed25519 key's public key
}

// PubkeyHex is the public key of a node key in lowercase hex, as node
// state names it.
func PubkeyHex(key ed25519.PrivateKey) string {
	return hex.EncodeToString(Pubkey(key))
}

// NodeKeys finds the private key of a simulation node by its public key.
type NodeKeys map[string]ed25519.PrivateKey

// NewNodeKeys indexes the NodeKeyCount simulation node keys.
func NewNodeKeys() NodeKeys {
	keys := make(NodeKeys, NodeKeyCount)
	for i := range NodeKeyCount {
		key := NodeKey(i)
		keys[PubkeyHex(key)] = key
	}
	return keys
}

// EvmKey returns the EVM signing key the simulation uses for the validator
// operated by valoper (bech32): the same in every run.
func EvmKey(valoper string) *ecdsa.PrivateKey {
	seed := sha256.Sum256([]byte("sessionchain simulation evm key " + valoper))
	key, err := crypto.ToECDSA(seed[:])
	if err != nil {
		// A sha256 digest is a valid secp256k1 scalar but with negligible probability.
		panic(err)
	}
	return key
}
