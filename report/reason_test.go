package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
)

// reasonMustContain fails t for every want that reason lacks.
func reasonMustContain(t *testing.T, name, reason string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(reason, s) {
			t.Errorf("%s: reason %q lacks %q", name, reason, s)
		}
	}
}

// TestReasonAtPace: the same cadence is about typical for an easy jog and likely
// overstriding at a tempo pace, and the reason says so at the pace, in the chosen units.
func TestReasonAtPace(t *testing.T) {
	jog := analysis.Analyze(advActivity(162, 480, 1200), analysis.DefaultOptions)
	reasonMustContain(t, "jog", Reason(jog, false), "162 steps/min at 8:00/km", "about typical for that pace", "below 159.5")
	tempo := analysis.Analyze(advActivity(162, 270, 1200), analysis.DefaultOptions)
	reasonMustContain(t, "tempo", Reason(tempo, false), "162 steps/min at 4:30/km is below 169.2, the threshold for that pace")
	// Imperial paces in the reason, from the same Result.
	reasonMustContain(t, "imperial", Reason(tempo, true), "at 7:15/mi")
	if strings.Contains(Reason(tempo, true), "/km") {
		t.Errorf("imperial reason %q names a pace per km", Reason(tempo, true))
	}
	// --threshold moves the line.
	r := analysis.Analyze(advActivity(168, 1000.0/3, 600), analysis.Options{Threshold: 170})
	reasonMustContain(t, "threshold 170", Reason(r, false), "below 170")
}

// reasonIntervals builds a session of reps at 4:00/km and 180 steps/min and
// recoveries at 7:30/km and 150, each repSec and jogSec long, n times.
func reasonIntervals(n int, repSec, jogSec int) *activity.Activity {
	a := activity.New("intervals", "fit", 0)
	a.Sport, a.SportFrom, a.CadenceUnit = activity.Running, "file", activity.CadencePerFoot
	t, d := 1e9, 0.0
	for k := 0; k < n; k++ {
		for _, leg := range []struct {
			secs     int
			v, strid float64
		}{{repSec, 1000.0 / 240, 90}, {jogSec, 1000.0 / 450, 75}} {
			for i := 0; i < leg.secs; i++ {
				s := activity.NewSample()
				s.T, s.Speed, s.Distance, s.Cadence = t, leg.v, d, leg.strid
				a.Samples = append(a.Samples, s)
				t++
				d += leg.v
			}
		}
	}
	return a
}

// TestReasonByParts: the reason of an interval session names the part that is below,
// with its pace and time, and the parts at or above.
func TestReasonByParts(t *testing.T) {
	// Reps with recoveries between them: a workout, judged on its reps only.
	r := analysis.Analyze(reasonIntervals(8, 120, 60), analysis.DefaultOptions)
	if len(r.Judged) != 1 || r.Workout == nil {
		t.Fatalf("judged %+v, workout %+v", r.Judged, r.Workout)
	}
	reasonMustContain(t, "reps 2 min", Reason(r, false), "a workout of 8 reps at 4:0", ": judged on its 16 min of reps, not on the 8 min of recoveries",
		"running cadence 180 steps/min at 4:0")
	// Two paces of steady running: each judged at its own pace.
	a := reasonIntervals(1, 600, 1200)
	a.Samples = append(a.Samples, reasonIntervals(1, 900, 0).Samples...)
	for i := range a.Samples {
		a.Samples[i].T = 1e9 + float64(i)
		if i > 0 {
			a.Samples[i].Distance = a.Samples[i-1].Distance + a.Samples[i-1].Speed
		}
	}
	r = analysis.Analyze(a, analysis.DefaultOptions)
	if len(r.Judged) != 2 || r.Workout != nil {
		t.Fatalf("judged %+v, workout %+v", r.Judged, r.Workout)
	}
	reps, jogs := r.Judged[0], r.Judged[1]
	reasonMustContain(t, "25 min fast, 20 min slow", Reason(r, false), "judged at 2 paces: 20 of 45 min",
		"below: 150 steps/min at "+FormatPace(*jogs.PaceSPerKm, false)+" for 20 min",
		"180 steps/min at "+FormatPace(*reps.PaceSPerKm, false)+" for 25 min (threshold 171)")
}

// TestReasonWithoutSpeed: a treadmill run without speed is judged against the fixed
// threshold, and the reason says so.
func TestReasonWithoutSpeed(t *testing.T) {
	r := analysis.Analyze(advActivity(160, 0, 900), analysis.DefaultOptions)
	if len(r.Judged) != 1 || r.Judged[0].PaceSPerKm != nil {
		t.Fatalf("judged %+v", r.Judged)
	}
	reasonMustContain(t, "no speed", Reason(r, false), "160 steps/min is below 165", "the file has no speed", "(5:33/km)")
	reasonMustContain(t, "no speed", Reason(r, true), "(8:56/mi)")
}

// TestReasonIntervalSession: the interval session in testdata/sample (repeats at
// about 3:15/km and 173 steps/min) is worded by its parts, not by its pooled running
// median of 160.
func TestReasonIntervalSession(t *testing.T) {
	const rel = "workoutizer-garmin-fr25-run-pauses.fit"
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sample", rel))
	if err != nil {
		t.Fatal(err)
	}
	acts, err := fitparse.Parse(rel, data)
	if err != nil || len(acts) != 1 {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	r := analysis.Analyze(acts[0], analysis.DefaultOptions)
	reason := Reason(r, false)
	if r.Running.Median != 160 || strings.Contains(reason, "160") {
		t.Errorf("the reason names the pooled median %v: %q", r.Running.Median, reason)
	}
	for _, p := range r.Judged {
		reasonMustContain(t, rel, reason, fmt.Sprintf("%v steps/min at %s", p.MedianSPM, FormatPace(*p.PaceSPerKm, false)))
	}
}

// TestReasonBases: every basis of a verdict is worded in full, from the Result's
// numbers.
func TestReasonBases(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name string
		r    analysis.Result
		want string
	}{
		{"walk", analysis.Result{Sport: activity.Walking, Cadence: &analysis.Stats{Median: 118}, Verdict: analysis.Verdict{Kind: analysis.VerdictWalking, Basis: analysis.BasisWalkSport}},
			"a walk at a median 118 steps/min, a normal walking rhythm; overstriding is judged on runs only"},
		{"hike", analysis.Result{Sport: activity.Hiking, Cadence: &analysis.Stats{Median: 112.25}, Verdict: analysis.Verdict{Kind: analysis.VerdictWalking, Basis: analysis.BasisWalkSport}},
			"a hike at a median 112.2 steps/min, a normal walking rhythm; overstriding is judged on runs only"},
		{"walk cadence", analysis.Result{Sport: activity.Running, Cadence: &analysis.Stats{Median: 121}, RunShare: f(0.2), Verdict: analysis.Verdict{Kind: analysis.VerdictWalking, Basis: analysis.BasisWalkCadence}},
			"mostly walking: median 121 steps/min, below 140 for 80% of the moving time"},
		{"walk share", analysis.Result{Sport: activity.Running, RunShare: f(0.22), Verdict: analysis.Verdict{Kind: analysis.VerdictWalking, Basis: analysis.BasisWalkShare}},
			"mostly walking: 78% of the moving samples are below 140 steps/min"},
		{"too short", analysis.Result{Sport: activity.Running, Running: &analysis.Stats{Samples: 12}, Verdict: analysis.Verdict{Kind: analysis.VerdictTooShort, Basis: analysis.BasisTooShort}},
			"too few running samples to judge (12)"},
		{"too short, no running", analysis.Result{Sport: activity.Running, Verdict: analysis.Verdict{Kind: analysis.VerdictTooShort, Basis: analysis.BasisTooShort}},
			"too few running samples to judge (0)"},
		{"unknown", analysis.Result{Verdict: analysis.Verdict{Kind: analysis.VerdictUnknown, Basis: analysis.BasisUnknownSport}},
			"the file does not say which sport this is, and neither its speed nor its cadence makes it a run or a walk, so its cadence is not read as steps"},
		{"ride", analysis.Result{Sport: activity.Cycling, Verdict: analysis.Verdict{Kind: analysis.VerdictNotFoot, Basis: analysis.BasisOtherSport}},
			"a ride: its cadence counts pedal revolutions per minute, not steps"},
		{"swim without cadence", analysis.Result{Sport: activity.Swimming, Verdict: analysis.Verdict{Kind: analysis.VerdictNotFoot, Basis: analysis.BasisOtherNoCadence}},
			"a swim, not a run"},
		{"no cadence", analysis.Result{Sport: activity.Running, Verdict: analysis.Verdict{Kind: analysis.VerdictNoCadence, Basis: analysis.BasisNoCadence}},
			"the file holds no cadence: wear a footpod or a watch that counts steps at the wrist, and export the original FIT file"},
		{"downhill", analysis.Result{Sport: activity.Running,
			Judged:  []analysis.JudgedPart{{PaceSPerKm: f(330), Seconds: 1800, MedianSPM: 171, ThresholdSPM: 165.5, TypicalSPM: 170.5}},
			Verdict: analysis.Verdict{Kind: analysis.VerdictOK, Basis: analysis.BasisJudged, DownhillSPM: f(165.5), FlatSPM: f(171)}},
			"running cadence 171 steps/min at 5:30/km is about typical for that pace (about 171; below 165.5 is low for that pace); downhill it drops to 166 (171 on the flat at the same pace)"},
	} {
		if got := Reason(&tc.r, false); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// TestReasonSaysLapsDecided: a workout its laps told apart says so in its reason,
// one the speed profile found does not.
func TestReasonSaysLapsDecided(t *testing.T) {
	r := analysis.Analyze(reasonIntervals(8, 120, 60), analysis.DefaultOptions)
	if r.Workout == nil || r.Workout.From != analysis.WorkoutFromSpeed {
		t.Fatalf("workout %+v", r.Workout)
	}
	if s := Reason(r, false); strings.Contains(s, "laps") {
		t.Errorf("a workout from the speed profile: %q", s)
	}
	r.Workout.From = analysis.WorkoutFromLaps
	reasonMustContain(t, "from laps", Reason(r, false), "a workout of 8 reps at 4:0", ", told by the laps the watch recorded: judged on its 16 min of reps")
}
