package types

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"math/big"
	"time"

	"github.com/cometbft/cometbft/crypto/tmhash"
)

// Domains separate liveness signatures from anything else a node key signs.
const (
	UptimeProofDomain   = "session-node-uptime-proof"
	NodeStateVoteDomain = "session-node-state-vote"
)

// UptimeProof is what an uptime proof claims: the node's proof number,
// the recent block it saw and where it serves.
type UptimeProof struct {
	Seq         uint64
	BlockHeight int64
	AppHash     []byte
	Endpoint    NodeEndpoint
}

// Proof returns what the message claims.
func (m *MsgUptimeProof) Proof() UptimeProof {
	return UptimeProof{Seq: m.Seq, BlockHeight: m.BlockHeight, AppHash: m.AppHash, Endpoint: m.Endpoint}
}

// UptimeProofSignBytes returns what a node key signs for a proof: the
// deterministic protobuf encoding of UptimeProofSignDoc.
func UptimeProofSignBytes(chainID, pubkeyHex string, p UptimeProof) ([]byte, error) {
	doc := UptimeProofSignDoc{
		Domain: UptimeProofDomain, ChainId: chainID, Pubkey: pubkeyHex, Seq: p.Seq,
		BlockHeight: p.BlockHeight, AppHash: p.AppHash, Endpoint: p.Endpoint,
	}
	return doc.Marshal()
}

// NodeStateVoteSignBytes returns what a voter's node key signs: every field
// of MsgNodeStateVote but the signature, sender included, so a vote is valid
// only in a transaction of the account it was signed for (a copy sent from
// another account would front-run the node's own vote, free of fees).
func NodeStateVoteSignBytes(chainID, sender, voterHex, testedHex string, period uint64, state NodeState) ([]byte, error) {
	doc := NodeStateVoteSignDoc{
		Domain: NodeStateVoteDomain, ChainId: chainID, Voter: voterHex, Tested: testedHex, Period: period, State: state,
		Sender: sender,
	}
	return doc.Marshal()
}

// VerifyNodeSignature reports whether sig is pubkey's Ed25519 signature of msg.
func VerifyNodeSignature(pubkey, msg, sig []byte) bool {
	return len(pubkey) == ed25519.PublicKeySize && len(sig) == ed25519.SignatureSize && ed25519.Verify(pubkey, msg, sig)
}

// Period is the testing period a block time falls in.
func Period(t time.Time, length time.Duration) uint64 {
	if length <= 0 || t.Unix() < 0 {
		return 0
	}
	return uint64(t.UnixNano() / int64(length)) //nolint:gosec // t is after 1970 here
}

// DeriveSeed derives a period's quorum seed from the hash of its first block.
func DeriveSeed(period uint64, blockHash []byte) []byte {
	var p [8]byte
	binary.BigEndian.PutUint64(p[:], period)
	return tmhash.Sum(append(append([]byte("session-quorum-seed"), p[:]...), blockHash...))
}

// QuorumDraw is the i-th draw of a tested node's quorum from a period seed:
// a number that selects an active node by index.
func QuorumDraw(seed []byte, tested string, i uint32) uint64 {
	// SHA-256 (tmhash) of seed, tested and i, in a buffer on the stack for
	// a 32-byte seed and a node key in hex.
	var buf [128]byte
	in := append(append(buf[:0], seed...), tested...)
	in = binary.BigEndian.AppendUint32(in, i)
	h := sha256.Sum256(in)
	return binary.BigEndian.Uint64(h[:8])
}

// RequiredVotes is how many matching votes a quorum needs: quorum_threshold,
// an absolute number whatever the size of the network. A quorum with fewer
// members (a network of fewer than quorum_threshold other serving nodes) can
// decide nothing: below that floor, votes remove no one, and a
// decommissioned node's own proof brings it back.
func (p Params) RequiredVotes() uint32 {
	return p.QuorumThreshold
}

// CanDecide reports whether a quorum of members can reach the threshold.
func (p Params) CanDecide(members int) bool {
	return members >= int(p.QuorumThreshold)
}

// CreditNow is a node's decommission credit at now, for a node with the
// given status: it grows while the node serves (credit_per_day per day,
// up to max_credit) and burns one for one while it is decommissioned. Other
// statuses keep it as it was.
func (r LivenessRecord) CreditNow(now time.Time, p Params, status NodeStatus) time.Duration {
	if !now.After(r.CreditAt) {
		return r.Credit
	}
	elapsed := now.Sub(r.CreditAt)
	switch {
	case status.Serving():
		// elapsed × per_day / day, exactly, without overflow.
		gained := new(big.Int).Mul(big.NewInt(int64(elapsed)), big.NewInt(int64(p.CreditPerDay)))
		gained.Quo(gained, big.NewInt(int64(24*time.Hour)))
		room := p.MaxCredit - r.Credit
		if room <= 0 {
			return p.MaxCredit
		}
		if gained.Cmp(big.NewInt(int64(room))) >= 0 {
			return p.MaxCredit
		}
		return r.Credit + time.Duration(gained.Int64())
	case status == NODE_STATUS_DECOMMISSIONED:
		if elapsed >= r.Credit {
			return 0
		}
		return r.Credit - elapsed
	default:
		return r.Credit
	}
}

// ActivePageKeys is how many node keys one page of the numbered active set
// holds (see the liveness component's ActivePageSize).
const ActivePageKeys = 32
