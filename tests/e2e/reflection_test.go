//go:build e2e

package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	reflectionv1 "cosmossdk.io/api/cosmos/reflection/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	rpb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha" //nolint:staticcheck // the SDK serves v1alpha
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
)

// customServices are the gRPC services of the chain's own modules.
var customServices = []string{
	"sessionchain.rewardpool.v1.Query", "sessionchain.rewardpool.v1.Msg",
	"sessionchain.nodestaking.v1.Query", "sessionchain.nodestaking.v1.Msg",
	"sessionchain.pro.v1.Query", "sessionchain.pro.v1.Msg",
	"sessionchain.names.v1.Query", "sessionchain.names.v1.Msg",
	"sessionchain.bridge.v1.Query", "sessionchain.bridge.v1.Msg",
}

// TestGRPCReflectionAndREST checks what an explorer or wallet that knows
// nothing of the chain relies on: gRPC reflection lists every custom service
// and describes its methods, and the REST gateway serves the custom queries.
//
//nolint:staticcheck // the SDK serves gRPC reflection v1alpha only, which grpc-go marks deprecated
func TestGRPCReflectionAndREST(t *testing.T) {
	d := startDevnet(t)

	conn, err := grpc.NewClient(d.grpcAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stream, err := rpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	require.NoError(t, err)
	ask := func(req *rpb.ServerReflectionRequest) *rpb.ServerReflectionResponse {
		t.Helper()
		require.NoError(t, stream.Send(req))
		res, err := stream.Recv()
		require.NoError(t, err)
		require.Nil(t, res.GetErrorResponse(), "reflection error for %v", req)
		return res
	}

	listed := ask(&rpb.ServerReflectionRequest{MessageRequest: &rpb.ServerReflectionRequest_ListServices{}})
	var names []string
	for _, s := range listed.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	// The SDK's file-descriptor service hands out every proto file the app
	// knows, Msg services included: a wallet builds any message from it.
	all, err := reflectionv1.NewReflectionServiceClient(conn).FileDescriptors(ctx, &reflectionv1.FileDescriptorsRequest{})
	require.NoError(t, err)
	methodsOf := map[string][]string{}
	for _, fd := range all.GetFiles() {
		for _, s := range fd.GetService() {
			name := fd.GetPackage() + "." + s.GetName()
			for _, m := range s.GetMethod() {
				methodsOf[name] = append(methodsOf[name], m.GetName())
			}
		}
	}

	for _, svc := range customServices {
		if !strings.HasSuffix(svc, ".Query") {
			require.Contains(t, methodsOf[svc], "UpdateParams", "the file descriptors describe %s", svc)
			continue
		}
		// Query services are served over gRPC and gRPC reflection resolves
		// them, so tools such as grpcurl call them without the .proto files.
		require.Contains(t, names, svc, "reflection lists %s", svc)
		res := ask(&rpb.ServerReflectionRequest{MessageRequest: &rpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: svc}})
		var methods []string
		for _, raw := range res.GetFileDescriptorResponse().GetFileDescriptorProto() {
			var fd descriptorpb.FileDescriptorProto
			require.NoError(t, proto.Unmarshal(raw, &fd))
			for _, s := range fd.GetService() {
				if fd.GetPackage()+"."+s.GetName() == svc {
					for _, m := range s.GetMethod() {
						methods = append(methods, m.GetName())
					}
				}
			}
		}
		require.Contains(t, methods, "Params", "reflection describes %s", svc)
		require.ElementsMatch(t, methodsOf[svc], methods, "both reflection services agree on %s", svc)
	}

	// The REST gateway serves the custom queries.
	for _, path := range []string{
		"/sessionchain/rewardpool/v1/params", "/sessionchain/rewardpool/v1/pool",
		"/sessionchain/nodestaking/v1/params", "/sessionchain/nodestaking/v1/nodes", "/sessionchain/nodestaking/v1/stats",
		"/sessionchain/pro/v1/params", "/sessionchain/pro/v1/price",
		"/sessionchain/bridge/v1/params", "/sessionchain/bridge/v1/supply", "/sessionchain/bridge/v1/transfers",
	} {
		resp, err := httpClient.Get(d.apiURL() + path)
		require.NoError(t, err, path)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
	}
}
