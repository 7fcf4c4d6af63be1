package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/internal/synth"
)

// footClaim matches words that say where the foot lands. Cadence is a step rate: it
// cannot see the landing, so no output may claim it.
var footClaim = regexp.MustCompile(`(?i)foot land|landing ahead|lands? (far )?ahead|ahead of the body|heel|under (your|the) body|landing closer`)

// corpusActivities returns every activity file of the shared corpus (not its bad files),
// or skips the test when the corpus is absent.
func corpusActivities(t *testing.T) []string {
	t.Helper()
	const dir = "../../../shared/corpus"
	var files []string
	for _, sub := range []string{"fit", "gpx", "tcx"} {
		fs, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		files = append(files, fs...)
	}
	if len(files) == 0 {
		t.Skipf("corpus not found at %s: skipping", dir)
	}
	return files
}

// TestNoFootLandingClaims runs every corpus file through every output that words a
// verdict (analyze as text, one file's detail, JSON and CSV, in both units; the
// report's pages and advice; trend) and checks that none claims where the foot lands.
func TestNoFootLandingClaims(t *testing.T) {
	skipUnderRace(t)
	t.Parallel()
	files := corpusActivities(t)
	check := func(what, out string) {
		t.Helper()
		if m := footClaim.FindString(out); m != "" {
			i := strings.Index(out, m)
			t.Errorf("%s claims where the foot lands (%q): …%s…", what, m, out[max(0, i-120):min(len(out), i+80)])
		}
	}
	checked := 0
	var metricJSON string // the batch in JSON and metric units, read again below
	for _, units := range []string{"metric", "imperial"} {
		for _, format := range []string{"text", "json", "csv"} {
			out, _, _ := cli(t, "", append([]string{"analyze", "--no-history", "--units", units, "--format", format}, files...)...)
			check("analyze --format "+format+" --units "+units, out)
			checked++
			if units == "metric" && format == "json" {
				metricJSON = out
			}
		}
		for _, f := range files {
			out, _, _ := cli(t, "", "analyze", "--no-history", "--units", units, f)
			check("analyze "+f, out)
			checked++
		}
		out, _, _ := cli(t, "", append([]string{"trend", "--no-history", "--units", units}, files...)...)
		check("trend --units "+units, out)
	}
	dir := t.TempDir()
	if _, errs, code := cli(t, "", append([]string{"report", "--no-history", "-o", dir}, files...)...); code != 0 && code != 1 {
		t.Fatalf("report: status %d: %s", code, errs)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*"))
	inFolders, _ := filepath.Glob(filepath.Join(dir, "*", "*")) // the runs' year folders
	for _, p := range append(pages, inFolders...) {
		if !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".md") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		check(filepath.Base(p), string(b))
		checked++
	}
	if checked < 2*len(files)+50 {
		t.Errorf("only %d outputs checked for %d files", checked, len(files))
	}
	// The words that replace the claim are there: the corpus has runs judged low.
	if !strings.Contains(metricJSON, "a lower step rate than is typical at this pace, which often goes with overstriding") {
		t.Error("no corpus run is worded as a lower step rate than is typical at its pace")
	}
}

// TestNoSportSlowJogsAreRuns: GPX files that name no sport, jogs at 9:31/km (slower
// than the 8:45/km from which speed alone says walking) at 150 and 164 steps/min,
// are runs from their step rate, and judged: 150 is below the 159 of that pace, 164
// above. A walk at 120 steps/min stays a walk.
func TestNoSportSlowJogsAreRuns(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)
	for i, spm := range []float64{150, 164, 120} {
		s := synth.Spec{Start: start.AddDate(0, 0, i), DistanceM: 3000, CadenceSPM: spm, SpeedMS: 1000.0 / 571}
		if spm == 120 {
			s.SpeedMS = 1.4
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("jog-%.0f.gpx", spm)), synth.GPX(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, errs, code := cli(t, "", "analyze", "--no-history", "--format", "json", dir)
	if code != 0 {
		t.Fatalf("status %d: %s", code, errs)
	}
	want := map[string][2]string{"jog-150.gpx": {"running", "overstride"}, "jog-164.gpx": {"running", "ok"}, "jog-120.gpx": {"walking", "walking"}}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct {
			File    string `json:"file"`
			Sport   string `json:"sport"`
			From    string `json:"sport_source"`
			Verdict struct {
				Kind, Reason string
			} `json:"verdict"`
			Judged []struct {
				Pace float64 `json:"pace_s_per_km"`
			} `json:"judged"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(r.File)
		w, ok := want[name]
		if !ok {
			t.Errorf("unexpected %s", name)
			continue
		}
		delete(want, name)
		if r.Sport != w[0] || r.Verdict.Kind != w[1] || r.From != "steps" {
			t.Errorf("%s: %s (from %s), %s: %s; want %s, %s", name, r.Sport, r.From, r.Verdict.Kind, r.Verdict.Reason, w[0], w[1])
		}
		if w[0] == "running" && (len(r.Judged) != 1 || r.Judged[0].Pace < 540 || r.Judged[0].Pace > 600) {
			t.Errorf("%s: judged %+v, want one part at about 9:31/km", name, r.Judged)
		}
	}
	if len(want) > 0 {
		t.Errorf("not analysed: %v", want)
	}
}
