package keeper_test

import (
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

const managed = "managed"

// managedFixture has users[0] own "managed" with users[1] as backup owner.
func managedFixture(t *testing.T, opts ...fixtureOption) *fixture {
	t.Helper()
	f := newFixture(t, opts...)
	msg := f.registerMsg(users[0], managed, 1, startingBalance)
	msg.BackupOwner = users[1].String()
	_, err := f.register(msg)
	require.NoError(t, err)
	f.advance(types.Day)
	return f
}

func TestUpdate(t *testing.T) {
	hash := types.NameHashHex(managed)
	t.Run("the owner replaces the value", func(t *testing.T) {
		f := managedFixture(t)
		require.NoError(t, f.update(&types.MsgUpdateName{Signer: users[0].String(), NameHash: hash, EncryptedValue: value(t, managed, 7)}))
		rec := f.resolve(managed).Record
		v, err := types.DecryptValue(managed, rec.EncryptedValue)
		require.NoError(t, err)
		require.Equal(t, sessionID(7), v.SessionID)
		require.Equal(t, f.now(), rec.UpdatedAt)
		require.Equal(t, users[1].String(), rec.BackupOwner, "kept")
		require.Equal(t, []proto.Message{&types.EventNameUpdated{
			NameHash: hash, Signer: users[0].String(), ValueChanged: true, BackupOwner: users[1].String(),
		}}, f.events())
	})
	t.Run("the backup owner replaces the value and the backup owner", func(t *testing.T) {
		f := managedFixture(t)
		require.NoError(t, f.update(&types.MsgUpdateName{
			Signer: users[1].String(), NameHash: hash, EncryptedValue: value(t, managed, 8), BackupOwner: users[2].String(),
		}))
		rec := f.resolve(managed).Record
		require.Equal(t, users[2].String(), rec.BackupOwner)
		require.Equal(t, users[0].String(), rec.Owner)
	})
	t.Run("the owner removes the backup owner", func(t *testing.T) {
		f := managedFixture(t)
		require.NoError(t, f.update(&types.MsgUpdateName{Signer: users[0].String(), NameHash: hash, RemoveBackupOwner: true}))
		require.Empty(t, f.resolve(managed).Record.BackupOwner)
	})

	tests := []struct {
		name    string
		msg     *types.MsgUpdateName
		setup   func(f *fixture)
		wantErr error
	}{
		{"an outsider", &types.MsgUpdateName{Signer: users[2].String(), NameHash: hash, EncryptedValue: value(t, managed, 7)}, nil, types.ErrNotOwner},
		{"a former backup owner", &types.MsgUpdateName{Signer: users[1].String(), NameHash: hash, EncryptedValue: value(t, managed, 7)},
			func(f *fixture) {
				require.NoError(t, f.update(&types.MsgUpdateName{Signer: users[0].String(), NameHash: hash, RemoveBackupOwner: true}))
			}, types.ErrNotOwner},
		{"nothing to change", &types.MsgUpdateName{Signer: users[0].String(), NameHash: hash}, nil, types.ErrNothingToUpdate},
		{"a new backup and its removal", &types.MsgUpdateName{Signer: users[0].String(), NameHash: hash, BackupOwner: users[2].String(), RemoveBackupOwner: true},
			nil, types.ErrInvalidBackupOwner},
		{"the owner as backup", &types.MsgUpdateName{Signer: users[1].String(), NameHash: hash, BackupOwner: users[0].String()}, nil, types.ErrInvalidBackupOwner},
		{"a value of the wrong size", &types.MsgUpdateName{Signer: users[0].String(), NameHash: hash, EncryptedValue: []byte{1, 2, 3}}, nil, types.ErrInvalidValue},
		{"a name hash that is not hex", &types.MsgUpdateName{Signer: users[0].String(), NameHash: "managed", EncryptedValue: value(t, managed, 7)}, nil, types.ErrInvalidNameHash},
		{"a name nobody registered", &types.MsgUpdateName{Signer: users[0].String(), NameHash: types.NameHashHex("other"), EncryptedValue: value(t, "other", 7)},
			nil, types.ErrNameNotFound},
		{"an expired name", &types.MsgUpdateName{Signer: users[0].String(), NameHash: hash, EncryptedValue: value(t, managed, 7)},
			func(f *fixture) { f.advance(types.Year) }, types.ErrNameExpired},
		{"a released name", &types.MsgUpdateName{Signer: users[0].String(), NameHash: hash, EncryptedValue: value(t, managed, 7)},
			func(f *fixture) { f.advance(types.Year + types.DefaultGracePeriod) }, types.ErrNameReleased},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := managedFixture(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			f.clearEvents()
			before := f.snapshot()

			err := f.update(tc.msg)

			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}

// A transfer pays the transfer fee into the split, gives the name to the
// new owner with its value, clears the backup owner and ends a listing.
func TestTransfer(t *testing.T) {
	hash := types.NameHashHex(managed)
	f := managedFixture(t)
	require.NoError(t, f.list(users[0], managed, sesh(500)))
	f.clearEvents()
	fee := sesh(20) // $1 at $0.05

	// The backup owner transfers (as when the owner's key is lost).
	res, err := f.transfer(&types.MsgTransferName{
		Signer: users[1].String(), NameHash: hash, NewOwner: users[2].String(), EncryptedValue: value(t, managed, 3), MaxFee: coin(fee),
	})

	require.NoError(t, err)
	require.Equal(t, fee, res.Fee)
	require.Equal(t, startingBalance.Sub(fee).String(), f.balance(users[1]).String(), "the signer pays the fee")
	rec := f.resolve(managed)
	require.Equal(t, users[2].String(), rec.Record.Owner)
	require.Empty(t, rec.Record.BackupOwner)
	require.Nil(t, rec.Listing, "the listing ended")
	v, err := types.DecryptValue(managed, rec.Record.EncryptedValue)
	require.NoError(t, err)
	require.Equal(t, sessionID(3), v.SessionID)
	require.Equal(t, []proto.Message{
		&types.EventListingCancelled{NameHash: hash, Seller: users[0].String(), Reason: "transferred"},
		&types.EventNameTransferred{
			NameHash: hash, From: users[0].String(), To: users[2].String(), Signer: users[1].String(),
			Fee: fee, ToPool: sesh(18), ToLiquidity: sesh(2),
		},
	}, f.events())
	f.endBlock()
	require.Equal(t, sesh(100).MulRaw(9).QuoRaw(10).Add(sesh(18)), f.namesInflow(), "registration and fee, 90% each")
	require.Equal(t, uint64(1), f.revenue().Transfers)
}

func TestTransferRejections(t *testing.T) {
	hash := types.NameHashHex(managed)
	msg := func(signer sdk.AccAddress, maxFee math.Int) *types.MsgTransferName {
		return &types.MsgTransferName{Signer: signer.String(), NameHash: hash, NewOwner: users[2].String(), MaxFee: coin(maxFee)}
	}
	tests := []struct {
		name    string
		msg     *types.MsgTransferName
		setup   func(f *fixture)
		wantErr error
	}{
		{"an outsider", msg(users[3], sesh(20)), nil, types.ErrNotOwner},
		{"to its owner", &types.MsgTransferName{Signer: users[0].String(), NameHash: hash, NewOwner: users[0].String(), MaxFee: coin(sesh(20))},
			nil, types.ErrInvalidAddress},
		{"to no address", &types.MsgTransferName{Signer: users[0].String(), NameHash: hash, NewOwner: "session1nope", MaxFee: coin(sesh(20))},
			nil, types.ErrInvalidAddress},
		{"a fee above max_fee", msg(users[0], sesh(20).SubRaw(1)), nil, types.ErrSlippage},
		{"no max_fee while transfers cost", &types.MsgTransferName{Signer: users[0].String(), NameHash: hash, NewOwner: users[2].String()},
			nil, types.ErrSlippage},
		{"no valid price", msg(users[0], sesh(20)), func(f *fixture) { f.prices.Clear() }, protypes.ErrNoPrice},
		{"an expired name", msg(users[0], sesh(20)), func(f *fixture) { f.advance(types.Year) }, types.ErrNameExpired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := managedFixture(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			f.clearEvents()
			before := f.snapshot()

			_, err := f.transfer(tc.msg)

			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}

// With the transfer fee at zero a transfer needs no price and pays
// nothing.
func TestFreeTransfer(t *testing.T) {
	f := managedFixture(t, withParams(func(p *types.Params) { p.TransferFeeUsd = 0 }))
	f.prices.Clear()

	res, err := f.transfer(&types.MsgTransferName{Signer: users[0].String(), NameHash: types.NameHashHex(managed), NewOwner: users[2].String()})

	require.NoError(t, err)
	require.True(t, res.Fee.IsZero())
	require.Equal(t, startingBalance.String(), f.balance(users[0]).Add(sesh(100)).String(), "only the registration was paid")
	require.Zero(t, f.revenue().Transfers, "a free transfer is no payment")
}
