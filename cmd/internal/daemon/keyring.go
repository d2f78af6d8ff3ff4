package daemon

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cosmos/cosmos-sdk/crypto/keyring"
)

// KeyringInput is the input a daemon opens its keyring with: for the file
// backend, the passphrase read from passwordFile, given as often as the
// keyring asks; for the others, nothing.
func KeyringInput(backend, passwordFile string) (io.Reader, error) {
	if backend != keyring.BackendFile {
		return strings.NewReader(""), nil
	}
	pw, err := os.ReadFile(passwordFile) // #nosec G304 -- the operator names the file
	if err != nil {
		return nil, fmt.Errorf("keyring password: %w", err)
	}
	return &repeatLine{line: strings.TrimRight(string(pw), "\r\n") + "\n"}, nil
}

// repeatLine is an endless reader of one line, one line per Read: the file
// keyring reads its passphrase with a fresh reader every time it asks.
type repeatLine struct{ line string }

func (r *repeatLine) Read(p []byte) (int, error) { return copy(p, r.line), nil }
