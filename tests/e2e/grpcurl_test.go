//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// grpcurlBin returns the grpcurl binary: GRPCURL_BIN, or build/tools/grpcurl,
// which `make test-e2e` installs (scripts/install-tools.sh grpc).
func grpcurlBin(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("GRPCURL_BIN")
	if bin == "" {
		bin = filepath.Join(repoRoot, "build", "tools", "grpcurl")
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("grpcurl not found at %s (run scripts/install-tools.sh grpc or set GRPCURL_BIN): %v", bin, err)
	}
	return bin
}

// grpcurl runs `grpcurl -plaintext <flags> <the node's gRPC address> <args>`
// and returns stdout; a non-zero exit, or cliTimeout, fails the test.
func (d *devnet) grpcurl(t *testing.T, bin string, flags []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	argv := append([]string{"-plaintext", "-connect-timeout", "10"}, flags...)
	argv = append(argv, d.grpcAddr())
	argv = append(argv, args...)
	cmd := exec.CommandContext(ctx, bin, argv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %s: %w", cliTimeout, errors.Join(err, ctx.Err()))
	}
	if err != nil {
		t.Fatalf("grpcurl %s: %v\nstderr: %s\nstdout: %s", strings.Join(argv, " "), err, stderr.String(), stdout.String())
	}
	return stdout.String()
}

var describedRPC = regexp.MustCompile(`(?m)^\s*rpc (\w+) \(`)

// TestGrpcurl drives the chain with grpcurl, a gRPC client that knows nothing
// of it but what gRPC reflection tells it: the custom Query services are
// listed and described, each answers a real call, and the answer matches the
// CLI's for the same height.
func TestGrpcurl(t *testing.T) {
	bin := grpcurlBin(t)
	d := startDevnet(t)

	listed := strings.Fields(d.grpcurl(t, bin, nil, "list"))

	// The SDK serves Msg services through transactions, not as gRPC services,
	// so `list` and `describe` know only the Query services; the Msg services
	// are in the file descriptors cosmos.reflection.v1 hands out, which
	// grpcurl fetches by reflection too.
	var files struct {
		Files []struct {
			Package string `json:"package"`
			Service []struct {
				Name   string `json:"name"`
				Method []struct {
					Name string `json:"name"`
				} `json:"method"`
			} `json:"service"`
		} `json:"files"`
	}
	raw := d.grpcurl(t, bin, nil, "cosmos.reflection.v1.ReflectionService/FileDescriptors")
	require.NoError(t, json.Unmarshal([]byte(raw), &files))
	methodsOf := map[string][]string{}
	for _, fd := range files.Files {
		for _, s := range fd.Service {
			for _, m := range s.Method {
				methodsOf[fd.Package+"."+s.Name] = append(methodsOf[fd.Package+"."+s.Name], m.Name)
			}
		}
	}

	for _, svc := range customServices {
		if !strings.HasSuffix(svc, ".Query") {
			require.Contains(t, methodsOf[svc], "UpdateParams", "the file descriptors describe %s", svc)
			msg := strings.TrimSuffix(svc, "Msg") + "MsgUpdateParams"
			require.Contains(t, d.grpcurl(t, bin, nil, "describe", msg), msg+" is a message:")
			continue
		}
		require.Contains(t, listed, svc, "grpcurl list")
		described := d.grpcurl(t, bin, nil, "describe", svc)
		require.Contains(t, described, svc+" is a service:")
		var methods []string
		for _, m := range describedRPC.FindAllStringSubmatch(described, -1) {
			methods = append(methods, m[1])
		}
		require.Contains(t, methods, "Params", "grpcurl describe %s", svc)
		require.ElementsMatch(t, methodsOf[svc], methods, "describe and the file descriptors agree on %s", svc)
	}

	// One real query per module, read at one height by grpcurl (JSON names in
	// lowerCamelCase) and by the CLI (proto names); fields are proto paths.
	height, err := d.latestHeight()
	require.NoError(t, err)
	atHeight := []string{"-H", "x-cosmos-block-height: " + strconv.FormatInt(height, 10)}
	for _, tc := range []struct {
		method  string
		request string
		cli     []string
		fields  []string
	}{
		{
			method: "sessionchain.rewardpool.v1.Query/Pool",
			cli:    []string{"query", "rewardpool", "pool"},
			fields: []string{"balance", "emission.day", "emission.day_start_balance", "emission.day_reward", "emission.day_emitted"},
		},
		{
			method: "sessionchain.nodestaking.v1.Query/Nodes",
			cli:    []string{"query", "nodestaking", "nodes"},
			fields: []string{
				"nodes", "nodes.0.pubkey", "nodes.0.operator", "nodes.0.status", "nodes.0.total_staked",
				"nodes.0.fee_bps", "nodes.2.pubkey",
			},
		},
		{
			method:  "sessionchain.pro.v1.Query/Quote",
			request: `{"plan_id": 1}`,
			cli:     []string{"query", "pro", "quote", "1"},
			fields:  []string{"amount", "plan.id", "plan.name", "plan.price_usd"},
		},
		{
			method: "sessionchain.bridge.v1.Query/Supply",
			cli:    []string{"query", "bridge", "supply"},
			fields: []string{"chain_supply", "outbound_in_flight", "stats.minted"},
		},
	} {
		flags := atHeight
		if tc.request != "" {
			flags = append(append([]string{}, atHeight...), "-d", tc.request)
		}
		var viaGrpcurl, viaCLI any
		out := d.grpcurl(t, bin, flags, tc.method)
		require.NoError(t, json.Unmarshal([]byte(out), &viaGrpcurl), "%s: %s", tc.method, out)
		d.cliJSON(t, &viaCLI, append(tc.cli, "--height", strconv.FormatInt(height, 10))...)
		for _, path := range tc.fields {
			got, want := jsonPath(viaGrpcurl, path, true), jsonPath(viaCLI, path, false)
			require.NotNil(t, want, "%s: CLI %s has %s\n%v", tc.method, strings.Join(tc.cli, " "), path, viaCLI)
			require.Equal(t, want, got, "%s %s at height %d", tc.method, path, height)
		}
	}
}

// jsonPath returns the value at a dotted path of proto field names and list
// indexes in decoded JSON, in lowerCamelCase if camel, nil if absent; a list
// is returned as its length, so a path naming a list compares the counts.
func jsonPath(v any, path string, camel bool) any {
	for _, key := range strings.Split(path, ".") {
		switch node := v.(type) {
		case map[string]any:
			if camel {
				key = lowerCamel(key)
			}
			v = node[key]
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(node) {
				return nil
			}
			v = node[i]
		default:
			return nil
		}
	}
	if list, ok := v.([]any); ok {
		return len(list)
	}
	return v
}

// lowerCamel is protojson's JSON name of a proto field name: day_start_balance
// becomes dayStartBalance.
func lowerCamel(name string) string {
	parts := strings.Split(name, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
