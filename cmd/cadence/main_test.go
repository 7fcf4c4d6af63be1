package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestMain keeps the tests' history out of the user's cache folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cadence-test-cache")
	if err != nil {
		panic(err)
	}
	// The go command keeps its build cache in the same folder: keep it where it was,
	// or tests that build cadence would build everything from scratch.
	if os.Getenv("GOCACHE") == "" {
		if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
			os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
		}
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// built is the command built once for the tests that run it as a process, in a
// folder that TestMain removes at the end.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// buildCadence builds the command, once per test run, into a temporary folder for
// tests that run it as a process, and returns its path.
func buildCadence(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "cadence-bin"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "cadence")
		if out, err := exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// cli runs cadence in-process and returns its stdout, stderr and status.
func cli(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		os.WriteFile(path+".got", []byte(got), 0o644)
		t.Errorf("output differs from %s (got written to %s.got):\n%s", path, path, got)
	}
}

const samples = "../../testdata/sample"

func TestAnalyzeTextGolden(t *testing.T) {
	out, errs, code := cli(t, "", "analyze", "-j", "2", samples)
	if code != 0 || errs != "" {
		t.Fatalf("status %d, stderr %q", code, errs)
	}
	golden(t, "analyze-samples.txt", out)
}

func TestAnalyzeOneFileDetailGolden(t *testing.T) {
	out, _, code := cli(t, "", "analyze", "--units", "imperial", samples+"/fitparse-stryd-run-devfields.fit")
	if code != 0 {
		t.Fatalf("status %d", code)
	}
	golden(t, "analyze-stryd-imperial.txt", out)
}

func TestAnalyzeJSONGolden(t *testing.T) {
	out, _, code := cli(t, "", "analyze", "--format", "json", samples)
	if code != 0 {
		t.Fatalf("status %d", code)
	}
	golden(t, "analyze-samples.jsonl", out)
	// The contract in design.md: these keys on every line.
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"file", "index", "sport", "start", "moving_s", "elapsed_s", "distance_m", "pace_s_per_km", "cadence_spm", "overstride", "warnings"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: no key %q", m["file"], k)
			}
		}
		if m["sport"] == "cycling" && (m["overstride"] != false || m["cadence_spm"] != nil) {
			t.Errorf("a ride with overstride=%v cadence_spm=%v", m["overstride"], m["cadence_spm"])
		}
	}
}

func TestAnalyzeCSVGolden(t *testing.T) {
	out, _, code := cli(t, "", "analyze", "--format", "csv", samples)
	if code != 0 {
		t.Fatalf("status %d", code)
	}
	golden(t, "analyze-samples.csv", out)
}

// TestAnalyzeBadFileGoesOn checks that a bad file is one line on stderr naming it and
// an error object on stdout, the other files are still analysed, and the status is 1.
func TestAnalyzeBadFileGoesOn(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.fit")
	os.WriteFile(bad, []byte("\x0e\x10\x00\x00\x10\x00\x00\x00.FIT\x00\x00garbage"), 0o644)
	out, errs, code := cli(t, "", "analyze", "--format", "json", bad, samples+"/workoutizer-garmin-fr25-run-pauses.fit")
	if code != 1 {
		t.Errorf("status %d, want 1", code)
	}
	if lines := strings.Split(strings.TrimSpace(errs), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "broken.fit") {
		t.Errorf("stderr %q: want one line naming broken.fit", errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"error"`) || !strings.Contains(lines[1], `"workout":{"reps":6`) {
		t.Errorf("stdout:\n%s", out)
	}
}

func TestStdinDash(t *testing.T) {
	data, err := os.ReadFile(samples + "/heartandsole-garmin-fr220-run-tiny.tcx")
	if err != nil {
		t.Fatal(err)
	}
	out, _, code := cli(t, string(data), "analyze", "--format", "csv", "-")
	// Local time in Boulder, from the zone of the GPS start.
	if code != 0 || !strings.Contains(out, "\n-,0,running,2021-04-16T07:37:53-06:00") {
		t.Errorf("status %d, out %q", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"analyze"},
		{"analyze", "--format", "xml", samples},
		{"analyze", "--units", "furlongs", samples},
		{"analyze", "--threshold", "20", samples},
		{"analyze", "-j", "0", samples},
		{"analyze", "--no-such-flag", samples},
		{"help", "nope"},
	} {
		out, errs, code := cli(t, "", args...)
		if code != 2 || errs == "" || out != "" {
			t.Errorf("cadence %q: status %d, stdout %q, stderr %q; want 2 with a message on stderr", args, code, out, errs)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	out, _, code := cli(t, "", "help")
	if code != 0 || !strings.Contains(out, "analyze") || !strings.Contains(out, "report") {
		t.Errorf("help: %d %q", code, out)
	}
	out, _, code = cli(t, "", "help", "analyze")
	if code != 0 || !strings.Contains(out, "--threshold") && !strings.Contains(out, "-threshold") {
		t.Errorf("help analyze: %d %q", code, out)
	}
	out, _, code = cli(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "cadence ") {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestAnalyzeCorpusBadFiles runs every file in ../shared/corpus/bad through analyze:
// each gives an error naming it (stderr and an error object) or activities, never a
// crash, and the status is 1 because some fail.
func TestAnalyzeCorpusBadFiles(t *testing.T) {
	dir := "../../../shared/corpus/bad"
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) == 0 {
		t.Skipf("corpus not found at %s: skipping", dir)
	}
	out, errs, code := cli(t, "", append([]string{"analyze", "--format", "json"}, files...)...)
	if code != 1 {
		t.Errorf("status %d, want 1", code)
	}
	seen := map[string]bool{}
	failed := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not JSON: %s", line)
		}
		f, _ := m["file"].(string)
		seen[f] = true
		if e, ok := m["error"].(string); ok {
			failed++
			if !strings.Contains(errs, f+": ") || strings.Contains(errs, "panic") || strings.Contains(errs, "goroutine") {
				t.Errorf("%s: error %q not reported on stderr as one line naming the file", f, e)
			}
		}
	}
	for _, f := range files {
		if !seen[f] {
			t.Errorf("%s: no output at all", f)
		}
	}
	// The files nobody can read: no records, a broken header, a GPX without a track,
	// a TCX with only a course.
	if failed != 4 || strings.Count(errs, "\n") != 4 {
		t.Errorf("%d files failed (%d stderr lines), want 4:\n%s", failed, strings.Count(errs, "\n"), errs)
	}
}

func TestFlagsAfterPaths(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	o := fs.String("o", "", "")
	units := fs.String("units", "", "")
	rest, err := parseInterspersed(fs, []string{"a", "-o", "out", "b", "--units", "imperial", "-", "--", "-c"})
	if err != nil || *o != "out" || *units != "imperial" || strings.Join(rest, ",") != "a,b,-,-c" {
		t.Errorf("rest %q, -o %q, --units %q, err %v", rest, *o, *units, err)
	}
}

// TestBatchTableFlagsDamage checks that a truncated file in a folder is analysed from
// what was recovered and flagged under its row, and names are shown relative to the
// folder.
func TestBatchTableFlagsDamage(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(samples + "/fitparse-stryd-run-devfields.fit")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "cut.fit"), data[:len(data)/2], 0o644)
	os.WriteFile(filepath.Join(dir, "whole.fit"), data, 0o644)
	out, _, code := cli(t, "", "analyze", dir)
	if code != 0 {
		t.Fatalf("status %d", code)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[1], "cut.fit ") || !strings.HasPrefix(lines[2], "  ! damaged or truncated at byte") || !strings.HasPrefix(lines[4], "whole.fit ") {
		t.Errorf("table:\n%s", out)
	}
}

// TestPanicInDrawingIsOneFilesError checks that a bug while drawing one file becomes
// that file's error, and the other files are still drawn and listed.
func TestPanicInDrawingIsOneFilesError(t *testing.T) {
	drawHook = func(name string) {
		if strings.Contains(name, "stryd") {
			panic("boom")
		}
	}
	defer func() { drawHook = nil }()
	dir := t.TempDir()
	_, stderr, code := cli(t, "", "report", "--no-history", "-o", dir, samples+"/fitparse-stryd-run-devfields.fit", samples+"/workoutizer-garmin-fr25-run-pauses.fit")
	if code != 0 {
		t.Errorf("status %d, want 0 (a drawing failure is reported, the report is written)", code)
	}
	if !strings.Contains(stderr, "fitparse-stryd-run-devfields.fit: internal error while drawing this file") || !strings.Contains(stderr, "boom") {
		t.Errorf("stderr does not name the file and the panic:\n%s", stderr)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "*", "*fr25*.png"))
	if len(pngs) != 2 { // the dashboard and its thumbnail
		t.Errorf("the other file's pictures: %v", pngs)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*", "*stryd*.png")); len(m) != 0 {
		t.Errorf("pictures of the failed file: %v", m)
	}
}
