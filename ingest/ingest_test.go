package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/internal/synth"
)

const samples = "../testdata/sample"

// copyFile copies a file, keeping nothing of its time.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(to), 0o755)
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// readWith reads paths with the history at db ("" for none) and returns the batch
// and how many inputs were read from their files rather than from the history.
func readWith(t *testing.T, db string, paths ...string) (*Batch, int) {
	t.Helper()
	var h *History
	if db != "" {
		var err error
		if h, err = OpenHistory(db, "test"); err != nil {
			t.Fatal(err)
		}
		defer h.Close()
	}
	var warnings []string
	b := Read(paths, Options{Analysis: analysis.DefaultOptions, Jobs: 2, History: h,
		Warn: func(s string) { warnings = append(warnings, s) }})
	t.Cleanup(func() { b.Close() })
	if len(warnings) > 0 {
		t.Errorf("warnings: %q", warnings)
	}
	fresh := 0
	for _, it := range b.Items {
		if it.Fresh {
			fresh++
		}
	}
	return b, fresh
}

// byBase returns the results of the batch by their file's base name.
func byBase(b *Batch) map[string]*analysis.Result {
	out := map[string]*analysis.Result{}
	b.Results(func(_ *Item, r *analysis.Result) { out[filepath.Base(r.File)] = r })
	return out
}

// TestRerunComesFromHistory checks that an unchanged folder is not decoded again and
// gives the same results, that a touched file is not decoded again, that a changed
// file is, and that a deleted file leaves the history.
func TestRerunComesFromHistory(t *testing.T) {
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs")
	for _, f := range []string{"workoutizer-garmin-fr25-run-pauses.fit", "workoutizer-garmin-connect-run.gpx", "heartandsole-garmin-fr220-run-tiny.tcx"} {
		copyFile(t, filepath.Join(samples, f), filepath.Join(runs, f))
	}
	db := filepath.Join(dir, "h.db")
	cold, fresh := readWith(t, db, runs)
	if fresh != 3 {
		t.Fatalf("first read: %d inputs decoded, want 3", fresh)
	}
	warm, fresh := readWith(t, db, runs)
	if fresh != 0 {
		t.Errorf("unchanged rerun: %d inputs decoded, want 0", fresh)
	}
	c, w := byBase(cold), byBase(warm)
	if len(c) != 3 || len(w) != 3 {
		t.Fatalf("results: %d cold, %d warm, want 3", len(c), len(w))
	}
	for name, r := range c {
		if w[name].Cadence.Median != r.Cadence.Median || w[name].Verdict.Kind != r.Verdict.Kind || w[name].File != r.File {
			t.Errorf("%s from the history: %+v %+v, read afresh: %+v %+v", name, w[name].Cadence, w[name].Verdict, r.Cadence, r.Verdict)
		}
	}
	if got := c["workoutizer-garmin-fr25-run-pauses.fit"]; got.Verdict.Kind != analysis.VerdictOK || got.Running.Median != 160 || got.Workout == nil {
		t.Errorf("fr25: %s, running median %g; want a workout, ok, at 160", got.Verdict.Kind, got.Running.Median)
	}
	if w := byBase(warm)["workoutizer-garmin-fr25-run-pauses.fit"].Workout; w == nil || w.Reps != 6 || w.From != analysis.WorkoutFromLaps {
		t.Errorf("fr25 from the history: workout %+v, want 6 reps from its laps", w)
	}

	// A new time on the same bytes (a copy, a touch): not decoded again.
	fit := filepath.Join(runs, "workoutizer-garmin-fr25-run-pauses.fit")
	later := time.Now().Add(time.Hour)
	os.Chtimes(fit, later, later)
	if _, fresh := readWith(t, db, runs); fresh != 0 {
		t.Errorf("touched file: %d inputs decoded, want 0", fresh)
	}
	// Other bytes under the same name: read again, and the results follow.
	copyFile(t, filepath.Join(samples, "fitparse-stryd-run-devfields.fit"), fit)
	b, fresh := readWith(t, db, runs)
	if fresh != 1 {
		t.Errorf("changed file: %d inputs decoded, want 1", fresh)
	}
	for _, it := range b.Items {
		if it.Name == fit && (len(it.Results()) != 1 || it.Results()[0].Device != "stryd") {
			t.Errorf("changed file read back as %+v", it.Results())
		}
	}
	// A file removed from the folder leaves the history: read alone again, the
	// folder has two inputs, both from the history.
	os.Remove(fit)
	if b, fresh := readWith(t, db, runs); fresh != 0 || len(b.Items) != 2 {
		t.Errorf("after a delete: %d inputs, %d decoded; want 2 and 0", len(b.Items), fresh)
	}
	h, err := OpenHistory(db, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	real, _ := filepath.EvalSymlinks(runs)
	if _, ok, _ := h.s.Lookup(filepath.Join(real, filepath.Base(fit))); ok {
		t.Error("a deleted file is still in the history")
	}
}

// TestCopiesMarked checks that the GPX and TCX of one run count as copies of its FIT,
// and that a bad file is one item's error while the batch goes on.
func TestCopiesMarked(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"heartandsole-garmin-fr220-run-tiny.fit", "heartandsole-garmin-fr220-run-tiny.gpx", "heartandsole-garmin-fr220-run-tiny.tcx", "workoutizer-garmin-connect-run.gpx"} {
		copyFile(t, filepath.Join(samples, f), filepath.Join(dir, f))
	}
	os.WriteFile(filepath.Join(dir, "broken.fit"), []byte("\x0e\x10\x00\x00\x10\x00\x00\x00.FIT\x00\x00"), 0o644)
	b, _ := readWith(t, "", dir)
	got := map[string]string{}
	failed := 0
	for _, it := range b.Items {
		if it.Err != nil {
			failed++
			if line := ErrorLine(it.Name, it.Err); !strings.HasPrefix(line, it.Name+": ") || strings.Contains(line, "\n") {
				t.Errorf("error line %q", line)
			}
		}
		for _, r := range it.Results() {
			if r.DuplicateOf != nil {
				got[filepath.Base(r.File)] = filepath.Base(*r.DuplicateOf)
			}
		}
	}
	if failed != 1 {
		t.Errorf("%d items failed, want 1 (broken.fit)", failed)
	}
	want := "heartandsole-garmin-fr220-run-tiny.fit"
	if len(got) != 2 || got["heartandsole-garmin-fr220-run-tiny.gpx"] != want || got["heartandsole-garmin-fr220-run-tiny.tcx"] != want {
		t.Errorf("copies: %v, want the GPX and TCX as copies of %s", got, want)
	}
}

// TestSpikesAgainstHistory checks that a run read alone is compared with the longest
// run of the 30 days before it that only the history holds.
func TestSpikesAgainstHistory(t *testing.T) {
	dir := t.TempDir()
	day := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	write := func(name string, start time.Time, km float64) string {
		data, err := synth.FIT(synth.Spec{Sport: synth.Running, Start: start, DistanceM: km * 1000, CadenceSPM: 170, SpeedMS: 3})
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("old/long.fit", day, 10)
	write("old/short.fit", day.Add(48*time.Hour), 6)
	write("old/too-early.fit", day.Add(-40*24*time.Hour), 30)
	late := write("new/late.fit", day.Add(20*24*time.Hour), 14)
	db := filepath.Join(dir, "h.db")
	readWith(t, db, filepath.Join(dir, "old"))
	b, _ := readWith(t, db, late)
	r := byBase(b)["late.fit"]
	if r == nil || r.Spike == nil {
		t.Fatalf("no spike on the late run: %+v", r)
	}
	if r.Spike.LongestPrior30dM < 9900 || r.Spike.LongestPrior30dM > 10100 || r.Spike.Ratio < 1.38 || r.Spike.Ratio > 1.42 {
		t.Errorf("spike %+v, want about 10 km before and a ratio of 1.4", *r.Spike)
	}
	// The history reaches back 60 days (too-early.fit), beyond the 30 looked at.
	if r.Spike.DaysKnown != 30 {
		t.Errorf("days known %d, want 30: the history's earliest run is 60 days before", r.Spike.DaysKnown)
	}
	// Without the history, the run has nothing before it.
	b, _ = readWith(t, "", late)
	if r := byBase(b)["late.fit"]; r.Spike != nil {
		t.Errorf("spike without a history: %+v", *r.Spike)
	}
}

// TestSeriesAgain checks that a result whose series was not kept gets it again, the
// same as a fresh analysis gives.
func TestSeriesAgain(t *testing.T) {
	p := filepath.Join(samples, "workoutizer-garmin-fr25-run-pauses.fit")
	kept := Read([]string{p}, Options{Analysis: analysis.DefaultOptions, Jobs: 1, KeepSeries: 1 << 30,
		Keep: func(*analysis.Result) bool { return true }})
	defer kept.Close()
	b := Read([]string{p}, Options{Analysis: analysis.DefaultOptions, Jobs: 1})
	defer b.Close()
	want := kept.Items[0].Results()[0].Series
	r := b.Items[0].Results()[0]
	if len(want) < 400 || r.Series != nil {
		t.Fatalf("kept %d points, dropped %d; want many and none", len(want), len(r.Series))
	}
	if err := b.Series(0, []*analysis.Result{r}); err != nil {
		t.Fatal(err)
	}
	if len(r.Series) != len(want) {
		t.Fatalf("series again: %d points, want %d", len(r.Series), len(want))
	}
	for i, p := range want {
		q := r.Series[i]
		if q.T != p.T || q.Running != p.Running || q.Seg != p.Seg || (q.SPM != p.SPM && p.SPM == p.SPM) {
			t.Fatalf("point %d again: %+v, want %+v", i, q, p)
		}
	}
}
