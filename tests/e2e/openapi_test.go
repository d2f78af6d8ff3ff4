//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	reflectionv1 "cosmossdk.io/api/cosmos/reflection/v1"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"github.com/sessiontoken/sessionchain/docs/openapi"
)

// pathParam matches a path template's parameter, e.g. {pubkey}.
var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// TestOpenAPIDocument fetches the custom modules' OpenAPI document from a
// running node and checks it against the node itself: every custom Query RPC
// that the node's reflection describes has its route in the document, and
// every route in the document is answered by the REST gateway.
func TestOpenAPIDocument(t *testing.T) {
	d := startDevnet(t)

	resp, err := httpClient.Get(d.apiURL() + openapi.Path)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	require.Equal(t, openapi.Document, body, "the node serves the committed document")

	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(body, &doc))

	// The routes of the custom Query services, from the descriptors the node
	// hands out over gRPC.
	conn, err := grpc.NewClient(d.grpcAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	all, err := reflectionv1.NewReflectionServiceClient(conn).FileDescriptors(ctx, &reflectionv1.FileDescriptorsRequest{})
	require.NoError(t, err)
	queries := map[string]bool{}
	for _, svc := range customServices {
		if strings.HasSuffix(svc, ".Query") {
			queries[svc] = true
		}
	}
	routes := 0
	for _, fd := range all.GetFiles() {
		for _, s := range fd.GetService() {
			svc := fd.GetPackage() + "." + s.GetName()
			if !queries[svc] {
				continue
			}
			delete(queries, svc)
			for _, m := range s.GetMethod() {
				rule, ok := proto.GetExtension(m.GetOptions(), annotations.E_Http).(*annotations.HttpRule)
				require.True(t, ok && rule.GetGet() != "", "%s.%s has a GET route", svc, m.GetName())
				require.Contains(t, doc.Paths[rule.GetGet()], "get", "the document describes %s.%s", svc, m.GetName())
				routes++
			}
		}
	}
	require.Empty(t, queries, "the node describes every custom Query service")
	require.Len(t, doc.Paths, routes, "the document has no route the node does not describe")

	// Every route answers: path parameters get values the development
	// genesis has where it has one (a missing key is a fine answer too).
	alice := strings.TrimSpace(d.cli(t, "keys", "show", "alice", "-a", "--keyring-backend", "test"))
	samples := map[string]string{
		"address":        alice,
		"pubkey":         strings.TrimSpace(d.cli(t, "node-key", "show", filepath.Join(d.home, "nodes", "alice.key"))),
		"signing_key":    strings.TrimSpace(d.cli(t, "node-key", "show", filepath.Join(d.home, "nodes", "alice.key"))),
		"validator":      strings.TrimSpace(d.cli(t, "keys", "show", "validator", "-a", "--bech", "val", "--keyring-backend", "test")),
		"plan_id":        "1",
		"session_pubkey": strings.Repeat("ab", 32),
		"name_hash":      strings.Repeat("cd", 32),
		"owner":          alice,
		"id":             "1",
		"nonce":          "0",
	}
	for tmpl := range doc.Paths {
		path := pathParam.ReplaceAllStringFunc(tmpl, func(p string) string {
			v, ok := samples[strings.Trim(p, "{}")]
			require.True(t, ok, "no sample value for %s in %s: add one", p, tmpl)
			return v
		})
		resp, err := httpClient.Get(d.apiURL() + path)
		require.NoError(t, err, path)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err, path)
		if resp.StatusCode == http.StatusOK {
			continue
		}
		// An error must come from the query itself (e.g. NotFound for a
		// missing key, as 404), not from the gateway lacking the route: that
		// answers 501 with code Unimplemented.
		var status struct {
			Code    *codes.Code `json:"code"`
			Message string      `json:"message"`
		}
		require.NoError(t, json.Unmarshal(body, &status), "GET %s: %d %s", path, resp.StatusCode, body)
		require.NotNil(t, status.Code, "GET %s: %d %s", path, resp.StatusCode, body)
		require.NotEqual(t, codes.Unimplemented, *status.Code, "GET %s: %d %s", path, resp.StatusCode, body)
		require.NotEqual(t, http.StatusNotImplemented, resp.StatusCode, "GET %s: %s", path, body)
		t.Logf("GET %s: %d %s", path, resp.StatusCode, status.Message)
	}
}
