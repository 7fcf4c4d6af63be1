package analysis

import (
	"math"
	"testing"

	"github.com/cadence-run/cadence/activity"
)

// leg is a stretch of a synthetic session: secs seconds at pace (s/km) and spm.
type leg struct {
	secs      int
	pace, spm float64
}

// session builds a running activity of the legs in order, a record a second.
func session(legs ...leg) *activity.Activity {
	a := activity.New("session", "fit", 0)
	a.Sport, a.SportFrom, a.CadenceUnit = activity.Running, "file", activity.CadencePerFoot
	t, d := 1e9, 0.0
	for _, l := range legs {
		v := 1000 / l.pace
		for i := 0; i < l.secs; i++ {
			s := activity.NewSample()
			s.T, s.Speed, s.Distance, s.Cadence = t, v, d, l.spm/2
			a.Samples = append(a.Samples, s)
			t++
			d += v
		}
	}
	return a
}

// TestWorkoutRecoveriesMostOfTime: a session of 8 reps of a minute at 3:45/km with
// recoveries of 3:20 at 9:00/km between them, the recoveries more than half of its
// time and at 146 steps/min (below the 159 of their pace), after a warm-up and before
// a cool-down at 6:00/km and 168 (fine for that pace). It is a workout, judged on its
// reps and its steady running, and not flagged.
func TestWorkoutRecoveriesMostOfTime(t *testing.T) {
	legs := []leg{{600, 360, 168}}
	for k := 0; k < 8; k++ {
		legs = append(legs, leg{60, 225, 178})
		if k < 7 {
			legs = append(legs, leg{200, 540, 146})
		}
	}
	legs = append(legs, leg{200, 540, 146}, leg{300, 360, 168})
	r := Analyze(session(legs...), DefaultOptions)
	w := r.Workout
	if w == nil {
		t.Fatalf("not recognised as a workout: %+v", r.Judged)
	}
	// The recoveries are 1600 of 2980 s; windows across a change of pace blur a few
	// seconds either way.
	if w.Reps != 8 || math.Abs(w.RecoveryS-1600) > 120 || math.Abs(w.RepS-480) > 60 || math.Abs(w.SteadyS-900) > 60 ||
		math.Abs(w.RepPaceSPerKm-225) > 20 {
		t.Errorf("workout %+v", *w)
	}
	if w.RecoveryS < w.RepS+w.SteadyS {
		t.Errorf("the recoveries (%v s) are not most of the time", w.RecoveryS)
	}
	if r.Verdict.Kind != VerdictOK || r.Overstride {
		t.Errorf("verdict %+v, judged %+v", r.Verdict, r.Judged)
	}
	for _, p := range r.Judged {
		if p.PaceSPerKm != nil && *p.PaceSPerKm > 480 {
			t.Errorf("a recovery at %.0f s/km was judged: %+v", *p.PaceSPerKm, p)
		}
	}
	// The same session with its warm-up and cool-down low for their pace is
	// flagged: a workout is still judged, on its steady running.
	for i := range legs {
		if legs[i].pace == 360 {
			legs[i].spm = 150
		}
	}
	r = Analyze(session(legs...), DefaultOptions)
	if r.Workout == nil || r.Verdict.Kind != VerdictOverstride {
		t.Errorf("low warm-up and cool-down: workout %v, verdict %+v, judged %+v", r.Workout, r.Verdict, r.Judged)
	}
}

// TestWorkoutStridesDoNotHideSlowRunning: a slow run at 150 steps/min with a few
// strides every six minutes is judged on its slow running, which is steady running
// between the strides, not a recovery.
func TestWorkoutStridesDoNotHideSlowRunning(t *testing.T) {
	var legs []leg
	for k := 0; k < 5; k++ {
		legs = append(legs, leg{360, 450, 150}, leg{40, 240, 180})
	}
	legs = append(legs, leg{360, 450, 150})
	r := Analyze(session(legs...), DefaultOptions)
	if r.Verdict.Kind != VerdictOverstride {
		t.Errorf("verdict %+v, workout %+v, judged %+v", r.Verdict, r.Workout, r.Judged)
	}
	if w := r.Workout; w != nil && w.RecoveryS > 120 {
		t.Errorf("the slow running between strides was taken for recoveries: %+v", *w)
	}
}

// TestSteadyRunIsNoWorkout: a steady run, and one whose pace swings by 15%, are not
// workouts.
func TestSteadyRunIsNoWorkout(t *testing.T) {
	var legs []leg
	for k := 0; k < 10; k++ {
		legs = append(legs, leg{120, 330, 168}, leg{120, 330 * 1.3, 164})
	}
	if r := Analyze(session(legs...), DefaultOptions); r.Workout != nil {
		t.Errorf("a run swinging ±15%% taken for a workout: %+v", *r.Workout)
	}
	if r := Analyze(session(leg{2400, 330, 168}), DefaultOptions); r.Workout != nil {
		t.Errorf("a steady run taken for a workout: %+v", *r.Workout)
	}
}

// TestSportFromSteps: a file without a sport whose speed says walking (a jog slower
// than 8:45/km) is a run when it steps at 150 or more, and judged; a walk stays a walk.
func TestSportFromSteps(t *testing.T) {
	for _, tc := range []struct {
		spm, speed float64
		sport      activity.Sport
		kind       string
	}{
		{150, 1.75, activity.Running, VerdictOverstride}, // 9:31/km: below 159
		{164, 1.75, activity.Running, VerdictOK},
		{120, 1.5, activity.Walking, VerdictWalking},
		{128, 2.0, activity.Walking, VerdictWalking}, // brisk, but a walking rhythm
	} {
		r := Analyze(run{n: 1200, dt: 1, speed: tc.speed, cad: tc.spm / 2, unit: activity.CadencePerFoot, sport: activity.Unknown}.build(), DefaultOptions)
		if r.Sport != tc.sport || r.Verdict.Kind != tc.kind || r.SportFrom != "steps" {
			t.Errorf("%v spm at %v m/s: %s (%s), %s; want %s, %s", tc.spm, tc.speed, r.Sport, r.SportFrom, r.Verdict.Kind, tc.sport, tc.kind)
		}
	}
	// In between, the speed decides.
	r := Analyze(run{n: 1200, dt: 1, speed: 1.5, cad: 70, unit: activity.CadencePerFoot, sport: activity.Unknown}.build(), DefaultOptions)
	if r.Sport != activity.Walking || r.SportFrom != "speed" {
		t.Errorf("140 spm at 1.5 m/s: %s from %s", r.Sport, r.SportFrom)
	}
}
