package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRerunSameAsCold checks that analyze prints the same bytes when every result
// comes from the history as when every file is read afresh into an empty one: as text, JSON and CSV, in
// both units, over the sample files and the real corpus. The history keeps results in
// its own binary form, so this is what proves that form loses nothing the output shows.
func TestRerunSameAsCold(t *testing.T) {
	skipUnderRace(t)
	t.Parallel()
	paths := []string{samples}
	const corpus = "../../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		t.Logf("corpus not found at %s: comparing on the sample files only", corpus)
	} else {
		for _, d := range []string{"fit", "gpx", "tcx", "bad"} {
			paths = append(paths, filepath.Join(corpus, d))
		}
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	cli(t, "", append([]string{"analyze", "--format", "json", "--db", db}, paths...)...)
	for _, units := range []string{"metric", "imperial"} {
		for _, format := range []string{"text", "json", "csv"} {
			args := []string{"analyze", "--format", format, "--units", units}
			// Cold: a history of its own, filled by this run (spikes need one).
			fresh := filepath.Join(dir, units+"-"+format+".db")
			cold, _, _ := cli(t, "", append(append(args, "--db", fresh), paths...)...)
			warm, _, _ := cli(t, "", append(append(args, "--db", db), paths...)...)
			if cold != warm {
				t.Errorf("%s, %s: the rerun differs from a cold run:\n%s", format, units, firstDiff(cold, warm))
			}
			if strings.Count(cold, "\n") < 10 {
				t.Errorf("%s, %s: only %d lines", format, units, strings.Count(cold, "\n"))
			}
		}
	}
}

// firstDiff returns the first line where a and b differ, from each.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "cold: " + al[i] + "\nrerun: " + bl[i]
		}
	}
	return "one is longer"
}
