package openapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sessiontoken/sessionchain/docs/openapi"
	_ "github.com/sessiontoken/sessionchain/x/bridge/types"      // registers sessionchain.bridge.v1
	_ "github.com/sessiontoken/sessionchain/x/names/types"       // registers sessionchain.names.v1
	_ "github.com/sessiontoken/sessionchain/x/nodestaking/types" // registers sessionchain.nodestaking.v1
	_ "github.com/sessiontoken/sessionchain/x/pro/types"         // registers sessionchain.pro.v1
	_ "github.com/sessiontoken/sessionchain/x/rewardpool/types"  // registers sessionchain.rewardpool.v1
)

// document is the part of a Swagger 2.0 document the tests read.
type document struct {
	Swagger string `json:"swagger"`
	Info    struct {
		Title   string `json:"title"`
		Version string `json:"version"`
	} `json:"info"`
	Paths map[string]map[string]struct {
		OperationID string `json:"operationId"`
	} `json:"paths"`
}

// queryRoute is one custom Query RPC and the GET route of its HTTP rule.
type queryRoute struct {
	module, method, path string
}

// customQueryRoutes lists the RPCs of every sessionchain.<module>.v1.Query
// service in the proto registry with their google.api.http GET paths.
func customQueryRoutes(t *testing.T) []queryRoute {
	t.Helper()
	var routes []queryRoute
	gogoproto.HybridResolver.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		parts := strings.Split(string(fd.Package()), ".")
		if len(parts) != 3 || parts[0] != "sessionchain" {
			return true
		}
		svc := fd.Services().ByName("Query")
		if svc == nil {
			return true
		}
		for i := range svc.Methods().Len() {
			m := svc.Methods().Get(i)
			rule, ok := proto.GetExtension(m.Options(), annotations.E_Http).(*annotations.HttpRule)
			require.True(t, ok, "%s has an HTTP rule", m.FullName())
			require.NotEmpty(t, rule.GetGet(), "%s is a GET route", m.FullName())
			routes = append(routes, queryRoute{module: parts[1], method: string(m.Name()), path: rule.GetGet()})
		}
		return true
	})
	return routes
}

func TestDocumentCoversEveryCustomQuery(t *testing.T) {
	var doc document
	require.NoError(t, json.Unmarshal(openapi.Document, &doc))
	require.Equal(t, "2.0", doc.Swagger)
	require.NotEmpty(t, doc.Info.Title)
	require.NotEmpty(t, doc.Info.Version)

	routes := customQueryRoutes(t)
	modules := map[string]bool{}
	for _, r := range routes {
		modules[r.module] = true
	}
	require.Equal(t, map[string]bool{"bridge": true, "names": true, "nodestaking": true, "pro": true, "rewardpool": true}, modules,
		"the registry holds the Query service of each custom module")

	operations := 0
	for _, item := range doc.Paths {
		operations += len(item)
	}
	require.Len(t, routes, operations, "one operation per query RPC, no more")
	for _, r := range routes {
		op, ok := doc.Paths[r.path]["get"]
		require.True(t, ok, "the document has GET %s (%s.%s)", r.path, r.module, r.method)
		// Every module's service is called Query, so docs/openapi/config.yaml
		// names the operations by module to keep them unique.
		require.Equal(t, r.module+"_"+r.method, op.OperationID,
			"operation ID of GET %s: add it to docs/openapi/config.yaml", r.path)
	}
}

func TestHandlerServesDocument(t *testing.T) {
	srv := httptest.NewServer(openapi.Handler())
	defer srv.Close()

	resp, err := http.Get(srv.URL + openapi.Path)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)

	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	require.Equal(t, openapi.Document, body)
}
