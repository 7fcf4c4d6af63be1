package fitparse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cadence-run/cadence/activity"
	"github.com/muktihari/fit/kit/hash/crc16"
)

// BenchmarkParseFIT decodes every FIT file of the corpus's fit/ folder in memory, as
// `cadence analyze` does before its analysis, and reports MB/s of input, MB per CPU
// second of the whole process (garbage collection included; steadier than wall time on
// a busy machine), and allocations and bytes allocated per file.
func BenchmarkParseFIT(b *testing.B) {
	benchFIT(b, parseFIT)
}

// BenchmarkParseFITStandard is BenchmarkParseFIT with muktihari's standard factory,
// which decodes every field: what fitFactory saves. Run the two interleaved (-count).
func BenchmarkParseFITStandard(b *testing.B) {
	benchFIT(b, parseFITStandard)
}

func benchFIT(b *testing.B, parseFIT func(string, []byte) ([]*activity.Activity, error)) {
	needFITCorpus(b)
	datas, _, total := xmlLoadCorpus(b, "fit/*.fit")
	b.SetBytes(total)
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		for _, d := range datas {
			if _, err := parseFIT("bench.fit", d); err != nil {
				b.Fatal(err)
			}
		}
	}
	if cpu = processCPU() - cpu; cpu > 0 {
		b.ReportMetric(float64(total)*float64(b.N)/cpu/1e6, "MB/cpu-s")
	}
	b.ReportMetric(float64(testing.AllocsPerRun(1, func() {
		for _, d := range datas {
			parseFIT("bench.fit", d)
		}
	}))/float64(len(datas)), "allocs/file")
}

// BenchmarkFITCRC measures the FIT CRC over a real file, with the FIT SDK's nibble
// table (muktihari's port, what the decoder used before) and with the byte tables
// sliced by eight that fitCRC uses.
func BenchmarkFITCRC(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sample", "workoutizer-garmin-fr25-run-pauses.fit"))
	if err != nil {
		b.Skipf("no sample file: %v", err)
	}
	b.Run("nibble", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			h := crc16.New()
			h.Write(data)
			crcSink = h.Sum16()
		}
	})
	b.Run("slicing8", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			crcSink = fitCRC(0, data)
		}
	})
}

var crcSink uint16
