package history

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
)

const corpus = "../../shared/corpus"

// readCopies parses and analyses files, as the batch does, for Dedupe.
func readCopies(t *testing.T, files []string) []Copy {
	t.Helper()
	var cs []Copy
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		acts, err := fitparse.Parse(f, data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		sum := sha256.Sum256(data)
		for _, a := range acts {
			cs = append(cs, Copy{Result: analysis.Analyze(a, analysis.DefaultOptions), SHA256: hex.EncodeToString(sum[:])})
		}
	}
	return cs
}

// TestDedupeCorpusSiblings checks the runs the corpus holds in several formats: each
// counts once, as its FIT file, and nothing else is folded in.
func TestDedupeCorpusSiblings(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("no corpus at %s (CI has it): %v", corpus, err)
	}
	files := []string{
		"fit/heartandsole-garmin-fr220-run-tiny.fit", "gpx/heartandsole-garmin-fr220-run-tiny.gpx", "tcx/heartandsole-garmin-fr220-run-tiny.tcx",
		"fit/sportslib-garmin-fr945-treadmill-stryd.fit", "tcx/sportslib-garmin-fr945-treadmill-stryd.tcx",
		"fit/sportslib-garmin-vivoactivehr-run.fit", "gpx/sportslib-garmin-vivoactivehr-run.gpx",
		// The same run re-saved with its clock two hours off.
		"fit/gc-garmin-vivoactivehr-run-stryd-ciq.fit", "bad/gc-garmin-vivoactivehr-run-resaved-invalid-basetype.fit",
		// Different activities, some on the same days.
		"fit/sportslib-garmin-fr945-triathlon-chained.fit", "tcx/tcxreader-garmin-vivoactivehr-sup.tcx",
		"gpx/runalyze-strava-export-run.gpx", "tcx/sportslib-strava-export-run.tcx",
	}
	for i := range files {
		files[i] = filepath.Join(corpus, files[i])
	}
	cs := readCopies(t, files)
	dup := Dedupe(cs)
	want := map[string]string{ // copy -> the file that counts
		"heartandsole-garmin-fr220-run-tiny.gpx":     "heartandsole-garmin-fr220-run-tiny.fit",
		"heartandsole-garmin-fr220-run-tiny.tcx":     "heartandsole-garmin-fr220-run-tiny.fit",
		"sportslib-garmin-fr945-treadmill-stryd.tcx": "sportslib-garmin-fr945-treadmill-stryd.fit",
		"sportslib-garmin-vivoactivehr-run.gpx":      "sportslib-garmin-vivoactivehr-run.fit",
		// Both FIT: the one with more cadence samples (1440 against 1439) counts.
		"gc-garmin-vivoactivehr-run-stryd-ciq.fit": "gc-garmin-vivoactivehr-run-resaved-invalid-basetype.fit",
	}
	counted := 0
	for i, c := range cs {
		name := filepath.Base(c.Result.File)
		switch {
		case dup[i] < 0:
			counted++
			if w, ok := want[name]; ok {
				t.Errorf("%s#%d counts; it is a copy of %s", name, c.Result.Index, w)
			}
		case want[name] != filepath.Base(cs[dup[i]].Result.File):
			t.Errorf("%s#%d is taken as a copy of %s; want %q", name, c.Result.Index, filepath.Base(cs[dup[i]].Result.File), want[name])
		}
	}
	// 13 files, 17 activities (the triathlon has 5 sessions): 12 count.
	if len(cs) != 17 || counted != 12 {
		t.Errorf("%d activities, %d counted; want 17 and 12", len(cs), counted)
	}
}

func TestDedupeRules(t *testing.T) {
	at := func(min, sec int) *time.Time {
		t := time.Date(2026, 3, 8, 9, min, sec, 0, time.UTC)
		return &t
	}
	run := func(file, format string, start *time.Time, dist float64, samples int) *analysis.Result {
		return &analysis.Result{File: file, Format: format, Sport: "running", Start: start, DistanceM: f64(dist),
			ElapsedS: f64(dist / 3), Cadence: &analysis.Stats{Samples: samples}}
	}
	cs := []Copy{
		{Result: run("a.gpx", "gpx", at(0, 0), 10000, 3000)},
		{Result: run("a.tcx", "tcx", at(0, 40), 10250, 3000)}, // 40 s and 2.5% apart: the same run
		{Result: run("b.fit", "fit", at(0, 50), 5000, 1500)},  // same minute, half the distance: another run
		{Result: run("c.fit", "fit", at(30, 0), 10000, 3000), SHA256: "x"},
		{Result: run("c-copy.fit", "fit", at(30, 0), 10000, 3100), SHA256: "x"}, // identical bytes; more samples wins
		{Result: run("d.fit", "fit", nil, 7000, 10), SHA256: "y"},
		{Result: run("d2.fit", "fit", nil, 7000, 10), SHA256: "z"}, // no start, other bytes: not known to be a copy
	}
	ride := run("e.fit", "fit", at(0, 10), 10000, 3000)
	ride.Sport = "cycling"
	cs = append(cs, Copy{Result: ride}) // same time and distance, another sport
	got := Dedupe(cs)
	want := []int{1, -1, -1, 4, -1, -1, -1, -1}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Dedupe(%s) = %d, want %d", cs[i].Result.File, got[i], want[i])
		}
	}
}
