package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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
	files := corpusActivities(t)
	check := func(what, out string) {
		t.Helper()
		if m := footClaim.FindString(out); m != "" {
			i := strings.Index(out, m)
			t.Errorf("%s claims where the foot lands (%q): …%s…", what, m, out[max(0, i-120):min(len(out), i+80)])
		}
	}
	checked := 0
	for _, units := range []string{"metric", "imperial"} {
		for _, format := range []string{"text", "json", "csv"} {
			out, _, _ := cli(t, "", append([]string{"analyze", "--no-history", "--units", units, "--format", format}, files...)...)
			check("analyze --format "+format+" --units "+units, out)
			checked++
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
	for _, p := range pages {
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
	out, _, _ := cli(t, "", append([]string{"analyze", "--no-history", "--format", "json"}, files...)...)
	if !strings.Contains(out, "a lower step rate than is typical at this pace, which often goes with overstriding") {
		t.Error("no corpus run is worded as a lower step rate than is typical at its pace")
	}
}
