package app_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/server/api"
	"github.com/cosmos/cosmos-sdk/server/config"
	sims "github.com/cosmos/cosmos-sdk/testutil/sims"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/docs/openapi"
)

// TestAPIServesOpenAPIDocument checks that the API server serves the custom
// modules' OpenAPI document with the SDK's swagger page switched off.
func TestAPIServesOpenAPIDocument(t *testing.T) {
	a, err := app.New(log.NewNopLogger(), dbm.NewMemDB(), true, sims.EmptyAppOptions{})
	require.NoError(t, err)
	clientCtx := client.Context{}.WithInterfaceRegistry(a.InterfaceRegistry()).WithCodec(a.AppCodec())
	apiSvr := api.New(clientCtx, log.NewNopLogger(), grpc.NewServer())
	a.RegisterAPIRoutes(apiSvr, config.APIConfig{Swagger: false})

	rec := httptest.NewRecorder()
	apiSvr.Router.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, openapi.Path, nil))

	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	require.Equal(t, openapi.Document, rec.Body.Bytes())
}
