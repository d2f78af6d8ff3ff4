package nodeagent

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"log/slog"
	"time"

	"github.com/sessiontoken/sessionchain/cmd/internal/daemon"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// Agent keeps one Session Node active: it sends the node's uptime proofs on
// schedule and does its quorum duty (tests the nodes it is assigned, votes).
type Agent struct {
	cfg     *Config
	chain   Chain
	key     ed25519.PrivateKey
	pubkey  string // the node's ID, hex
	idBytes []byte // the node's ID
	probe   Prober
	metrics *Metrics
	health  *daemon.Health
	log     *slog.Logger

	duty duty
}

// New builds an agent for the node that signs with key: the node named
// cfg.Node.NodeID, or the node whose ID is key itself.
func New(cfg *Config, chain Chain, key ed25519.PrivateKey, probe Prober, m *Metrics, log *slog.Logger) *Agent {
	id := []byte(key.Public().(ed25519.PublicKey))
	if bz, err := hex.DecodeString(cfg.Node.NodeID); err == nil && len(bz) == types.PubkeySize {
		id = bz // Config.Validate refuses any other non-empty node_id
	}
	return &Agent{
		cfg: cfg, chain: chain, key: key, probe: probe, metrics: m, log: log,
		pubkey: hex.EncodeToString(id), idBytes: id,
		health: daemon.NewHealth(3*cfg.Agent.Poll.Duration + cfg.Chain.TxTimeout.Duration),
		duty:   newDuty(),
	}
}

// Pubkey is the node's ID in hex: its registration key, which names it in
// proofs and votes whichever key signs them.
func (a *Agent) Pubkey() string { return a.pubkey }

// Health is the agent's readiness: fresh while its rounds succeed.
func (a *Agent) Health() *daemon.Health { return a.health }

// Run works a round every poll until ctx ends.
func (a *Agent) Run(ctx context.Context) error {
	a.log.Info("node agent started", "node", a.pubkey, "sender", a.chain.Sender(), "poll", a.cfg.Agent.Poll.Duration)
	tick := time.NewTicker(a.cfg.Agent.Poll.Duration)
	defer tick.Stop()
	for {
		if err := a.Round(ctx); err != nil && ctx.Err() == nil {
			a.metrics.Errors.Inc()
			a.log.Warn("round failed", "err", err)
		}
		select {
		case <-ctx.Done():
			a.log.Info("node agent stopped")
			return nil
		case <-tick.C:
		}
	}
}

// Round reads the chain once, sends the node's proof if it is due, and
// tests and votes on the nodes it is assigned.
func (a *Agent) Round(ctx context.Context) error {
	params, err := a.chain.Params(ctx)
	if err != nil {
		return err
	}
	blk, err := a.chain.LastBlock(ctx)
	if err != nil {
		return err
	}
	a.metrics.Height.Set(float64(blk.Height))
	errProof := a.proveIfDue(ctx, params, blk)
	errDuty := a.doDuty(ctx)
	if err := errors.Join(errProof, errDuty); err != nil {
		return err
	}
	a.health.OK()
	return nil
}

// proofDue says whether the node's next proof is due at block time now: a
// serving node every proof interval, a decommissioned one once after it
// went down (so that its quorum may vote it back; as soon as the chain takes
// a proof: half the interval after the last) and then every interval.
func proofDue(l *types.QueryLivenessResponse, interval time.Duration, now time.Time) bool {
	switch l.Status {
	case types.NODE_STATUS_ACTIVE, types.NODE_STATUS_UNLOCKING:
	case types.NODE_STATUS_DECOMMISSIONED:
		// The chain refuses a proof sooner than half the interval after the last.
		if l.DecommissionedAt != nil && (l.LastProofAt == nil || !l.LastProofAt.After(*l.DecommissionedAt)) {
			return l.LastProofAt == nil || !now.Before(l.LastProofAt.Add(interval/2))
		}
	default:
		return false
	}
	return l.LastProofAt == nil || !now.Before(l.LastProofAt.Add(interval))
}

// shareDue says whether an active node owes the seed round in progress its
// share: a node that lets a round pass without a proof loses credit when it
// next adds a share, so the agent proves in every round it owes, as soon as
// it starts (the chain takes a proof that carries an owed share however
// soon after the last), whatever its own proof interval.
func shareDue(l *types.QueryLivenessResponse, round *types.SeedRound) bool {
	return round != nil && l.Status == types.NODE_STATUS_ACTIVE && round.Number >= l.NextShare
}

// proveIfDue sends the node's uptime proof when it is due.
func (a *Agent) proveIfDue(ctx context.Context, params types.Params, blk Block) error {
	l, err := a.chain.Liveness(ctx, a.pubkey)
	if err != nil {
		return err
	}
	a.metrics.Status.Set(float64(l.Status))
	a.metrics.Credit.Set(l.Credit.Seconds())
	interval := a.cfg.Agent.ProofInterval.Duration
	if interval == 0 {
		interval = params.UptimeProofInterval
	}
	// The node's share of the next quorum seed is its VRF proof over the
	// round in progress: a proof that lands after the round turned is
	// refused (and retried next round).
	round, err := a.chain.SeedRound(ctx)
	if err != nil {
		return err
	}
	if !proofDue(l, interval, blk.Time) && !shareDue(l, round) {
		return nil
	}
	p, sig, err := signProof(a.cfg.Chain.ChainID, a.key, a.pubkey, l.Proofs+1, blk, a.cfg.Node.Endpoint())
	if err != nil {
		return err
	}
	msg := &types.MsgUptimeProof{
		Sender: a.chain.Sender(), Pubkey: a.id(), Seq: p.Seq, Signature: sig,
		BlockHeight: p.BlockHeight, AppHash: p.AppHash, Endpoint: p.Endpoint,
		SeedProof: types.SeedProofFor(a.key, a.cfg.Chain.ChainID, round),
	}
	res, err := a.chain.Send(ctx, msg, false)
	if err != nil {
		a.metrics.Proofs.WithLabelValues(resultOf(err)).Inc()
		return err
	}
	a.metrics.Proofs.WithLabelValues(resultOK).Inc()
	a.metrics.LastProof.Set(float64(blk.Time.Unix()))
	a.log.Info("uptime proof sent", "seq", p.Seq, "block", p.BlockHeight, "status", l.Status.String(), "tx", res.TxHash, "height", res.Height)
	return nil
}

// Results of proofs and votes, the result label of their counters.
const (
	resultOK      = "ok"
	resultRefused = "refused"
	resultError   = "error"
)

func resultOf(err error) string {
	var txErr *TxError
	if errors.As(err, &txErr) {
		return resultRefused
	}
	return resultError
}

// id returns the node's ID as proofs and votes name it.
func (a *Agent) id() []byte { return a.idBytes }
