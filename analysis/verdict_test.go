package analysis

import (
	"math"
	"testing"

	"github.com/cadence-run/cadence/activity"
)

func TestThresholdAt(t *testing.T) {
	for _, tc := range []struct{ thr, v, want float64 }{
		{165, 3, 165},
		{165, 1000.0 / 480, 165 + 6*(1000.0/480-3)}, // 8:00/km: 159.5
		{165, 3.5, 168},
		{165, 1.2, 159}, // slower than 8:20/km reads as 8:20/km
		{165, 6, 171},   // faster than 4:10/km reads as 4:10/km
		{170, 3, 170},   // --threshold keeps its meaning at 3 m/s
		{170, 2.5, 167}, // and moves the whole line
		{165, math.NaN(), 165},
		{165, 0, 165},
		{165, math.Inf(1), 165},
	} {
		if got := ThresholdAt(tc.thr, tc.v); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("ThresholdAt(%v, %v) = %v, want %v", tc.thr, tc.v, got, tc.want)
		}
		if got := TypicalAt(tc.thr, tc.v); math.Abs(got-tc.want-TypicalMargin) > 1e-9 {
			t.Errorf("TypicalAt(%v, %v) = %v, want %v", tc.thr, tc.v, got, tc.want+TypicalMargin)
		}
	}
}

// TestVerdictAtPace: the same cadence is about typical for an easy jog and likely
// overstriding at a tempo pace.
func TestVerdictAtPace(t *testing.T) {
	jog := Analyze(run{n: 1200, dt: 1, speed: 1000.0 / 480, cad: 81, unit: activity.CadencePerFoot, sport: activity.Running}.build(), DefaultOptions)
	if jog.Verdict.Kind != VerdictOK || jog.Overstride {
		t.Errorf("162 at 8:00/km: %+v", jog.Verdict)
	}
	if len(jog.Judged) != 1 || jog.Judged[0].Below || math.Abs(*jog.Judged[0].PaceSPerKm-480) > 0.5 || jog.Judged[0].MedianSPM != 162 {
		t.Errorf("jog judged %+v", jog.Judged)
	}
	tempo := Analyze(run{n: 1200, dt: 1, speed: 1000.0 / 270, cad: 81, unit: activity.CadencePerFoot, sport: activity.Running}.build(), DefaultOptions)
	if tempo.Verdict.Kind != VerdictOverstride || !tempo.Overstride {
		t.Errorf("162 at 4:30/km: %+v", tempo.Verdict)
	}
	if len(tempo.Judged) != 1 || !tempo.Judged[0].Below || math.Abs(tempo.Judged[0].ThresholdSPM-169.2) > 0.05 {
		t.Errorf("tempo judged %+v", tempo.Judged)
	}
}

// intervals builds a session of reps at 4:00/km and 180 steps/min and recoveries at
// 7:30/km and 150, each repSec and jogSec long, n times.
func intervals(n int, repSec, jogSec int) *activity.Activity {
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

// TestVerdictByParts: recoveries do not turn fine repeats into overstriding, and fast
// repeats do not hide slow running; the reason names the part that is below.
func TestVerdictByParts(t *testing.T) {
	// Long repeats, short recoveries: the pooled median is 180, and the recoveries,
	// 150 at 7:30/km (below 160.3), are a third of the time.
	// They are a workout: the recoveries between the reps are not judged.
	r := Analyze(intervals(8, 120, 60), DefaultOptions)
	if r.Verdict.Kind != VerdictOK || r.Overstride {
		t.Fatalf("reps 2 min, jogs 1 min: %+v", r.Verdict)
	}
	if r.Workout == nil || r.Workout.Reps != 8 || len(r.Judged) != 1 || r.Judged[0].Below || r.Judged[0].MedianSPM != 180 {
		t.Fatalf("workout %+v, judged %+v", r.Workout, r.Judged)
	}
	if reps := r.Judged[0]; reps.Stretches != 8 || math.Abs(*reps.PaceSPerKm-240) > 3 || reps.ThresholdSPM != 171 {
		t.Errorf("parts %+v", r.Judged)
	}
	// Short repeats, long recoveries: still a workout, judged on its reps, and not
	// flagged because its recoveries are most of its time.
	r = Analyze(intervals(8, 60, 150), DefaultOptions)
	if r.Workout == nil || r.Verdict.Kind != VerdictOK || r.Overstride || BelowShare(r.Judged) != 0 {
		t.Fatalf("reps 1 min, jogs 2.5 min: %+v, %+v, %+v", r.Verdict, r.Workout, r.Judged)
	}
	if r.Verdict.Basis != BasisJudged || r.Verdict.DownhillSPM != nil {
		t.Errorf("verdict %+v", r.Verdict)
	}
	// Slow running of its own (10 min fast, then 30 min slow) is no workout, and
	// decides: by parts, each at its own pace.
	r = Analyze(intervals(1, 600, 1800), DefaultOptions)
	if r.Workout != nil || r.Verdict.Kind != VerdictOverstride || len(r.Judged) != 2 || BelowShare(r.Judged) < 0.7 {
		t.Errorf("10 min fast, 30 min slow: %+v, %+v, %+v", r.Verdict, r.Workout, r.Judged)
	}
	if p, ok := MainPart(r); !ok || p.MedianSPM != 150 || !p.Below {
		t.Errorf("main part %+v", p)
	}
}

// TestVerdictWithoutSpeed: a treadmill run without speed is judged against the fixed
// threshold, and says so.
func TestVerdictWithoutSpeed(t *testing.T) {
	a := run{n: 900, dt: 1, speed: 3, cad: 80, unit: activity.CadencePerFoot, sport: activity.Running}.build()
	for i := range a.Samples {
		a.Samples[i].Speed, a.Samples[i].Distance = math.NaN(), math.NaN()
	}
	r := Analyze(a, DefaultOptions)
	if r.Verdict.Kind != VerdictOverstride || len(r.Judged) != 1 || r.Judged[0].PaceSPerKm != nil || r.Judged[0].ThresholdSPM != 165 {
		t.Fatalf("%+v %+v", r.Verdict, r.Judged)
	}
	if r.Verdict.Basis != BasisJudged || r.Judged[0].MedianSPM != 160 {
		t.Errorf("%+v %+v", r.Verdict, r.Judged)
	}
}

// TestDownhillDrop: the verdict carries the downhill and flat cadences only when
// downhill is more than 2 steps/min lower.
func TestDownhillDrop(t *testing.T) {
	grades := func(flat, down, downSpeed float64) *Result {
		return &Result{Grades: []GradeBand{{Name: "uphill", MedianSPM: 150, SpeedMS: 2.5}, {Name: "flat", MedianSPM: flat, SpeedMS: 3}, {Name: "downhill", MedianSPM: down, SpeedMS: downSpeed}}}
	}
	// At the same pace: more than 2 below is a drop.
	if d, f := DownhillDrop(grades(170, 167.5, 3)); d == nil || f == nil || *d != 167.5 || *f != 170 {
		t.Errorf("170 flat, 167.5 down: %v %v", d, f)
	}
	if d, f := DownhillDrop(grades(170, 168, 3)); d != nil || f != nil {
		t.Errorf("170 flat, 168 down: %v %v", d, f)
	}
	// Faster downhill: the flat rhythm moved to that pace is higher.
	if d, f := DownhillDrop(grades(170, 169, 3.5)); d == nil || f == nil || *f != 173 {
		t.Errorf("170 flat, 169 down at 3.5 m/s: %v %v", d, f)
	}
	// Slower downhill: a lower step rate the pace explains is no drop.
	if d, f := DownhillDrop(grades(170, 164, 2)); d != nil || f != nil {
		t.Errorf("170 flat, 164 down at 2 m/s: %v %v", d, f)
	}
	// Without speeds there is no telling.
	if d, f := DownhillDrop(grades(170, 160, 0)); d != nil || f != nil {
		t.Errorf("no downhill speed: %v %v", d, f)
	}
	if d, f := DownhillDrop(&Result{}); d != nil || f != nil {
		t.Errorf("no grades: %v %v", d, f)
	}
}

// TestPaceBandsBothUnits: one analysis gives the pace bands 30 s per km wide and 30 s
// per mile wide, so a report in either units needs no second analysis.
func TestPaceBandsBothUnits(t *testing.T) {
	r := Analyze(run{n: 1200, dt: 1, speed: 1000.0 / 270, cad: 81, unit: activity.CadencePerFoot, sport: activity.Running}.build(), DefaultOptions)
	if len(r.PaceBands) != 1 || r.PaceBands[0].FromSPerKm != 270 || r.PaceBands[0].ToSPerKm != 300 {
		t.Errorf("km bands %+v", r.PaceBands)
	}
	// 4:30/km is 7:15/mi, in the band 7:00-7:30/mi.
	if len(r.MilePaceBands) != 1 || math.Abs(r.MilePaceBands[0].FromSPerKm*MetresPerMile/1000-420) > 1e-9 ||
		math.Abs(r.MilePaceBands[0].ToSPerKm*MetresPerMile/1000-450) > 1e-9 || r.MilePaceBands[0].MedianSPM != 162 {
		t.Errorf("mile bands %+v", r.MilePaceBands)
	}
}

// TestVerdictIsRun checks which verdicts count as running with a known running
// cadence, the rule the table, the index and the trend share.
func TestVerdictIsRun(t *testing.T) {
	for kind, want := range map[string]bool{
		VerdictOK: true, VerdictOverstride: true, VerdictTooShort: true,
		VerdictWalking: false, VerdictNotFoot: false, VerdictNoCadence: false, VerdictUnknown: false,
	} {
		if got := (Verdict{Kind: kind}).IsRun(); got != want {
			t.Errorf("%s: IsRun %v, want %v", kind, got, want)
		}
	}
}
