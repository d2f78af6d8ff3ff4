package cmd_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	cmtcli "github.com/cometbft/cometbft/libs/cli"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client/flags"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/bech32"

	"github.com/sessiontoken/sessionchain/app"
	"github.com/sessiontoken/sessionchain/cmd/sessiond/cmd"
)

// Every example of every command, AutoCLI's for each module's queries and
// transactions included, runs a command that exists, with flags that
// command has and values those flags take (enum and address flags check
// theirs): an example a user copies must not fail with "unknown flag".
// The address placeholders session1... and sessionvaloper1... stand for
// real addresses; positional arguments are not checked.
func TestCommandExamplesParse(t *testing.T) {
	var checked int
	walk(newRoot(), func(c *cobra.Command) {
		for _, line := range exampleLines(c.Example) {
			args, err := shellWords(line)
			require.NoErrorf(t, err, "%s: example %q", c.CommandPath(), line)
			require.Equalf(t, app.Name, args[0], "%s: example %q", c.CommandPath(), line)
			t.Run(c.CommandPath()+"/"+line, func(t *testing.T) {
				// A fresh tree: ParseFlags keeps the values it sets.
				found, rest, err := newRoot().Find(args[1:])
				require.NoError(t, err)
				require.Truef(t, found.Runnable(), "%q is no command", found.CommandPath())
				require.NoError(t, found.ParseFlags(placeholders.Replace(rest)))
			})
			checked++
		}
	})
	// The modules' AutoCLI commands alone carry dozens of examples.
	require.Greater(t, checked, 80, "examples found")
}

// newRoot returns the root command with the flags sessiond's main adds
// (svrcmd.Execute): --home, --trace and the log flags.
func newRoot() *cobra.Command {
	root := cmd.NewRootCmd()
	root.PersistentFlags().String(flags.FlagLogLevel, "info", "")
	root.PersistentFlags().String(flags.FlagLogFormat, "plain", "")
	root.PersistentFlags().Bool(flags.FlagLogNoColor, false, "")
	root.PersistentFlags().String(flags.FlagVerboseLogLevel, "debug", "")
	cmtcli.PrepareBaseCmd(root, "", app.DefaultNodeHome)
	return root
}

// placeholders replaces the examples' address placeholders with addresses.
var placeholders = func() replacer {
	acc := sdk.AccAddress(bytes.Repeat([]byte{1}, 20))
	val := sdk.ValAddress(bytes.Repeat([]byte{2}, 20))
	return replacer{
		app.Bech32Prefix + "1...":        mustBech32(app.Bech32Prefix, acc),
		app.Bech32Prefix + "valoper1...": mustBech32(app.Bech32Prefix+"valoper", val),
	}
}()

// replacer replaces whole words.
type replacer map[string]string

// Replace returns words with each placeholder word replaced, also after
// a flag's "=".
func (r replacer) Replace(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		name, value, isFlag := strings.Cut(w, "=")
		switch {
		case r[w] != "":
			out[i] = r[w]
		case isFlag && strings.HasPrefix(name, "--") && r[value] != "":
			out[i] = name + "=" + r[value]
		default:
			out[i] = w
		}
	}
	return out
}

func mustBech32(prefix string, bz []byte) string {
	s, err := bech32.ConvertAndEncode(prefix, bz)
	if err != nil {
		panic(err)
	}
	return s
}

// walk calls f on c and every command under it.
func walk(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walk(sub, f)
	}
}

// exampleLines returns the command lines of an example: those that start
// with "sessiond ", a line ending in a backslash joined with the next.
func exampleLines(example string) []string {
	var lines []string
	var cur string
	for _, l := range strings.Split(example, "\n") {
		l = strings.TrimSpace(l)
		if cont, ok := strings.CutSuffix(l, `\`); ok {
			cur += cont + " "
			continue
		}
		l = cur + l
		cur = ""
		if strings.HasPrefix(l, "sessiond ") {
			lines = append(lines, l)
		}
	}
	return lines
}

// shellWords splits a command line as a POSIX shell would for the quoting
// the examples use: single quotes, double quotes with backslash escapes
// (a command substitution inside them stays literal text), and blanks.
func shellWords(line string) ([]string, error) {
	var (
		words []string
		word  strings.Builder
		in    bool // inside a word
		quote rune
	)
	runes := []rune(line)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				word.WriteRune(r)
			}
		case quote == '"':
			switch {
			case r == '"':
				quote = 0
			case r == '\\' && i+1 < len(runes) && strings.ContainsRune(`"\$`+"`", runes[i+1]):
				i++
				word.WriteRune(runes[i])
			default:
				word.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				words = append(words, word.String())
				word.Reset()
				in = false
			}
		default:
			word.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, errUnterminated
	}
	if in {
		words = append(words, word.String())
	}
	return words, nil
}

var errUnterminated = errors.New("unterminated quote")
