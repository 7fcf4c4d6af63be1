//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestReportKeyOfRunningBuild checks that a report's key names the binary that
// wrote it, not a new build put in its place while it ran: the new build then
// writes the report the long way, once, as any new build does.
func TestReportKeyOfRunningBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and runs it")
	}
	built := buildCadence(t)
	bin := filepath.Join(t.TempDir(), "cadence")
	install := func(stamp time.Time) {
		t.Helper()
		data, err := os.ReadFile(built)
		if err != nil {
			t.Fatal(err)
		}
		tmp := bin + ".new"
		if err := os.WriteFile(tmp, data, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(tmp, stamp, stamp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, bin); err != nil {
			t.Fatal(err)
		}
	}
	run, err := os.ReadFile(filepath.Join(samples, "fitparse-stryd-run-devfields.fit"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "rep")
	// report reads the run from its stdin, and calls during() once it holds the
	// folder's lock, before it reads.
	report := func(during func()) {
		t.Helper()
		cmd := exec.Command(bin, "report", "--no-history", "-o", out, "-")
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
			if _, err := os.Stat(filepath.Join(out, lockName)); err == nil || time.Now().After(deadline) {
				break
			}
		}
		during()
		stdin.Write(run)
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Fatalf("report: %v\n%s", err, stderr.Bytes())
		}
	}
	install(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	report(func() { install(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) })
	before, _ := readManifestHead(out)
	report(func() {})
	after, _ := readManifestHead(out)
	if before.Key == "" || after.Key == before.Key {
		t.Errorf("the new build found the report of the old one in place: key %q, then %q", before.Key, after.Key)
	}
}
