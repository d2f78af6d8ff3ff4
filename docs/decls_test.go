package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// pkgDecls are the declarations of one directory's Go files.
type pkgDecls struct {
	names  map[string]bool            // the package's names (with "_test" dropped)
	decls  map[string]map[string]bool // file → "Func", "type:Type", "var:Name", "Recv.Method", "method:Method" (Keeper methods)
	types  map[string]bool            // type names
	fields map[string]bool            // "Type.field", field lower-cased without underscores
}

// declIndex reads a directory's declarations once.
type declIndex struct{ dirs map[string]*pkgDecls }

func newDeclIndex() *declIndex { return &declIndex{dirs: map[string]*pkgDecls{}} }

func (x *declIndex) dir(dir string) *pkgDecls {
	if p, ok := x.dirs[dir]; ok {
		return p
	}
	p := &pkgDecls{
		names: map[string]bool{}, decls: map[string]map[string]bool{},
		types: map[string]bool{}, fields: map[string]bool{},
	}
	x.dirs[dir] = p
	entries, err := os.ReadDir(filepath.Join(root, dir))
	if err != nil {
		return p
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(root, dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		p.names[strings.TrimSuffix(f.Name.Name, "_test")] = true
		p.decls[e.Name()] = p.add(f)
	}
	return p
}

// add records a file's declarations and returns its own.
func (p *pkgDecls) add(f *ast.File) map[string]bool {
	own := map[string]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) == 1 {
				recv := recvName(d.Recv.List[0].Type)
				own[recv+"."+d.Name.Name] = true
				if recv == "Keeper" {
					own["method:"+d.Name.Name] = true
				}
			} else {
				own[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if vs, ok := s.(*ast.ValueSpec); ok {
					for _, n := range vs.Names {
						own["var:"+n.Name] = true
					}
				}
				ts, ok := s.(*ast.TypeSpec)
				if !ok {
					continue
				}
				own["type:"+ts.Name.Name], p.types[ts.Name.Name] = true, true
				if st, ok := ts.Type.(*ast.StructType); ok {
					for _, fl := range st.Fields.List {
						for _, n := range fl.Names {
							p.fields[ts.Name.Name+"."+fieldKey(n.Name)] = true
						}
					}
				}
			}
		}
	}
	return own
}

func fieldKey(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }

// recvName is the type name of a method's receiver.
func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.IndexExpr:
		return recvName(e.X)
	case *ast.IndexListExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	}
	return ""
}

// check checks a Go name cited beside the Go files (see the package comment)
// and returns what is wrong, or "".
func (x *declIndex) check(name string, files []string) string {
	if len(files) == 0 {
		return ""
	}
	parts := strings.Split(name, ".")
	dirs := map[string]bool{}
	for _, f := range files {
		dirs[path.Dir(f)] = true
	}
	if len(parts) > 1 {
		var own []string
		for d := range dirs {
			if x.dir(d).names[parts[0]] {
				own = append(own, d)
			}
		}
		if len(own) > 0 {
			parts, dirs = parts[1:], map[string]bool{}
			for _, d := range own {
				dirs[d] = true
			}
		}
	}
	switch len(parts) {
	case 1:
		return x.checkFunc(name, parts[0], files, dirs)
	case 2:
		return x.checkMethod(name, parts[0], parts[1], files, dirs)
	}
	return ""
}

// checkFunc checks a bare name the cited packages declare as a function or a
// method of their Keeper (the documents' shorthand for a keeper method): one
// of the cited files must declare it (as a function, a Keeper method, or a
// type).
func (x *declIndex) checkFunc(name, fn string, files []string, dirs map[string]bool) string {
	if declaredIn(x, fn, files) || declaredIn(x, "type:"+fn, files) || declaredIn(x, "method:"+fn, files) {
		return ""
	}
	where := append(x.declaredElsewhere(fn, dirs), x.declaredElsewhere("method:"+fn, dirs)...)
	if len(where) > 0 {
		return "`" + name + "` is not declared in " + strings.Join(files, ", ") + " but in " + strings.Join(where, ", ")
	}
	return ""
}

// checkMethod checks T.M where T is a type of the cited packages: M is a
// method of T declared in a cited file, or a field of T.
func (x *declIndex) checkMethod(name, typ, m string, files []string, dirs map[string]bool) string {
	key := typ + "." + m
	if declaredIn(x, key, files) {
		return ""
	}
	isType := false
	for d := range dirs {
		p := x.dir(d)
		isType = isType || p.types[typ]
		if p.fields[typ+"."+fieldKey(m)] {
			return ""
		}
	}
	if !isType {
		return ""
	}
	if where := x.declaredElsewhere(key, dirs); len(where) > 0 {
		return "`" + name + "` is not declared in " + strings.Join(files, ", ") + " but in " + strings.Join(where, ", ")
	}
	return "`" + name + "`: no method or field " + m + " of " + typ + " in " + strings.Join(files, ", ")
}

func declaredIn(x *declIndex, key string, files []string) bool {
	for _, f := range files {
		if x.dir(path.Dir(f)).decls[path.Base(f)][key] {
			return true
		}
	}
	return false
}

// declaredElsewhere lists the non-test files of the packages that declare
// key (a test's fake of a bank method is not what a document cites).
func (x *declIndex) declaredElsewhere(key string, dirs map[string]bool) []string {
	var where []string
	for d := range dirs {
		for f, decls := range x.dir(d).decls {
			if decls[key] && !strings.HasSuffix(f, "_test.go") {
				where = append(where, path.Join(d, f))
			}
		}
	}
	sort.Strings(where)
	return where
}

// declares reports whether a package declares a top-level name.
func (x *declIndex) declares(dir, name string) bool {
	for _, decls := range x.dir(dir).decls {
		if decls[name] || decls["type:"+name] || decls["var:"+name] {
			return true
		}
	}
	return false
}
