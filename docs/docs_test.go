// Package docs holds the design documents. Its test keeps what they cite of
// the repository true: the documents are read by newcomers who have only
// them, so a path that moved or a function that was renamed is a bug here.
//
// TestDocsCiteTheRepository reads README.md, docs/*.md, docs/adr/*.md,
// x/*/README.md and cmd/*/README.md (fenced code blocks excepted) and checks:
//
//   - every relative markdown link names a file or directory that exists,
//     and, when it has a #fragment, a heading of the linked document (the
//     fragment as GitHub spells it: lower case, punctuation dropped, spaces
//     as hyphens);
//   - every backticked path exists. A path is a span without spaces,
//     wildcards or placeholders (`x/<module>`, `{a,b}`, `...`) that
//     contains a slash and starts with one of the repository's top-level
//     entries, or starts with an entry of the document's own directory, or
//     of the directory (or an ancestor) of a path cited earlier in the same
//     paragraph or table row (`keeper/abci.go` after `x/names/keeper/...`).
//     Cosmos SDK modules (`x/bank`, `x/staking`, ...) are not in the
//     repository and are not checked. A bare source file name (`.go`, `.md`,
//     `.proto`, `.sol`, `.sh`) is checked against the document's directory,
//     the directories of the paths cited before it in the paragraph or row
//     and their ancestors; with no such path before it, it is not checked.
//     A package-qualified name (`x/internal/colls.Multi`) must be declared
//     in that package;
//   - every source file (.go, .md, .proto, .sol, .sh) named in plain text
//     with a path from a top-level directory (x/pro/keeper/price.go) exists;
//   - every backticked Go name in a table row or sentence that also cites
//     Go files (`Keeper.pay`, `rewards.Keeper.Claim`, `msgServer.Subscribe`,
//     `settle`) is declared in one of those files. A name is only checked
//     when it belongs to the cited files' packages: a leading package name is
//     dropped when it is one of theirs (`rewards.` for component/rewards);
//     `X.Y` is checked when X is a type of those packages (a method or a
//     field of X named Y must be declared, the method in a cited file); a
//     bare name is checked when the packages' non-test files declare it as a
//     function or a method of their Keeper (it must be in a cited file).
//     Names of other packages (`types.DayReward`, `revenue.Split`, bank
//     calls) and names with no Go file beside them are not checked.
//
// TestCodeCitesTheRepository reads the comments of the non-generated Go files
// in x/, app/, cmd/ and testutil/ and checks that every .md file they cite,
// and every path that starts with a top-level directory (`x/...`, `docs/...`),
// exists: from the repository root, or from the commenting file's directory
// or one of its ancestors (`client/cli` in a module; a bare `README.md` only
// beside the file or above it, never the repository's own); and that the sections a comment names after a document of docs/
// ("docs/architecture.md, Reference numbers: Stakes", "docs/architecture.md's
// Invariants", `docs/performance.md "x/names"`) are headings of it.
package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// root is the repository root, seen from this package's directory.
const root = ".."

// documents are the globs of the documents checked, from the root.
var documents = []string{"README.md", "docs/*.md", "docs/adr/*.md", "x/*/README.md", "cmd/*/README.md"}

// sdkModules are the Cosmos SDK's modules, which documents and comments name
// as x/<name> although they are not in this repository.
var sdkModules = map[string]bool{
	"accounts": true, "auth": true, "authz": true, "bank": true, "circuit": true, "consensus": true,
	"crisis": true, "distribution": true, "epochs": true, "evidence": true, "feegrant": true,
	"genutil": true, "gov": true, "group": true, "mint": true, "nft": true, "params": true,
	"protocolpool": true, "simulation": true, "slashing": true, "staking": true, "upgrade": true,
	"tx": true,
}

// sourceExts are the extensions of the bare file names checked.
var sourceExts = map[string]bool{".go": true, ".md": true, ".proto": true, ".sol": true, ".sh": true}

var (
	codeSpan     = regexp.MustCompile("`([^`]+)`")
	externalLink = regexp.MustCompile(`\[[^\]]*\]\([a-z]+:[^)]*\)`)
	mdLink       = regexp.MustCompile(`\]\(([^()\s]+)(?:\s+"[^"]*")?\)`)
	goName       = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
	heading      = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	notPath      = regexp.MustCompile(`[\s*<>{}$~?=@,;'"|]|\.\.\.|://|^[/-]`)
	lineRef      = regexp.MustCompile(`:[0-9]+(-[0-9]+)?$`)
	sentences    = regexp.MustCompile(`[.;:]\s+`)
)

// failures collects what a test found, sorted and reported once.
type failures []string

func (f *failures) add(format string) { *f = append(*f, format) }

func (f failures) report(t *testing.T, what string) {
	t.Helper()
	sort.Strings(f)
	for _, s := range f {
		t.Error(s)
	}
	if len(f) > 0 {
		t.Logf("%d %s", len(f), what)
	}
}

func TestDocsCiteTheRepository(t *testing.T) {
	files := documentFiles(t)
	if len(files) < 10 {
		t.Fatalf("found only %d documents: is the test run from docs/?", len(files))
	}
	idx := newDeclIndex()
	var bad failures
	for _, file := range files {
		checkDocument(t, file, idx, &bad)
	}
	bad.report(t, "stale citations in the documents")
}

// documentFiles lists the documents, as paths from the root.
func documentFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, g := range documents {
		m, err := filepath.Glob(filepath.Join(root, g))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			rel, err := filepath.Rel(root, f)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, filepath.ToSlash(rel))
		}
	}
	return files
}

// exists reports whether a path from the root exists.
func exists(rel string) bool {
	_, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
	return err == nil
}

// block is a paragraph or a table row of a document: the unit within which a
// bare file name resolves against the paths cited before it.
type block struct {
	file string // the document, from the root
	line int    // the block's first line
	text string
}

// blocks splits a document into paragraphs and table rows, leaving out
// fenced code and headings, and returns its headings' anchors.
func blocks(file, text string) ([]block, map[string]bool) {
	var out []block
	anchors := map[string]bool{}
	var cur []string
	start, fenced := 0, false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, block{file: file, line: start, text: strings.Join(cur, "\n")})
		}
		cur = nil
	}
	for i, line := range strings.Split(text, "\n") {
		trim := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~"):
			flush()
			fenced = !fenced
		case fenced:
		case trim == "":
			flush()
		case heading.MatchString(trim):
			flush()
			anchors[anchor(heading.FindStringSubmatch(trim)[1])] = true
		case strings.HasPrefix(trim, "|") || strings.HasPrefix(trim, "- ") || strings.HasPrefix(trim, "* "):
			flush()
			cur, start = []string{line}, i+1
			if strings.HasPrefix(trim, "|") {
				flush()
			}
		default:
			if len(cur) == 0 {
				start = i + 1
			}
			cur = append(cur, line)
		}
	}
	flush()
	return out, anchors
}

// anchor is the fragment GitHub gives a heading.
func anchor(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func checkDocument(t *testing.T, file string, idx *declIndex, bad *failures) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		t.Fatal(err)
	}
	bs, anchors := blocks(file, string(raw))
	for _, b := range bs {
		checkLinks(b, anchors, bad)
		checkBlock(b, idx, bad)
		checkPlainPaths(b, bad)
	}
}

// checkLinks checks the block's relative links and their fragments.
func checkLinks(b block, anchors map[string]bool, bad *failures) {
	text := codeSpan.ReplaceAllString(b.text, "")
	for _, m := range mdLink.FindAllStringSubmatch(text, -1) {
		target := m[1]
		if strings.Contains(target, ":") {
			continue // a URL or mailto
		}
		path, frag, _ := strings.Cut(target, "#")
		rel := filepath.ToSlash(filepath.Clean(filepath.Join(filepath.Dir(b.file), path)))
		switch {
		case path == "":
			if frag != "" && !anchors[frag] {
				bad.add(b.where() + ": link to a heading that is not there: " + target)
			}
		case !exists(rel):
			bad.add(b.where() + ": link to a path that is not in the repository: " + target)
		case frag != "" && strings.HasSuffix(path, ".md"):
			if !documentAnchors(rel)[frag] {
				bad.add(b.where() + ": link to a heading that is not in " + rel + ": " + target)
			}
		}
	}
}

func (b block) where() string { return b.file + ":" + strconv.Itoa(b.line) }

// documentAnchors reads the anchors of a document, from the root.
func documentAnchors(rel string) map[string]bool {
	raw, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		return nil
	}
	_, anchors := blocks(rel, string(raw))
	return anchors
}
