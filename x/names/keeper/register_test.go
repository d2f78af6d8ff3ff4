package keeper_test

import (
	"strings"
	"testing"
	gotime "time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// A registration costs its USD price at the price in force, rounded up to
// the nsesh; 90% of it reaches the pool and 10% protocol_liquidity at the
// end of the block, exactly.
func TestRegisterSplitsExactly(t *testing.T) {
	tests := []struct {
		name                     string
		price                    string
		label                    string
		years                    uint32
		wantCost, wantPool, want int64
	}{
		{"exact: $5 at $0.05", "0.05", "alice7", 1, 100_000_000_000, 90_000_000_000, 10_000_000_000},
		{"rounded up: $5 at $0.03", "0.03", "alice7", 1, 166_666_666_667, 150_000_000_000, 16_666_666_667},
		{"10 years: $35 at $0.07", "0.07", "alice7", 10, 500_000_000_000, 450_000_000_000, 50_000_000_000},
		{"a 3-letter name costs 10 times: $50 at $0.05", "0.05", "bob", 1, 1_000_000_000_000, 900_000_000_000, 100_000_000_000},
		{"a 5-letter name costs twice: $18 for 2 years at $0.05", "0.05", "carol", 2, 360_000_000_000, 324_000_000_000, 36_000_000_000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Arrange
			f := newFixture(t)
			f.prices.Set(math.LegacyMustNewDecFromStr(tc.price))
			require.Equal(t, tc.wantCost, f.quote(tc.label, tc.years).Amount.Int64(), "quote")

			// Act: max_amount exactly the cost is enough.
			res, err := f.register(f.registerMsg(users[0], tc.label, tc.years, math.NewInt(tc.wantCost)))

			// Assert
			require.NoError(t, err)
			expiry := genesisTime.Add(years(tc.years))
			require.Equal(t, &types.MsgRegisterNameResponse{
				NameHash: types.NameHashHex(tc.label), Amount: math.NewInt(tc.wantCost), Expiry: expiry,
			}, res)
			require.Equal(t, startingBalance.SubRaw(tc.wantCost).String(), f.balance(users[0]).String(), "owner")
			require.Equal(t, tc.wantCost, f.balance(f.moduleAddr).Int64(), "the fee waits in the module account")
			require.Equal(t, []proto.Message{&types.EventNameRegistered{
				NameHash: types.NameHashHex(tc.label), Owner: users[0].String(), Years: tc.years, Amount: math.NewInt(tc.wantCost),
				ToPool: math.NewInt(tc.wantPool), ToLiquidity: math.NewInt(tc.want), Expiry: expiry,
			}}, f.events())
			f.endBlock()
			require.True(t, f.balance(f.moduleAddr).IsZero(), "the end of the block moves it all on")
			require.Equal(t, tc.wantPool, f.balance(f.poolAddr).Int64(), "pool account")
			require.Equal(t, tc.wantPool, f.namesInflow().Int64(), "pool inflow under source names")
			require.Equal(t, tc.want, f.balance(f.liquidityAddr).Int64(), "liquidity account")
			rev := f.revenue()
			require.Equal(t, tc.wantPool, rev.ToPool.Int64())
			require.Equal(t, tc.want, rev.ToLiquidity.Int64())
			require.Equal(t, uint64(1), rev.Registrations)

			got := f.resolve(tc.label)
			require.Equal(t, types.NAME_STATUS_ACTIVE, got.Status)
			require.Equal(t, types.NameRecord{
				NameHash: types.NameHashHex(tc.label), Owner: users[0].String(), EncryptedValue: value(t, tc.label, users[0][0]),
				NameLength: uint32(len(tc.label)), RegisteredAt: genesisTime, Expiry: expiry, UpdatedAt: genesisTime, //nolint:gosec // a test name
			}, got.Record)
			v, err := types.DecryptValue(tc.label, got.Record.EncryptedValue)
			require.NoError(t, err)
			require.Equal(t, sessionID(users[0][0]), v.SessionID)
		})
	}
}

// years is a term's length.
func years(n uint32) gotime.Duration { return gotime.Duration(n) * types.Year }

// The chain never stores a name in clear: no key or value of the store
// holds its bytes.
func TestRegisterStoresNoName(t *testing.T) {
	f := newFixture(t)
	const name = "someverylongname_to_find"
	f.mustRegister(users[0], name, 1)
	for k, v := range f.store() {
		require.NotContains(t, k+v, strings.ToLower(hexOf(name)), "the store holds the name's bytes")
	}
}

func hexOf(s string) string {
	const digits = "0123456789abcdef"
	var sb strings.Builder
	for i := range len(s) {
		sb.WriteByte(digits[s[i]>>4])
		sb.WriteByte(digits[s[i]&15])
	}
	return sb.String()
}

// Every bad registration is refused with its registered error and leaves
// the state, balances and events as they were.
func TestRegisterRejections(t *testing.T) {
	const name = "alice7"
	tests := []struct {
		name    string
		msg     func(f *fixture) *types.MsgRegisterName
		setup   func(f *fixture)
		wantErr error
	}{
		{"a character outside the alphabet", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], "alice.loki", 1, startingBalance)
		}, nil, types.ErrInvalidName},
		{"an empty name", func(f *fixture) *types.MsgRegisterName {
			msg := f.registerMsg(users[0], name, 1, startingBalance)
			msg.Name = ""
			return msg
		}, nil, types.ErrInvalidName},
		{"a name of 65 characters", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], strings.Repeat("a", 65), 1, startingBalance)
		}, nil, types.ErrInvalidName},
		{"three '=' of padding", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], "abc===", 1, startingBalance)
		}, nil, types.ErrInvalidName},
		{"a value encrypted under another name", func(f *fixture) *types.MsgRegisterName {
			msg := f.registerMsg(users[0], name, 1, startingBalance)
			msg.EncryptedValue = value(t, "Alice7", users[0][0])
			return msg
		}, nil, types.ErrInvalidValue},
		{"a value of the wrong size", func(f *fixture) *types.MsgRegisterName {
			msg := f.registerMsg(users[0], name, 1, startingBalance)
			msg.EncryptedValue = msg.EncryptedValue[:len(msg.EncryptedValue)-1]
			return msg
		}, nil, types.ErrInvalidValue},
		{"a term of 3 years", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], name, 3, startingBalance)
		}, nil, types.ErrInvalidTerm},
		{"a term governance took off sale", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], name, 5, startingBalance)
		}, func(f *fixture) {
			params := types.DefaultParams()
			params.Terms = params.Terms[:1]
			require.NoError(t, f.k.Params.Set(f.ctx, params))
		}, types.ErrInvalidTerm},
		{"max_amount in another denom", func(f *fixture) *types.MsgRegisterName {
			msg := f.registerMsg(users[0], name, 1, startingBalance)
			msg.MaxAmount = sdk.NewInt64Coin("stake", 1)
			return msg
		}, nil, types.ErrInvalidDenom},
		{"a zero max_amount", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], name, 1, math.ZeroInt())
		}, nil, types.ErrInvalidAmount},
		{"an owner that is not an address", func(f *fixture) *types.MsgRegisterName {
			msg := f.registerMsg(users[0], name, 1, startingBalance)
			msg.Owner = "session1notanaddress"
			return msg
		}, nil, types.ErrInvalidAddress},
		{"a backup owner that is not an address", func(f *fixture) *types.MsgRegisterName {
			msg := f.registerMsg(users[0], name, 1, startingBalance)
			msg.BackupOwner = "cosmos1xyz"
			return msg
		}, nil, types.ErrInvalidBackupOwner},
		{"the owner as its own backup", func(f *fixture) *types.MsgRegisterName {
			msg := f.registerMsg(users[0], name, 1, startingBalance)
			msg.BackupOwner = users[0].String()
			return msg
		}, nil, types.ErrInvalidBackupOwner},
		{"a name someone holds", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], name, 1, startingBalance)
		}, func(f *fixture) { f.mustRegister(users[1], name, 1) }, types.ErrNameTaken},
		{"a name in its grace period", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], name, 1, startingBalance)
		}, func(f *fixture) {
			f.mustRegister(users[1], name, 1)
			f.advance(types.Year + types.DefaultGracePeriod - 1)
		}, types.ErrNameTaken},
		{"no valid price", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], name, 1, startingBalance)
		}, func(f *fixture) { f.prices.Clear() }, protypes.ErrNoPrice},
		{"one nsesh short of the cost", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], name, 1, math.NewInt(oneYear-1))
		}, nil, types.ErrSlippage},
		{"the price moved up", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(users[0], name, 1, math.NewInt(oneYear))
		}, func(f *fixture) { f.prices.Set(math.LegacyMustNewDecFromStr("0.049")) }, types.ErrSlippage},
		{"an owner without the funds", func(f *fixture) *types.MsgRegisterName {
			return f.registerMsg(outsider, name, 1, startingBalance)
		}, nil, sdkerrors.ErrInsufficientFunds},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			f.clearEvents()
			before := f.snapshot()

			_, err := f.register(tc.msg(f))

			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot(), "state unchanged")
			require.Empty(t, f.events())
		})
	}
}

// A registration for ten years may be renewed only once the expiry is
// again within ten years of the block time.
func TestTermTooLong(t *testing.T) {
	f := newFixture(t)
	f.mustRegister(users[0], "alice7", 10)
	before := f.snapshot()

	_, err := f.renew(users[0], "alice7", 1, startingBalance)

	require.ErrorIs(t, err, types.ErrTermTooLong)
	require.Equal(t, before, f.snapshot())
	f.advance(types.Year)
	_, err = f.renew(users[0], "alice7", 1, startingBalance)
	require.NoError(t, err)
	require.Equal(t, genesisTime.Add(11*types.Year), f.resolve("alice7").Record.Expiry)
}
