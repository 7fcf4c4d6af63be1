package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/history"
)

// TestHistoryFormMatchesJSON checks that what the history gives back of each
// activity of the sample files and the real corpus is exactly what a JSON round trip
// of its Result gave, the history's form before schema version 3: the same numbers,
// the same nil and empty lists, start times in the same location. A rerun shows what
// a cold run shows only if this holds.
func TestHistoryFormMatchesJSON(t *testing.T) {
	paths := []string{samples}
	const corpus = "../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		t.Logf("corpus not found at %s: checking the sample files only", corpus)
	} else {
		paths = append(paths, filepath.Join(corpus, "fit"), filepath.Join(corpus, "gpx"), filepath.Join(corpus, "tcx"))
	}
	b := Read(paths, Options{Analysis: analysis.DefaultOptions, Jobs: 2})
	defer b.Close()
	n := 0
	check := func(what string, r *analysis.Result) {
		t.Helper()
		r.Series = nil
		js, err := json.Marshal(r)
		if err != nil {
			t.Errorf("%s: %v", what, err)
			return
		}
		want := new(analysis.Result)
		if err := json.Unmarshal(js, want); err != nil {
			t.Fatal(err)
		}
		got, err := history.Clone(r)
		if err != nil {
			t.Errorf("%s: %v", what, err)
			return
		}
		if !reflect.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			t.Errorf("%s: the history gives\n%s\nJSON gave\n%s", what, g, js)
		}
		n++
	}
	b.Results(func(it *Item, r *analysis.Result) { check(r.File, r) })
	if n < 10 {
		t.Fatalf("only %d activities checked", n)
	}
	// Starts in each kind of location, and what is nil in none of the files.
	r := *b.Items[0].Results()[0]
	for _, loc := range []*time.Location{time.UTC, time.Local, time.FixedZone("", 0), time.FixedZone("UTC-03:30", -3*3600-1800)} {
		start := time.Date(2024, 7, 1, 6, 30, 15, 123456789, loc)
		r.Start = &start
		check("start in "+loc.String(), &r)
	}
	r.Start, r.Cadence, r.PaceBands, r.Warnings, r.Judged = nil, nil, nil, nil, nil
	dup := "other.fit"
	r.DuplicateOf, r.Spike = &dup, &analysis.Spike{LongestPrior30dM: 10000, Ratio: 1.6}
	check("nils", &r)
	t.Logf("%d activities checked", n)
}
