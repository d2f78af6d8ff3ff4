// Package cli holds the hand-written nodestaking commands: those signed by
// a node's Ed25519 key (registration, uptime proofs, quorum votes) and node
// key files. AutoCLI builds the other commands.
package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// NodeKeyFile formats: the hex of the 32-byte Ed25519 seed, one line.

// LoadNodeKey reads a node key file.
func LoadNodeKey(path string) (ed25519.PrivateKey, error) {
	bz, err := os.ReadFile(path) // #nosec G304 -- the user names the key file
	if err != nil {
		return nil, err
	}
	seed, err := hex.DecodeString(strings.TrimSpace(string(bz)))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%s does not hold a hex Ed25519 seed of %d bytes", path, ed25519.SeedSize)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// keyFromFlag loads the node key from the file the flag name gives.
func keyFromFlag(cmd *cobra.Command, name string) (ed25519.PrivateKey, error) {
	path, err := cmd.Flags().GetString(name)
	if err != nil {
		return nil, err
	}
	return LoadNodeKey(path)
}

// WriteNodeKey writes a new random node key to path (which must not exist)
// and returns it.
func WriteNodeKey(path string) (ed25519.PrivateKey, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- the user names the key file
	if err != nil {
		return nil, err
	}
	if _, err := fmt.Fprintln(f, hex.EncodeToString(key.Seed())); err != nil {
		_ = f.Close()
		return nil, err
	}
	return key, f.Close()
}

// NodeKeyCmd is `sessiond node-key`: make and read Session Node key files.
func NodeKeyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "node-key",
		Short: "Create or show a Session Node Ed25519 key file",
		Long: "A Session Node is named by its Ed25519 public key. Registering a node needs a signature by that key;\n" +
			"'sessiond tx nodestaking register-node' makes it from a key file (the hex of the 32-byte seed).",
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:     "generate [file]",
			Short:   "Write a new random node key to a file and print its public key",
			Example: "sessiond node-key generate node1.key",
			Args:    cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				key, err := WriteNodeKey(args[0])
				if err != nil {
					return err
				}
				_, err = fmt.Fprintln(cmd.OutOrStdout(), hex.EncodeToString(key.Public().(ed25519.PublicKey)))
				return err
			},
		},
		&cobra.Command{
			Use:     "show [file]",
			Short:   "Print the public key of a node key file",
			Example: "sessiond node-key show node1.key",
			Args:    cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				key, err := LoadNodeKey(args[0])
				if err != nil {
					return err
				}
				_, err = fmt.Fprintln(cmd.OutOrStdout(), hex.EncodeToString(key.Public().(ed25519.PublicKey)))
				return err
			},
		},
	)
	return cmd
}
