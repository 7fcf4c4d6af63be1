package ingest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cadence-run/cadence/analysis"
)

// TestReadOnlyHistoryUsed reads a folder once to fill the history, makes the
// history's folder unwritable (a read-only mount: chattr +i for root, whom modes do
// not stop), and reads it again: every input comes from the history, one line says
// that nothing new is stored, and the results are the same.
func TestReadOnlyHistoryUsed(t *testing.T) {
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs")
	for _, f := range []string{"workoutizer-garmin-fr25-run-pauses.fit", "workoutizer-garmin-connect-run.gpx"} {
		copyFile(t, filepath.Join(samples, f), filepath.Join(runs, f))
	}
	hdir := filepath.Join(dir, "cache")
	db := filepath.Join(hdir, "h.db")
	cold, fresh := readWith(t, db, runs)
	if fresh != 2 {
		t.Fatalf("first read: %d decoded", fresh)
	}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chattr", "+i", db, hdir).CombinedOutput(); err != nil {
			t.Skipf("cannot make the folder read-only as root: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", db, hdir).Run() })
	} else {
		os.Chmod(db, 0o444)
		os.Chmod(hdir, 0o555)
		t.Cleanup(func() { os.Chmod(hdir, 0o755); os.Chmod(db, 0o644) })
	}
	if f, err := os.OpenFile(filepath.Join(hdir, "probe"), os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		f.Close()
		t.Skip("the folder is writable all the same")
	}

	h, err := OpenHistory(db, "test")
	if err != nil {
		t.Fatalf("a readable history on a read-only folder: %v", err)
	}
	defer h.Close()
	if !h.ReadOnly() {
		t.Errorf("ReadOnly = false")
	}
	var warnings []string
	for i := 0; i < 2; i++ { // said once for the History, however many batches
		b := Read([]string{runs}, Options{Analysis: analysis.DefaultOptions, Jobs: 2, History: h,
			Warn: func(s string) { warnings = append(warnings, s) }})
		defer b.Close()
		n := 0
		for _, it := range b.Items {
			if it.Fresh {
				n++
			}
		}
		if n != 0 {
			t.Errorf("batch %d: %d inputs decoded, want 0: the history has them", i+1, n)
		}
		warm, want := byBase(b), byBase(cold)
		for name, r := range want {
			if w := warm[name]; w == nil || w.Running == nil || w.Running.Median != r.Running.Median {
				t.Errorf("batch %d: %s differs from the first read", i+1, name)
			}
		}
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], db) || !strings.Contains(warnings[0], "storing nothing new") {
		t.Errorf("warnings %q; want one naming the history", warnings)
	}
}
