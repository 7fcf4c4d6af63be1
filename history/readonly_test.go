package history

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cadence-run/cadence/analysis"
)

// filledHistory writes a history at dir/h.db holding one run, closed.
func filledHistory(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "h.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rec := Record{Stamp: Stamp{Size: 7, ModNS: 9}, SHA256: "abc", Analysis: "analysis 2"}
	if err := s.Put("/runs/a.fit", rec, Outcome{Results: []*analysis.Result{sampleResult("/runs/a.fit", 0)}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkReadOnly opens the history at path, which cannot be written, and checks that
// it is read and that writes store nothing and fail nothing.
func checkReadOnly(t *testing.T, path string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("a readable history that cannot be written: %v", err)
	}
	defer s.Close()
	if !s.ReadOnly() {
		t.Errorf("ReadOnly = false")
	}
	recs, err := s.Records()
	if err != nil || len(recs) != 1 || recs["/runs/a.fit"].SHA256 != "abc" {
		t.Fatalf("Records = %v, %v", recs, err)
	}
	o, err := s.Outcome("/runs/a.fit")
	if err != nil || len(o.Results) != 1 || o.Results[0].Name != "Sunday long run" {
		t.Errorf("Outcome = %+v, %v", o, err)
	}
	if runs, err := s.Runs(o.Results[0].Start.AddDate(0, 0, -1), o.Results[0].Start.AddDate(0, 0, 1)); err != nil || len(runs) != 1 {
		t.Errorf("Runs = %v, %v", runs, err)
	}
	if err := s.Put("/runs/b.fit", Record{SHA256: "b"}, Outcome{}); err != nil {
		t.Errorf("Put: %v", err)
	}
	if err := s.Touch("/runs/a.fit", Stamp{Size: 1}); err != nil {
		t.Errorf("Touch: %v", err)
	}
	if ok, err := s.Copy("/runs/c.fit", Record{SHA256: "abc", Analysis: "analysis 2"}, "/runs/a.fit"); ok || err != nil {
		t.Errorf("Copy = %v, %v; want false, nil", ok, err)
	}
	if n, err := s.Forget("/runs", nil); n != 0 || err != nil {
		t.Errorf("Forget = %d, %v", n, err)
	}
	if recs, _ := s.Records(); len(recs) != 1 || recs["/runs/a.fit"].Size != 7 {
		t.Errorf("after writes: %v", recs)
	}
}

// TestReadOnlyHistoryIsRead opens a history that cannot be written (the check says
// no, as on a read-only mount): it is read, not refused, and stores nothing.
func TestReadOnlyHistoryIsRead(t *testing.T) {
	path := filledHistory(t, t.TempDir())
	defer func(w func(string) bool) { writable = w }(writable)
	writable = func(string) bool { return false }
	checkReadOnly(t, path)

	// A history of an older schema cannot be migrated there: refused, with the way
	// out, rather than read with the wrong columns.
	old := filledHistory(t, t.TempDir())
	writable = func(string) bool { return true }
	s, _ := Open(old)
	s.db.Exec(`UPDATE meta SET value = '1' WHERE key = 'schema_version'`)
	s.Close()
	writable = func(string) bool { return false }
	if s, err := Open(old); err == nil {
		s.Close()
		t.Errorf("an old schema on a read-only mount was opened")
	}
}

// TestReadOnlyFolderHistory makes the history's file and folder truly unwritable
// (chmod, or chattr +i for root, whom modes do not stop) and opens it.
func TestReadOnlyFolderHistory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(dir, 0o755)
	path := filledHistory(t, dir)
	for _, f := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Stat(f); err == nil {
			t.Fatalf("%s left after Close", f)
		}
	}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chattr", "+i", path, dir).CombinedOutput(); err != nil {
			t.Skipf("cannot make the folder read-only as root: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", path, dir).Run() })
	} else {
		os.Chmod(path, 0o444)
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755); os.Chmod(path, 0o644) })
	}
	if writable(path) {
		t.Skip("the file system lets this user write the folder all the same")
	}
	checkReadOnly(t, path)
}
