package chainregistry

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
)

// The files Write makes under <dir>/<chain_name>/.
const (
	ChainFile     = "chain.json"
	AssetListFile = "assetlist.json"
	KeplrFile     = "keplr-chain-info.json"
	PingPubFile   = "ping.pub.json"
)

// BuildVersions reads the SDK and CometBFT versions this binary was built
// with, so chain.json names what the chain really runs.
func BuildVersions() (Versions, error) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Versions{}, fmt.Errorf("the binary carries no build information")
	}
	var v Versions
	for _, dep := range info.Deps {
		m := dep
		if m.Replace != nil {
			m = m.Replace
		}
		switch dep.Path {
		case "github.com/cosmos/cosmos-sdk":
			v.SDK = m.Version
		case "github.com/cometbft/cometbft":
			v.CometBFT = m.Version
		}
	}
	if v.SDK == "" || v.CometBFT == "" {
		return Versions{}, fmt.Errorf("build information lacks the cosmos-sdk or cometbft module")
	}
	return v, nil
}

// Files returns each generated file's path under dir and its content.
func (c Chain) Files(dir string) (map[string][]byte, error) {
	base := filepath.Join(dir, c.Source.ChainName)
	docs := map[string]any{
		ChainFile:     c.ChainJSON(),
		AssetListFile: c.AssetList(),
		KeplrFile:     c.Keplr(),
		PingPubFile:   c.PingPub(),
	}
	out := make(map[string][]byte, len(docs))
	for name, doc := range docs {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[filepath.Join(base, name)] = buf.Bytes()
	}
	return out, nil
}

// Write writes the generated files under dir/<chain_name>/ and returns their
// paths.
func (c Chain) Write(dir string) ([]string, error) {
	files, err := c.Files(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, c.Source.ChainName), 0o755); err != nil { //nolint:gosec // public metadata, meant to be read by all
		return nil, err
	}
	paths := make([]string, 0, len(files))
	for _, name := range []string{ChainFile, AssetListFile, KeplrFile, PingPubFile} {
		p := filepath.Join(dir, c.Source.ChainName, name)
		if err := os.WriteFile(p, files[p], 0o644); err != nil { //nolint:gosec // public metadata, meant to be read by all
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
