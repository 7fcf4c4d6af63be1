package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/internal/synth"
)

// writeSquad writes a coach folder of athletes whose runs interleave on the same
// days, n activities each, and returns it.
func writeSquad(t *testing.T, names []string, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "coach")
	for _, w := range synth.Roster(names, n, time.Now().AddDate(0, 0, -n*7/5), 11) {
		if err := synth.WriteFile(dir, &w); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestTrendAthletes: trend --athletes prints one roster line per athlete, and in
// JSON every athlete's weeks, each row naming its athlete, the same weeks as trend
// --athlete over that athlete's folder alone.
func TestTrendAthletes(t *testing.T) {
	t.Parallel()
	coach := writeSquad(t, []string{"anna", "ben", "cleo"}, 30)
	out, stderr, code := cli(t, "", "trend", "--no-history", "--athletes", coach)
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	t.Logf("\n%s", out)
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "ATHLETE") {
		t.Fatalf("no roster header:\n%s", out)
	}
	for _, who := range []string{"anna", "ben", "cleo"} {
		found := false
		for _, l := range lines[1:4] {
			found = found || strings.HasPrefix(l, who+" ")
		}
		if !found {
			t.Errorf("no roster line for %s:\n%s", who, out)
		}
	}

	js, _, code := cli(t, "", "trend", "--no-history", "--athletes", "--format", "json", coach)
	if code != 0 {
		t.Fatal(code)
	}
	per := map[string][]string{}
	for _, l := range strings.Split(strings.TrimSpace(js), "\n") {
		var row struct {
			Athlete string `json:"athlete"`
		}
		if err := json.Unmarshal([]byte(l), &row); err != nil {
			t.Fatal(err)
		}
		per[row.Athlete] = append(per[row.Athlete], l)
	}
	for _, who := range []string{"anna", "ben", "cleo"} {
		alone, _, code := cli(t, "", "trend", "--no-history", "--athlete", who, "--format", "json", filepath.Join(coach, who))
		if code != 0 {
			t.Fatal(code)
		}
		if got := strings.Join(per[who], "\n") + "\n"; got != alone {
			t.Errorf("%s: the roster's weeks differ from the athlete's own trend:\n%s\nwant\n%s", who, got, alone)
		}
	}
	if _, stderr, code := cli(t, "", "trend", "--athletes", "--athlete", "x", coach); code != 2 || !strings.Contains(stderr, "contradict") {
		t.Errorf("--athletes with --athlete: status %d, %s", code, stderr)
	}
	if _, stderr, code := cli(t, "", "trend", "--athletes", "--notes", "n.csv", coach); code != 2 || !strings.Contains(stderr, "one person's pain diary") {
		t.Errorf("--athletes with --notes: status %d, %s", code, stderr)
	}
}
