//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cliWithin runs cli, failing the test if it takes longer than limit (a hang).
func cliWithin(t *testing.T, limit time.Duration, args ...string) (string, int) {
	t.Helper()
	type res struct {
		stderr string
		code   int
	}
	done := make(chan res, 1)
	go func() {
		_, stderr, code := cli(t, "", args...)
		done <- res{stderr, code}
	}()
	select {
	case r := <-done:
		return r.stderr, r.code
	case <-time.After(limit):
		t.Fatalf("cadence %s hung for %v", strings.Join(args, " "), limit)
		return "", 0
	}
}

// TestReportPlantedEntries plants what cadence never writes in a report folder: its
// index.html and manifest as symbolic links to /dev/zero and as FIFOs. The report
// reads none of them (no memory blown, no hang), replaces them with its own files, and
// leaves /dev/zero alone.
func TestReportPlantedEntries(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"symlink", "fifo"} {
		for _, name := range []string{"index.html", manifestName, "trend.png"} {
			out := t.TempDir()
			p := filepath.Join(out, name)
			var err error
			if kind == "symlink" {
				err = os.Symlink("/dev/zero", p)
			} else {
				err = syscall.Mkfifo(p, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			stderr, code := cliWithin(t, 60*time.Second, "report", "--no-history", "-o", out, samples)
			if code != 0 {
				t.Errorf("%s %s: status %d:\n%s", kind, name, code, stderr)
			}
			info, err := os.Lstat(p)
			if err != nil || !info.Mode().IsRegular() || info.Size() == 0 {
				t.Errorf("%s %s: not replaced by a regular file: %v %v", kind, name, info, err)
			}
		}
	}
}

// TestReadRegularRefuses checks readRegular on what is not a regular file of the
// size allowed.
func TestReadRegularRefuses(t *testing.T) {
	dir := t.TempDir()
	os.Symlink("/dev/zero", filepath.Join(dir, "zero"))
	syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644)
	os.WriteFile(filepath.Join(dir, "big"), make([]byte, 100), 0o644)
	os.WriteFile(filepath.Join(dir, "ok"), []byte("ok"), 0o644)
	os.Symlink("ok", filepath.Join(dir, "link"))
	os.Mkdir(filepath.Join(dir, "folder"), 0o755)
	for _, name := range []string{"zero", "fifo", "big", "link", "folder", "missing"} {
		if data, err := readRegular(filepath.Join(dir, name), 10); err == nil {
			t.Errorf("%s: read %d bytes, want an error", name, len(data))
		}
	}
	if data, err := readRegular(filepath.Join(dir, "ok"), 10); err != nil || string(data) != "ok" {
		t.Errorf("ok: %q, %v", data, err)
	}
}

// TestReportLockIsNoLink plants the lock as a dangling symbolic link to a file
// outside the report folder: the report stops with a clear line, and creates
// nothing outside.
func TestReportLockIsNoLink(t *testing.T) {
	out, elsewhere := t.TempDir(), t.TempDir()
	target := filepath.Join(elsewhere, "created")
	if err := os.Symlink(target, filepath.Join(out, lockName)); err != nil {
		t.Fatal(err)
	}
	stderr, code := cliWithin(t, 60*time.Second, "report", "--no-history", "-o", out, samples)
	if code != exitFailed || !strings.Contains(stderr, lockName+" is a symbolic link") {
		t.Errorf("status %d, want %d with a line on the link:\n%s", code, exitFailed, stderr)
	}
	if _, err := os.Lstat(target); err == nil {
		t.Error("the lock's link created a file outside the report folder")
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err == nil {
		t.Error("a report was written without the lock")
	}
}

// TestStaleTempSweep checks that the sweep of temporary files removes those cadence
// leaves (at the top and in the run folders) and nothing else.
func TestStaleTempSweep(t *testing.T) {
	out := t.TempDir()
	os.Mkdir(filepath.Join(out, "2017"), 0o755)
	os.Mkdir(filepath.Join(out, "notes"), 0o755)
	ours := []string{".index.html.tmp123456", ".cadence-report.json.tmp9", "2017/.2017-01-17_1706_x-fit.thumb.png.tmp42", "2017/.a.md.tmp1"}
	theirs := []string{".my.tmp.notes", ".notes.tmp", ".x.tmp1", ".index.html.tmp", "notes/.a.md.tmp1", "a.png.tmp1"}
	for _, f := range append(append([]string{}, ours...), theirs...) {
		if err := os.WriteFile(filepath.Join(out, filepath.FromSlash(f)), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, code := cliWithin(t, 60*time.Second, "report", "--no-history", "-o", out, samples); code != 0 {
		t.Fatalf("status %d", code)
	}
	for _, f := range ours {
		if _, err := os.Lstat(filepath.Join(out, filepath.FromSlash(f))); err == nil {
			t.Errorf("cadence's temporary file %s was left", f)
		}
	}
	for _, f := range theirs {
		if _, err := os.Lstat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Errorf("the user's file %s was removed", f)
		}
	}
}

// TestRunFolderNoLink plants a year folder as a symbolic link to a folder outside the
// report: the report refuses to write through it.
func TestRunFolderNoLink(t *testing.T) {
	out, elsewhere := t.TempDir(), t.TempDir()
	if err := os.Symlink(elsewhere, filepath.Join(out, "2017")); err != nil {
		t.Fatal(err)
	}
	stderr, code := cliWithin(t, 60*time.Second, "report", "--no-history", "-o", out, samples)
	if code != exitFailed || !strings.Contains(stderr, "not a folder cadence made") {
		t.Errorf("status %d:\n%s", code, stderr)
	}
	if ents, _ := os.ReadDir(elsewhere); len(ents) != 0 {
		t.Errorf("wrote through the link: %v", ents)
	}
}
