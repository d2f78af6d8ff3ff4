package types_test

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/testutil/fuzzcheck"
	"github.com/sessiontoken/sessionchain/x/nodestaking/types"
)

// FuzzParsePubkeyHex checks node public keys written in hex: parsing never
// panics, accepts exactly 64 hex digits (either case), returns the
// lowercase spelling, which parses to itself; and the hex of any 32 bytes
// parses back to those bytes.
func FuzzParsePubkeyHex(f *testing.F) {
	pub, _ := testKey(1)
	f.Add(hex.EncodeToString(pub), []byte(pub))
	f.Add(strings.ToUpper(hex.EncodeToString(pub)), []byte{})
	f.Add(hex.EncodeToString(pub)[:63], bytes.Repeat([]byte{0xff}, 33))
	f.Add("0x"+hex.EncodeToString(pub)[2:], bytes.Repeat([]byte{0}, 32))
	f.Add("", []byte{1})
	f.Add(strings.Repeat("zz", 32), []byte{})
	f.Fuzz(func(t *testing.T, s string, raw []byte) {
		got, err := types.ParsePubkeyHex(s)

		bz, hexErr := hex.DecodeString(s)
		if hexErr != nil || len(bz) != types.PubkeySize {
			require.ErrorIs(t, err, types.ErrInvalidPubkey)
			fuzzcheck.RequireRegistered(t, err, types.ModuleName)
			require.Empty(t, got)
		} else {
			require.NoError(t, err)
			require.Equal(t, strings.ToLower(s), got)
			again, err := types.ParsePubkeyHex(got)
			require.NoError(t, err)
			require.Equal(t, got, again)
		}

		formatted, err := types.ParsePubkeyHex(hex.EncodeToString(raw))
		if len(raw) != types.PubkeySize {
			require.ErrorIs(t, err, types.ErrInvalidPubkey)
			return
		}
		require.NoError(t, err)
		back, err := hex.DecodeString(formatted)
		require.NoError(t, err)
		require.Equal(t, raw, back, "format → parse round trip")
	})
}

// reservedSpots reads reserved spots from fuzzer input: the addresses
// separated by commas, each amount from two bytes (0xff.. is the nil Int a
// decoded message carries when it omits the amount, 0xfe.. a negative one).
func reservedSpots(addrs string, amounts []byte) []types.ReservedSpot {
	if addrs == "" {
		return nil
	}
	var spots []types.ReservedSpot
	for i, a := range strings.Split(addrs, ",") {
		var hi, lo byte
		if 2*i+1 < len(amounts) {
			hi, lo = amounts[2*i], amounts[2*i+1]
		}
		amount := math.NewInt(int64(hi)<<8 | int64(lo))
		switch hi {
		case 0xff:
			amount = math.Int{}
		case 0xfe:
			amount = math.NewInt(-int64(lo) - 1)
		}
		spots = append(spots, types.ReservedSpot{Address: a, Amount: amount})
	}
	return spots
}

// reservedOK is the rule for reserved spots written out: bech32 addresses,
// none the operator's and none twice (compared as bytes, whatever the
// spelling), each with a positive amount. The operator is a bech32 address.
func reservedOK(operator sdk.AccAddress, spots []types.ReservedSpot) bool {
	seen := [][]byte{operator}
	for _, s := range spots {
		a, err := sdk.AccAddressFromBech32(s.Address)
		if err != nil {
			return false
		}
		for _, b := range seen {
			if bytes.Equal(a, b) {
				return false
			}
		}
		seen = append(seen, a)
		if s.Amount.IsNil() || !s.Amount.IsPositive() {
			return false
		}
	}
	return true
}

// FuzzMsgRegisterNodeValidateBasic checks that ValidateBasic never panics and
// accepts exactly a 32-byte node key, a fee of at most 10,000 bps, a
// positive stake in nsesh and well-formed reserved spots, refusing anything
// else with the registered error of the first bad field. Without reserved
// spots that is whatever the operator (the signer: the SDK checks it); with
// some, the operator is read after the stake, to refuse it as a reserved
// spot, and a malformed one fails with ErrInvalidAddress.
func FuzzMsgRegisterNodeValidateBasic(f *testing.F) {
	pub, _ := testKey(1)
	two := testAddr(2) + "," + testAddr(3)
	f.Add(testAddr(1), []byte(pub), uint32(500), types.Denom, []byte{0x05, 0xaf, 0x31, 0x07, 0xa4, 0x00}, false, two, []byte{0x13, 0x88, 0x01, 0x00})
	f.Add(testAddr(1), []byte(pub), uint32(10_000), types.Denom, fuzzcheck.MaxInt(), false, "", []byte{})
	f.Add(testAddr(1), []byte(pub), uint32(10_001), types.Denom, []byte{1}, false, "", []byte{})
	f.Add(testAddr(1), []byte(pub[:31]), uint32(0), types.Denom, []byte{1}, false, "", []byte{})
	f.Add(testAddr(1), []byte(pub), uint32(0), "uatom", []byte{1}, false, "", []byte{})
	f.Add(testAddr(1), []byte(pub), uint32(0), types.Denom, []byte{}, true, "", []byte{})
	f.Add(testAddr(1), []byte(pub), uint32(0), types.Denom, []byte{3}, true, "", []byte{})
	f.Add(testAddr(1), []byte(pub), uint32(0), types.Denom, []byte{1}, false, strings.ToUpper(testAddr(1)), []byte{0, 1})
	f.Add(testAddr(1), []byte(pub), uint32(0), types.Denom, []byte{1}, false, testAddr(2)+","+strings.ToUpper(testAddr(2)), []byte{0, 1, 0, 1})
	f.Add(testAddr(1), []byte(pub), uint32(0), types.Denom, []byte{1}, false, testAddr(2), []byte{0xff, 0})
	f.Add(testAddr(1), []byte(pub), uint32(0), types.Denom, []byte{1}, false, testAddr(2), []byte{0xfe, 0})
	f.Add(testAddr(1), []byte(pub), uint32(0), types.Denom, []byte{1}, false, "nope", []byte{0, 1})
	f.Add("", []byte{}, ^uint32(0), "", []byte{}, false, ",", []byte{})
	f.Add("", []byte(pub), uint32(0), types.Denom, []byte{1}, false, "", []byte{})
	f.Add("session1", []byte(pub), uint32(0), types.Denom, []byte{1}, false, testAddr(2), []byte{0, 1})
	f.Add("session1", []byte(pub), uint32(0), types.Denom, []byte{}, false, testAddr(2), []byte{0, 1})
	f.Fuzz(func(t *testing.T, operator string, pubkey []byte, fee uint32, denom string, stakeBytes []byte, stakeNeg bool, reservedAddrs string, reservedAmounts []byte) {
		stake := fuzzcheck.Int(stakeBytes, stakeNeg)
		spots := reservedSpots(reservedAddrs, reservedAmounts)
		m := &types.MsgRegisterNode{
			Operator: operator, Pubkey: pubkey, Signature: make([]byte, 64), FeeBps: fee,
			Stake: sdk.Coin{Denom: denom, Amount: stake}, Reserved: spots,
		}

		err := m.ValidateBasic()

		if len(spots) == 0 {
			withSigner := *m
			withSigner.Operator = testAddr(1)
			fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the operator %q", operator)
		}
		op, addrErr := sdk.AccAddressFromBech32(operator)
		switch {
		case len(pubkey) != types.PubkeySize:
			require.ErrorIs(t, err, types.ErrInvalidPubkey)
		case fee > types.BasisPoints:
			require.ErrorIs(t, err, types.ErrInvalidFee)
		case denom != types.Denom:
			require.ErrorIs(t, err, types.ErrInvalidDenom)
		case stake.IsNil() || !stake.IsPositive():
			require.ErrorIs(t, err, types.ErrInvalidAmount)
		case len(spots) > 0 && addrErr != nil:
			require.ErrorIs(t, err, types.ErrInvalidAddress)
		case len(spots) > 0 && !reservedOK(op, spots):
			require.ErrorIs(t, err, types.ErrInvalidReserved)
		default:
			require.NoError(t, err)
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}

// FuzzMsgContributeValidateBasic checks that ValidateBasic never panics and
// accepts exactly a 32-byte node key and a positive amount of nsesh whatever
// the contributor (the signer: the SDK checks it), refusing anything else
// with the registered error of the first bad field.
func FuzzMsgContributeValidateBasic(f *testing.F) {
	pub, _ := testKey(1)
	f.Add(testAddr(1), []byte(pub), types.Denom, []byte{0x01, 0x00}, false)
	f.Add(testAddr(1), []byte(pub), types.Denom, fuzzcheck.MaxInt(), false)
	f.Add(testAddr(1), []byte(pub), types.Denom, []byte{}, false)
	f.Add(testAddr(1), []byte(pub), types.Denom, []byte{}, true)
	f.Add(testAddr(1), []byte(pub), types.Denom, []byte{9}, true)
	f.Add(testAddr(1), []byte(pub), "NSESH", []byte{9}, false)
	f.Add(testAddr(1), append([]byte(pub), 0), types.Denom, []byte{9}, false)
	f.Add("session1", []byte(pub), types.Denom, []byte{9}, false)
	f.Add("", []byte(pub[:31]), types.Denom, []byte{9}, false)
	f.Fuzz(func(t *testing.T, contributor string, pubkey []byte, denom string, amountBytes []byte, negative bool) {
		amount := fuzzcheck.Int(amountBytes, negative)
		m := &types.MsgContribute{Contributor: contributor, Pubkey: pubkey, Amount: sdk.Coin{Denom: denom, Amount: amount}}

		err := m.ValidateBasic()

		withSigner := *m
		withSigner.Contributor = testAddr(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the contributor %q", contributor)
		switch {
		case len(pubkey) != types.PubkeySize:
			require.ErrorIs(t, err, types.ErrInvalidPubkey)
		case denom != types.Denom:
			require.ErrorIs(t, err, types.ErrInvalidDenom)
		case amount.IsNil() || !amount.IsPositive():
			require.ErrorIs(t, err, types.ErrInvalidAmount)
		default:
			require.NoError(t, err)
			got, err := types.ValidateStake(m.Amount)
			require.NoError(t, err)
			require.Equal(t, amount.String(), got.String())
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}

// FuzzMsgsWithNodeKeyValidateBasic checks the three messages made of an
// address and a node key (MsgWithdrawContribution, MsgRequestUnlock,
// MsgDeregisterNode): ValidateBasic never panics and accepts exactly a
// 32-byte key whatever the address (the signer: the SDK checks it),
// refusing anything else with ErrInvalidPubkey.
func FuzzMsgsWithNodeKeyValidateBasic(f *testing.F) {
	pub, _ := testKey(1)
	f.Add(testAddr(1), []byte(pub))
	f.Add(strings.ToUpper(testAddr(1)), []byte(pub))
	f.Add(testAddr(1), []byte(pub[:31]))
	f.Add(testAddr(1), append([]byte(pub), 0))
	f.Add(testAddr(1), []byte{})
	f.Add("", []byte(pub))
	f.Add(sdk.ValAddress(bytes.Repeat([]byte{1}, 20)).String(), []byte(pub))
	f.Add("", []byte{})
	f.Fuzz(func(t *testing.T, addr string, pubkey []byte) {
		// Each message with the fuzzed address, and with a fixed valid one.
		msgs := func(addr string) []sdk.HasValidateBasic {
			return []sdk.HasValidateBasic{
				&types.MsgWithdrawContribution{Contributor: addr, Pubkey: pubkey},
				&types.MsgRequestUnlock{Requester: addr, Pubkey: pubkey},
				&types.MsgDeregisterNode{Authority: addr, Pubkey: pubkey},
			}
		}
		withSigner := msgs(testAddr(1))
		for i, m := range msgs(addr) {
			err := m.ValidateBasic()

			fuzzcheck.RequireSameResult(t, withSigner[i].ValidateBasic(), err, "%T: the result depends on the address %q", m, addr)
			switch {
			case len(pubkey) != types.PubkeySize:
				require.ErrorIs(t, err, types.ErrInvalidPubkey, "%T", m)
			default:
				require.NoError(t, err, "%T", m)
				continue
			}
			fuzzcheck.RequireRegistered(t, err, types.ModuleName)
		}
	})
}

// FuzzMsgClaimRewardsValidateBasic checks that ValidateBasic never panics and
// accepts every claim, whatever the claimant: the claimant is the message's
// only field and its signer, which the SDK checks.
func FuzzMsgClaimRewardsValidateBasic(f *testing.F) {
	f.Add(testAddr(1))
	f.Add(strings.ToUpper(testAddr(1)))
	f.Add(testAddr(1)[:len(testAddr(1))-1])
	f.Add("")
	f.Add(sdk.ValAddress(bytes.Repeat([]byte{1}, 20)).String())
	f.Fuzz(func(t *testing.T, claimant string) {
		err := (&types.MsgClaimRewards{Claimant: claimant}).ValidateBasic()

		fuzzcheck.RequireSameResult(t, (&types.MsgClaimRewards{Claimant: testAddr(1)}).ValidateBasic(), err, "the result depends on the claimant %q", claimant)
		require.NoError(t, err)
	})
}

// paramsOK is Params.Validate's rule written out from the params'
// documentation.
func paramsOK(p types.Params) bool {
	durations := []time.Duration{
		p.SmallContributorLock, p.UnlockDelay, p.WithdrawDelay, p.DeregistrationLock, p.UptimeProofInterval,
		p.UptimeProofTimeout, p.TestingPeriod, p.InitialCredit, p.CreditPerDay, p.MaxCredit, p.MinDecommissionCredit,
	}
	for _, d := range durations {
		if d < 0 || d > types.MaxDuration {
			return false
		}
	}
	return !p.StakingRequirement.IsNil() && p.StakingRequirement.IsPositive() &&
		p.MaxContributors >= 1 && p.MaxContributors <= types.MaxContributorsLimit &&
		p.MinOperatorStakeBps <= types.BasisPoints && p.SmallContributorBps <= types.BasisPoints &&
		p.DeregistrationPenaltyBps <= types.BasisPoints &&
		p.MaxExitsPerBlock > 0 &&
		p.UptimeProofTimeout >= time.Second && p.TestingPeriod >= time.Second &&
		p.UptimeProofInterval <= p.UptimeProofTimeout &&
		p.QuorumSize >= 1 && p.QuorumSize <= types.MaxQuorumSize &&
		p.QuorumThreshold >= 1 && p.QuorumThreshold <= p.QuorumSize &&
		p.InitialCredit <= p.MaxCredit &&
		p.RecommissionPenalty <= 100 &&
		p.MaxLivenessPerBlock > 0
}

// FuzzMsgUpdateParamsValidateBasic decodes params from fuzzer bytes as a
// transaction would: ValidateBasic never panics, accepts exactly params in
// their documented ranges whatever the authority (the signer: the SDK checks
// it), refusing anything else with ErrInvalidParams, and with any params it
// accepts the stake arithmetic stays in bounds: the operator minimum within
// the requirement, and a contribution minimum for the spots after it.
func FuzzMsgUpdateParamsValidateBasic(f *testing.F) {
	for _, change := range []func(*types.Params){
		func(*types.Params) {},
		func(p *types.Params) { p.StakingRequirement = fuzzcheck.Int(fuzzcheck.MaxInt(), false) },
		func(p *types.Params) {
			p.StakingRequirement = fuzzcheck.Int(fuzzcheck.MaxInt(), false)
			p.MinOperatorStakeBps, p.MaxContributors = 0, types.MaxContributorsLimit
		},
		func(p *types.Params) { p.MaxContributors = 0 },
		func(p *types.Params) { p.QuorumThreshold = p.QuorumSize + 1 },
		func(p *types.Params) { p.UptimeProofInterval = p.UptimeProofTimeout + 1 },
		func(p *types.Params) { p.MaxCredit = types.MaxDuration + 1 },
		func(p *types.Params) { p.DeregistrationPenaltyBps = types.BasisPoints + 1 },
	} {
		p := types.DefaultParams()
		change(&p)
		bz, err := p.Marshal()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(testAddr(1), bz)
	}
	f.Add("", []byte{})
	f.Add(testAddr(1), []byte{})
	defaults := types.DefaultParams()
	bz, err := defaults.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add("gov", bz)
	f.Fuzz(func(t *testing.T, authority string, paramsBytes []byte) {
		var p types.Params
		if p.Unmarshal(paramsBytes) != nil {
			t.Skip("not params a transaction can carry")
		}
		m := &types.MsgUpdateParams{Authority: authority, Params: p}

		err := m.ValidateBasic()

		withSigner := *m
		withSigner.Authority = testAddr(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the authority %q", authority)
		switch {
		case !paramsOK(p):
			require.ErrorIs(t, err, types.ErrInvalidParams)
		default:
			require.NoError(t, err)
			opMin := p.MinOperatorStake()
			require.True(t, opMin.LTE(p.StakingRequirement), "operator minimum %s above the requirement %s", opMin, p.StakingRequirement)
			if open := p.StakingRequirement.Sub(opMin); open.IsPositive() && p.MaxContributors > 1 {
				minimum, _, err := types.ContributionBounds(open, 1, p.MaxContributors)
				require.NoError(t, err)
				require.True(t, minimum.LTE(open))
			}
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}
