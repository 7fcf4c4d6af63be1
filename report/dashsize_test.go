package report

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
)

// TestCorpusDashboardsSize draws the dashboard of every activity with steps in the
// shared corpus and checks that each PNG is at most 100 KB. The noisiest, a
// two-hour walk recorded by a fenix 2, was 110 KB before the dashboards were drawn
// in palette indices, 79.6 KB with the package's own deflate that vgpng had, and is
// 92.1 KB (94,283 bytes) with klauspost/compress's zlib at level 1, which replaced
// it for being as fast in a library (issue 17); the median is 61.8 KB. The limit
// leaves room for that and catches a dashboard that stops compressing.
func TestCorpusDashboardsSize(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	var files []string
	for _, sub := range []string{"fit", "gpx", "tcx"} {
		m, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skipf("no corpus at %s", dir)
	}
	type drawn struct {
		name string
		size int
	}
	var all []drawn
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		acts, err := fitparse.Parse(f, data)
		if err != nil {
			continue // the corpus's damaged files; fitparse's tests cover them
		}
		for _, a := range acts {
			r := analysis.Analyze(a, analysis.DefaultOptions)
			if r.Cadence == nil {
				continue
			}
			var buf bytes.Buffer
			if err := Dashboard(&buf, r, DashboardOptions{Target: 170}); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			all = append(all, drawn{filepath.Base(f), buf.Len()})
			if buf.Len() > 100<<10 {
				t.Errorf("%s: a dashboard of %d bytes, over 100 KB", filepath.Base(f), buf.Len())
			}
		}
	}
	if len(all) < 40 {
		t.Fatalf("only %d dashboards drawn from the corpus", len(all))
	}
	slices.SortFunc(all, func(a, b drawn) int { return a.size - b.size })
	t.Logf("%d dashboards: median %d bytes, largest %d (%s)", len(all), all[len(all)/2].size, all[len(all)-1].size, all[len(all)-1].name)
}
