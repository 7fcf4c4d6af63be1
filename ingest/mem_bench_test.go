package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/internal/synth"
)

// BenchmarkBatchBytesPerFile reads a folder of many tiny files (a short real run,
// and as many files that are no activity but are named like one) and reports the
// heap the batch holds once read, per file: what grows with the number of files
// when nothing caps it.
func BenchmarkBatchBytesPerFile(b *testing.B) {
	const n = 4000
	dir := b.TempDir()
	run, err := os.ReadFile(filepath.Join(samples, "heartandsole-garmin-fr220-run-tiny.fit"))
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n/2; i++ {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("run-%06d.fit", i)), run, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("bad-%06d.fit", i)), []byte("not an activity"), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	held, _ := readHeld(b, dir, Options{}, nil)
	b.ReportMetric(held/n, "heap-B/file")
}

// readHeld reads dir b.N times with opt (analysed with the default options on two
// workers) and returns, per read, the heap the batch holds once read and the heap
// allocated in all; check, when set, looks at each batch.
func readHeld(b *testing.B, dir string, opt Options, check func(*Batch)) (held, total float64) {
	opt.Analysis, opt.Jobs = analysis.DefaultOptions, 2
	var h, t uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		batch := Read([]string{dir}, opt)
		runtime.GC()
		runtime.ReadMemStats(&after)
		h += after.HeapAlloc - min(before.HeapAlloc, after.HeapAlloc)
		t += after.TotalAlloc - before.TotalAlloc
		if check != nil {
			check(batch)
		}
		runtime.KeepAlive(batch)
		batch.Close()
	}
	return float64(h) / float64(b.N), float64(t) / float64(b.N)
}

// tinyRuns writes n tiny GPX runs (five trackpoints with cadence, three hours apart,
// so that none is a copy of another: the folder of issue 21) into a new folder.
func tinyRuns(b *testing.B, n int) string {
	dir := b.TempDir()
	start := time.Date(2024, 1, 1, 6, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		s := synth.Spec{Sport: synth.Running, Start: start.Add(time.Duration(i) * 3 * time.Hour),
			DistanceM: 12, SpeedMS: 3, CadenceSPM: 166, Name: fmt.Sprintf("Run %d", i)}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("run-%06d.gpx", i)), synth.GPX(s), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkTinyRunsBytesPerFile reads a folder of many tiny GPX runs with every
// result held in memory, as batches did before they set results aside, and reports,
// per file, the heap the batch holds once read, and the heap allocated in all.
func BenchmarkTinyRunsBytesPerFile(b *testing.B) {
	const n = 5000
	dir := tinyRuns(b, n)
	held, total := readHeld(b, dir, Options{HoldResults: -1}, func(batch *Batch) {
		if len(batch.Items) != n || len(batch.Items[n-1].Results()) != 1 {
			b.Fatalf("%d inputs read, want %d runs", len(batch.Items), n)
		}
	})
	b.ReportMetric(held/n, "heap-B/file")
	b.ReportMetric(total/n, "alloc-B/file")
}

// BenchmarkSetAsideBytesPerFile reads 20,000 tiny GPX runs holding at most 1 MB of
// results in memory, the rest set aside on disk, and reports per file the heap the
// batch holds once read (what still grows with the number of files: each item's name,
// hash, facts and place on disk, and the inputs' list), the heap allocated in all, and
// the bytes set aside on disk.
func BenchmarkSetAsideBytesPerFile(b *testing.B) {
	const n = 20000
	dir := tinyRuns(b, n)
	var disk int64
	held, total := readHeld(b, dir, Options{HoldResults: 1 << 20}, func(batch *Batch) {
		if len(batch.Items) != n || len(batch.Items[n-1].Results()) != 1 || batch.SetAside() < n*9/10 {
			b.Fatalf("%d inputs read, %d set aside; want %d runs, most set aside", len(batch.Items), batch.SetAside(), n)
		}
		disk = batch.spill.spool.Size()
	})
	b.ReportMetric(held/n, "heap-B/file")
	b.ReportMetric(total/n, "alloc-B/file")
	b.ReportMetric(float64(disk)/n, "disk-B/file")
}
