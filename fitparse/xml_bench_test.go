package fitparse

import (
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/internal/synth"
)

// xmlBenchSynth returns the synthetic GPX (tcx false) or TCX documents of a six
// activity plan: long runs and rides at one point a second, about 25 MB in all.
func xmlBenchSynth(tcx bool) ([][]byte, int64) {
	specs := synth.Plan(6, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), 1)
	var out [][]byte
	var total int64
	for _, s := range specs {
		d := synth.GPX(s)
		if tcx {
			d = synth.TCX(s)
		}
		out = append(out, d)
		total += int64(len(d))
	}
	return out, total
}

// benchParse parses every document of datas with parse, reporting bytes a second over
// all of them, and bytes per CPU second of the whole process (garbage collection
// included) as MB/cpu-s.
func benchParse(b *testing.B, datas [][]byte, total int64, parse func(string, []byte) ([]*activity.Activity, error)) {
	b.SetBytes(total)
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		for _, d := range datas {
			if _, err := parse("bench", d); err != nil {
				b.Fatal(err)
			}
		}
	}
	if cpu = processCPU() - cpu; cpu > 0 {
		b.ReportMetric(float64(total)*float64(b.N)/cpu/1e6, "MB/cpu-s")
	}
}

// BenchmarkXMLReaders compares the scanner (scan) with encoding/xml alone (decoder) on
// the corpus's GPX and TCX files and on big synthetic ones, and gives the FIT reader's
// rate on the corpus's FIT files for comparison.
func BenchmarkXMLReaders(b *testing.B) {
	for _, c := range []struct {
		name  string
		input func(b *testing.B) ([][]byte, int64)
		tcx   bool
	}{
		{"gpx-corpus", func(b *testing.B) ([][]byte, int64) { d, _, n := xmlLoadCorpus(b, "gpx/*.gpx"); return d, n }, false},
		{"tcx-corpus", func(b *testing.B) ([][]byte, int64) { d, _, n := xmlLoadCorpus(b, "tcx/*.tcx"); return d, n }, true},
		{"gpx-synth", func(*testing.B) ([][]byte, int64) { return xmlBenchSynth(false) }, false},
		{"tcx-synth", func(*testing.B) ([][]byte, int64) { return xmlBenchSynth(true) }, true},
	} {
		fast, ref := parseGPX, parseGPXDecoder
		if c.tcx {
			fast, ref = parseTCX, parseTCXDecoder
		}
		b.Run(c.name+"/scan", func(b *testing.B) { d, n := c.input(b); benchParse(b, d, n, fast) })
		b.Run(c.name+"/decoder", func(b *testing.B) { d, n := c.input(b); benchParse(b, d, n, ref) })
	}
	b.Run("fit-corpus", func(b *testing.B) { d, _, n := xmlLoadCorpus(b, "fit/*.fit"); benchParse(b, d, n, parseFIT) })
}
