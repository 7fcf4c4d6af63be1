package fitparse

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/cadence-run/cadence/activity"
)

// TestFITLaps checks the laps read from real files against the values muktihari's
// decoder gives with its standard factory (a dump of every lap field): a Garmin
// FR25 session of manual laps (reps and recoveries, no intensity), and a Fenix 5X
// structured workout whose laps carry their workout steps.
func TestFITLaps(t *testing.T) {
	cases := []struct {
		file  string
		n     int
		check map[int]string // lap index -> start, timer, distance, speed, intensity, trigger, step
	}{
		{"../testdata/sample/workoutizer-garmin-fr25-run-pauses.fit", 14, map[int]string{
			0:  "1471455687 488.6 1299.3 2.660 \"\" manual -1",
			1:  "1471456291 59.6 324.7 5.451 \"\" manual -1",
			2:  "1471456351 69.3 95.3 1.374 \"\" manual -1",
			13: "1471457299 250.3 520.1 2.078 \"\" session_end -1",
		}},
		{filepath.Join(fitCorpus, "fit", "fitparserjs-garmin-fenix5x-run-devfields.fit"), 14, map[int]string{
			1: "1528988123 278.4 1000.0 3.592 \"\" distance 1",
			2: "1528988402 60.0 152.6 2.543 \"\" time 2",
		}},
	}
	for _, c := range cases {
		data, err := os.ReadFile(c.file)
		if os.IsNotExist(err) {
			t.Logf("skipped %s: not present (the corpus lives in ../shared/corpus)", c.file)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, parse := range []func(string, []byte) ([]*activity.Activity, error){parseFIT, parseFITSlow} {
			acts, err := parse(c.file, data)
			if err != nil || len(acts) != 1 {
				t.Fatalf("%s: %v, %d activities", c.file, err, len(acts))
			}
			laps := acts[0].Laps
			if len(laps) != c.n {
				t.Fatalf("%s: %d laps, want %d", c.file, len(laps), c.n)
			}
			for i, want := range c.check {
				lp := laps[i]
				got := fmt.Sprintf("%.0f %.1f %.1f %.3f %q %s %d", lp.Start, lp.TimerS, lp.DistanceM, lp.SpeedMS, lp.Intensity, lp.Trigger, lp.StepIndex)
				if got != want {
					t.Errorf("%s lap %d: %s, want %s", c.file, i, got, want)
				}
				if !(lp.End >= lp.Start) || math.IsNaN(lp.End) {
					t.Errorf("%s lap %d: ends at %v, before its start %v", c.file, i, lp.End, lp.Start)
				}
			}
		}
	}
}
