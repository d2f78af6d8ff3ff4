package keeper_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

func (f *fixture) revokeReceiptMsg(msg *types.MsgRevokeReceipt) error {
	return f.deliver(func(ctx context.Context) error {
		_, err := f.msgs.RevokeReceipt(ctx, msg)
		return err
	})
}

// Receipt ids are each processor's own (review L-4): processor A recording
// an id cannot stop processor B's store from using it, and each revokes
// only its own.
func TestReceiptIdsArePerProcessor(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.record(processors[0], "order-1", sessionKey(1), planMonth, 5))

	require.NoError(t, f.record(processors[1], "order-1", sessionKey(2), planQuarter, 7))

	a, b := f.receipt(processors[0], "order-1"), f.receipt(processors[1], "order-1")
	require.Equal(t, sessionKey(1), a.SessionPubkey)
	require.Equal(t, sessionKey(2), b.SessionPubkey)
	require.NoError(t, f.revoke(processors[1], "order-1"))
	require.Nil(t, f.receipt(processors[0], "order-1").RevokedAt, "A's receipt is untouched")
	require.True(t, f.subscription(sessionKey(1)).Active)
	require.False(t, f.subscription(sessionKey(2)).Active)
	require.ErrorIs(t, f.record(processors[0], "order-1", sessionKey(3), planMonth, 5), types.ErrDuplicateReceipt, "an id is used once per processor")
}

// A processor must pay at least the plan's minimum (review L-4: a
// 12-month plan could be recorded for 1 nsesh).
func TestRecordPaymentMinimum(t *testing.T) {
	tests := []struct {
		name    string
		plan    uint32
		amount  int64
		wantErr error
	}{
		{"12 months for 1 nsesh", planYear, 1, types.ErrReceiptBelowMinimum},
		{"12 months for 1 nsesh under 365 SESH", planYear, 364_999_999_999, types.ErrReceiptBelowMinimum},
		{"12 months for 365 SESH", planYear, 365_000_000_000, nil},
		{"1 month for 30 SESH", planMonth, 30_000_000_000, nil},
		{"1 month for 1 nsesh under 30 SESH", planMonth, 29_999_999_999, types.ErrReceiptBelowMinimum},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, withParams(func(p *types.Params) { p.Plans = types.DefaultPlans() }))
			before := f.snapshot()

			err := f.record(processors[0], "r-1", sessionKey(1), tc.plan, tc.amount)

			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.snapshot())
				return
			}
			require.NoError(t, err)
			require.True(t, f.subscription(sessionKey(1)).Active)
		})
	}
	require.Equal(t, math.NewInt(365_000_000_000).String(), types.DefaultPlans()[2].MinReceiptAmount.String())
}

// A processor governance removed can still revoke its receipts, so the
// refunds it owes are honoured (review L-4); it can no longer record.
func TestRemovedProcessorKeepsRevokeRights(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.record(processors[0], "R1", sessionKey(1), planYear, 10))
	f.updateParams(func(p *types.Params) { p.Processors = strs(processors[1]) })
	f.advance(types.Day)

	require.NoError(t, f.revoke(processors[0], "R1"))

	require.False(t, f.subscription(sessionKey(1)).Active)
	require.NotNil(t, f.receipt(processors[0], "R1").RevokedAt)
	require.ErrorIs(t, f.record(processors[0], "R2", sessionKey(1), planYear, 10), types.ErrNotProcessor)
}

// Governance revokes any processor's receipt, removed ones included.
func TestAuthorityRevokesAReceipt(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.record(processors[0], "R1", sessionKey(1), planYear, 10))
	f.updateParams(func(p *types.Params) { p.Processors = nil })
	f.advance(types.Day)
	f.clearEvents()

	require.NoError(t, f.revokeReceiptMsg(&types.MsgRevokeReceipt{Authority: f.authority, Processor: processors[0].String(), ReceiptId: "R1"}))

	require.False(t, f.subscription(sessionKey(1)).Active)
	require.NotNil(t, f.receipt(processors[0], "R1").RevokedAt)
	events := f.events()
	require.Len(t, events, 2)
	require.Equal(t, &types.EventPaymentRevoked{
		ReceiptId: "R1", SessionPubkey: sessionKey(1), Expiry: f.now(), Processor: processors[0].String(), RevokedBy: f.authority,
	}, events[1])
	list, err := f.queries.RevocationList(f.ctx, &types.QueryRevocationListRequest{})
	require.NoError(t, err)
	require.Len(t, list.Revocations, 1)
	require.Equal(t, f.authority, list.Revocations[0].RevokedBy)
}

func TestRevokeReceiptRejected(t *testing.T) {
	msg := func(modify func(m *types.MsgRevokeReceipt)) func(authority string) *types.MsgRevokeReceipt {
		return func(authority string) *types.MsgRevokeReceipt {
			m := &types.MsgRevokeReceipt{Authority: authority, Processor: processors[0].String(), ReceiptId: "R1"}
			modify(m)
			return m
		}
	}
	tests := []struct {
		name    string
		msg     func(authority string) *types.MsgRevokeReceipt
		wantErr error
	}{
		{"by the processor itself", msg(func(m *types.MsgRevokeReceipt) { m.Authority = processors[0].String() }), types.ErrInvalidAuthority},
		{"by a payer", msg(func(m *types.MsgRevokeReceipt) { m.Authority = payers[0].String() }), types.ErrInvalidAuthority},
		{"unknown receipt", msg(func(m *types.MsgRevokeReceipt) { m.ReceiptId = "R9" }), types.ErrReceiptNotFound},
		{"another processor's namespace", msg(func(m *types.MsgRevokeReceipt) { m.Processor = processors[1].String() }), types.ErrReceiptNotFound},
		{"already revoked", msg(func(m *types.MsgRevokeReceipt) { m.ReceiptId = "R0" }), types.ErrAlreadyRevoked},
		{"malformed processor", msg(func(m *types.MsgRevokeReceipt) { m.Processor = "processor" }), types.ErrInvalidAddress},
		{"malformed receipt id", msg(func(m *types.MsgRevokeReceipt) { m.ReceiptId = "R 1" }), types.ErrInvalidReceipt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			require.NoError(t, f.record(processors[0], "R0", sessionKey(1), planMonth, 10))
			require.NoError(t, f.record(processors[0], "R1", sessionKey(1), planMonth, 10))
			require.NoError(t, f.revoke(processors[0], "R0"))
			f.advance(types.Day)
			before := f.snapshot()

			err := f.revokeReceiptMsg(tc.msg(f.authority))

			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot())
			require.Empty(t, f.events())
		})
	}
}
