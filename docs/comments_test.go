package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// codeDirs are the directories whose Go comments are checked.
var codeDirs = []string{"x", "app", "cmd", "testutil"}

var (
	mdRef   = regexp.MustCompile("(?:^|[\\s(\"'`])([\\w./-]*\\w\\.md)\\b")
	repoRef = regexp.MustCompile("(?:^|[\\s(\"'`])((?:[a-z][\\w-]*)/[\\w./-]*\\w)")
)

func TestCodeCitesTheRepository(t *testing.T) {
	var bad failures
	n := 0
	for _, dir := range codeDirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || generatedName(p) {
				return err
			}
			n++
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			return checkComments(filepath.ToSlash(rel), &bad)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 100 {
		t.Fatalf("read only %d Go files: is the test run from docs/?", n)
	}
	bad.report(t, "stale citations in code comments")
}

func generatedName(p string) bool {
	return strings.HasSuffix(p, ".pb.go") || strings.HasSuffix(p, ".pb.gw.go") || strings.HasSuffix(p, ".pulsar.go")
}

// commentDecls reads the declarations of the packages comments name.
var commentDecls = newDeclIndex()

// checkComments checks the paths and package-qualified names a Go file's
// comments cite.
func checkComments(rel string, bad *failures) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(root, rel), nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	if ast.IsGenerated(f) {
		return nil
	}
	for _, g := range f.Comments {
		for _, c := range g.List {
			for _, ref := range commentRefs(c.Text) {
				where := rel + ":" + strconv.Itoa(fset.Position(c.Pos()).Line)
				if commentPathExists(rel, ref) {
					continue
				}
				if dir, name, ok := packageName(ref); ok {
					// A package-qualified name: x/internal/moduleutil.Services.
					if !commentDecls.declares(dir, name) {
						bad.add(where + ": comment cites " + ref + ": package " + dir + " declares no " + name)
					}
					continue
				}
				bad.add(where + ": comment cites a path that is not in the repository: " + ref)
			}
		}
		where := rel + ":" + strconv.Itoa(fset.Position(g.Pos()).Line)
		checkSections(where, strings.Join(strings.Fields(g.Text()), " "), bad)
	}
	return nil
}

// sectionRef is a document of docs/ cited with section names after it:
// "docs/architecture.md, Reference numbers: Stakes", "docs/architecture.md
// (Reference numbers, Emission)", "docs/architecture.md's Invariants",
// `docs/performance.md "x/names"`.
var sectionRef = regexp.MustCompile(`(docs/[\w/-]+\.md)(?:, ([^.;()]+)|'s ([^.;():]+)| \(([^.;()]+)\)| "([^"]+)")`)

// sectionSep separates the section names of one citation.
var sectionSep = regexp.MustCompile(`: |, | and `)

// checkSections checks that the sections a comment names after a document
// of docs/ are headings of that document.
func checkSections(where, text string, bad *failures) {
	for _, m := range sectionRef.FindAllStringSubmatch(text, -1) {
		doc, names := m[1], strings.Join(m[2:], "")
		anchors := documentAnchors(doc)
		if anchors == nil {
			continue // a missing document is reported as a path
		}
		for _, name := range sectionSep.Split(strings.TrimRight(names, " :"), -1) {
			if name = strings.TrimSpace(name); name != "" && !anchors[anchor(name)] {
				bad.add(where + ": comment cites a section that is not in " + doc + ": " + name)
			}
		}
	}
}

// commentRefs are the .md files and the paths starting with a top-level
// directory that a comment names.
func commentRefs(text string) []string {
	var refs []string
	for _, m := range mdRef.FindAllStringSubmatch(text, -1) {
		refs = append(refs, m[1])
	}
	for _, m := range repoRef.FindAllStringSubmatch(text, -1) {
		p := strings.TrimRight(m[1], ".")
		first, rest, _ := strings.Cut(p, "/")
		if !rootEntries[first] || strings.HasSuffix(p, ".md") {
			continue
		}
		if first == "x" && sdkModules[strings.Split(rest, "/")[0]] && !exists("x/"+strings.Split(rest, "/")[0]) {
			continue // a Cosmos SDK module
		}
		refs = append(refs, p)
	}
	return refs
}

// commentPathExists resolves a cited path from the root or from the citing
// file's directory and its ancestors.
// A bare file name (`README.md`) resolves only beside the file or above it
// below the root: a command's README, not the repository's.
func commentPathExists(file, ref string) bool {
	if strings.Contains(ref, "/") && exists(ref) {
		return true
	}
	for d := path.Dir(file); d != "." && d != "/"; d = path.Dir(d) {
		if exists(path.Join(d, ref)) {
			return true
		}
	}
	return false
}
