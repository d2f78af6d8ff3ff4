package integration

import (
	"bytes"
	"crypto/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/sessiontoken/sessionchain/testutil"
	"github.com/sessiontoken/sessionchain/x/names/client/cli"
	nameskeeper "github.com/sessiontoken/sessionchain/x/names/keeper"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	protypes "github.com/sessiontoken/sessionchain/x/pro/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

func namesQuery(c *testutil.Chain) namestypes.QueryServer {
	return nameskeeper.NewQueryServerImpl(c.App.NamesKeeper)
}

// nameValue encrypts a Session ID (0x05 then 32 bytes of b) under name's
// key, as the CLI does.
func nameValue(t *testing.T, name string, b byte) []byte {
	t.Helper()
	nonce := make([]byte, namestypes.NonceSize)
	_, err := rand.Read(nonce)
	require.NoError(t, err)
	enc, err := namestypes.EncryptValue(name, namestypes.Value{SessionID: sessionIDOf(b)}, nonce)
	require.NoError(t, err)
	return enc
}

func sessionIDOf(b byte) []byte {
	return append([]byte{namestypes.SessionIDPrefix}, bytes.Repeat([]byte{b}, 32)...)
}

// resolveName asks the chain for name's hash and decrypts the record here,
// as `sessiond query names resolve` does.
func resolveName(t *testing.T, c *testutil.Chain, name string) cli.Resolution {
	t.Helper()
	res, err := namesQuery(c).Resolve(c.Ctx(), &namestypes.QueryResolveRequest{NameHash: namestypes.NameHashHex(name)})
	require.NoError(t, err)
	out, err := cli.Resolve(name, res)
	require.NoError(t, err)
	return out
}

func nsesh(amount math.Int) sdk.Coin { return sdk.NewCoin(namestypes.Denom, amount) }

// TestNamesThroughTheApp registers a name through signed transactions,
// resolves it by decrypting the record with the name, lists it, sells it,
// and follows every fee into the pool's names inflow (90%) and
// protocol_liquidity (10%) by the end of its block; the chain checks the
// conservation invariants after every block.
func TestNamesThroughTheApp(t *testing.T) {
	c := proChain(t) // $0.05 per SESH from genesis
	alice, bob := c.Accounts[2], c.Accounts[1]
	liquidity := authtypes.NewModuleAddress(protypes.LiquidityAccount)
	namesAccount := authtypes.NewModuleAddress(namestypes.ModuleName)
	require.Implements(t, (*sdk.ModuleAccountI)(nil), c.App.AccountKeeper.GetAccount(c.Ctx(), namesAccount), "genesis made the module account")
	const name = "alice-session"

	// $5 a year at $0.05: 100 SESH.
	quote, err := namesQuery(c).Quote(c.Ctx(), &namestypes.QueryQuoteRequest{NameHash: namestypes.NameHashHex(name), Years: 2, NameLength: uint32(len(name))})
	require.NoError(t, err)
	require.Equal(t, sesh(180), quote.Amount, "$9 for two years")
	aliceBefore, liquidityBefore := c.Balance(alice.Address), c.Balance(liquidity)

	res := c.Deliver(time.Second, alice, &namestypes.MsgRegisterName{
		Owner: alice.Address.String(), Name: name, EncryptedValue: nameValue(t, name, 0xa1), Years: 2, MaxAmount: nsesh(quote.Amount),
	})
	require.Zero(t, res.Code, res.Log)
	registered := c.Time

	require.Equal(t, aliceBefore.Sub(sesh(180)), c.Balance(alice.Address))
	require.Equal(t, sesh(162), inflow(totalsQuery(t, c), rptypes.SourceNames), "90% into the pool by the end of the block")
	require.Equal(t, liquidityBefore.Add(sesh(18)), c.Balance(liquidity), "10% to protocol_liquidity")
	require.True(t, c.Balance(namesAccount).IsZero())
	got := resolveName(t, c, name)
	require.Equal(t, "05"+string(bytes.Repeat([]byte("a1"), 32)), got.SessionID)
	require.Equal(t, alice.Address.String(), got.Owner)
	require.Equal(t, registered.Add(2*namestypes.Year), got.Expiry)

	// Alice lists it; bob buys it at the listing's price.
	res = c.Deliver(time.Second, alice, &namestypes.MsgListName{Seller: alice.Address.String(), NameHash: got.NameHash, Price: nsesh(sesh(1_000))})
	require.Zero(t, res.Code, res.Log)
	listings, err := namesQuery(c).Listings(c.Ctx(), &namestypes.QueryListingsRequest{})
	require.NoError(t, err)
	require.Len(t, listings.Listings, 1)
	aliceBefore, bobBefore := c.Balance(alice.Address), c.Balance(bob.Address)

	res = c.Deliver(time.Second, bob, &namestypes.MsgBuyName{
		Buyer: bob.Address.String(), NameHash: got.NameHash, MaxPrice: nsesh(sesh(1_000)), EncryptedValue: nameValue(t, name, 0xb0),
	})
	require.Zero(t, res.Code, res.Log)

	require.Equal(t, bobBefore.Sub(sesh(1_000)), c.Balance(bob.Address))
	require.Equal(t, aliceBefore.Add(sesh(975)), c.Balance(alice.Address), "the price less the 2.5% fee")
	require.Equal(t, sesh(162).Add(math.NewInt(22_500_000_000)), inflow(totalsQuery(t, c), rptypes.SourceNames), "90% of the 25 SESH fee")
	got = resolveName(t, c, name)
	require.Equal(t, bob.Address.String(), got.Owner)
	require.Equal(t, "05"+string(bytes.Repeat([]byte("b0"), 32)), got.SessionID)
	require.Empty(t, got.ListingPrice)

	revenue, err := namesQuery(c).Revenue(c.Ctx(), &namestypes.QueryRevenueRequest{})
	require.NoError(t, err)
	require.Equal(t, namestypes.Revenue{
		ToPool: sesh(162).Add(math.NewInt(22_500_000_000)), ToLiquidity: sesh(18).Add(math.NewInt(2_500_000_000)),
		Registrations: 1, Sales: 1,
	}, revenue.Revenue)

	// Bob's own name is not for him to buy, and a name held is not for
	// alice to register.
	res = c.Deliver(time.Second, alice, &namestypes.MsgRegisterName{
		Owner: alice.Address.String(), Name: name, EncryptedValue: nameValue(t, name, 0xa1), Years: 1, MaxAmount: nsesh(sesh(1_000)),
	})
	require.Equal(t, namestypes.ErrNameTaken.ABCICode(), res.Code, res.Log)
	require.Equal(t, namestypes.ModuleName, res.Codespace)
}

// With no fresh price, nothing is sold: registration fails closed with
// x/pro's error, and moves nothing.
func TestNamesFailClosedWithoutPrice(t *testing.T) {
	c := proChain(t)
	alice := c.Accounts[2]
	c.NextBlock(protypes.DefaultMaxPriceAge)
	before := c.Balance(alice.Address)

	res := c.Deliver(time.Second, alice, &namestypes.MsgRegisterName{
		Owner: alice.Address.String(), Name: "nobody", EncryptedValue: nameValue(t, "nobody", 1), Years: 1, MaxAmount: nsesh(sesh(10_000)),
	})

	require.Equal(t, protypes.ErrNoPrice.ABCICode(), res.Code, res.Log)
	require.Equal(t, protypes.ModuleName, res.Codespace)
	require.Equal(t, before, c.Balance(alice.Address))
	_, err := namesQuery(c).Resolve(c.Ctx(), &namestypes.QueryResolveRequest{NameHash: namestypes.NameHashHex("nobody")})
	require.ErrorIs(t, err, namestypes.ErrNameNotFound)
}

// Governance changes the names params; nobody else can.
func TestNamesParamsByGovernance(t *testing.T) {
	c := proChain(t)
	alice := c.Accounts[0]
	params := namestypes.DefaultParams()
	params.MarketFeeBps = 100
	res := c.Deliver(time.Second, alice, &namestypes.MsgUpdateParams{Authority: alice.Address.String(), Params: params})
	require.Equal(t, namestypes.ErrInvalidAuthority.ABCICode(), res.Code, res.Log)

	id := submitProposal(t, c, alice, "Lower the market fee", &namestypes.MsgUpdateParams{Authority: govAuthority, Params: params})
	c.NextBlock(votingPeriod() + time.Minute)
	requirePassed(t, c, id)
	got, err := c.App.NamesKeeper.Params.Get(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, params, got)
}
