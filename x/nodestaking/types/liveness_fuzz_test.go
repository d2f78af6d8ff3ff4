package types_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"math"
	"math/bits"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/testutil/fuzzcheck"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// FuzzCreditNow checks CreditNow's bounds for any credit, time and rate:
// an active node's credit never falls and never passes the cap (unless it
// started above it), and grows by exactly floor(elapsed × rate / day); a
// decommissioned node's burns one for one down to zero.
func FuzzCreditNow(f *testing.F) {
	f.Add(int64(2*time.Hour), int64(24*time.Hour), int64(48*time.Minute), int64(48*time.Hour), true)
	f.Add(int64(0), int64(math.MaxInt64), int64(types.MaxDuration), int64(types.MaxDuration), true)
	f.Add(int64(6*time.Hour), int64(6*time.Hour), int64(0), int64(0), false)
	f.Add(int64(math.MaxInt64), int64(1), int64(1), int64(1), false)
	f.Add(int64(1), int64(-5), int64(1), int64(1), true)
	f.Fuzz(func(t *testing.T, credit, elapsed, perDay, maxCredit int64, active bool) {
		if credit < 0 || perDay < 0 || perDay > int64(types.MaxDuration) || maxCredit < 0 || maxCredit > int64(types.MaxDuration) {
			t.Skip("params and credits are validated non-negative and capped")
		}
		start := genesisTime
		// Keep now representable: at most ~290 years after genesis.
		if elapsed > int64(math.MaxInt64)-start.UnixNano() {
			elapsed = int64(math.MaxInt64) - start.UnixNano()
		}
		now := start.Add(time.Duration(elapsed))
		p := types.DefaultParams()
		p.CreditPerDay, p.MaxCredit = time.Duration(perDay), time.Duration(maxCredit)
		node := types.LivenessRecord{Credit: time.Duration(credit), CreditAt: start}
		status := types.NODE_STATUS_DECOMMISSIONED
		if active {
			status = types.NODE_STATUS_ACTIVE
		}

		got := node.CreditNow(now, p, status)

		require.GreaterOrEqual(t, got, time.Duration(0))
		if elapsed <= 0 {
			require.Equal(t, node.Credit, got)
			return
		}
		if !active {
			require.Equal(t, max(node.Credit-time.Duration(elapsed), 0), got)
			return
		}
		if node.Credit >= p.MaxCredit {
			require.Equal(t, p.MaxCredit, got)
			return
		}
		require.GreaterOrEqual(t, got, node.Credit)
		require.LessOrEqual(t, got, p.MaxCredit)
		if got < p.MaxCredit {
			// Not capped: the gain is exact. elapsed × perDay fits in 128 bits.
			gained := mulDiv(uint64(elapsed), uint64(perDay), uint64(24*time.Hour))
			require.Equal(t, uint64(got-node.Credit), gained)
		}
	})
}

// mulDiv returns floor(a × b / c) for a product that may not fit 64 bits
// but whose quotient does.
func mulDiv(a, b, c uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	q, _ := bits.Div64(hi, lo, c)
	return q
}

// FuzzVerifyNodeSignature checks Ed25519 node signatures: arbitrary keys,
// messages and signatures never panic and are refused unless a key of the
// right size made that signature; a node key's own signature verifies, and
// not once one bit of the message or the signature changes.
func FuzzVerifyNodeSignature(f *testing.F) {
	f.Add([]byte("seed 1"), []byte("session-node-uptime-proof"), []byte{}, uint16(0))
	f.Add([]byte{}, []byte{}, make([]byte, 64), uint16(513))
	f.Add([]byte("seed 2"), bytes.Repeat([]byte{0xff}, 100), bytes.Repeat([]byte{0xff}, 64), uint16(7))
	f.Add(bytes.Repeat([]byte{1}, 32), []byte{0}, make([]byte, 65), uint16(65535))
	f.Fuzz(func(t *testing.T, seed, msg, junk []byte, flip uint16) {
		s := sha256.Sum256(seed)
		key := ed25519.NewKeyFromSeed(s[:])
		pub := key.Public().(ed25519.PublicKey)
		sig := ed25519.Sign(key, msg)

		require.True(t, types.VerifyNodeSignature(pub, msg, sig), "the key's own signature")
		bit := int(flip) % (8 * (len(msg) + len(sig)))
		if bit < 8*len(msg) {
			other := bytes.Clone(msg)
			other[bit/8] ^= 1 << (bit % 8)
			require.False(t, types.VerifyNodeSignature(pub, other, sig), "a changed message")
		} else {
			bit -= 8 * len(msg)
			other := bytes.Clone(sig)
			other[bit/8] ^= 1 << (bit % 8)
			require.False(t, types.VerifyNodeSignature(pub, msg, other), "a changed signature")
		}
		// Fuzzer bytes as the signature, or as the key, are refused unless they
		// are that signature and that key.
		if !bytes.Equal(junk, sig) {
			require.False(t, types.VerifyNodeSignature(pub, msg, junk), "another signature")
		}
		if !bytes.Equal(junk, pub) {
			require.False(t, types.VerifyNodeSignature(junk, msg, sig), "another key of %d bytes", len(junk))
		}
	})
}

// FuzzMsgUptimeProofValidateBasic checks that ValidateBasic never panics and
// accepts exactly a 32-byte node key, a sequence from 1 and a 64-byte
// signature whatever the sender (the signer: the SDK checks it), refusing
// anything else with the registered error of the first bad field.
func FuzzMsgUptimeProofValidateBasic(f *testing.F) {
	pub, _ := testKey(1)
	f.Add(testAddr(1), []byte(pub), uint64(1), make([]byte, 64))
	f.Add(testAddr(1), []byte(pub), uint64(math.MaxUint64), make([]byte, 64))
	f.Add(testAddr(1), []byte(pub), uint64(0), make([]byte, 64))
	f.Add(testAddr(1), []byte(pub[:31]), uint64(1), make([]byte, 64))
	f.Add(testAddr(1), []byte(pub), uint64(1), make([]byte, 65))
	f.Add("", []byte{}, uint64(0), []byte{})
	f.Add("session1xyz", []byte(pub), uint64(1), make([]byte, 64))
	f.Add("session1xyz", []byte(pub), uint64(0), make([]byte, 64))
	f.Fuzz(func(t *testing.T, sender string, pubkey []byte, seq uint64, sig []byte) {
		m := &types.MsgUptimeProof{
			Sender: sender, Pubkey: pubkey, Seq: seq, Signature: sig,
			BlockHeight: 7, AppHash: make([]byte, types.AppHashSize), Endpoint: testEndpoint(),
		}

		err := m.ValidateBasic()

		withSigner := *m
		withSigner.Sender = testAddr(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the sender %q", sender)
		switch {
		case len(pubkey) != types.PubkeySize:
			require.ErrorIs(t, err, types.ErrInvalidPubkey)
		case seq == 0:
			require.ErrorIs(t, err, types.ErrProofSequence)
		case len(sig) != ed25519.SignatureSize:
			require.ErrorIs(t, err, types.ErrInvalidSignature)
		default:
			require.NoError(t, err)
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}

// FuzzMsgNodeStateVoteValidateBasic checks that ValidateBasic never panics
// and accepts exactly the well-formed votes whatever the sender (the signer:
// the SDK checks it): two different 32-byte node keys, a decision
// (decommission, recommission or deregister) and a 64-byte signature;
// anything else fails with the registered error of the first bad field.
func FuzzMsgNodeStateVoteValidateBasic(f *testing.F) {
	v := validVote()
	f.Add(v.Sender, []byte(v.Voter), []byte(v.Tested), v.Period, int32(v.State), v.Signature)
	f.Add("", []byte{}, []byte{}, uint64(0), int32(0), []byte{})
	f.Add(v.Sender, []byte(v.Voter), []byte(v.Voter), uint64(1), int32(3), v.Signature)
	f.Add("session1", bytes.Repeat([]byte{1}, 33), bytes.Repeat([]byte{2}, 31), uint64(math.MaxUint64), int32(-7), make([]byte, 65))
	f.Add(testAddr(9), bytes.Repeat([]byte{0}, 32), bytes.Repeat([]byte{1}, 32), uint64(2), int32(2), make([]byte, 64))
	f.Add(testAddr(9), bytes.Repeat([]byte{0}, 32), bytes.Repeat([]byte{1}, 32), uint64(2), int32(math.MaxInt32), make([]byte, 64))
	f.Add("", []byte(v.Voter), []byte(v.Tested), v.Period, int32(v.State), v.Signature)
	f.Add("session1", []byte(v.Voter), []byte(v.Tested), v.Period, int32(0), v.Signature)
	f.Fuzz(func(t *testing.T, sender string, voter, tested []byte, period uint64, state int32, sig []byte) {
		m := &types.MsgNodeStateVote{Sender: sender, Voter: voter, Tested: tested, Period: period, State: types.NodeState(state), Signature: sig}

		err := m.ValidateBasic()

		withSigner := *m
		withSigner.Sender = testAddr(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the sender %q", sender)
		switch {
		case len(voter) != 32, len(tested) != 32:
			require.ErrorIs(t, err, types.ErrInvalidPubkey)
		case bytes.Equal(voter, tested):
			require.ErrorIs(t, err, types.ErrNotQuorumMember)
		case state < 1 || state > 3:
			require.ErrorIs(t, err, types.ErrInvalidState)
		case len(sig) != 64:
			require.ErrorIs(t, err, types.ErrInvalidSignature)
		default:
			require.NoError(t, err)
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}
