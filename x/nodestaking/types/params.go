package types

import (
	"math/big"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// Defaults: the reference numbers of the live Session Network
// (docs/architecture.md, Reference numbers: Stakes).
var (
	// DefaultStakingRequirement is 25,000 SESH.
	DefaultStakingRequirement = math.NewInt(25_000_000_000_000)
)

// Default values of the other params, and their hard limits.
const (
	DefaultMaxContributors          uint32 = 10
	DefaultMinOperatorStakeBps      uint32 = 2_500
	DefaultSmallContributorBps      uint32 = 2_500
	DefaultSmallContributorLock            = 30 * 24 * time.Hour
	DefaultUnlockDelay                     = 15 * 24 * time.Hour
	DefaultWithdrawDelay                   = 24 * time.Hour
	DefaultDeregistrationLock              = 30 * 24 * time.Hour
	DefaultDeregistrationPenaltyBps uint32 = 20
	DefaultMaxExitsPerBlock         uint32 = 100

	// Liveness, after oxend's service-node rules.
	DefaultUptimeProofInterval          = time.Hour
	DefaultUptimeProofTimeout           = 2*time.Hour + 10*time.Minute
	DefaultTestingPeriod                = time.Hour
	DefaultQuorumSize            uint32 = 10
	DefaultQuorumThreshold       uint32 = 7
	DefaultInitialCredit                = 2 * time.Hour
	DefaultCreditPerDay                 = 48 * time.Minute
	DefaultMaxCredit                    = 48 * time.Hour
	DefaultMinDecommissionCredit        = 2 * time.Hour
	DefaultRecommissionPenalty   uint32 = 2
	DefaultMaxLivenessPerBlock   uint32 = 100
	DefaultMaxPrunedPerBlock     uint32 = 1_000
	// DefaultProofBlockWindow is how many blocks old the block an uptime
	// proof names may be: about 10 minutes of 5-second blocks.
	DefaultProofBlockWindow uint32 = 120
	// MaxProofBlockWindow caps proof_block_window: the chain keeps that
	// many recent app hashes.
	MaxProofBlockWindow uint32 = 10_000
	// DefaultHaltThreshold: a gap between blocks longer than this is a
	// halt, which the liveness clock skips (120 blocks of 5 seconds).
	DefaultHaltThreshold = 10 * time.Minute
	// DefaultFeeChangeNotice is how long an active node's contributors have
	// between a fee raise being announced and its taking effect: a week, so
	// that a contributor who looks in weekly sees it in time to request an
	// unlock (which cancels it). Longer would hold an operator whose costs
	// rose to a loss for longer; the live network's nodes cannot change
	// their fee at all, so any notice here is a gain for operators.
	DefaultFeeChangeNotice = 7 * 24 * time.Hour
	// DefaultMissedVotePenalty is the credit a missed vote costs: under half
	// of what a day of service earns (credit_per_day, 48 min).
	DefaultMissedVotePenalty = 20 * time.Minute
	// DefaultKeyRotationCooldown is the least time between two key rotations
	// of a node: a day lets an operator replace a key it just found
	// compromised at once, and keeps a node from drawing fresh keys faster
	// than its seed shares could be bound (see the README's key rotation).
	DefaultKeyRotationCooldown = 24 * time.Hour
	// DefaultMaxMissedVotes missed votes in a row fail a member.
	DefaultMaxMissedVotes uint32 = 4
	// DefaultMaxFreeVotesPerBlock fee-exempt votes a block admit per voter
	// node.
	DefaultMaxFreeVotesPerBlock uint32 = 4
	// DefaultMissedSharePenalty is the credit a withheld seed share costs,
	// as a missed vote does: a node that keeps its share back to steer a
	// quorum seed pays for each round it does so.
	DefaultMissedSharePenalty = 20 * time.Minute
	// MaxFreeVotesPerBlockLimit caps max_free_votes_per_block.
	MaxFreeVotesPerBlockLimit uint32 = 100
	// DefaultMaxFreeVoteGas is the highest gas limit of a free vote
	// transaction. One of 4 votes (max_free_votes_per_block) by one voter,
	// each the first of its quorum (it draws and stores the quorum), used
	// 281,875 gas in a network of 12 nodes (tests/integration
	// TestFreeVoteTxGas); a larger network reads up to quorum_size pages of
	// 32 nodes a draw, and the node agent asks 1.5 times its simulation:
	// 1,000,000 (3.5 times the measure) is margin for both, and what a
	// transaction asks for is what a free one may cost a proposer.
	DefaultMaxFreeVoteGas uint64 = 1_000_000
	// DefaultMaxFreeVoteTxBytes is the largest free vote transaction: 4
	// votes signed by one secp256k1 key encode to 1,123 bytes (the same
	// test); 4,096 leaves room for a multisig signer.
	DefaultMaxFreeVoteTxBytes uint32 = 4096
	// MaxFreeVoteGasLimit and MaxFreeVoteTxBytesLimit cap the two.
	MaxFreeVoteGasLimit     uint64 = 10_000_000
	MaxFreeVoteTxBytesLimit uint32 = 64 * 1024

	// MaxQuorumSize caps quorum_size so a tally stays cheap.
	MaxQuorumSize uint32 = 100

	// MaxContributorsLimit caps max_contributors so settling a node stays cheap.
	MaxContributorsLimit uint32 = 100
	// MaxDuration caps every duration param.
	MaxDuration = 5 * 365 * 24 * time.Hour
)

// DefaultParams returns the default parameters.
func DefaultParams() Params {
	return Params{
		StakingRequirement:       DefaultStakingRequirement,
		MaxContributors:          DefaultMaxContributors,
		MinOperatorStakeBps:      DefaultMinOperatorStakeBps,
		SmallContributorBps:      DefaultSmallContributorBps,
		SmallContributorLock:     DefaultSmallContributorLock,
		UnlockDelay:              DefaultUnlockDelay,
		WithdrawDelay:            DefaultWithdrawDelay,
		DeregistrationLock:       DefaultDeregistrationLock,
		DeregistrationPenaltyBps: DefaultDeregistrationPenaltyBps,
		MaxExitsPerBlock:         DefaultMaxExitsPerBlock,
		UptimeProofInterval:      DefaultUptimeProofInterval,
		UptimeProofTimeout:       DefaultUptimeProofTimeout,
		TestingPeriod:            DefaultTestingPeriod,
		QuorumSize:               DefaultQuorumSize,
		QuorumThreshold:          DefaultQuorumThreshold,
		InitialCredit:            DefaultInitialCredit,
		CreditPerDay:             DefaultCreditPerDay,
		MaxCredit:                DefaultMaxCredit,
		MinDecommissionCredit:    DefaultMinDecommissionCredit,
		RecommissionPenalty:      DefaultRecommissionPenalty,
		MaxLivenessPerBlock:      DefaultMaxLivenessPerBlock,
		MaxPrunedPerBlock:        DefaultMaxPrunedPerBlock,
		ProofBlockWindow:         DefaultProofBlockWindow,
		HaltThreshold:            DefaultHaltThreshold,
		FeeChangeNotice:          DefaultFeeChangeNotice,
		MissedVotePenalty:        DefaultMissedVotePenalty,
		MaxMissedVotes:           DefaultMaxMissedVotes,
		MaxFreeVotesPerBlock:     DefaultMaxFreeVotesPerBlock,
		MissedSharePenalty:       DefaultMissedSharePenalty,
		MaxFreeVoteGas:           DefaultMaxFreeVoteGas,
		MaxFreeVoteTxBytes:       DefaultMaxFreeVoteTxBytes,
		KeyRotationCooldown:      DefaultKeyRotationCooldown,
	}
}

// Validate checks that every parameter is in range.
func (p Params) Validate() error {
	if p.StakingRequirement.IsNil() || !p.StakingRequirement.IsPositive() {
		return errorsmod.Wrap(ErrInvalidParams, "staking_requirement must be positive")
	}
	if p.MaxContributors < 1 || p.MaxContributors > MaxContributorsLimit {
		return errorsmod.Wrapf(ErrInvalidParams, "max_contributors must lie between 1 and %d, got %d", MaxContributorsLimit, p.MaxContributors)
	}
	for _, bps := range []struct {
		name  string
		value uint32
	}{
		{"min_operator_stake_bps", p.MinOperatorStakeBps},
		{"small_contributor_bps", p.SmallContributorBps},
		{"deregistration_penalty_bps", p.DeregistrationPenaltyBps},
	} {
		if bps.value > BasisPoints {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be at most %d, got %d", bps.name, BasisPoints, bps.value)
		}
	}
	for _, d := range []struct {
		name  string
		value time.Duration
	}{
		{"small_contributor_lock", p.SmallContributorLock},
		{"unlock_delay", p.UnlockDelay},
		{"withdraw_delay", p.WithdrawDelay},
		{"deregistration_lock", p.DeregistrationLock},
		{"uptime_proof_interval", p.UptimeProofInterval},
		{"uptime_proof_timeout", p.UptimeProofTimeout},
		{"testing_period", p.TestingPeriod},
		{"initial_credit", p.InitialCredit},
		{"credit_per_day", p.CreditPerDay},
		{"max_credit", p.MaxCredit},
		{"min_decommission_credit", p.MinDecommissionCredit},
		{"fee_change_notice", p.FeeChangeNotice},
		{"missed_vote_penalty", p.MissedVotePenalty},
		{"missed_share_penalty", p.MissedSharePenalty},
		{"key_rotation_cooldown", p.KeyRotationCooldown},
	} {
		if d.value < 0 || d.value > MaxDuration {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must lie between 0 and %s, got %s", d.name, MaxDuration, d.value)
		}
	}
	if p.MaxExitsPerBlock == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_exits_per_block must be positive")
	}
	if p.FeeChangeNotice <= 0 {
		return errorsmod.Wrapf(ErrInvalidParams, "fee_change_notice must be positive, got %s", p.FeeChangeNotice)
	}
	return p.validateLiveness()
}

// WithVersion5Defaults returns the params with the fields added in
// consensus version 5 set to their defaults where they are zero (a record
// written by version 4). The migration to version 5 uses it.
func (p Params) WithVersion5Defaults() Params {
	if p.MaxPrunedPerBlock == 0 {
		p.MaxPrunedPerBlock = DefaultMaxPrunedPerBlock
	}
	return p
}

// WithVersion6Defaults returns the params with the fields added in
// consensus version 6 set to their defaults where they are zero (a record
// written by version 5). The migration to version 6 uses it. The three
// voting-duty params and missed_share_penalty may each be 0 on purpose, so
// they are set only together, when the three voting-duty ones are 0 (a
// version-5 record has none of them).
func (p Params) WithVersion6Defaults() Params {
	if p.ProofBlockWindow == 0 {
		p.ProofBlockWindow = DefaultProofBlockWindow
	}
	if p.HaltThreshold == 0 {
		p.HaltThreshold = min(DefaultHaltThreshold, p.UptimeProofTimeout/2)
	}
	if p.FeeChangeNotice == 0 {
		p.FeeChangeNotice = DefaultFeeChangeNotice
	}
	if p.KeyRotationCooldown == 0 {
		p.KeyRotationCooldown = DefaultKeyRotationCooldown
	}
	if p.MissedVotePenalty == 0 && p.MaxMissedVotes == 0 && p.MaxFreeVotesPerBlock == 0 {
		p.MissedVotePenalty = DefaultMissedVotePenalty
		p.MaxMissedVotes = DefaultMaxMissedVotes
		p.MaxFreeVotesPerBlock = DefaultMaxFreeVotesPerBlock
		p.MissedSharePenalty = DefaultMissedSharePenalty
	}
	if p.MaxFreeVoteGas == 0 {
		p.MaxFreeVoteGas = DefaultMaxFreeVoteGas
	}
	if p.MaxFreeVoteTxBytes == 0 {
		p.MaxFreeVoteTxBytes = DefaultMaxFreeVoteTxBytes
	}
	return p
}

// MinOperatorStake is the operator's minimum first stake, rounded up:
// ceil(staking_requirement × min_operator_stake_bps / 10000). The product is
// formed in big.Int, as it may not fit a math.Int; the result, at most the
// requirement, does.
func (p Params) MinOperatorStake() math.Int {
	share := new(big.Int).Mul(p.StakingRequirement.BigInt(), big.NewInt(int64(p.MinOperatorStakeBps)))
	q, r := share.QuoRem(share, big.NewInt(BasisPoints), new(big.Int))
	if r.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return math.NewIntFromBigInt(q)
}

// MulBps returns floor(x × bps / 10000).
func MulBps(x math.Int, bps uint32) math.Int {
	return x.MulRaw(int64(bps)).QuoRaw(BasisPoints)
}

func (p Params) validateLiveness() error {
	if p.UptimeProofTimeout < time.Second || p.TestingPeriod < time.Second {
		return errorsmod.Wrap(ErrInvalidParams, "uptime_proof_timeout and testing_period must be at least 1s")
	}
	if p.UptimeProofInterval > p.UptimeProofTimeout {
		return errorsmod.Wrapf(ErrInvalidParams, "uptime_proof_interval %s must not exceed uptime_proof_timeout %s",
			p.UptimeProofInterval, p.UptimeProofTimeout)
	}
	if p.QuorumSize < 1 || p.QuorumSize > MaxQuorumSize {
		return errorsmod.Wrapf(ErrInvalidParams, "quorum_size must lie between 1 and %d, got %d", MaxQuorumSize, p.QuorumSize)
	}
	if p.QuorumThreshold < 1 || p.QuorumThreshold > p.QuorumSize {
		return errorsmod.Wrapf(ErrInvalidParams, "quorum_threshold must lie between 1 and quorum_size %d, got %d", p.QuorumSize, p.QuorumThreshold)
	}
	if p.InitialCredit > p.MaxCredit {
		return errorsmod.Wrapf(ErrInvalidParams, "initial_credit %s must not exceed max_credit %s", p.InitialCredit, p.MaxCredit)
	}
	if p.RecommissionPenalty > 100 {
		return errorsmod.Wrapf(ErrInvalidParams, "recommission_penalty must be at most 100, got %d", p.RecommissionPenalty)
	}
	if p.MaxLivenessPerBlock == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_liveness_per_block must be positive")
	}
	if p.MaxPrunedPerBlock == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_pruned_per_block must be positive")
	}
	if p.ProofBlockWindow < 1 || p.ProofBlockWindow > MaxProofBlockWindow {
		return errorsmod.Wrapf(ErrInvalidParams, "proof_block_window must lie between 1 and %d, got %d", MaxProofBlockWindow, p.ProofBlockWindow)
	}
	if p.HaltThreshold != 0 && (p.HaltThreshold < time.Second || p.HaltThreshold >= p.UptimeProofTimeout) {
		return errorsmod.Wrapf(ErrInvalidParams, "halt_threshold must be 0 (off) or at least 1s and below uptime_proof_timeout %s, got %s",
			p.UptimeProofTimeout, p.HaltThreshold)
	}
	if p.MaxFreeVotesPerBlock > MaxFreeVotesPerBlockLimit {
		return errorsmod.Wrapf(ErrInvalidParams, "max_free_votes_per_block must be at most %d, got %d", MaxFreeVotesPerBlockLimit, p.MaxFreeVotesPerBlock)
	}
	if p.MaxFreeVoteGas < 1 || p.MaxFreeVoteGas > MaxFreeVoteGasLimit {
		return errorsmod.Wrapf(ErrInvalidParams, "max_free_vote_gas must lie between 1 and %d, got %d", MaxFreeVoteGasLimit, p.MaxFreeVoteGas)
	}
	if p.MaxFreeVoteTxBytes < 1 || p.MaxFreeVoteTxBytes > MaxFreeVoteTxBytesLimit {
		return errorsmod.Wrapf(ErrInvalidParams, "max_free_vote_tx_bytes must lie between 1 and %d, got %d", MaxFreeVoteTxBytesLimit, p.MaxFreeVoteTxBytes)
	}
	return nil
}
