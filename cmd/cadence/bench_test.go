package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkAnalyzeCorpusFIT measures `cadence analyze --format json` end to end (read,
// decode, analyse, write) over every file in ../shared/corpus/fit, in MB/s of input.
func BenchmarkAnalyzeCorpusFIT(b *testing.B) {
	dir := "../../../shared/corpus/fit"
	files, _ := filepath.Glob(filepath.Join(dir, "*.fit"))
	if len(files) == 0 {
		b.Skipf("no corpus at %s", dir)
	}
	var total int64
	for _, f := range files {
		info, _ := os.Stat(f)
		total += info.Size()
	}
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := run([]string{"analyze", "--format", "json", dir}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("status %d", code)
		}
	}
}
