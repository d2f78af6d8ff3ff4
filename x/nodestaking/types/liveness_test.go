package types_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

func at(d time.Duration) *time.Time {
	t := genesisTime.Add(d)
	return &t
}

func TestCreditNow(t *testing.T) {
	p := types.DefaultParams()
	tests := []struct {
		name   string
		status types.NodeStatus
		credit time.Duration
		at     *time.Time // credit_at
		now    time.Duration
		params func(*types.Params)
		want   time.Duration
	}{
		{name: "active: no time passed", status: types.NODE_STATUS_ACTIVE, credit: 2 * time.Hour, at: at(0), now: 0, want: 2 * time.Hour},
		{name: "active: a day earns 48 min", status: types.NODE_STATUS_ACTIVE, credit: 2 * time.Hour, at: at(0), now: 24 * time.Hour, want: 2*time.Hour + 48*time.Minute},
		{name: "active: 30 s earn 1 s", status: types.NODE_STATUS_ACTIVE, credit: 0, at: at(0), now: 30 * time.Second, want: time.Second},
		{name: "active: 29 ns earn nothing", status: types.NODE_STATUS_ACTIVE, credit: 0, at: at(0), now: 29, want: 0},
		{name: "active: 1 ns short of the cap", status: types.NODE_STATUS_ACTIVE, credit: 48*time.Hour - 2, at: at(0), now: 30, want: 48*time.Hour - 1},
		{name: "active: exactly to the cap", status: types.NODE_STATUS_ACTIVE, credit: 2 * time.Hour, at: at(0), now: 57*24*time.Hour + 12*time.Hour, want: 48 * time.Hour},
		{name: "active: capped", status: types.NODE_STATUS_ACTIVE, credit: 2 * time.Hour, at: at(0), now: 100 * 24 * time.Hour, want: 48 * time.Hour},
		{name: "active: at the cap", status: types.NODE_STATUS_ACTIVE, credit: 48 * time.Hour, at: at(0), now: time.Hour, want: 48 * time.Hour},
		{
			name: "active: above a lowered cap", status: types.NODE_STATUS_ACTIVE, credit: 48 * time.Hour, at: at(0), now: time.Hour,
			params: func(p *types.Params) { p.MaxCredit = 10 * time.Hour }, want: 10 * time.Hour,
		},
		{
			name: "active: a huge time, a huge rate: no overflow", status: types.NODE_STATUS_ACTIVE, credit: 0, at: at(0), now: math.MaxInt64 - 1,
			params: func(p *types.Params) { p.CreditPerDay, p.MaxCredit = types.MaxDuration, types.MaxDuration }, want: types.MaxDuration,
		},
		{name: "active: a huge time at the default rate", status: types.NODE_STATUS_ACTIVE, credit: 0, at: at(0), now: 200 * 365 * 24 * time.Hour, want: 48 * time.Hour},
		{
			name: "active: no rate", status: types.NODE_STATUS_ACTIVE, credit: time.Hour, at: at(0), now: 24 * time.Hour,
			params: func(p *types.Params) { p.CreditPerDay = 0 }, want: time.Hour,
		},
		{name: "active: now before credit_at", status: types.NODE_STATUS_ACTIVE, credit: 3 * time.Hour, at: at(time.Hour), now: 0, want: 3 * time.Hour},
		{name: "decommissioned: burns one for one", status: types.NODE_STATUS_DECOMMISSIONED, credit: 6 * time.Hour, at: at(0), now: time.Hour, want: 5 * time.Hour},
		{name: "decommissioned: 1 ns left", status: types.NODE_STATUS_DECOMMISSIONED, credit: 6 * time.Hour, at: at(0), now: 6*time.Hour - 1, want: 1},
		{name: "decommissioned: burnt to zero", status: types.NODE_STATUS_DECOMMISSIONED, credit: 6 * time.Hour, at: at(0), now: 6 * time.Hour, want: 0},
		{name: "decommissioned: long gone", status: types.NODE_STATUS_DECOMMISSIONED, credit: 6 * time.Hour, at: at(0), now: math.MaxInt64 - 1, want: 0},
		{name: "decommissioned: no credit", status: types.NODE_STATUS_DECOMMISSIONED, credit: 0, at: at(0), now: time.Hour, want: 0},
		{name: "unlocking: serves, so earns", status: types.NODE_STATUS_UNLOCKING, credit: 5 * time.Hour, at: at(0), now: 24 * time.Hour, want: 5*time.Hour + 48*time.Minute},
		{name: "deregistered: frozen", status: types.NODE_STATUS_DEREGISTERED, credit: 5 * time.Hour, at: at(0), now: 24 * time.Hour, want: 5 * time.Hour},
		{name: "awaiting: frozen", status: types.NODE_STATUS_AWAITING, credit: 0, at: at(0), now: 24 * time.Hour, want: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			params := p
			if tc.params != nil {
				tc.params(&params)
			}
			rec := types.LivenessRecord{Credit: tc.credit, CreditAt: *tc.at}
			require.Equal(t, tc.want, rec.CreditNow(genesisTime.Add(tc.now), params, tc.status))
		})
	}
}

// The threshold is an absolute number of votes: a quorum with fewer members
// decides nothing (before version 6 a smaller quorum needed a share of it,
// so two nodes could remove each other).
func TestRequiredVotesAreAbsolute(t *testing.T) {
	p := types.DefaultParams()
	require.Equal(t, uint32(7), p.RequiredVotes())
	for members, want := range []bool{false, false, false, false, false, false, false, true, true, true, true, true} {
		require.Equal(t, want, p.CanDecide(members), "%d members", members)
	}
	require.False(t, p.CanDecide(-1))
	p.QuorumSize, p.QuorumThreshold = 3, 3
	require.False(t, p.CanDecide(2))
	require.True(t, p.CanDecide(3))
}

func TestPeriod(t *testing.T) {
	hour := time.Hour
	start := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	first := types.Period(start, hour)
	require.Equal(t, uint64(start.Unix()/3600), first)
	require.Equal(t, first, types.Period(start.Add(hour-time.Nanosecond), hour))
	require.Equal(t, first+1, types.Period(start.Add(hour), hour))
	require.Equal(t, first-1, types.Period(start.Add(-time.Nanosecond), hour))
	require.Equal(t, 2*first, types.Period(start, 30*time.Minute))
	require.Zero(t, types.Period(start, 0), "no period length")
	require.Zero(t, types.Period(start, -hour))
	require.Zero(t, types.Period(time.Unix(-1, 0), hour), "before 1970")
	require.Zero(t, types.Period(time.Unix(0, 0), hour))
	// Another time zone is the same instant.
	require.Equal(t, first, types.Period(start.In(time.FixedZone("UTC+5", 5*3600)), hour))
}

func TestDeriveSeedAndQuorumDraw(t *testing.T) {
	hash := bytes.Repeat([]byte{7}, 32)
	seed := types.DeriveSeed(42, hash)
	require.Len(t, seed, 32)
	require.Equal(t, seed, types.DeriveSeed(42, bytes.Clone(hash)), "deterministic")
	require.NotEqual(t, seed, types.DeriveSeed(43, hash), "another period")
	require.NotEqual(t, seed, types.DeriveSeed(42, append(bytes.Clone(hash[:31]), 8)), "another block")
	require.Len(t, types.DeriveSeed(0, nil), 32, "an empty hash still gives a seed")

	tested := nodeHex(1)
	draw := types.QuorumDraw(seed, tested, 0)
	require.Equal(t, draw, types.QuorumDraw(bytes.Clone(seed), tested, 0))
	require.NotEqual(t, draw, types.QuorumDraw(seed, tested, 1), "another draw")
	require.NotEqual(t, draw, types.QuorumDraw(seed, nodeHex(2), 0), "another node")
	require.NotEqual(t, draw, types.QuorumDraw(types.DeriveSeed(43, hash), tested, 0), "another seed")
	// The draw does not write into the seed's spare capacity.
	buf := make([]byte, 32, 64)
	copy(buf, seed)
	_ = types.QuorumDraw(buf, tested, 0)
	require.Equal(t, seed, buf)

	// A draw is the first 8 bytes, big-endian, of SHA-256 over the seed,
	// the tested key's hex and the draw's number (4 bytes, big-endian):
	// every node computes the same quorums, whatever its build. A seed
	// longer than the usual 32 bytes gives the same answer.
	for _, s := range [][]byte{seed, bytes.Repeat([]byte{9}, 200), nil} {
		for _, i := range []uint32{0, 1, 9, 1 << 31} {
			in := append(append(bytes.Clone(s), tested...), binary.BigEndian.AppendUint32(nil, i)...)
			want := sha256.Sum256(in)
			require.Equal(t, binary.BigEndian.Uint64(want[:8]), types.QuorumDraw(s, tested, i), "seed of %d bytes, draw %d", len(s), i)
		}
	}
	// A fixed answer, so that a change of the formula cannot pass unseen.
	require.Equal(t, uint64(0xda8703792f49d1a3), types.QuorumDraw(bytes.Repeat([]byte{1}, 32), nodeHex(1), 3))

	// The draws spread over the active set: 10,000 draws over 10 nodes
	// land 1,000 ± 150 times on each.
	counts := make([]int, 10)
	for i := range uint32(10_000) {
		counts[types.QuorumDraw(seed, tested, i)%10]++
	}
	for n, c := range counts {
		require.InDelta(t, 1_000, c, 150, "node %d", n)
	}
}

func TestLivenessSignBytes(t *testing.T) {
	const chain = "session-1"
	p := types.UptimeProof{Seq: 5, BlockHeight: 40, AppHash: bytes.Repeat([]byte{7}, 32), Endpoint: testEndpoint()}
	proof, err := types.UptimeProofSignBytes(chain, nodeHex(1), p)
	require.NoError(t, err)
	again, err := types.UptimeProofSignBytes(chain, nodeHex(1), p)
	require.NoError(t, err)
	require.Equal(t, proof, again)
	var doc types.UptimeProofSignDoc
	require.NoError(t, doc.Unmarshal(proof))
	require.Equal(t, types.UptimeProofSignDoc{
		Domain: types.UptimeProofDomain, ChainId: chain, Pubkey: nodeHex(1), Seq: 5,
		BlockHeight: 40, AppHash: p.AppHash, Endpoint: p.Endpoint,
	}, doc)
	// Every field is signed: a change of any gives other bytes.
	changes := []func(*types.UptimeProof){
		func(p *types.UptimeProof) { p.Seq = 6 },
		func(p *types.UptimeProof) { p.BlockHeight = 41 },
		func(p *types.UptimeProof) { p.AppHash = bytes.Repeat([]byte{8}, 32) },
		func(p *types.UptimeProof) { p.Endpoint.PublicIp = "203.0.113.8" },
		func(p *types.UptimeProof) { p.Endpoint.StoragePort++ },
		func(p *types.UptimeProof) { p.Endpoint.QuicPort++ },
		func(p *types.UptimeProof) { p.Endpoint.NodeVersion = "11.0.3" },
		func(p *types.UptimeProof) { p.Endpoint.StorageVersion = "2.8.1" },
	}
	for i, change := range changes {
		other := p
		change(&other)
		bz, err := types.UptimeProofSignBytes(chain, nodeHex(1), other)
		require.NoError(t, err)
		require.NotEqual(t, proof, bz, "change %d", i)
	}
	for _, other := range [][]string{{"session-2", nodeHex(1)}, {chain, nodeHex(2)}} {
		bz, err := types.UptimeProofSignBytes(other[0], other[1], p)
		require.NoError(t, err)
		require.NotEqual(t, proof, bz, "%v", other)
	}

	const sender = "session1sender"
	vote, err := types.NodeStateVoteSignBytes(chain, sender, nodeHex(1), nodeHex(2), 9, types.NODE_STATE_DECOMMISSIONED)
	require.NoError(t, err)
	var vdoc types.NodeStateVoteSignDoc
	require.NoError(t, vdoc.Unmarshal(vote))
	require.Equal(t, types.NodeStateVoteSignDoc{
		Domain: types.NodeStateVoteDomain, ChainId: chain, Voter: nodeHex(1), Tested: nodeHex(2), Period: 9, State: types.NODE_STATE_DECOMMISSIONED,
		Sender: sender,
	}, vdoc)
	for _, other := range []func() ([]byte, error){
		func() ([]byte, error) {
			return types.NodeStateVoteSignBytes("session-2", sender, nodeHex(1), nodeHex(2), 9, types.NODE_STATE_DECOMMISSIONED)
		},
		func() ([]byte, error) {
			return types.NodeStateVoteSignBytes(chain, sender, nodeHex(2), nodeHex(1), 9, types.NODE_STATE_DECOMMISSIONED)
		},
		func() ([]byte, error) {
			return types.NodeStateVoteSignBytes(chain, sender, nodeHex(1), nodeHex(2), 10, types.NODE_STATE_DECOMMISSIONED)
		},
		func() ([]byte, error) {
			return types.NodeStateVoteSignBytes(chain, sender, nodeHex(1), nodeHex(2), 9, types.NODE_STATE_DEREGISTERED)
		},
		func() ([]byte, error) {
			return types.NodeStateVoteSignBytes(chain, "session1other", nodeHex(1), nodeHex(2), 9, types.NODE_STATE_DECOMMISSIONED)
		},
	} {
		bz, err := other()
		require.NoError(t, err)
		require.NotEqual(t, vote, bz)
	}
	require.NotEqual(t, proof, vote)
}

func TestVerifyNodeSignature(t *testing.T) {
	pub, key := testKey(1)
	otherPub, _ := testKey(2)
	msg := []byte("a message")
	sig := ed25519.Sign(key, msg)
	require.True(t, types.VerifyNodeSignature(pub, msg, sig))
	require.False(t, types.VerifyNodeSignature(otherPub, msg, sig), "another key")
	require.False(t, types.VerifyNodeSignature(pub, []byte("another message"), sig))
	require.False(t, types.VerifyNodeSignature(pub[:31], msg, sig), "a short key")
	require.False(t, types.VerifyNodeSignature(pub, msg, sig[:63]), "a short signature")
	require.False(t, types.VerifyNodeSignature(pub, msg, append(bytes.Clone(sig), 0)), "a long signature")
	require.False(t, types.VerifyNodeSignature(nil, msg, nil))
}

func TestMsgUptimeProofValidateBasic(t *testing.T) {
	pub, _ := testKey(1)
	valid := func(change func(*types.MsgUptimeProof)) *types.MsgUptimeProof {
		m := &types.MsgUptimeProof{
			Sender: testAddr(1), Pubkey: pub, Seq: 1, Signature: make([]byte, 64),
			BlockHeight: 9, AppHash: make([]byte, 32), Endpoint: testEndpoint(),
		}
		change(m)
		return m
	}
	checkValidateBasic(t, []validateBasicCase{
		{"valid", valid(func(*types.MsgUptimeProof) {}), nil},
		{"a large sequence", valid(func(m *types.MsgUptimeProof) { m.Seq = math.MaxUint64 }), nil},
		{"no pubkey", valid(func(m *types.MsgUptimeProof) { m.Pubkey = nil }), types.ErrInvalidPubkey},
		{"short pubkey", valid(func(m *types.MsgUptimeProof) { m.Pubkey = pub[:31] }), types.ErrInvalidPubkey},
		{"sequence zero", valid(func(m *types.MsgUptimeProof) { m.Seq = 0 }), types.ErrProofSequence},
		{"no signature", valid(func(m *types.MsgUptimeProof) { m.Signature = nil }), types.ErrInvalidSignature},
		{"short signature", valid(func(m *types.MsgUptimeProof) { m.Signature = make([]byte, 63) }), types.ErrInvalidSignature},
		{"long signature", valid(func(m *types.MsgUptimeProof) { m.Signature = make([]byte, 65) }), types.ErrInvalidSignature},
		{"block height zero", valid(func(m *types.MsgUptimeProof) { m.BlockHeight = 0 }), types.ErrUnknownBlock},
		{"negative block height", valid(func(m *types.MsgUptimeProof) { m.BlockHeight = -1 }), types.ErrUnknownBlock},
		{"no app hash", valid(func(m *types.MsgUptimeProof) { m.AppHash = nil }), types.ErrUnknownBlock},
		{"short app hash", valid(func(m *types.MsgUptimeProof) { m.AppHash = make([]byte, 31) }), types.ErrUnknownBlock},
		{"no endpoint", valid(func(m *types.MsgUptimeProof) { m.Endpoint = types.NodeEndpoint{} }), types.ErrInvalidEndpoint},
		{"private ip", valid(func(m *types.MsgUptimeProof) { m.Endpoint.PublicIp = "10.1.2.3" }), types.ErrInvalidEndpoint},
	})
}

// testEndpoint is a valid endpoint.
func testEndpoint() types.NodeEndpoint {
	return types.NodeEndpoint{PublicIp: "203.0.113.7", StoragePort: 22021, QuicPort: 22020, NodeVersion: "11.0.2", StorageVersion: "2.8.0"}
}

func TestNodeEndpointValidate(t *testing.T) {
	with := func(change func(*types.NodeEndpoint)) types.NodeEndpoint {
		e := testEndpoint()
		change(&e)
		return e
	}
	tests := []struct {
		name    string
		e       types.NodeEndpoint
		wantErr bool
	}{
		{"valid", testEndpoint(), false},
		{"public ipv6", with(func(e *types.NodeEndpoint) { e.PublicIp = "2001:4860:4860::8888" }), false},
		{"same port for both", with(func(e *types.NodeEndpoint) { e.QuicPort = e.StoragePort }), false},
		{"highest port", with(func(e *types.NodeEndpoint) { e.StoragePort = 65535 }), false},
		{"version with suffix", with(func(e *types.NodeEndpoint) { e.NodeVersion = "11.0.2-rc.1+abc" }), false},
		{"no ip", with(func(e *types.NodeEndpoint) { e.PublicIp = "" }), true},
		{"host name", with(func(e *types.NodeEndpoint) { e.PublicIp = "node.example.com" }), true},
		{"ip with port", with(func(e *types.NodeEndpoint) { e.PublicIp = "203.0.113.7:22021" }), true},
		{"loopback", with(func(e *types.NodeEndpoint) { e.PublicIp = "127.0.0.1" }), true},
		{"ipv6 loopback", with(func(e *types.NodeEndpoint) { e.PublicIp = "::1" }), true},
		{"private 192.168", with(func(e *types.NodeEndpoint) { e.PublicIp = "192.168.1.9" }), true},
		{"private 172.16", with(func(e *types.NodeEndpoint) { e.PublicIp = "172.16.0.1" }), true},
		{"ipv4-mapped private", with(func(e *types.NodeEndpoint) { e.PublicIp = "::ffff:10.0.0.1" }), true},
		{"unspecified", with(func(e *types.NodeEndpoint) { e.PublicIp = "0.0.0.0" }), true},
		{"link-local", with(func(e *types.NodeEndpoint) { e.PublicIp = "169.254.1.1" }), true},
		{"multicast", with(func(e *types.NodeEndpoint) { e.PublicIp = "224.0.0.1" }), true},
		{"ipv6 zone", with(func(e *types.NodeEndpoint) { e.PublicIp = "fe80::1%eth0" }), true},
		{"storage port zero", with(func(e *types.NodeEndpoint) { e.StoragePort = 0 }), true},
		{"quic port zero", with(func(e *types.NodeEndpoint) { e.QuicPort = 0 }), true},
		{"port above 65535", with(func(e *types.NodeEndpoint) { e.QuicPort = 65536 }), true},
		{"no node version", with(func(e *types.NodeEndpoint) { e.NodeVersion = "" }), true},
		{"no storage version", with(func(e *types.NodeEndpoint) { e.StorageVersion = "" }), true},
		{"long version", with(func(e *types.NodeEndpoint) { e.StorageVersion = strings.Repeat("1", 33) }), true},
		{"version with a space", with(func(e *types.NodeEndpoint) { e.NodeVersion = "11 0" }), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.e.Validate()
			if !tc.wantErr {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrInvalidEndpoint)
		})
	}
}

// validVote returns a vote that passes ValidateBasic.
func validVote() *types.MsgNodeStateVote {
	voter, _ := testKey(1)
	tested, _ := testKey(2)
	return &types.MsgNodeStateVote{
		Sender: testAddr(1), Voter: voter, Tested: tested, Period: 7, State: types.NODE_STATE_DECOMMISSIONED, Signature: make([]byte, 64),
	}
}

func TestMsgNodeStateVoteValidateBasic(t *testing.T) {
	valid := func(change func(*types.MsgNodeStateVote)) *types.MsgNodeStateVote {
		m := validVote()
		change(m)
		return m
	}
	checkValidateBasic(t, []validateBasicCase{
		{"valid", valid(func(*types.MsgNodeStateVote) {}), nil},
		{"recommission", valid(func(m *types.MsgNodeStateVote) { m.State = types.NODE_STATE_RECOMMISSIONED }), nil},
		{"deregister", valid(func(m *types.MsgNodeStateVote) { m.State = types.NODE_STATE_DEREGISTERED }), nil},
		{"short voter", valid(func(m *types.MsgNodeStateVote) { m.Voter = m.Voter[:31] }), types.ErrInvalidPubkey},
		{"no tested", valid(func(m *types.MsgNodeStateVote) { m.Tested = nil }), types.ErrInvalidPubkey},
		{"long tested", valid(func(m *types.MsgNodeStateVote) { m.Tested = append(bytes.Clone(m.Tested), 1) }), types.ErrInvalidPubkey},
		{"about itself", valid(func(m *types.MsgNodeStateVote) { m.Tested = bytes.Clone(m.Voter) }), types.ErrNotQuorumMember},
		{"unspecified state", valid(func(m *types.MsgNodeStateVote) { m.State = types.NODE_STATE_UNSPECIFIED }), types.ErrInvalidState},
		{"unknown state", valid(func(m *types.MsgNodeStateVote) { m.State = 4 }), types.ErrInvalidState},
		{"negative state", valid(func(m *types.MsgNodeStateVote) { m.State = -1 }), types.ErrInvalidState},
		{"short signature", valid(func(m *types.MsgNodeStateVote) { m.Signature = m.Signature[:63] }), types.ErrInvalidSignature},
		{"no signature", valid(func(m *types.MsgNodeStateVote) { m.Signature = nil }), types.ErrInvalidSignature},
	})
}
