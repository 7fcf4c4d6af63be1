package ingest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/internal/synth"
)

// stravaExport writes a folder of one synthetic run and an activities.csv of rows
// rows, the last of which names the run "Tempo Tuesday"; the others are filler of
// about 120 bytes a row, as a million-row file of 120 MB has.
func stravaExport(t *testing.T, rows int) string {
	t.Helper()
	dir := t.TempDir()
	start := time.Date(2026, 3, 10, 7, 0, 0, 0, time.UTC)
	fit, err := synth.FIT(synth.Spec{Sport: synth.Running, Start: start, DistanceM: 3000, SpeedMS: 3, CadenceSPM: 170})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "activities"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "activities", "42.fit"), fit, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "activities.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "Activity ID,Activity Date,Activity Name,Activity Type,Filename")
	for i := 1; i < rows; i++ {
		fmt.Fprintf(w, "%d,\"Jan 2, 2020, 6:00:00 AM\",Filler run number %07d of a generated file,Run,activities/%d.fit\n", 1000000+i, i, 1000000+i)
	}
	fmt.Fprintln(w, "42,\"Mar 10, 2026, 7:00:00 AM\",Tempo Tuesday,Run,activities/42.fit")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return dir
}

// readWarned reads paths without a history and returns the batch and its warnings.
func readWarned(t *testing.T, paths ...string) (*Batch, []string) {
	t.Helper()
	var warnings []string
	b := Read(paths, Options{Analysis: analysis.DefaultOptions, Jobs: 2,
		Warn: func(s string) { warnings = append(warnings, s) }})
	t.Cleanup(func() { b.Close() })
	return b, warnings
}

// TestOversizedSidecarNotRead gives an activities.csv over the side-file cap: its
// names are not read, one line says so, and the activity is kept. The same export
// within the cap names the run, so the cap is what left it unnamed.
func TestOversizedSidecarNotRead(t *testing.T) {
	dir := stravaExport(t, 20000) // about 2.4 MB
	b, warnings := readWarned(t, dir)
	if len(warnings) != 0 {
		t.Fatalf("within the cap: warnings %q", warnings)
	}
	if r := byBase(b)["42.fit"]; r == nil || r.Name != "Tempo Tuesday" {
		t.Fatalf("within the cap: result %+v, want the run named from the csv", r)
	}

	defer func(old int64) { maxSidecarBytes = old }(maxSidecarBytes)
	maxSidecarBytes = 1 << 20
	b, warnings = readWarned(t, dir)
	want := filepath.Join(dir, "activities.csv") + ": 3 MB, more than the 1 MB a side file may hold: activity names and gear from it are not read"
	if len(warnings) != 1 || warnings[0] != want {
		t.Errorf("warnings %q\nwant %q", warnings, want)
	}
	r := byBase(b)["42.fit"]
	if r == nil || r.Name == "Tempo Tuesday" || r.DistanceM == nil || *r.DistanceM < 2900 {
		t.Errorf("over the cap: result %+v, want the run kept, unnamed", r)
	}
}

// TestMillionRowSidecar gives the activities.csv that crashed a batch with out of
// memory: 1,000,000 rows, 120 MB. Its names are not read, the run is kept, and the
// batch allocates a small part of the file's size.
func TestMillionRowSidecar(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 120 MB file; TestOversizedSidecarNotRead covers the cap in short mode")
	}
	dir := stravaExport(t, 1_000_000)
	info, err := os.Stat(filepath.Join(dir, "activities.csv"))
	if err != nil || info.Size() < 100<<20 {
		t.Fatalf("activities.csv: %v, %d bytes; want over 100 MB", err, info.Size())
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b, warnings := readWarned(t, dir)
	runtime.ReadMemStats(&after)
	if len(warnings) != 1 || !strings.Contains(warnings[0], "more than the 32 MB a side file may hold") {
		t.Errorf("warnings %q", warnings)
	}
	if r := byBase(b)["42.fit"]; r == nil || r.Cadence == nil || r.Cadence.Median != 170 {
		t.Errorf("result %+v, want the run kept", r)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("the batch allocated %d MB beside a %d MB side file; want it left unread", alloc>>20, info.Size()>>20)
	}
}
