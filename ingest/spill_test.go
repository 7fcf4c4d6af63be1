package ingest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/internal/synth"
)

// spillFolder writes a folder of n tiny runs that exercise every step over the
// whole batch: GPX runs of growing and shrinking distance three hours apart (long-run
// spikes), every tenth also as a FIT file in a zone of its own (a copy by time, whose
// start is in the file's zone), and, named to be read last, byte-identical copies of
// the first runs (copies by content, taken from a first reader long set aside). It
// returns the folder.
func spillFolder(t testing.TB, n int) string {
	t.Helper()
	dir := t.TempDir()
	start := time.Date(2024, 1, 1, 6, 0, 0, 0, time.UTC)
	berlin := time.FixedZone("CET", 3600)
	for i := 0; i < n; i++ {
		s := synth.Spec{Sport: synth.Running, Start: start.Add(time.Duration(i) * 3 * time.Hour),
			DistanceM: float64(12 + 9*(i%7)), SpeedMS: 3, CadenceSPM: 166, Name: fmt.Sprintf("Run %d", i)}
		gpx := synth.GPX(s)
		write(t, filepath.Join(dir, fmt.Sprintf("run-%05d.gpx", i)), gpx)
		if i%10 == 0 {
			s.Zone = berlin
			fit, err := synth.FIT(s)
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, fmt.Sprintf("run-%05d.fit", i)), fit)
		}
		if i < 5 {
			write(t, filepath.Join(dir, fmt.Sprintf("zz-copy-%05d.gpx", i)), gpx)
		}
	}
	return dir
}

func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// heldBytes returns the bytes of results the items of b hold in memory, as
// resultBytes estimates them, and the most one item holds.
func heldBytes(b *Batch) (sum, most int64) {
	for _, it := range b.Items {
		var n int64
		for _, r := range it.results {
			n += resultBytes(r)
		}
		sum += n
		most = max(most, n)
	}
	return sum, most
}

// TestSetAsideBoundsMemory reads many small inputs (and the sample files, and the
// corpus when it is there) with a budget of a few results in memory, and checks that
// the batch holds no more than that budget of results in memory however many files
// it read, while Results still gives every activity exactly as the batch that held
// them all: the same copies marked, the same spikes, names, start times and zones.
func TestSetAsideBoundsMemory(t *testing.T) {
	const n = 400
	paths := []string{spillFolder(t, n), samples}
	const corpus = "../../shared/corpus"
	if _, err := os.Stat(corpus); err == nil {
		paths = append(paths, filepath.Join(corpus, "fit"), filepath.Join(corpus, "gpx"), filepath.Join(corpus, "tcx"), filepath.Join(corpus, "bad"))
	}
	all := Read(paths, Options{Analysis: analysis.DefaultOptions, Jobs: 2, HoldResults: -1})
	defer all.Close()
	const limit = 8 << 10
	var warned []string
	b := Read(paths, Options{Analysis: analysis.DefaultOptions, Jobs: 2, HoldResults: limit,
		Warn: func(line string) { warned = append(warned, line) }})
	defer b.Close()

	if all.SetAside() != 0 {
		t.Errorf("the batch without a limit set %d items aside", all.SetAside())
	}
	if got := b.SetAside(); got < n {
		t.Errorf("%d items set aside, want at least %d", got, n)
	}
	sum, most := heldBytes(b)
	if sum > limit+most {
		t.Errorf("the batch holds %d bytes of results in memory, more than its limit of %d and one item (%d)", sum, limit, most)
	}
	if whole, _ := heldBytes(all); whole < 20*limit {
		t.Errorf("the whole batch holds only %d bytes of results: the test reads too little to show a bound", whole)
	}
	for _, w := range warned {
		if strings.Contains(w, "setting results aside") {
			t.Errorf("warned: %s", w)
		}
	}

	if len(b.Items) != len(all.Items) {
		t.Fatalf("%d items, want %d", len(b.Items), len(all.Items))
	}
	results, copies, spikes, zoned := 0, 0, 0, 0
	for i, it := range b.Items {
		want, got := all.Items[i].Results(), it.Results()
		if it.Err != nil && all.Items[i].Err == nil {
			t.Fatalf("%s: %v", it.Name, it.Err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: read back as\n%+v\nwant\n%+v", it.Name, got, want)
			continue
		}
		for _, r := range got {
			results++
			if r.DuplicateOf != nil {
				copies++
			}
			if r.Spike != nil {
				spikes++
			}
			if r.TimeZoneFrom == "file" {
				zoned++
			}
		}
	}
	// Every kind of fact the steps over the batch decide was decided on results set
	// aside, and put back on them.
	if results < n || copies < n/10+5 || spikes < n/2 || zoned < n/10 {
		t.Errorf("%d results, %d copies, %d spikes, %d in the file's zone: the folder does not exercise every step", results, copies, spikes, zoned)
	}
}

// TestSetAsideNoRoom reads with a temporary space too small for what is set aside:
// one warning says so, and every result is still there, held in memory.
func TestSetAsideNoRoom(t *testing.T) {
	const n = 120
	dir := spillFolder(t, n)
	all := Read([]string{dir}, Options{Analysis: analysis.DefaultOptions, Jobs: 2, HoldResults: -1})
	defer all.Close()
	var warned []string
	b := Read([]string{dir}, Options{Analysis: analysis.DefaultOptions, Jobs: 2, HoldResults: 4 << 10, TempBudget: 20 << 10,
		Warn: func(line string) { warned = append(warned, line) }})
	defer b.Close()
	if len(warned) != 1 || !strings.Contains(warned[0], "setting results aside on disk") || !strings.Contains(warned[0], "held in memory") {
		t.Fatalf("warned %q, want one line that results are held in memory", warned)
	}
	if got := b.SetAside(); got == 0 || got >= n {
		t.Errorf("%d items set aside, want some but not all %d", got, n)
	}
	for i, it := range b.Items {
		if !reflect.DeepEqual(it.Results(), all.Items[i].Results()) {
			t.Errorf("%s: read back differently", it.Name)
		}
	}
}

// TestRerunReadsHistoryByChunks reruns over a folder with the history read a few
// inputs at a time: every input is taken from the history, none read again, and
// every result is the one the first run gave.
func TestRerunReadsHistoryByChunks(t *testing.T) {
	defer func(chunk, ahead int) { prefetchChunk, prefetchAhead = chunk, ahead }(prefetchChunk, prefetchAhead)
	prefetchChunk, prefetchAhead = 7, 10
	dir := spillFolder(t, 60)
	db := filepath.Join(t.TempDir(), "history.db")
	first, fresh := readWith(t, db, dir)
	if fresh == 0 {
		t.Fatal("the first run read nothing from the files")
	}
	again, fresh := readWith(t, db, dir)
	if fresh != 0 {
		t.Errorf("rerun read %d inputs again, want all from the history", fresh)
	}
	if len(again.Items) != len(first.Items) || len(again.Items) < 60 {
		t.Fatalf("%d items, want %d", len(again.Items), len(first.Items))
	}
	for i, it := range again.Items {
		got, _ := json.Marshal(it.Results())
		want, _ := json.Marshal(first.Items[i].Results())
		if string(got) != string(want) || len(it.Results()) == 0 {
			t.Errorf("%s: the rerun gives\n%s\nwant\n%s", it.Name, got, want)
		}
	}
}
