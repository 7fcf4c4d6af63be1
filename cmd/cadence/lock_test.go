package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReportBehindWatch holds a report folder's lock as a watch does: a report into
// it stops at once, with a line that says a watch keeps the folder, and writes nothing.
func TestReportBehindWatch(t *testing.T) {
	out := t.TempDir()
	unlock, _, err := tryLockFolder(out)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	start := time.Now()
	_, stderr, code := cli(t, "", "report", "--no-history", "-o", out, samples)
	if code != exitFailed || !strings.Contains(stderr, "a cadence watch (process ") || !strings.Contains(stderr, "this report was not written") {
		t.Errorf("status %d:\n%s", code, stderr)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the report waited %v behind the watch", d)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err == nil {
		t.Error("the report wrote into the watch's folder")
	}
}

// TestReportBehindReport holds a report folder's lock as a report does: a second
// report says it waits, gives up after lockWait with a clear line, and writes
// nothing; once the lock is free, it writes the report.
func TestReportBehindReport(t *testing.T) {
	defer func(d time.Duration) { lockWait = d }(lockWait)
	lockWait = 600 * time.Millisecond
	out := t.TempDir()
	unlock, _, err := acquireLock(out, "report")
	if err != nil {
		t.Fatal(err)
	}
	holder, _ := os.ReadFile(filepath.Join(out, lockName))
	if kind, pid := parseHolder(string(holder)); kind != "report" || pid != os.Getpid() {
		t.Errorf("the lock says %q, want report %d", holder, os.Getpid())
	}
	_, stderr, code := cli(t, "", "report", "--no-history", "-o", out, samples)
	if code != exitFailed || !strings.Contains(stderr, "waiting for it to finish (at most 600ms)") || !strings.Contains(stderr, "still holds it after 600ms") {
		t.Errorf("status %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err == nil {
		t.Error("the report wrote without the lock")
	}
	go func() {
		time.Sleep(200 * time.Millisecond)
		unlock()
	}()
	lockWait = time.Minute
	if _, stderr, code := cli(t, "", "report", "--no-history", "-o", out, samples); code != 0 {
		t.Errorf("once the lock is free: status %d:\n%s", code, stderr)
	}
}

// TestParseHolder reads the lines a lock file may hold.
func TestParseHolder(t *testing.T) {
	for in, want := range map[string]string{
		"watch 12\n": "a cadence watch (process 12)", "report 7": "a cadence report (process 7)",
		"": "another cadence", "watch": "another cadence", "watch -1": "another cadence", "evil 3": "another cadence",
		// The way out that a lock without the system's help adds is kept.
		"report 9 (if no cadence runs, delete x/.cadence.lock)": "a cadence report (process 9) (if no cadence runs, delete x/.cadence.lock)",
		" (if no cadence runs, delete y)":                       "another cadence (if no cadence runs, delete y)",
	} {
		if got := describeHolder(in); got != want {
			t.Errorf("describeHolder(%q) = %q, want %q", in, got, want)
		}
	}
}
