package history

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
	"github.com/cadence-run/cadence/internal/synth"
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

// treadmill returns the FIT file of a fixed treadmill programme (5.40 km at 3 m/s:
// 30:00) started at start, its FIT local time in zone, analysed as the batch does.
func treadmill(t *testing.T, name string, start time.Time, zone *time.Location, cadence float64) Copy {
	t.Helper()
	data, err := synth.FIT(synth.Spec{Sport: synth.Running, Start: start, DistanceM: 5400, SpeedMS: 3, CadenceSPM: cadence, Zone: zone})
	if err != nil {
		t.Fatal(err)
	}
	acts, err := fitparse.Parse(name, data)
	if err != nil || len(acts) != 1 {
		t.Fatalf("%s: %d activities, %v", name, len(acts), err)
	}
	sum := sha256.Sum256(data)
	return Copy{Result: analysis.Analyze(acts[0], analysis.DefaultOptions), SHA256: hex.EncodeToString(sum[:])}
}

// TestDedupeTreadmillWeek runs one treadmill programme (30:00, 5.40 km, one cadence)
// at 07:00 and 18:00 on consecutive days: five sessions, five runs. The shifted-clock
// rule once chained them (11 and 13 hours apart) into 2 runs and 3 copies. A sixth
// file, one session re-saved with its Berlin wall clock read as UTC, is still a copy.
func TestDedupeTreadmillWeek(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no zone database: %v", err)
	}
	var cs []Copy
	for i, at := range []struct{ day, hour int }{{7, 7}, {7, 18}, {8, 7}, {8, 18}, {9, 7}} {
		start := time.Date(2026, 12, at.day, at.hour, 0, 0, 0, berlin)
		cs = append(cs, treadmill(t, fmt.Sprintf("session%d.fit", i+1), start, berlin, 170))
	}
	got := Dedupe(cs)
	for i, j := range got {
		if j != -1 {
			t.Errorf("session %d (%v) taken as a copy of session %d", i+1, cs[i].Result.Start, j+1)
		}
	}

	// The 8 December session re-saved in the wrong zone: 07:00 read as 07:00 UTC,
	// an hour after the original (Berlin is UTC+01:00 in winter).
	cs = append(cs, treadmill(t, "session3-resaved.fit", time.Date(2026, 12, 8, 7, 0, 0, 0, time.UTC), time.UTC, 170))
	got = Dedupe(cs)
	for i, j := range got {
		copyPair := i == 2 && j == 5 || i == 5 && j == 2
		if j != -1 && !copyPair {
			t.Errorf("with a re-saved copy: %s taken as a copy of %s", cs[i].Result.File, cs[j].Result.File)
		}
	}
	if got[2] != 5 && got[5] != 2 {
		t.Errorf("with a re-saved copy: Dedupe = %v; the re-saved session 3 is not its copy", got)
	}

	// Two sessions an hour apart (the zone's offset), each the other's only
	// candidate, same programme, same cadence: their clocks say 07:00 and 08:00,
	// so they are two runs.
	two := []Copy{
		treadmill(t, "a.fit", time.Date(2026, 12, 7, 7, 0, 0, 0, berlin), berlin, 170),
		treadmill(t, "b.fit", time.Date(2026, 12, 7, 8, 0, 0, 0, berlin), berlin, 170),
	}
	if got := Dedupe(two); !slices.Equal(got, []int{-1, -1}) {
		t.Errorf("two sessions one offset apart: Dedupe = %v, want two runs", got)
	}

	// The programme exported as GPX with its Berlin wall clock written as UTC, beside
	// its FIT file: one run, counted as the FIT file.
	start := time.Date(2026, 12, 10, 7, 0, 0, 0, berlin)
	spec := synth.Spec{Sport: synth.Running, Start: time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC), DistanceM: 5400, SpeedMS: 3, CadenceSPM: 170}
	acts, err := fitparse.Parse("wrong-zone.gpx", synth.GPX(spec))
	if err != nil || len(acts) != 1 {
		t.Fatalf("gpx: %d activities, %v", len(acts), err)
	}
	pair := []Copy{treadmill(t, "right.fit", start, berlin, 170), {Result: analysis.Analyze(acts[0], analysis.DefaultOptions)}}
	if got := Dedupe(pair); !slices.Equal(got, []int{-1, 0}) {
		t.Errorf("FIT and its GPX an hour off: Dedupe = %v, want [-1 0]", got)
	}
}
