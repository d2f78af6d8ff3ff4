//go:build e2e

// Package e2e runs end-to-end tests against real sessiond processes: each
// test starts its own single-validator chain with scripts/devnet.sh on free
// loopback ports and drives it through the CLI, gRPC and REST.
//
// Run with
//
//	go test -tags e2e -count=1 -v ./tests/e2e/...
//
// SESSIOND_BIN=<path> reuses a binary already built (make test-e2e does);
// otherwise TestMain builds ./cmd/sessiond once into a temporary directory.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var (
	// repoRoot is the root of the sessionchain repository.
	repoRoot string
	// sessiondBin is the absolute path of the sessiond binary under test.
	sessiondBin string
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	var err error
	repoRoot, err = findRepoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}

	if bin := os.Getenv("SESSIOND_BIN"); bin != "" {
		if !filepath.IsAbs(bin) {
			// go test runs in the package directory; a relative path is
			// meant from the repository root, where make and people run it.
			bin = filepath.Join(repoRoot, bin)
		}
		if fi, err := os.Stat(bin); err == nil && !fi.IsDir() {
			sessiondBin = bin
			fmt.Fprintf(os.Stderr, "e2e: using SESSIOND_BIN=%s\n", bin)
			return m.Run()
		}
		fmt.Fprintf(os.Stderr, "e2e: SESSIOND_BIN=%s does not exist; building sessiond\n", bin)
	}

	dir, err := os.MkdirTemp("", "sessiond-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	sessiondBin = filepath.Join(dir, "sessiond")
	build := exec.Command("go", "build", "-o", sessiondBin, "./cmd/sessiond")
	build.Dir = repoRoot
	build.Stdout = os.Stderr
	build.Stderr = os.Stderr
	fmt.Fprintf(os.Stderr, "e2e: building sessiond into %s\n", sessiondBin)
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: go build ./cmd/sessiond:", err)
		return 1
	}
	return m.Run()
}

// findRepoRoot returns the repository root: go test runs a package's tests in
// the package directory, tests/e2e, so the root is two levels up.
func findRepoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	root := filepath.Clean(filepath.Join(wd, "..", ".."))
	for _, p := range []string{"go.mod", "scripts/devnet.sh", "cmd/sessiond"} {
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			return "", fmt.Errorf("%s does not look like the repository root: %w", root, err)
		}
	}
	return root, nil
}
