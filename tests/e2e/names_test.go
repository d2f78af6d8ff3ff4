//go:build e2e

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"

	"github.com/sessiontoken/sessionchain/x/names/client/cli"
	namestypes "github.com/sessiontoken/sessionchain/x/names/types"
	rptypes "github.com/sessiontoken/sessionchain/x/rewardpool/types"
)

// TestNamesCLI drives Session names through the real binary's CLI: a name
// is registered, resolved (hashed and decrypted by the CLI), listed and
// bought, renewed, updated, transferred, listed and cancelled; it is read
// back over gRPC and REST, and every fee is followed into the pool's
// names inflow.
func TestNamesCLI(t *testing.T) {
	d := startDevnet(t)
	addr := func(key string) string { return strings.TrimSpace(d.cli(t, "keys", "show", key, "-a")) }
	alice, bob, carol := addr("alice"), addr("bob"), addr("carol")
	const name = "e2e-alice"
	aliceID, bobID, carolID := "05"+strings.Repeat("a1", 32), "05"+strings.Repeat("b0", 32), "05"+strings.Repeat("c4", 32)
	tx := func(args ...string) txResult {
		t.Helper()
		sent := d.broadcast(t, append(append([]string{"tx", "names"}, args...), "--yes")...)
		require.Zero(t, sent.Code, "CheckTx of %v: %+v", args, sent)
		res := d.waitTx(t, sent.TxHash)
		require.Zero(t, res.Code, "%v: %s", args, res.RawLog)
		return res
	}
	resolve := func() cli.Resolution {
		t.Helper()
		var r cli.Resolution
		d.cliJSON(t, &r, "query", "names", "resolve", name)
		return r
	}
	namesInflow := func() string { return d.totals(t).inflow(rptypes.SourceNames) }

	// The development genesis has $0.05 per SESH in force: $5 a year is
	// 100 SESH.
	var quote struct {
		Amount  string `json:"amount"`
		Renewal bool   `json:"renewal"`
	}
	d.cliJSON(t, &quote, "query", "names", "quote", name, "1")
	require.Equal(t, "100000000000", quote.Amount)
	require.False(t, quote.Renewal)

	// Register: 90% into the pool, in the transaction's block.
	res := tx("register", name, aliceID, "--years", "1", "--lokinet", namestypes.FormatLokinet([]byte(strings.Repeat("k", 32))), "--from", "alice")
	requireEvent(t, res, "sessionchain.names.v1.EventNameRegistered", map[string]string{
		"amount": `"100000000000"`, "to_pool": `"90000000000"`, "to_liquidity": `"10000000000"`,
		"name_hash": `"` + namestypes.NameHashHex(name) + `"`,
	})
	require.Equal(t, "90000000000", namesInflow())
	got := resolve()
	require.Equal(t, aliceID, got.SessionID)
	require.Equal(t, namestypes.FormatLokinet([]byte(strings.Repeat("k", 32))), got.Lokinet)
	require.Equal(t, alice, got.Owner)
	require.Equal(t, "NAME_STATUS_ACTIVE", got.Status)
	_, stderr, err := d.run("query", "names", "resolve", "E2e-alice")
	require.Error(t, err, "names are case-sensitive: another spelling is another name")
	require.Contains(t, stderr, "name not registered")

	// gRPC: the record of the hash, decrypted here with the name.
	grpcCodec := codec.NewProtoCodec(codectypes.NewInterfaceRegistry()).GRPCCodec()
	conn, err := grpc.NewClient(d.grpcAddr(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(grpcCodec)))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	viaGRPC, err := namestypes.NewQueryClient(conn).Resolve(ctx, &namestypes.QueryResolveRequest{NameHash: namestypes.NameHashHex(name)})
	require.NoError(t, err)
	decrypted, err := cli.Resolve(name, viaGRPC)
	require.NoError(t, err)
	require.Equal(t, got, decrypted)

	// List, and see the listing over REST.
	tx("list", name, "500000000000nsesh", "--from", "alice")
	var listings struct {
		Listings []struct {
			NameHash string `json:"name_hash"`
			Seller   string `json:"seller"`
			Price    string `json:"price"`
		} `json:"listings"`
	}
	restGet(t, d.apiURL()+"/sessionchain/names/v1/listings", "", &listings)
	require.Len(t, listings.Listings, 1)
	require.Equal(t, namestypes.NameHashHex(name), listings.Listings[0].NameHash)
	require.Equal(t, alice, listings.Listings[0].Seller)
	require.Equal(t, "500000000000", listings.Listings[0].Price)

	// Bob buys it at the listing's price: alice gets 97.5%, the 2.5% fee
	// is split like every fee.
	aliceBefore := d.nseshBalance(t, alice)
	res = tx("buy", name, bobID, "--from", "bob")
	requireEvent(t, res, "sessionchain.names.v1.EventNameSold", map[string]string{
		"price": `"500000000000"`, "fee": `"12500000000"`, "to_pool": `"11250000000"`, "seller": `"` + alice + `"`, "buyer": `"` + bob + `"`,
	})
	require.Equal(t, aliceBefore.Add(mustInt(t, "487500000000")).String(), d.nseshBalance(t, alice).String())
	require.Equal(t, "101250000000", namesInflow())
	got = resolve()
	require.Equal(t, bob, got.Owner)
	require.Equal(t, bobID, got.SessionID)
	require.Empty(t, got.ListingPrice)

	// REST: the record, and bob's names.
	var record struct {
		Record struct {
			Owner  string    `json:"owner"`
			Expiry time.Time `json:"expiry"`
		} `json:"record"`
		Status string `json:"status"`
	}
	restGet(t, d.apiURL()+"/sessionchain/names/v1/names/"+namestypes.NameHashHex(name), "", &record)
	require.Equal(t, bob, record.Record.Owner)
	require.Equal(t, "NAME_STATUS_ACTIVE", record.Status)
	var owned struct {
		Records []struct {
			NameHash string `json:"name_hash"`
		} `json:"records"`
	}
	restGet(t, d.apiURL()+"/sessionchain/names/v1/owners/"+bob+"/names", "", &owned)
	require.Len(t, owned.Records, 1)

	// Bob renews for two years from the expiry, adds a backup owner, and
	// transfers the name to carol with her Session ID; carol lists it and
	// cancels.
	res = tx("renew", name, "--years", "2", "--from", "bob")
	requireEvent(t, res, "sessionchain.names.v1.EventNameRenewed", map[string]string{"amount": `"180000000000"`})
	require.True(t, resolve().Expiry.Equal(record.Record.Expiry.Add(2*namestypes.Year)), "two years on from the expiry")
	tx("update", name, "--backup-owner", alice, "--from", "bob")
	require.Equal(t, alice, resolve().BackupOwner)
	res = tx("transfer", name, carol, "--session-id", carolID, "--from", "bob")
	requireEvent(t, res, "sessionchain.names.v1.EventNameTransferred", map[string]string{"fee": `"20000000000"`, "to": `"` + carol + `"`})
	got = resolve()
	require.Equal(t, carol, got.Owner)
	require.Equal(t, carolID, got.SessionID)
	require.Empty(t, got.BackupOwner, "a transfer clears the backup owner")
	tx("list", name, "1nsesh", "--from", "carol")
	tx("cancel", name, "--from", "carol")
	require.Empty(t, resolve().ListingPrice)

	var revenue struct {
		Revenue struct {
			ToPool        string `json:"to_pool"`
			ToLiquidity   string `json:"to_liquidity"`
			Registrations string `json:"registrations"`
			Renewals      string `json:"renewals"`
			Transfers     string `json:"transfers"`
			Sales         string `json:"sales"`
		} `json:"revenue"`
	}
	d.cliJSON(t, &revenue, "query", "names", "revenue")
	// 100 + 12.5 + 180 + 20 SESH of fees.
	require.Equal(t, "281250000000", revenue.Revenue.ToPool)
	require.Equal(t, "31250000000", revenue.Revenue.ToLiquidity)
	require.Equal(t, revenue.Revenue.ToPool, namesInflow())
	require.Equal(t, []string{"1", "1", "1", "1"},
		[]string{revenue.Revenue.Registrations, revenue.Revenue.Renewals, revenue.Revenue.Transfers, revenue.Revenue.Sales})

	// Refusals carry the module's registered errors: alice cannot take a
	// held name, nor buy a name not on sale.
	sent := d.broadcast(t, "tx", "names", "register", name, aliceID, "--max-amount", "1000000000000nsesh", "--from", "alice", "--yes")
	require.Zero(t, sent.Code, "CheckTx: %+v", sent)
	res = d.waitTx(t, sent.TxHash)
	want := errOf(namestypes.ErrNameTaken)
	require.Equal(t, want.codespace, res.Codespace, res.RawLog)
	require.Equal(t, want.code, res.Code, res.RawLog)
	_, stderr, err = d.run("tx", "names", "buy", name, aliceID, "--from", "alice", "--yes")
	require.Error(t, err)
	require.Contains(t, stderr, "is not on sale")

	// The resolution with its Merkle proof: against the node's own header,
	// then against a header CometBFT's light client verified from a header
	// taken on trust at height 2.
	var proven cli.Resolution
	d.cliJSON(t, &proven, "query", "names", "resolve", name, "--prove", "--trust-node")
	require.Equal(t, carolID, proven.SessionID)
	require.Equal(t, carol, proven.Owner)
	require.Equal(t, "node (unverified)", proven.Proof.Header)
	require.Positive(t, proven.Proof.Height)
	var block struct {
		Result struct {
			BlockID struct {
				Hash string `json:"hash"`
			} `json:"block_id"`
		} `json:"result"`
	}
	d.rpcGet(t, "/block?height=2", &block)
	d.cliJSON(t, &proven, "query", "names", "resolve", name, "--prove", "--trust-height", "2", "--trust-hash", block.Result.BlockID.Hash,
		"--witness", d.rpcURL(), "--light-dir", t.TempDir())
	require.Equal(t, carolID, proven.SessionID)
	require.Equal(t, "light client", proven.Proof.Header)
	require.Len(t, proven.Proof.AppHash, 64)
	_, stderr, err = d.run("query", "names", "resolve", "nobody-at-all", "--prove", "--trust-node")
	require.Error(t, err)
	require.Contains(t, stderr, "proven absent")
	_, stderr, err = d.run("query", "names", "resolve", name, "--prove")
	require.Error(t, err)
	require.Contains(t, stderr, "needs a header to trust")
}
