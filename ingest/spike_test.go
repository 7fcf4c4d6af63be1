package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cadence-run/cadence/internal/synth"
)

// writeSpec writes the FIT or GPX file of a synthetic run.
func writeSpec(t *testing.T, path string, s synth.Spec) {
	t.Helper()
	var data []byte
	if filepath.Ext(path) == ".gpx" {
		data = synth.GPX(s)
	} else {
		var err error
		if data, err = synth.FIT(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSpikeUsesCountedCopy gives a 10 km run as FIT and as a GPX export that
// measured 10.29 km (one activity: the FIT counts), then a 13 km run ten days later.
// Its spike compares it with the counted copy's 10 km, with the history or without,
// and when the history alone holds the copies (read from another folder before).
func TestSpikeUsesCountedCopy(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC)
	run := synth.Spec{Sport: synth.Running, Start: start, DistanceM: 10000, SpeedMS: 3, CadenceSPM: 170}
	export := run
	export.DistanceM = 10290
	long := synth.Spec{Sport: synth.Running, Start: start.AddDate(0, 0, 10), DistanceM: 13000, SpeedMS: 3, CadenceSPM: 170}
	both := filepath.Join(dir, "both")
	writeSpec(t, filepath.Join(both, "a.fit"), run)
	writeSpec(t, filepath.Join(both, "a.gpx"), export)
	writeSpec(t, filepath.Join(both, "long.fit"), long)

	spikeOf := func(db string, paths ...string) float64 {
		t.Helper()
		b, _ := readWith(t, db, paths...)
		r := byBase(b)["long.fit"]
		if r == nil || r.Spike == nil {
			t.Fatalf("long.fit: no spike in %+v", r)
		}
		if g := byBase(b)["a.gpx"]; g != nil && (g.DuplicateOf == nil || *g.DistanceM <= 10100) {
			t.Fatalf("a.gpx: %+v; want a copy of a.fit of over 10.1 km", g)
		}
		return r.Spike.LongestPrior30dM
	}
	if got := spikeOf("", both); got != 10000 {
		t.Fatalf("without the history: longest prior %g m, want 10000 (the FIT's)", got)
	}
	db := filepath.Join(dir, "h.db")
	for i := 0; i < 2; i++ { // the first read fills the history, the second reads from it
		if got := spikeOf(db, both); got != 10000 {
			t.Errorf("with the history (read %d): longest prior %g m, want 10000", i+1, got)
		}
	}

	// The copies only in the history, from another folder read before.
	early, later := filepath.Join(dir, "early"), filepath.Join(dir, "later")
	writeSpec(t, filepath.Join(early, "a.fit"), run)
	writeSpec(t, filepath.Join(early, "a.gpx"), export)
	writeSpec(t, filepath.Join(later, "long.fit"), long)
	db2 := filepath.Join(dir, "h2.db")
	readWith(t, db2, early)
	if got := spikeOf(db2, later); got != 10000 {
		t.Errorf("copies in the history only: longest prior %g m, want 10000", got)
	}
}

// TestShiftedCopyInHistory: a 15 km run after 10 km runs is a spike. A copy of it
// re-saved with its clock shifted by two hours (the same wall clock, an instant two
// hours earlier), read before from another folder, is the same run: it must not
// count as a 15 km run two hours before it and hide the spike.
func TestShiftedCopyInHistory(t *testing.T) {
	dir := t.TempDir()
	day := time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC)
	plus1, plus3 := time.FixedZone("", 3600), time.FixedZone("", 3*3600)
	main, other := filepath.Join(dir, "main"), filepath.Join(dir, "other")
	for i := 0; i < 3; i++ {
		writeSpec(t, filepath.Join(main, fmt.Sprintf("easy%d.fit", i)), synth.Spec{Sport: synth.Running,
			Start: day.AddDate(0, 0, 2*i), Zone: plus1, DistanceM: 10000, SpeedMS: 3, CadenceSPM: 170})
	}
	long := synth.Spec{Sport: synth.Running, Start: day.AddDate(0, 0, 10), Zone: plus1, DistanceM: 15000, SpeedMS: 3, CadenceSPM: 170}
	shifted := long
	shifted.Start, shifted.Zone = long.Start.Add(-2*time.Hour), plus3
	writeSpec(t, filepath.Join(main, "long.fit"), long)
	writeSpec(t, filepath.Join(other, "long-resaved.fit"), shifted)
	db := filepath.Join(dir, "h.db")
	readWith(t, db, other)
	b, _ := readWith(t, db, main)
	r := byBase(b)["long.fit"]
	if r == nil || r.Spike == nil || r.Spike.Ratio != 1.5 {
		t.Errorf("long.fit: spike %+v, want 1.5 against the 10 km runs", r.Spike)
	}
}
