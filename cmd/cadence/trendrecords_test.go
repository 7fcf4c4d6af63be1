package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/internal/synth"
)

var trendFormats = []string{"text", "json", "csv"}

// records runs analyze --format json --no-history over args: the per-file map.
func analyzeRecords(t *testing.T, args ...string) string {
	t.Helper()
	out, _, code := cli(t, "", append([]string{"analyze", "--format", "json", "--no-history"}, args...)...)
	if code != exitOK && code != exitFailed {
		t.Fatalf("analyze: status %d", code)
	}
	return out
}

// trendOver runs trend --no-history in format over args, and returns its stdout.
func trendOver(t *testing.T, format string, args ...string) string {
	t.Helper()
	out, stderr, code := cli(t, "", append([]string{"trend", "--no-history", "--format", format}, args...)...)
	if code != exitOK && code != exitFailed || out == "" {
		t.Fatalf("trend %v: status %d: %s", args, code, stderr)
	}
	return out
}

// fromRecords runs trend --from-records - in format over records given on stdin.
func fromRecords(t *testing.T, format, records string) string {
	t.Helper()
	out, stderr, code := cli(t, records, "trend", "--format", format, "--from-records", "-")
	if code != exitOK {
		t.Fatalf("trend --from-records: status %d: %s", code, stderr)
	}
	return out
}

// TestTrendFromRecordsTimeline: the reduce over the records of the synthetic
// timeline (a GPX copy, rides, two spikes, a plan) is the trend over its files, byte
// for byte in every format, also with the records in reverse order.
func TestTrendFromRecordsTimeline(t *testing.T) {
	skipUnderRace(t)
	t.Parallel()
	dir := t.TempDir()
	writeTimeline(t, dir)
	recs := analyzeRecords(t, dir)
	lines := strings.SplitAfter(strings.TrimSuffix(recs, "\n"), "\n")
	sort.Sort(sort.Reverse(sort.StringSlice(lines)))
	reversed := strings.Join(lines, "\n")
	for _, f := range trendFormats {
		want := trendOver(t, f, dir)
		if got := fromRecords(t, f, recs); got != want {
			t.Errorf("%s: trend --from-records differs from trend over the files:\n%s\nwant:\n%s", f, got, want)
		}
		if got := fromRecords(t, f, reversed); got != want {
			t.Errorf("%s: records in reverse order give another trend:\n%s", f, got)
		}
	}
	// The plan begins with a run's target: the records carry it.
	if js := fromRecords(t, "json", recs); !strings.Contains(js, `"target_spm":1`) {
		t.Errorf("no week with a target: %s", js)
	}
}

// perFile runs the map as an engine would: analyze --format json --no-history on
// each file of dir on its own, so that no record knows of another's copies.
func perFile(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, ".tsv") {
			b.WriteString(analyzeRecords(t, p))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTrendFromRecordsPerFile: records made file by file (the GPX copy of a run
// not marked as one) reduce to the trend over the folder: the reduce finds the
// copies by the pipeline's rule.
func TestTrendFromRecordsPerFile(t *testing.T) {
	skipUnderRace(t)
	t.Parallel()
	dir := t.TempDir()
	writeTimeline(t, dir)
	recs := perFile(t, dir)
	if strings.Contains(recs, `"duplicate_of":"`) {
		t.Fatal("a record made on its own knows its copy")
	}
	for _, f := range trendFormats {
		if got, want := fromRecords(t, f, recs), trendOver(t, f, dir); got != want {
			t.Errorf("%s: the per-file map's trend:\n%s\nwant:\n%s", f, got, want)
		}
	}
}

// TestTrendFromRecordsCorpus: the same on the corpus of real files (copies in
// three formats, clocks shifted by a zone), whose errors and non-runs the reduce
// passes over: records of the whole folder, and records made file by file.
func TestTrendFromRecordsCorpus(t *testing.T) {
	skipUnderRace(t)
	t.Parallel()
	const corpus = "/work/shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus not found at %s: %v", corpus, err)
	}
	whole, each := analyzeRecords(t, corpus), perFile(t, corpus)
	for _, f := range trendFormats {
		want := trendOver(t, f, corpus)
		if got := fromRecords(t, f, whole); got != want {
			t.Errorf("%s: trend --from-records differs from trend over the corpus:\n%s\nwant:\n%s", f, got, want)
		}
		if got := fromRecords(t, f, each); got != want {
			t.Errorf("%s: the per-file map's trend differs from trend over the corpus:\n%s\nwant:\n%s", f, got, want)
		}
	}
}

// coachAthletes are the synthetic coach folder's athletes.
var coachAthletes = []string{"anna", "ben", "chris"}

// writeCoachFolder writes a coach's folder: one subfolder per athlete, each ten
// weeks of runs, rides and walks (synth.Plan) from the same Monday, so that the
// athletes' runs interleave on the same days. Speed swings within each run and
// cadence follows it, so that each athlete's own slope can be measured.
func writeCoachFolder(t *testing.T, dir string) {
	t.Helper()
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for i, a := range coachAthletes {
		for _, s := range synth.Plan(50, start, int64(100+i)) {
			if s.Sport == synth.Running {
				s.SpeedSwing, s.CadenceSlope = 0.12, 6+2*float64(i)
			}
			data, err := synth.FIT(s)
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, a, s.Start.UTC().Format("2006-01-02T1504")+".fit")
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// coachRecords runs the map over the coach folder, each subfolder one athlete's
// (analyze --athletes), and mixes the athletes' lines by file name.
func coachRecords(t *testing.T, dir string) string {
	t.Helper()
	recs := analyzeRecords(t, "--athletes", dir)
	for _, a := range coachAthletes {
		if !strings.Contains(recs, `"athlete":"`+a+`"`) {
			t.Fatalf("no records of %s", a)
		}
	}
	lines := strings.SplitAfter(strings.TrimSuffix(recs, "\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\n")
	}
	sort.Strings(lines) // by file name: the athletes' lines interleave
	return strings.Join(lines, "\n") + "\n"
}

// TestTrendFromRecordsAthletes: the records of three athletes, mixed line by line,
// give what trend --athletes gives over their folders (the roster in text, every
// athlete's weeks in JSON and CSV, each row naming its athlete), with --athlete
// NAME that athlete's trend alone, and with neither flag each athlete's trend in
// turn under a heading: weeks, spikes against the athlete's own runs and matched
// pace.
func TestTrendFromRecordsAthletes(t *testing.T) {
	skipUnderRace(t)
	t.Parallel()
	dir := t.TempDir()
	writeCoachFolder(t, dir)
	mixed := coachRecords(t, dir)
	for _, f := range trendFormats {
		got, stderr, code := cli(t, mixed, "trend", "--athletes", "--format", f, "--from-records", "-")
		if code != exitOK {
			t.Fatalf("%s: status %d: %s", f, code, stderr)
		}
		if want := trendOver(t, f, "--athletes", dir); got != want {
			t.Errorf("%s: trend --athletes --from-records:\n%s\nwant:\n%s", f, got, want)
		}
	}
	var want strings.Builder
	for i, a := range coachAthletes {
		athleteHeading(&want, a, i)
		want.WriteString(trendOver(t, "text", "--athlete", a, filepath.Join(dir, a)))
	}
	if got := fromRecords(t, "text", mixed); got != want.String() {
		t.Errorf("text of three athletes:\n%s\nwant:\n%s", got, want.String())
	}
	got, stderr, code := cli(t, mixed, "trend", "--athlete", "ben", "--format", "json", "--from-records", "-")
	if want := trendOver(t, "json", "--athlete", "ben", filepath.Join(dir, "ben")); code != exitOK || got != want {
		t.Errorf("--athlete ben: status %d, %s:\n%s\nwant:\n%s", code, stderr, got, want)
	}
	// Mixing the athletes' runs in one trend judges spikes against other people's
	// runs: the separation is what the per-athlete figures above rest on.
	mixedSpikes, ownSpikes := weekSpikes(t, trendOver(t, "json", dir)), weekSpikes(t, fromRecords(t, "json", mixed))
	if mixedSpikes == ownSpikes {
		t.Errorf("%d spikes whether or not the athletes are kept apart: the folder does not test the separation", ownSpikes)
	}
	t.Logf("spikes: %d with each athlete's own runs, %d with all runs mixed", ownSpikes, mixedSpikes)
}

// weekSpikes sums the spikes of trend's JSON weeks.
func weekSpikes(t *testing.T, js string) int {
	t.Helper()
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(js), "\n") {
		var w struct {
			Spikes int `json:"spikes"`
		}
		if err := json.Unmarshal([]byte(line), &w); err != nil {
			t.Fatal(err)
		}
		n += w.Spikes
	}
	return n
}

// TestTrendFromRecordsBad: a bad line is answered with the input, its number and
// why, the rest are read; a record of a newer version is refused; no runs at all is
// an error; files and records are not mixed.
func TestTrendFromRecordsBad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTimeline(t, dir)
	recs := analyzeRecords(t, dir)
	lines := strings.SplitAfter(recs, "\n")
	in := lines[0] + "{oops\n" + `{"schema_version":2,"file":"x.fit"}` + "\n" + strings.Join(lines[1:], "")
	path := filepath.Join(t.TempDir(), "records.jsonl")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cli(t, "", "trend", "--format", "json", "--from-records", path)
	want := "cadence: " + path + ":2: not JSON: invalid character 'o' looking for beginning of object key string\n" +
		"cadence: " + path + ":3: schema_version 2 is newer than this cadence reads (1): update cadence to read it\n"
	if code != exitFailed || stderr != want || out != trendOver(t, "json", dir) {
		t.Errorf("status %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
	if _, stderr, code := cli(t, `{"schema_version":1,"file":"a.fit","athlete":"","error":"truncated"}`, "trend", "--from-records", "-"); code != exitFailed ||
		stderr != "cadence: stdin: 1 error record (inputs analyze could not read) passed over\ncadence: no runs in stdin: the trend needs runs with a start time and a distance\n" {
		t.Errorf("no runs: status %d, stderr %q", code, stderr)
	}
	if _, stderr, code := cli(t, "", "trend", "--from-records", "-", dir); code != exitUsage || !strings.Contains(stderr, "not both") {
		t.Errorf("records and files: status %d, stderr %q", code, stderr)
	}
	if _, stderr, code := cli(t, "", "trend", "--from-records", filepath.Join(dir, "none.jsonl")); code != exitFailed || !strings.Contains(stderr, "none.jsonl") {
		t.Errorf("missing file: status %d, stderr %q", code, stderr)
	}
}
