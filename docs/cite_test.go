package docs

import (
	"os"
	"path"
	"regexp"
	"strings"
)

// rootEntries are the repository's top-level files and directories, hidden
// ones and build output left out.
var rootEntries = func() map[string]bool {
	entries, err := os.ReadDir(root)
	if err != nil {
		panic(err)
	}
	m := map[string]bool{}
	for _, e := range entries {
		if n := e.Name(); !strings.HasPrefix(n, ".") && n != "build" && n != "node_modules" {
			m[n] = true
		}
	}
	return m
}()

// unit is a table row or a sentence: the span within which a Go name belongs
// to the Go files cited beside it.
type unit struct {
	goFiles []string
	names   []string
}

// checkBlock checks the paths a block cites and the Go names each of its
// rows or sentences cites beside Go files.
func checkBlock(b block, idx *declIndex, bad *failures) {
	var ctx []string // directories of the paths cited so far, latest last
	// A span in the text of a link out of the repository names a file of
	// another repository.
	for _, text := range splitUnits(externalLink.ReplaceAllString(b.text, "")) {
		var u unit
		for _, m := range codeSpan.FindAllStringSubmatch(text, -1) {
			span := strings.TrimSuffix(strings.TrimSpace(m[1]), "()")
			if rel, ok := citePath(b, span, ctx, idx, bad); ok {
				if strings.HasSuffix(rel, ".go") {
					u.goFiles = append(u.goFiles, rel)
				}
				if isDir(rel) {
					ctx = append(ctx, rel)
				} else {
					ctx = append(ctx, path.Dir(rel))
				}
				continue
			}
			if goName.MatchString(span) && !sourceExts[path.Ext(span)] {
				u.names = append(u.names, span)
			}
		}
		for _, name := range u.names {
			if msg := idx.check(name, u.goFiles); msg != "" {
				bad.add(b.where() + ": " + msg)
			}
		}
	}
}

// plainPath is a source file's path written without backticks.
var plainPath = regexp.MustCompile(`(?:^|[\s(])((?:[a-z][\w-]*/)+[\w.-]+\.(?:go|md|proto|sol|sh))\b`)

// checkPlainPaths checks the source files a block names in plain text (out
// of code spans and links) from a top-level directory of the repository.
func checkPlainPaths(b block, bad *failures) {
	text := mdLink.ReplaceAllString(codeSpan.ReplaceAllString(b.text, ""), "]")
	for _, m := range plainPath.FindAllStringSubmatch(text, -1) {
		segs := strings.Split(m[1], "/")
		if !rootEntries[segs[0]] || segs[0] == "x" && sdkModules[segs[1]] && !exists("x/"+segs[1]) {
			continue
		}
		if !exists(m[1]) {
			bad.add(b.where() + ": names a path that is not in the repository: " + m[1])
		}
	}
}

// splitUnits splits a block into sentences, or returns a table row whole.
func splitUnits(text string) []string {
	if strings.HasPrefix(strings.TrimSpace(text), "|") {
		return []string{text}
	}
	// Hide the code spans so that a dot inside one does not end a sentence.
	var spans []string
	hidden := codeSpan.ReplaceAllStringFunc(text, func(s string) string {
		spans = append(spans, s)
		return "\x00"
	})
	var out []string
	for _, s := range sentences.Split(hidden, -1) {
		for strings.Contains(s, "\x00") {
			s = strings.Replace(s, "\x00", spans[0], 1)
			spans = spans[1:]
		}
		out = append(out, s)
	}
	return out
}

// runtimeDirs are directories that exist only once something runs: make's
// output (build/, ignored by git), a node's home (config/, data/) and the
// local networks' homes. A path under one is not looked for in the
// repository, whatever directory of the same name the repository holds
// elsewhere (app/data).
var runtimeDirs = map[string]bool{"build": true, "config": true, "data": true, ".localnet": true, ".devnet": true}

func isDir(rel string) bool {
	fi, err := os.Stat(path.Join(root, rel))
	return err == nil && fi.IsDir()
}

// citePath resolves a code span that is a repository path (see the package
// comment), recording a failure when it names a path that is not there. It
// reports whether the span resolved to an existing path, and that path.
func citePath(b block, span string, ctx []string, idx *declIndex, bad *failures) (string, bool) {
	if notPath.MatchString(span) {
		return "", false
	}
	span = lineRef.ReplaceAllString(strings.TrimSuffix(strings.TrimPrefix(span, "./"), "/"), "")
	if span == "" || span == "." {
		return "", false
	}
	segs := strings.Split(span, "/")
	bare := len(segs) == 1
	if bare && !sourceExts[path.Ext(span)] {
		return "", false
	}
	if !bare && rootEntries[segs[0]] {
		if segs[0] == "x" && sdkModules[segs[1]] && !exists("x/"+segs[1]) {
			return "", false // a Cosmos SDK module
		}
		if exists(span) {
			return span, true
		}
		if dir, name, ok := packageName(span); ok {
			if !idx.declares(dir, name) {
				bad.add(b.where() + ": `" + span + "`: package " + dir + " declares no " + name)
			}
			return dir, true
		}
		bad.add(b.where() + ": cites a path that is not in the repository: " + span)
		return "", false
	}
	dirs := []string{path.Dir(b.file)}
	for i := len(ctx) - 1; i >= 0; i-- {
		for d := ctx[i]; d != "." && d != "/"; d = path.Dir(d) {
			dirs = append(dirs, d)
		}
	}
	if bare {
		dirs = append(dirs, ".")
	}
	anchored := false // whether the span's first segment is in a candidate directory
	for _, d := range dirs {
		if exists(path.Join(d, span)) {
			return path.Join(d, span), true
		}
		anchored = anchored || !bare && exists(path.Join(d, segs[0]))
	}
	if (anchored || bare && len(ctx) > 0) && !runtimeDirs[segs[0]] {
		bad.add(b.where() + ": cites a path that is not in the repository: " + span +
			" (looked beside " + strings.Join(uniq(dirs), ", ") + ")")
	}
	return "", false
}

func uniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// packageName splits a package-qualified name (`x/internal/colls.Multi`,
// `client/proproof.Verify`) into the package's directory and the name.
func packageName(span string) (dir, name string, ok bool) {
	i := strings.LastIndex(span, "/")
	last := span[i+1:]
	pkg, name, found := strings.Cut(last, ".")
	if !found || !goName.MatchString(name) || !isDir(span[:i+1]+pkg) {
		return "", "", false
	}
	name, _, _ = strings.Cut(name, ".") // Type.Method: the type is enough
	return span[:i+1] + pkg, name, true
}
