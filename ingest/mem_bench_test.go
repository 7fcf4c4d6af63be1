package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/cadence-run/cadence/analysis"
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
	var held uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		batch := Read([]string{dir}, Options{Analysis: analysis.DefaultOptions, Jobs: 2})
		runtime.GC()
		runtime.ReadMemStats(&after)
		held += after.HeapAlloc - min(before.HeapAlloc, after.HeapAlloc)
		runtime.KeepAlive(batch)
		batch.Close()
	}
	b.ReportMetric(float64(held)/float64(b.N)/n, "heap-B/file")
}
