package fitparse

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseFIT feeds arbitrary bytes to the FIT reader: it must never panic, every
// error must be a *ParseError naming the file, and what it returns must be finite or
// NaN, never ±Inf.
func FuzzParseFIT(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/sample/*.fit")
	for _, p := range []string{"fit/runalyze-garmin-fr735xt-run-tiny.fit", "fit/fitparse-garmin-fr70-run-compressed-speed-distance.fit",
		"fit/fitsdk-chained-activity-plus-settings.fit", "bad/fitsdk-chained-activity-settings-corrupt-header.fit",
		"bad/gc-garmin-fr55-walk-resaved-invalid-basetype.fit"} {
		seeds = append(seeds, filepath.Join(fitCorpus, p))
	}
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte("\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := parseFIT("fuzz.fit", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "fuzz.fit" {
				t.Fatalf("error %v is not a ParseError naming the file", err)
			}
			return
		}
		for _, a := range acts {
			for _, s := range a.Samples {
				for _, v := range []float64{s.T, s.Cadence, s.Speed, s.Distance, s.Altitude, s.Lat, s.Lon, s.HR} {
					if math.IsInf(v, 0) {
						t.Fatalf("infinite value in %+v", s)
					}
				}
			}
		}
	})
}
