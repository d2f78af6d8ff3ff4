package types

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	voied25519 "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
	"github.com/oasisprotocol/curve25519-voi/primitives/ed25519/extra/ecvrf"

	errorsmod "cosmossdk.io/errors"
)

// Quorum seeds (consensus version 6): a period's seed is mixed from the VRF
// outputs of the nodes that proved their uptime since the last seed was
// fixed, so that no block proposer chooses it (before, the hash of the
// period's first block was the seed, which its proposer could grind).
const (
	// SeedInputDomain separates a seed round's VRF input from anything
	// else a node key signs.
	SeedInputDomain = "session-quorum-seed-round"
	// seedMixDomain separates the seed mixed from a round.
	seedMixDomain = "session-quorum-seed-mix"
	// SeedProofSize is the size of an ECVRF-EDWARDS25519-SHA512-ELL2 proof.
	SeedProofSize = ecvrf.ProofSize
	// SeedSize is the size of a period seed and of a round's mix.
	SeedSize = sha256.Size
	// SeedProofGas is what verifying a seed proof costs: measured at about
	// 2.2 times an Ed25519 signature check (BenchmarkVerifySeedProof), which
	// x/auth prices at 590.
	SeedProofGas = 1_300
)

// SeedInput is what a node's seed proof proves over in the round that
// follows the seed of period: the chain id, the period and its seed, so
// that an output cannot be computed before that seed was fixed.
func SeedInput(chainID string, period uint64, seed []byte) []byte {
	in := make([]byte, 0, len(SeedInputDomain)+8+len(chainID)+8+len(seed))
	in = append(in, SeedInputDomain...)
	in = binary.BigEndian.AppendUint64(in, uint64(len(chainID)))
	in = append(in, chainID...)
	in = binary.BigEndian.AppendUint64(in, period)
	return append(in, seed...)
}

// ProveSeed is a node's seed proof over input with its node key: what the
// node software (sessiond node-agent, the uptime-proof command) sends in
// MsgUptimeProof.seed_proof. The proof is deterministic: a node has one
// output per round.
func ProveSeed(key ed25519.PrivateKey, input []byte) []byte {
	return ecvrf.Prove(voied25519.PrivateKey(key), input)
}

// VerifySeedProof checks a seed proof of the node key pubkey over input and
// returns the SHA-256 of its VRF output: the node's share of the round.
func VerifySeedProof(pubkey, proof, input []byte) ([]byte, error) {
	if len(proof) != SeedProofSize {
		return nil, errorsmod.Wrapf(ErrInvalidSeedProof, "want %d bytes, got %d", SeedProofSize, len(proof))
	}
	ok, output := ecvrf.Verify(voied25519.PublicKey(pubkey), proof, input)
	if !ok {
		return nil, errorsmod.Wrap(ErrInvalidSeedProof, "not the node key's VRF proof over the current seed round")
	}
	share := sha256.Sum256(output)
	return share[:], nil
}

// Add XORs a node's share into the round.
func (r *SeedRound) Add(share []byte) {
	for i := range r.Mix {
		r.Mix[i] ^= share[i]
	}
	r.Contributions++
}

// NextSeed is the seed of period mixed from the round: the hash of the
// period, the round's seed and its mix.
func (r SeedRound) NextSeed(period uint64) []byte {
	h := sha256.New()
	h.Write([]byte(seedMixDomain))
	h.Write(binary.BigEndian.AppendUint64(nil, period))
	h.Write(r.Seed)
	h.Write(r.Mix)
	return h.Sum(nil)
}

// NewSeedRound starts round number, which follows the seed of period.
func NewSeedRound(number, period uint64, seed []byte) SeedRound {
	return SeedRound{Number: number, Period: period, Seed: seed, Mix: make([]byte, SeedSize)}
}

// Validate checks a round's sizes.
func (r SeedRound) Validate() error {
	if len(r.Seed) != SeedSize || len(r.Mix) != SeedSize {
		return fmt.Errorf("seed round of period %d: seed and mix must have %d bytes, got %d and %d", r.Period, SeedSize, len(r.Seed), len(r.Mix))
	}
	return nil
}

// SeedProofFor is the seed proof the node key sends with its uptime proofs
// during round on chainID: nil before the chain's first round (round nil).
func SeedProofFor(key ed25519.PrivateKey, chainID string, round *SeedRound) []byte {
	if round == nil {
		return nil
	}
	return ProveSeed(key, SeedInput(chainID, round.Period, round.Seed))
}
