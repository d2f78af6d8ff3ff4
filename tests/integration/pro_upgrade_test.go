package integration

import (
	"strings"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/version"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/x/pro"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
)

// toProV4Layout rewrites x/pro's state as consensus version 4 held it:
// subscriptions without generations, receipts keyed by id alone (prefixes 3
// and 4), params without the fields of version 5, no revocation list and
// no issuer keys. ctx writes straight to the store.
func toProV4Layout(t *testing.T, c *testutil.Chain, ctx sdk.Context) {
	t.Helper()
	k := c.App.ProKeeper
	var subs []protypes.Subscription
	require.NoError(t, k.Subscriptions.Walk(ctx, nil, func(_ string, s protypes.Subscription) (bool, error) {
		subs = append(subs, s)
		return false, nil
	}))
	for _, s := range subs {
		s.Generation, s.RevocationTag, s.Revoked, s.ProofExpiryOffset = 0, nil, false, 0
		require.NoError(t, k.Subscriptions.Set(ctx, s.SessionPubkey, s))
	}
	var receipts []protypes.Receipt
	require.NoError(t, k.Receipts.Walk(ctx, nil, func(_ collections.Pair[sdk.AccAddress, string], r protypes.Receipt) (bool, error) {
		receipts = append(receipts, r)
		return false, nil
	}))
	require.NoError(t, k.Receipts.Clear(ctx, nil))
	require.NoError(t, k.Revoked.Clear(ctx, nil))
	store := ctx.KVStore(c.App.UnsafeFindStoreKey(protypes.StoreKey))
	for _, r := range receipts {
		bz, err := c.App.AppCodec().Marshal(&r)
		require.NoError(t, err)
		store.Set(append(protypes.ReceiptsKey.Bytes(), r.ReceiptId...), bz)
		if r.RevokedAt != nil {
			store.Set(append(protypes.RevokedKey.Bytes(), r.ReceiptId...), []byte{})
		}
	}
	params, err := k.Params.Get(ctx)
	require.NoError(t, err)
	for i := range params.Plans {
		params.Plans[i].MinReceiptAmount = math.Int{}
	}
	params.GracePeriod, params.RevocationDelay, params.RevocationRetention = 0, 0, 0
	require.NoError(t, k.Params.Set(ctx, params))
	require.NoError(t, k.RevocationList.Clear(ctx, nil))
	require.NoError(t, k.LastRevocationTicket.Remove(ctx))
	require.NoError(t, k.IssuerKeys.Clear(ctx, nil))
}

// withoutEntitlements strips what version 5 adds to subscriptions.
func withoutEntitlements(subs []protypes.Subscription) []protypes.Subscription {
	out := make([]protypes.Subscription, len(subs))
	for i, s := range subs {
		s.Generation, s.RevocationTag, s.Revoked, s.ProofExpiryOffset = 0, nil, false, 0
		out[i] = s
	}
	return out
}

// TestUpgradeToProVersion5 passes a software upgrade on a chain whose x/pro
// has the layout of consensus version 4, with two processors' receipts and
// a revoked one: the handler runs the 4→5 migration. Subscriptions get
// their first generation at the upgrade height, receipts move under their
// processors (so the other processor may use an id), the params get their
// defaults, and afterwards a refund lists the generation on the revocation
// list and governance registers an issuer key.
func TestUpgradeToProVersion5(t *testing.T) {
	const name = "v-integration-pro-v5"
	saved := version.Version
	t.Cleanup(func() { version.Version = saved })
	version.Version = "v-integration-old"

	c := proChain(t)
	processor := c.Accounts[1]
	keys := []string{sessionKey, strings.Repeat("ab", 32)}
	subscribe(t, c, c.Accounts[2], keys[0], 1)
	for _, r := range []struct{ id, key string }{{"store-1", keys[1]}, {"store-2", keys[1]}} {
		res := c.Deliver(time.Second, processor, &protypes.MsgRecordPayment{
			Processor: processor.Address.String(), ReceiptId: r.id, SessionPubkey: r.key, PlanId: 1,
			Amount: sdk.NewCoin(protypes.Denom, math.NewInt(40_000_000_000)),
		})
		require.Zero(t, res.Code, res.Log)
	}
	res := c.Deliver(time.Second, processor, &protypes.MsgRevokePayment{Processor: processor.Address.String(), ReceiptId: "store-2"})
	require.Zero(t, res.Code, res.Log)
	c.NextBlock(time.Second)

	//nolint:staticcheck // the writes go straight to the store the next block commits, as an old chain holds them
	ctx := c.App.NewUncachedContext(false, cmtproto.Header{Height: c.Height, Time: c.Time, ChainID: c.ChainID})
	toProV4Layout(t, c, ctx)
	vm, err := c.App.UpgradeKeeper.GetModuleVersionMap(ctx)
	require.NoError(t, err)
	vm[protypes.ModuleName] = 4
	require.NoError(t, c.App.UpgradeKeeper.SetModuleVersionMap(ctx, vm))
	before := withoutEntitlements(subscriptionsOf(t, c, keys))
	c.NextBlock(time.Second)

	upgradeHeight := c.Height + 10
	id := submitProposal(t, c, c.Accounts[0], "Upgrade to "+name, &upgradetypes.MsgSoftwareUpgrade{
		Authority: govAuthority, Plan: upgradetypes.Plan{Name: name, Height: upgradeHeight},
	})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, id)
	for c.Height < upgradeHeight-1 {
		c.NextBlock(time.Second)
	}
	require.ErrorContains(t, c.TryNextBlock(time.Second), `UPGRADE "`+name+`" NEEDED at height`)
	version.Version = name
	c.Restart()
	c.NextBlock(time.Second)

	vm, err = c.App.UpgradeKeeper.GetModuleVersionMap(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, uint64(pro.ConsensusVersion), vm[protypes.ModuleName])
	after := subscriptionsOf(t, c, keys)
	require.Equal(t, before, withoutEntitlements(after), "subscriptions across the upgrade, but for their generation")
	for i, s := range after {
		require.Equal(t, uint64(1), s.Generation)
		require.Equal(t, protypes.RevocationTag(keys[i], 1, upgradeHeight), s.RevocationTag, "tagged at the upgrade height")
	}
	params, err := c.App.ProKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, protypes.DefaultMinReceiptAmount(30*protypes.Day).String(), params.Plans[0].MinReceiptAmount.String())
	require.Equal(t, protypes.DefaultRevocationDelay, params.RevocationDelay)
	receipt, err := c.App.ProKeeper.Receipts.Get(c.Ctx(), collections.Join(processor.Address, "store-2"))
	require.NoError(t, err)
	require.NotNil(t, receipt.RevokedAt)

	// After the upgrade: a refund revokes the generation, and governance
	// names an issuer key.
	res = c.Deliver(time.Second, processor, &protypes.MsgRevokePayment{Processor: processor.Address.String(), ReceiptId: "store-1"})
	require.Zero(t, res.Code, res.Log)
	list, err := proQuery(c).RevocationList(c.Ctx(), &protypes.QueryRevocationListRequest{})
	require.NoError(t, err)
	require.Len(t, list.Revocations, 1)
	require.Equal(t, after[1].RevocationTag, list.Revocations[0].RevocationTag)
	status, err := proQuery(c).ProofStatus(c.Ctx(), &protypes.QueryProofStatusRequest{SessionPubkey: keys[1]})
	require.NoError(t, err)
	require.True(t, status.Revoked)
	issuer := "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"
	id = submitProposal(t, c, c.Accounts[0], "Issuer key", &protypes.MsgRegisterIssuerKey{Authority: govAuthority, Pubkey: issuer, Description: "test issuer"})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, id)
	keysRes, err := proQuery(c).IssuerKeys(c.Ctx(), &protypes.QueryIssuerKeysRequest{})
	require.NoError(t, err)
	require.Len(t, keysRes.IssuerKeys, 1)
	require.True(t, keysRes.IssuerKeys[0].IsValidAt(c.Time))
}
