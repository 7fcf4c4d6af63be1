package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestReportInterruptWritesIndex stops a report at its first Ctrl-C, which comes as
// its first run is drawn: it draws no more, writes index.html and the manifest of what
// it drew, and ends with the status of SIGINT. The next report draws only the rest.
func TestReportInterruptWritesIndex(t *testing.T) {
	defer func() { drawHook = nil }()
	first := true
	drawHook = func(string) {
		if first {
			first = false
			if soft := softInterrupt.Load(); soft != nil {
				(*soft)(os.Interrupt)
			}
		}
	}
	out := t.TempDir()
	_, stderr, code := cli(t, "", "report", "--no-history", "-j", "1", "-o", out, samples)
	if code != 130 || !strings.Contains(stderr, "interrupted; "+filepath.Join(out, "index.html")+" lists what was drawn") {
		t.Fatalf("status %d, want 130:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Fatalf("no index.html after an interrupted report: %v", err)
	}
	m := summaryCounts.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary:\n%s", stderr)
	}
	if m[1] == "0" || m[1] == "6" {
		t.Errorf("the interrupted report drew %s runs; want some of 6", m[1])
	}
	checkReportFolder(t, out, nil)
	if head, ok := readManifestHead(out); ok {
		t.Errorf("an interrupted report recorded the key %s: the next would keep it as it is", head.Key)
	}

	drawHook = nil
	_, stderr, code = cli(t, "", "report", "--no-history", "-o", out, samples)
	again := summaryCounts.FindStringSubmatch(stderr)
	if code != 0 || again == nil {
		t.Fatalf("rerun: status %d:\n%s", code, stderr)
	}
	drawn, _ := strconv.Atoi(again[1])
	unchanged, _ := strconv.Atoi(again[2])
	if unchanged != mustAtoi(m[1]) || drawn+unchanged != 6 {
		t.Errorf("rerun drew %d and kept %d; want %s kept, 6 in all", drawn, unchanged, m[1])
	}
}

// summaryCounts matches the counts of a report's summary line.
var summaryCounts = regexp.MustCompile(`\((\d+) drawn, (\d+) unchanged\)`)

func mustAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
