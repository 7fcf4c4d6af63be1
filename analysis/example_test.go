package analysis_test

import (
	"fmt"
	"os"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
)

// Example reads a run from a FIT file, analyses it, and prints its cadence and the
// verdict: the whole pipeline that `cadence analyze` runs for every file.
func Example() {
	data, err := os.ReadFile("../testdata/sample/fitparse-stryd-run-devfields.fit")
	if err != nil {
		fmt.Println(err)
		return
	}
	acts, err := fitparse.Parse("run.fit", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range acts {
		r := analysis.Analyze(a, analysis.DefaultOptions)
		pace := int(*r.PaceSPerKm + 0.5) // seconds per km
		fmt.Printf("%s, %.2f km at %d:%02d/km\n", r.Sport, *r.DistanceM/1000, pace/60, pace%60)
		fmt.Printf("cadence: median %.0f steps/min over %d samples\n", r.Cadence.Median, r.Cadence.Samples)
		fmt.Printf("overstride: %v (%s)\n", r.Overstride, r.Verdict.Kind)
	}
	// Output:
	// running, 6.75 km at 8:29/km
	// cadence: median 150 steps/min over 3424 samples
	// overstride: true (overstride)
}
