package layout

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// makeVar matches a variable of the Makefile, NAME = value, on one line.
var makeVar = regexp.MustCompile(`(?m)^([A-Z_]+)\s*\??=\s*(.*)$`)

// skipUnderRaceTests returns, by package folder, the tests of the module that call
// skipUnderRace: the tests that go test -race skips.
func skipUnderRaceTests(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || (strings.HasPrefix(d.Name(), ".") && p != root)) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil || !strings.HasPrefix(fn.Name.Name, "Test") {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "skipUnderRace" {
						out[filepath.ToSlash(rel)] = append(out[filepath.ToSlash(rel)], fn.Name.Name)
						return false
					}
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNoRaceListed checks that the Makefile's test target runs, without the race
// detector, every test that skips itself under it: NORACE names exactly the tests
// that call skipUnderRace, and NORACE_PKGS every package that holds one. A test
// left out would run nowhere in CI.
func TestNoRaceListed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range makeVar.FindAllStringSubmatch(string(data), -1) {
		vars[m[1]] = strings.TrimSpace(m[2])
	}
	if !strings.Contains(string(data), "-run '^($(NORACE))$$' $(NORACE_PKGS)") {
		t.Errorf("the Makefile does not run the NORACE tests in NORACE_PKGS")
	}
	listed := strings.Split(vars["NORACE"], "|")
	pkgs := strings.Fields(vars["NORACE_PKGS"])
	var skipping []string
	for dir, tests := range skipUnderRaceTests(t) {
		if !slices.Contains(pkgs, "./"+dir) {
			t.Errorf("%s has tests that skip under -race, but is not in the Makefile's NORACE_PKGS (%v)", dir, pkgs)
		}
		skipping = append(skipping, tests...)
	}
	sort.Strings(listed)
	sort.Strings(skipping)
	for _, n := range skipping {
		if !slices.Contains(listed, n) {
			t.Errorf("%s skips under -race but is not in the Makefile's NORACE: it would run nowhere in make test", n)
		}
	}
	for _, n := range listed {
		if !slices.Contains(skipping, n) {
			t.Errorf("the Makefile's NORACE names %s, which does not call skipUnderRace", n)
		}
	}
}
