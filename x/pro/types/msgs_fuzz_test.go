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
	"github.com/sessiontoken/sessionchain/x/pro/types"
)

// FuzzParseSessionKey checks Session keys written in hex: parsing never
// panics, accepts exactly 64 hex digits (either case) and returns the
// lowercase spelling, which parses to itself; the hex of any 32 bytes parses
// back to those bytes.
func FuzzParseSessionKey(f *testing.F) {
	f.Add(goodKey, []byte{})
	f.Add(strings.ToUpper(goodKey), bytes.Repeat([]byte{0xab}, 32))
	f.Add("05"+goodKey, bytes.Repeat([]byte{0xab}, 33))
	f.Add("0x"+goodKey[2:], []byte{0x05})
	f.Add(goodKey[:63], []byte{})
	f.Add(" "+goodKey[1:], bytes.Repeat([]byte{0}, 32))
	f.Add("", []byte{})
	f.Fuzz(func(t *testing.T, s string, raw []byte) {
		got, err := types.ParseSessionKey(s)

		bz, hexErr := hex.DecodeString(s)
		if hexErr != nil || len(bz) != types.SessionPubkeySize {
			require.ErrorIs(t, err, types.ErrInvalidSessionKey)
			fuzzcheck.RequireRegistered(t, err, types.ModuleName)
			require.Empty(t, got)
		} else {
			require.NoError(t, err)
			require.Equal(t, strings.ToLower(s), got)
			again, err := types.ParseSessionKey(got)
			require.NoError(t, err)
			require.Equal(t, got, again)
		}

		formatted, err := types.ParseSessionKey(hex.EncodeToString(raw))
		if len(raw) != types.SessionPubkeySize {
			require.ErrorIs(t, err, types.ErrInvalidSessionKey)
			return
		}
		require.NoError(t, err)
		back, err := hex.DecodeString(formatted)
		require.NoError(t, err)
		require.Equal(t, raw, back, "format → parse round trip")
	})
}

// FuzzMsgSubmitPriceValidateBasic checks that ValidateBasic never panics and
// accepts exactly a positive price whatever the feeder (the signer: the SDK
// checks it; the bound and the feeder list are the Msg server's, against the
// params), refusing anything else with ErrInvalidPrice.
func FuzzMsgSubmitPriceValidateBasic(f *testing.F) {
	f.Add(testAddr(1), "0.25")
	f.Add(testAddr(1), "0.000000000000000001")
	f.Add(testAddr(1), "1000000")
	f.Add(testAddr(1), "0")
	f.Add(testAddr(1), "-1")
	f.Add(testAddr(1), "")
	f.Add(testAddr(1), "1e5")
	f.Add(otherPrefixAddr(1), "1")
	f.Add("feeder", "1")
	f.Add("", "0")
	f.Fuzz(func(t *testing.T, feeder, price string) {
		p, decErr := math.LegacyNewDecFromStr(price)
		if decErr != nil {
			p = math.LegacyDec{} // what a message without the field carries
		}
		m := &types.MsgSubmitPrice{Feeder: feeder, Price: p}

		err := m.ValidateBasic()

		withSigner := *m
		withSigner.Feeder = testAddr(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the feeder %q", feeder)
		switch {
		case p.IsNil() || !p.IsPositive():
			require.ErrorIs(t, err, types.ErrInvalidPrice)
		default:
			require.NoError(t, err)
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}

// FuzzMsgSubscribeValidateBasic checks that ValidateBasic never panics and
// accepts exactly a well-formed Session key and a positive max_amount in
// nsesh whatever the payer (the signer: the SDK checks it; the plan is the
// Msg server's check), refusing anything else with the registered error of
// the first bad field.
func FuzzMsgSubscribeValidateBasic(f *testing.F) {
	f.Add(testAddr(1), goodKey, uint32(1), types.Denom, []byte{1}, false)
	f.Add(testAddr(1), strings.ToUpper(goodKey), uint32(99), types.Denom, fuzzcheck.MaxInt(), false)
	f.Add(testAddr(1), goodKey[:10], uint32(1), types.Denom, []byte{1}, false)
	f.Add(testAddr(1), goodKey, uint32(1), types.Denom, []byte{}, false)
	f.Add(testAddr(1), goodKey, uint32(1), types.Denom, []byte{}, true)
	f.Add(testAddr(1), goodKey, uint32(1), types.Denom, []byte{1}, true)
	f.Add(testAddr(1), goodKey, uint32(1), "sesh", []byte{1}, false)
	f.Add("x", goodKey, uint32(0), types.Denom, []byte{1}, false)
	f.Add("", goodKey, uint32(1), "sesh", []byte{1}, false)
	f.Fuzz(func(t *testing.T, payer, key string, planID uint32, denom string, amountBytes []byte, negative bool) {
		amount := fuzzcheck.Int(amountBytes, negative)
		m := &types.MsgSubscribe{Payer: payer, SessionPubkey: key, PlanId: planID, MaxAmount: sdk.Coin{Denom: denom, Amount: amount}}

		err := m.ValidateBasic()

		withSigner := *m
		withSigner.Payer = testAddr(1)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the payer %q", payer)
		_, keyErr := hex.DecodeString(key)
		switch {
		case keyErr != nil || len(key) != 2*types.SessionPubkeySize:
			require.ErrorIs(t, err, types.ErrInvalidSessionKey)
		case denom != types.Denom:
			require.ErrorIs(t, err, types.ErrInvalidDenom)
		case amount.IsNil() || !amount.IsPositive():
			require.ErrorIs(t, err, types.ErrInvalidAmount)
		default:
			require.NoError(t, err)
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}

// receiptOK is the receipt id rule written out: 1 to 128 bytes, each a
// printable ASCII character other than space.
func receiptOK(id string) bool {
	if id == "" || len(id) > types.MaxReceiptIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x21 || id[i] > 0x7e {
			return false
		}
	}
	return true
}

// FuzzMsgRecordPaymentValidateBasic checks MsgRecordPayment and
// MsgRevokePayment: ValidateBasic never panics; whatever the processor (the
// signer: the SDK checks it), a payment is accepted exactly with a receipt id
// of 1 to 128 printable ASCII characters without spaces, a well-formed
// Session key and a positive amount of nsesh, a revocation with the receipt
// id; anything else fails with the registered error of the first bad field.
func FuzzMsgRecordPaymentValidateBasic(f *testing.F) {
	f.Add(testAddr(2), "GPA.1234-5678", goodKey, uint32(1), types.Denom, []byte{5}, false)
	f.Add(testAddr(2), strings.Repeat("~", 128), goodKey, uint32(1), types.Denom, fuzzcheck.MaxInt(), false)
	f.Add(testAddr(2), strings.Repeat("r", 129), goodKey, uint32(1), types.Denom, []byte{5}, false)
	f.Add(testAddr(2), "r 1", goodKey, uint32(1), types.Denom, []byte{5}, false)
	f.Add(testAddr(2), "r\x7f", goodKey, uint32(1), types.Denom, []byte{5}, false)
	f.Add(testAddr(2), "récu", goodKey, uint32(1), types.Denom, []byte{5}, false)
	f.Add(testAddr(2), "\xff", goodKey, uint32(1), types.Denom, []byte{5}, false)
	f.Add(testAddr(2), "", goodKey, uint32(1), types.Denom, []byte{5}, false)
	f.Add(testAddr(2), "r-1", "k", uint32(1), types.Denom, []byte{5}, false)
	f.Add(testAddr(2), "r-1", goodKey, uint32(1), "uatom", []byte{5}, false)
	f.Add(testAddr(2), "r-1", goodKey, uint32(1), types.Denom, []byte{}, true)
	f.Add("p", "r-1", goodKey, uint32(1), types.Denom, []byte{5}, false)
	f.Add("", "", goodKey, uint32(1), types.Denom, []byte{5}, false)
	f.Add("p", "r-1", "k", uint32(1), types.Denom, []byte{5}, false)
	f.Fuzz(func(t *testing.T, processor, receipt, key string, planID uint32, denom string, amountBytes []byte, negative bool) {
		amount := fuzzcheck.Int(amountBytes, negative)
		record := &types.MsgRecordPayment{
			Processor: processor, ReceiptId: receipt, SessionPubkey: key, PlanId: planID,
			Amount: sdk.Coin{Denom: denom, Amount: amount},
		}
		revoke := &types.MsgRevokePayment{Processor: processor, ReceiptId: receipt}

		recordErr, revokeErr := record.ValidateBasic(), revoke.ValidateBasic()

		recordSigned, revokeSigned := *record, *revoke
		recordSigned.Processor, revokeSigned.Processor = testAddr(2), testAddr(2)
		fuzzcheck.RequireSameResult(t, recordSigned.ValidateBasic(), recordErr, "MsgRecordPayment: the result depends on the processor %q", processor)
		fuzzcheck.RequireSameResult(t, revokeSigned.ValidateBasic(), revokeErr, "MsgRevokePayment: the result depends on the processor %q", processor)
		_, keyErr := hex.DecodeString(key)
		switch {
		case !receiptOK(receipt):
			require.ErrorIs(t, recordErr, types.ErrInvalidReceipt)
			require.ErrorIs(t, revokeErr, types.ErrInvalidReceipt)
		default:
			require.NoError(t, revokeErr)
			switch {
			case keyErr != nil || len(key) != 2*types.SessionPubkeySize:
				require.ErrorIs(t, recordErr, types.ErrInvalidSessionKey)
			case denom != types.Denom:
				require.ErrorIs(t, recordErr, types.ErrInvalidDenom)
			case amount.IsNil() || !amount.IsPositive():
				require.ErrorIs(t, recordErr, types.ErrInvalidAmount)
			default:
				require.NoError(t, recordErr)
				return
			}
		}
		fuzzcheck.RequireRegistered(t, recordErr, types.ModuleName)
		if revokeErr != nil {
			fuzzcheck.RequireRegistered(t, revokeErr, types.ModuleName)
		}
	})
}

// FuzzMsgSpendProtocolLiquidityValidateBasic checks that ValidateBasic never
// panics and accepts exactly a bech32 recipient with a positive amount of
// nsesh whatever the authority (the signer: the SDK checks it), refusing
// anything else with the registered error of the first bad field.
func FuzzMsgSpendProtocolLiquidityValidateBasic(f *testing.F) {
	f.Add(testAddr(9), testAddr(3), types.Denom, []byte{7}, false)
	f.Add(testAddr(9), testAddr(3), types.Denom, fuzzcheck.MaxInt(), false)
	f.Add(testAddr(9), otherPrefixAddr(3), types.Denom, []byte{7}, false)
	f.Add("gov", testAddr(3), types.Denom, []byte{7}, false)
	f.Add(testAddr(9), testAddr(3), "stake", []byte{7}, false)
	f.Add(testAddr(9), testAddr(3), types.Denom, []byte{}, false)
	f.Add(testAddr(9), testAddr(3), types.Denom, []byte{}, true)
	f.Add("gov", "gov", types.Denom, []byte{7}, false)
	f.Add("", testAddr(3), "stake", []byte{7}, false)
	f.Fuzz(func(t *testing.T, authority, recipient, denom string, amountBytes []byte, negative bool) {
		amount := fuzzcheck.Int(amountBytes, negative)
		m := &types.MsgSpendProtocolLiquidity{Authority: authority, Recipient: recipient, Amount: sdk.Coin{Denom: denom, Amount: amount}}

		err := m.ValidateBasic()

		withSigner := *m
		withSigner.Authority = testAddr(9)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the authority %q", authority)
		_, recipientErr := sdk.AccAddressFromBech32(recipient)
		switch {
		case recipientErr != nil:
			require.ErrorIs(t, err, types.ErrInvalidAddress)
		case denom != types.Denom:
			require.ErrorIs(t, err, types.ErrInvalidDenom)
		case amount.IsNil() || !amount.IsPositive():
			require.ErrorIs(t, err, types.ErrInvalidAmount)
		default:
			require.NoError(t, err)
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}

// proParamsOK is Params.Validate's rule written out from the params'
// documentation.
func proParamsOK(p types.Params) bool {
	ids := map[uint32]bool{}
	for _, plan := range p.Plans {
		if plan.Id == 0 || ids[plan.Id] || plan.Duration <= 0 || plan.Duration > 10*365*types.Day || plan.PriceUsd == 0 ||
			plan.MinReceiptAmount.IsNil() || !plan.MinReceiptAmount.IsPositive() {
			return false
		}
		ids[plan.Id] = true
	}
	for _, list := range [][]string{p.Feeders, p.Processors} {
		seen := map[string]bool{}
		for _, a := range list {
			acc, err := sdk.AccAddressFromBech32(a)
			if err != nil || acc.String() != a || seen[a] {
				return false
			}
			seen[a] = true
		}
	}
	return p.MinFeeders > 0 && p.MaxPriceAge > 0 && p.MaxPriceAge <= 365*types.Day &&
		p.MaxPriceUsd >= 1 && p.MaxPriceUsd <= 1_000_000_000 && p.PoolShareBps <= types.BasisPoints &&
		p.GracePeriod >= 0 && p.GracePeriod <= 30*types.Day &&
		p.RevocationDelay > 0 && p.RevocationDelay <= 7*types.Day &&
		p.RevocationRetention >= types.MaxProofLifetime && p.RevocationRetention <= 366*types.Day
}

// FuzzMsgUpdateParamsValidateBasic decodes params from fuzzer bytes as a
// transaction would: ValidateBasic never panics, accepts exactly params in
// their documented ranges (feeders and processors among them, as canonical
// bech32 addresses) whatever the authority (the signer: the SDK checks it),
// refusing anything else with ErrInvalidParams, and with any params it
// accepts every plan has a quote at the lowest price and at the highest
// price feeders may submit, and a purchase splits exactly.
func FuzzMsgUpdateParamsValidateBasic(f *testing.F) {
	for _, change := range []func(*types.Params){
		func(*types.Params) {},
		func(p *types.Params) {
			p.Feeders, p.Processors = []string{testAddr(1), testAddr(2)}, []string{testAddr(3)}
			p.MaxPriceUsd, p.PoolShareBps = 1_000_000_000, types.BasisPoints
			p.Plans = append(p.Plans, types.Plan{
				Id: ^uint32(0), Name: "max", Duration: 10 * 365 * types.Day, PriceUsd: ^uint64(0), MinReceiptAmount: math.OneInt(),
			})
			p.GracePeriod, p.RevocationDelay, p.RevocationRetention = 30*types.Day, 7*types.Day, 366*types.Day
		},
		func(p *types.Params) { p.Plans[2].MinReceiptAmount = math.ZeroInt() },
		func(p *types.Params) { p.GracePeriod = -time.Nanosecond },
		func(p *types.Params) { p.RevocationDelay = 0 },
		func(p *types.Params) { p.RevocationRetention = types.MaxProofLifetime - time.Nanosecond },
		func(p *types.Params) { p.RevocationRetention = types.MaxProofLifetime },
		func(p *types.Params) { p.Feeders = []string{strings.ToUpper(testAddr(1))} },
		func(p *types.Params) { p.Processors = []string{testAddr(3), testAddr(3)} },
		func(p *types.Params) { p.Plans[1].Id = p.Plans[0].Id },
		func(p *types.Params) { p.Plans[0].Duration = 0 },
		func(p *types.Params) { p.MaxPriceAge = 365*types.Day + time.Nanosecond },
		func(p *types.Params) { p.PoolShareBps = types.BasisPoints + 1 },
		func(p *types.Params) { p.MinFeeders = 0 },
	} {
		p := types.DefaultParams()
		change(&p)
		bz, err := p.Marshal()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(testAddr(9), bz)
		f.Add("gov", bz)
	}
	f.Add("gov", []byte{})
	f.Fuzz(func(t *testing.T, authority string, paramsBytes []byte) {
		var p types.Params
		if p.Unmarshal(paramsBytes) != nil {
			t.Skip("not params a transaction can carry")
		}
		m := &types.MsgUpdateParams{Authority: authority, Params: p}

		err := m.ValidateBasic()

		withSigner := *m
		withSigner.Authority = testAddr(9)
		fuzzcheck.RequireSameResult(t, withSigner.ValidateBasic(), err, "the result depends on the authority %q", authority)
		switch {
		case !proParamsOK(p):
			require.ErrorIs(t, err, types.ErrInvalidParams)
		default:
			require.NoError(t, err)
			highest := math.LegacyNewDecFromInt(math.NewIntFromUint64(p.MaxPriceUsd))
			for _, plan := range p.Plans {
				for _, price := range []math.LegacyDec{math.LegacySmallestDec(), highest} {
					q := types.QuoteNsesh(plan.PriceUsd, price)
					require.True(t, q.IsPositive(), "plan %d at %s", plan.Id, price)
					toPool, toLiquidity := types.Split(q, p.PoolShareBps)
					require.Equal(t, q.String(), toPool.Add(toLiquidity).String())
				}
			}
			return
		}
		fuzzcheck.RequireRegistered(t, err, types.ModuleName)
	})
}
