// Package layout holds the tests that keep the house in order: which package may
// import which (the arrows of the design's layout sketch), how many of the module's
// packages the command imports, and how long a source file may grow.
package layout

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/cadence-run/cadence/"

// arrows lists, for every package of the module, the module's packages it may import.
// Each arrow points down: nothing imports the command, and the domain packages never
// import the pipeline, the report or the command.
var arrows = map[string][]string{
	"cmd/cadence":               {"ingest", "report", "coach", "analysis"},
	"cmd/synth-archive":         {"internal/synth"},
	"ingest":                    {"fitparse", "analysis", "history", "coach", "exportmeta", "notes", "localtime", "activity"},
	"report":                    {"coach", "analysis", "activity", "report/internal/vgpng", "fitwrite"},
	"report/internal/vgpng":     {},
	"coach":                     {"analysis", "activity", "notes"},
	"history":                   {"analysis"},
	"analysis":                  {"activity"},
	"fitparse":                  {"activity", "fitparse/internal/fitfast", "fitparse/internal/xmlscan"},
	"fitparse/internal/fitfast": {"activity"},
	"fitparse/internal/xmlscan": {},
	"exportmeta":                {"activity"},
	"fitwrite":                  {},
	"notes":                     {"activity"},
	"localtime":                 {},
	"activity":                  {},
	"internal/synth":            {},
}

// root is the module's folder.
const root = "../.."

// imports returns the module packages that the non-test Go files of dir import.
func imports(t *testing.T, dir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	entries, err := os.ReadDir(filepath.Join(root, dir))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(root, dir, n), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(p, module) {
				out[strings.TrimPrefix(p, module)] = true
			}
		}
	}
	return out
}

// packages returns every folder of the module that holds non-test Go files.
func packages(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || (strings.HasPrefix(d.Name(), ".") && p != root)) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			seen[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// TestArrows checks every package's imports against the arrows, and that every
// package is in the sketch.
func TestArrows(t *testing.T) {
	for _, pkg := range packages(t) {
		allowed, ok := arrows[pkg]
		if !ok {
			t.Errorf("package %s is not in the layout: add it to arrows with the packages it may import", pkg)
			continue
		}
		for im := range imports(t, pkg) {
			if !slices.Contains(allowed, im) {
				t.Errorf("%s imports %s, which the layout does not allow (allowed: %v)", pkg, im, allowed)
			}
		}
	}
	if n := len(imports(t, "cmd/cadence")); n > 4 {
		t.Errorf("cmd/cadence imports %d of the module's packages, want at most 4", n)
	}
}

// TestFileLength checks that no hand-written Go file outside the tests is over 800
// lines: a longer one holds more than one job.
func TestFileLength(t *testing.T) {
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || (strings.HasPrefix(d.Name(), ".") && p != root)) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), "// Code generated") {
			return nil
		}
		if n := strings.Count(string(data), "\n"); n > 800 {
			rel, _ := filepath.Rel(root, p)
			t.Errorf("%s has %d lines, more than 800: split it by what each part does", rel, n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
