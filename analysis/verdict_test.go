package analysis

import (
	"math"
	"strings"
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
	for _, s := range []string{"162 steps/min at 8:00/km", "about typical for that pace", "below 159.5"} {
		if !strings.Contains(jog.Verdict.Reason, s) {
			t.Errorf("jog reason %q lacks %q", jog.Verdict.Reason, s)
		}
	}
	if len(jog.Judged) != 1 || jog.Judged[0].Below || math.Abs(*jog.Judged[0].PaceSPerKm-480) > 0.5 || jog.Judged[0].MedianSPM != 162 {
		t.Errorf("jog judged %+v", jog.Judged)
	}
	tempo := Analyze(run{n: 1200, dt: 1, speed: 1000.0 / 270, cad: 81, unit: activity.CadencePerFoot, sport: activity.Running}.build(), DefaultOptions)
	if tempo.Verdict.Kind != VerdictOverstride || !tempo.Overstride {
		t.Errorf("162 at 4:30/km: %+v", tempo.Verdict)
	}
	if !strings.Contains(tempo.Verdict.Reason, "162 steps/min at 4:30/km is below 169.2, the threshold for that pace") {
		t.Errorf("tempo reason %q", tempo.Verdict.Reason)
	}
	// Imperial paces in the reason.
	mi := Analyze(run{n: 1200, dt: 1, speed: 1000.0 / 270, cad: 81, unit: activity.CadencePerFoot, sport: activity.Running}.build(), Options{Threshold: 165, Imperial: true})
	if !strings.Contains(mi.Verdict.Reason, "at 7:15/mi") {
		t.Errorf("imperial reason %q", mi.Verdict.Reason)
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
	r := Analyze(intervals(8, 120, 60), DefaultOptions)
	if r.Verdict.Kind != VerdictOK || r.Overstride {
		t.Fatalf("reps 2 min, jogs 1 min: %+v", r.Verdict)
	}
	if len(r.Judged) != 2 || r.Judged[0].Below || !r.Judged[1].Below || r.Judged[0].MedianSPM != 180 || r.Judged[1].MedianSPM != 150 {
		t.Fatalf("judged %+v", r.Judged)
	}
	// A window across the change from a repeat to a recovery blurs the paces a little.
	reps, jogs := r.Judged[0], r.Judged[1]
	if reps.Stretches != 8 || jogs.Stretches != 8 || math.Abs(*reps.PaceSPerKm-240) > 3 || math.Abs(*jogs.PaceSPerKm-450) > 10 ||
		math.Abs(jogs.ThresholdSPM-ThresholdAt(165, 1000 / *jogs.PaceSPerKm)) > 1e-9 || reps.ThresholdSPM != 171 {
		t.Errorf("parts %+v", r.Judged)
	}
	for _, s := range []string{"judged at 2 paces: 8 of 24 min", "below: 150 steps/min at " + FormatPace(*jogs.PaceSPerKm, false) + " for 8 min",
		"180 steps/min at " + FormatPace(*reps.PaceSPerKm, false) + " for 16 min (threshold 171)"} {
		if !strings.Contains(r.Verdict.Reason, s) {
			t.Errorf("reason %q lacks %q", r.Verdict.Reason, s)
		}
	}
	// Short repeats, long slow running: the slow running decides.
	r = Analyze(intervals(8, 60, 150), DefaultOptions)
	if r.Verdict.Kind != VerdictOverstride || !r.Overstride || BelowShare(r.Judged) < 0.7 {
		t.Fatalf("reps 1 min, jogs 2.5 min: %+v, %+v", r.Verdict, r.Judged)
	}
	if p, ok := MainPart(r); !ok || p.MedianSPM != 150 || !p.Below {
		t.Errorf("main part %+v", p)
	}
	if !strings.Contains(r.Verdict.Reason, "likely overstriding") || !strings.Contains(r.Verdict.Reason, "20 of 28 min") || !strings.Contains(r.Verdict.Reason, "below: 150 steps/min at 7:2") {
		t.Errorf("reason %q", r.Verdict.Reason)
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
	if !strings.Contains(r.Verdict.Reason, "160 steps/min is below 165") || !strings.Contains(r.Verdict.Reason, "the file has no speed") {
		t.Errorf("reason %q", r.Verdict.Reason)
	}
}
