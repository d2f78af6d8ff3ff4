package keeper_test

import (
	"encoding/hex"
	"testing"
	"time"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/codec"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/sessiontoken/sessionchain/x/pro/types"
)

func (f *fixture) proofStatus(key string) *types.QueryProofStatusResponse {
	f.t.Helper()
	res, err := f.queries.ProofStatus(f.ctx, &types.QueryProofStatusRequest{SessionPubkey: key})
	require.NoError(f.t, err)
	return res
}

func (f *fixture) revocationList(since uint64, limit uint32) *types.QueryRevocationListResponse {
	f.t.Helper()
	res, err := f.queries.RevocationList(f.ctx, &types.QueryRevocationListRequest{SinceTicket: since, Limit: limit})
	require.NoError(f.t, err)
	return res
}

// A subscription's first purchase opens generation 1; a revocation that
// takes paid time lists that generation's tag (effective a delay later) and
// opens generation 2; one that takes the rest leaves the account revoked
// until the next purchase opens generation 3.
func TestGenerationsAndTheRevocationList(t *testing.T) {
	f := newFixture(t)
	key := sessionKey(1)
	require.NoError(t, f.record(processors[0], "R1", key, planMonth, 5))
	require.NoError(t, f.record(processors[0], "R2", key, planMonth, 5))
	first := f.proofStatus(key)
	require.Equal(t, types.UserStatusActive, first.UserStatus)
	require.Equal(t, uint64(1), first.Generation)
	require.Equal(t, hex.EncodeToString(types.RevocationTag(key, 1, 1)), first.RevocationTag)

	f.advance(types.Day)
	require.NoError(t, f.revoke(processors[0], "R2"))
	second := f.proofStatus(key)
	require.Equal(t, uint64(2), second.Generation)
	require.Equal(t, hex.EncodeToString(types.RevocationTag(key, 2, 2)), second.RevocationTag)
	require.False(t, second.Revoked)
	require.Equal(t, types.UserStatusActive, second.UserStatus)
	require.Equal(t, first.ProofExpiryOffset, second.ProofExpiryOffset, "a shorter expiry keeps the grid offset")

	f.advance(types.Day)
	require.NoError(t, f.revoke(processors[0], "R1"))
	third := f.proofStatus(key)
	require.Equal(t, uint64(2), third.Generation, "no paid time left: the revoked generation stands")
	require.True(t, third.Revoked)
	require.Equal(t, types.UserStatusExpired, third.UserStatus)
	require.Nil(t, third.ProofExpiry, "no proof would be issued")

	list := f.revocationList(0, 0)
	require.Equal(t, uint64(2), list.LastTicket)
	require.Zero(t, list.NextSinceTicket)
	require.Len(t, list.Revocations, 2)
	require.Equal(t, types.Revocation{
		Ticket: 1, RevocationTag: types.RevocationTag(key, 1, 1), EffectiveAt: genesisTime.Add(types.Day + types.DefaultRevocationDelay),
		RecordedAt: genesisTime.Add(types.Day), SessionPubkey: key, Generation: 1,
		Processor: processors[0].String(), ReceiptId: "R2", RevokedBy: processors[0].String(),
	}, list.Revocations[0])
	require.Equal(t, types.RevocationTag(key, 2, 2), list.Revocations[1].RevocationTag)
	require.Equal(t, uint64(2), list.Revocations[1].Generation)

	// The next purchase opens a new generation with a tag never listed.
	require.NoError(t, f.record(processors[1], "R3", key, planMonth, 5))
	fourth := f.proofStatus(key)
	require.Equal(t, uint64(3), fourth.Generation)
	require.False(t, fourth.Revoked)
	require.Equal(t, hex.EncodeToString(types.RevocationTag(key, 3, 3)), fourth.RevocationTag)
	require.NotEqual(t, third.ProofExpiryOffset, fourth.ProofExpiryOffset, "a purchase draws the grid offset again")
}

func TestProofStatusQuery(t *testing.T) {
	f := newFixture(t, withParams(func(p *types.Params) { p.GracePeriod = 2 * time.Hour }))
	f.setPrice("0.25")
	key := sessionKey(4)

	never := f.proofStatus(key)
	require.Equal(t, &types.QueryProofStatusResponse{
		SessionPubkey: key, UserStatus: types.UserStatusNever, GracePeriod: 2 * time.Hour, BlockTime: f.now(),
	}, never)

	_, err := f.subscribe(payers[0], key, planMonth, startingBalance)
	require.NoError(t, err)
	active := f.proofStatus(key)
	require.Equal(t, types.UserStatusActive, active.UserStatus)
	require.Equal(t, genesisTime.Add(month), active.Expiry)
	wantProof := types.ProofExpiry(f.now().Unix(), genesisTime.Add(month+2*time.Hour), active.ProofExpiryOffset)
	require.Equal(t, time.Unix(wantProof, 0).UTC(), *active.ProofExpiry)

	// Within the grace period: still active; at its end: expired.
	f.advance(month + time.Hour)
	require.Equal(t, types.UserStatusActive, f.proofStatus(key).UserStatus)
	f.advance(time.Hour)
	expired := f.proofStatus(key)
	require.Equal(t, types.UserStatusExpired, expired.UserStatus)
	require.Nil(t, expired.ProofExpiry)

	for _, bad := range []string{"", "zz", sessionKey(1)[:62]} {
		_, err := f.queries.ProofStatus(f.ctx, &types.QueryProofStatusRequest{SessionPubkey: bad})
		require.ErrorIs(t, err, types.ErrInvalidSessionKey, bad)
	}
	_, err = f.queries.ProofStatus(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

// revocations revokes n receipts of n keys, one per block.
func (f *fixture) revocations(n int) {
	f.t.Helper()
	for i := range n {
		id := "R" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		key := sessionKey(byte(100 + i))
		require.NoError(f.t, f.record(processors[0], id, key, planMonth, 5))
		require.NoError(f.t, f.revoke(processors[0], id))
		f.advance(time.Minute)
	}
}

func TestRevocationListPages(t *testing.T) {
	f := newFixture(t)
	f.revocations(7)

	var got []uint64
	since := uint64(0)
	for pages := 0; ; pages++ {
		require.Less(t, pages, 4)
		res := f.revocationList(since, 3)
		require.Equal(t, uint64(7), res.LastTicket)
		for _, r := range res.Revocations {
			got = append(got, r.Ticket)
		}
		if res.NextSinceTicket == 0 {
			break
		}
		since = res.NextSinceTicket
	}
	require.Equal(t, []uint64{1, 2, 3, 4, 5, 6, 7}, got)
	require.Empty(t, f.revocationList(7, 0).Revocations)
	require.Len(t, f.revocationList(5, 0).Revocations, 2)

	_, err := f.queries.RevocationList(f.ctx, &types.QueryRevocationListRequest{Limit: 1_001})
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	_, err = f.queries.RevocationList(f.ctx, nil)
	require.ErrorIs(t, err, types.ErrInvalidRequest)
}

// EndBlock removes the entries past the retention, oldest first and at
// most MaxPrunesPerBlock per block; the ticket keeps counting.
func TestPruneRevocations(t *testing.T) {
	f := newFixture(t)
	f.revocations(3)
	require.NoError(t, f.k.PruneRevocations(f.ctx))
	require.Len(t, f.revocationList(0, 0).Revocations, 3, "nothing is due yet")

	// The first entry was recorded at genesis, the third 2 minutes later.
	f.advance(types.DefaultRevocationRetention - 3*time.Minute + 30*time.Second)
	require.NoError(t, f.k.PruneRevocations(f.ctx))
	list := f.revocationList(0, 0)
	require.Len(t, list.Revocations, 2)
	require.Equal(t, uint64(2), list.Revocations[0].Ticket)
	require.Equal(t, uint64(3), list.LastTicket)

	f.advance(time.Hour)
	require.NoError(t, f.k.PruneRevocations(f.ctx))
	require.Empty(t, f.revocationList(0, 0).Revocations)
	require.Equal(t, uint64(3), f.revocationList(0, 0).LastTicket)
}

func TestPruneRevocationsIsBoundedPerBlock(t *testing.T) {
	f := newFixture(t)
	// MaxPrunesPerBlock + 5 entries of one block.
	for i := range types.MaxPrunesPerBlock + 5 {
		id := "P" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		require.NoError(t, f.record(processors[0], id, sessionKey(byte(i)), planMonth, 5))
		require.NoError(t, f.revoke(processors[0], id))
	}
	f.advance(types.DefaultRevocationRetention)

	require.NoError(t, f.k.PruneRevocations(f.ctx))
	require.Len(t, f.revocationList(0, 0).Revocations, 5)
	require.NoError(t, f.k.PruneRevocations(f.ctx))
	require.Empty(t, f.revocationList(0, 0).Revocations)
}

// The store keys a proof issuer reads from outside the chain are the keys
// the keeper writes.
func TestStoreKeysMatchTheKeepersCollections(t *testing.T) {
	f := newFixture(t)
	key := sessionKey(1)
	require.NoError(t, f.record(processors[0], "R1", key, planMonth, 5))
	require.NoError(t, f.record(processors[0], "R2", key, planMonth, 5))
	require.NoError(t, f.revoke(processors[0], "R2"))
	require.NoError(t, f.registerIssuerKey(issuerPub(1), nil, nil))
	store := f.ctx.KVStore(f.storeKey)
	cdc := moduletestutil.MakeTestEncodingConfig().Codec

	subKey, err := types.SubscriptionStoreKey(key)
	require.NoError(t, err)
	want, err := f.k.Subscriptions.Get(f.ctx, key)
	require.NoError(t, err)
	requireStored(t, cdc, store.Get(subKey), &want, &types.Subscription{})

	params, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	requireStored(t, cdc, store.Get(types.ParamsStoreKey()), &params, &types.Params{})

	revKey, err := types.RevocationStoreKey(1)
	require.NoError(t, err)
	entry, err := f.k.RevocationList.Get(f.ctx, 1)
	require.NoError(t, err)
	requireStored(t, cdc, store.Get(revKey), &entry, &types.Revocation{})

	last, err := collections.Uint64Value.Decode(store.Get(types.LastRevocationTicketStoreKey()))
	require.NoError(t, err)
	require.Equal(t, uint64(1), last)

	ikKey, err := types.IssuerKeyStoreKey(issuerPub(1))
	require.NoError(t, err)
	ik, err := f.k.IssuerKeys.Get(f.ctx, issuerPub(1))
	require.NoError(t, err)
	requireStored(t, cdc, store.Get(ikKey), &ik, &types.IssuerKey{})
}

func requireStored(t *testing.T, cdc codec.Codec, raw []byte, want, got gogoproto.Message) {
	t.Helper()
	require.NotNil(t, raw)
	require.NoError(t, cdc.Unmarshal(raw, got))
	require.Equal(t, want, got)
}
