package fitparse

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// sdkLap is a lap as testdata/laps-fitsdk.jsonl holds it: Garmin's FIT SDK decoding.
type sdkLap struct {
	Start     *float64 `json:"start"`
	TimerS    *float64 `json:"timer_s"`
	DistanceM *float64 `json:"distance_m"`
	SpeedMS   *float64 `json:"speed_m_s"`
	Intensity string   `json:"intensity"`
	Trigger   string   `json:"trigger"`
	Step      *int     `json:"step"`
}

// TestLapsMatchFITSDK checks the laps read from every corpus and sample FIT file
// against Garmin's FIT SDK decoding of the same lap messages
// (testdata/laps-fitsdk.jsonl; see testdata/README.md): start, timer time,
// distance, average speed, intensity, trigger and workout step, lap for lap. The
// laps of all the file's activities together, in order of time, are the file's
// (less, in a multisport file, those outside every session).
func TestLapsMatchFITSDK(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "laps-fitsdk.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	num := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	same := func(a, b float64) bool {
		return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b))
	}
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	checked := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var want struct {
			File string   `json:"file"`
			Laps []sdkLap `json:"laps"`
		}
		if err := json.Unmarshal(sc.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(fitCorpus, "fit", want.File)
		if _, err := os.Stat(path); err != nil {
			path = filepath.Join("..", "testdata", "sample", want.File)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			continue // the corpus is absent: only the samples are checked
		}
		acts, err := Parse(want.File, data)
		if err != nil {
			t.Fatalf("%s: %v", want.File, err)
		}
		var got []activity.Lap
		for _, a := range acts {
			got = append(got, a.Laps...)
		}
		slices.SortStableFunc(got, func(a, b activity.Lap) int { return cmp.Compare(a.Start, b.Start) })
		slices.SortStableFunc(want.Laps, func(a, b sdkLap) int { return cmp.Compare(num(a.Start), num(b.Start)) })
		// A lap of a multisport file outside every session goes with none, as
		// records do: leave out the SDK's laps that start outside every activity.
		inSome := func(t float64) bool {
			for _, a := range acts {
				if s := float64(a.Start.Unix()); t >= s && !(t > s+a.ElapsedS) {
					return true
				}
			}
			return false
		}
		if len(acts) > 1 {
			want.Laps = slices.DeleteFunc(want.Laps, func(w sdkLap) bool { return w.Start != nil && !inSome(*w.Start) })
		}
		if len(got) != len(want.Laps) {
			t.Errorf("%s: %d laps, the SDK %d", want.File, len(got), len(want.Laps))
			continue
		}
		for i, w := range want.Laps {
			g := got[i]
			step := -1
			if w.Step != nil {
				step = *w.Step
			}
			if !same(g.Start, num(w.Start)) || !same(g.TimerS, num(w.TimerS)) || !same(g.DistanceM, num(w.DistanceM)) ||
				!same(g.SpeedMS, num(w.SpeedMS)) || norm(g.Intensity) != norm(w.Intensity) || norm(g.Trigger) != norm(w.Trigger) || g.StepIndex != step {
				t.Errorf("%s lap %d: %+v, the SDK %s", want.File, i, g, fmt.Sprintf("%v %v %v %v %q %q %d", num(w.Start), num(w.TimerS), num(w.DistanceM), num(w.SpeedMS), w.Intensity, w.Trigger, step))
			}
		}
		checked++
	}
	t.Logf("laps of %d files checked against the FIT SDK", checked)
	if checked == 0 {
		t.Error("no file checked")
	}
}
