package analysis

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/cadence-run/cadence/activity"
)

// run builds a synthetic activity: n samples every dt seconds at speed m/s with raw
// cadence cad, in the given format's units.
type run struct {
	n      int
	dt     float64
	speed  float64
	cad    float64
	unit   activity.CadenceUnit
	sport  activity.Sport
	noSpd  bool // record no speed, only positions (as GPX does)
	pauses []activity.Pause
}

func (r run) build() *activity.Activity {
	a := activity.New("synthetic", "fit", 0)
	a.Sport, a.CadenceUnit = r.sport, r.unit
	if r.sport != activity.Unknown {
		a.SportFrom = "file"
	}
	a.Pauses = r.pauses
	lat := 50.0
	for i := 0; i < r.n; i++ {
		s := activity.NewSample()
		s.T = 1e9 + float64(i)*r.dt
		s.Cadence = r.cad
		if r.noSpd {
			s.Lat, s.Lon = lat, 8
			lat += r.speed * r.dt / 111195 // metres to degrees of latitude
		} else {
			s.Speed = r.speed
			s.Distance = float64(i) * r.dt * r.speed
		}
		a.Samples = append(a.Samples, s)
	}
	return a
}

func TestVerdictThreshold(t *testing.T) {
	for _, tc := range []struct {
		spm  float64
		want string
	}{
		{math.Nextafter(165, 0), VerdictOverstride},
		{165, VerdictOK},
		{150, VerdictOverstride},
		{180, VerdictOK},
	} {
		r := Analyze(run{n: 600, dt: 1, speed: 3, cad: tc.spm / 2, unit: activity.CadencePerFoot, sport: activity.Running}.build(), DefaultOptions)
		if r.Verdict.Kind != tc.want || r.Overstride != (tc.want == VerdictOverstride) {
			t.Errorf("%v spm: verdict %q overstride %v, want %q", tc.spm, r.Verdict.Kind, r.Overstride, tc.want)
		}
		if r.Cadence.Median != tc.spm || r.Cadence.Samples != 600 {
			t.Errorf("%v spm: median %v over %d samples", tc.spm, r.Cadence.Median, r.Cadence.Samples)
		}
	}
	// --threshold moves the line.
	r := Analyze(run{n: 600, dt: 1, speed: 3, cad: 84, unit: activity.CadencePerFoot, sport: activity.Running}.build(), Options{Threshold: 170})
	if !r.Overstride || r.Verdict.Basis != BasisJudged || len(r.Judged) != 1 || r.Judged[0].ThresholdSPM != 170 {
		t.Errorf("168 spm with threshold 170: %+v %+v", r.Verdict, r.Judged)
	}
}

func TestWalksAndRidesAreNeverOverstriding(t *testing.T) {
	walk := Analyze(run{n: 600, dt: 1, speed: 1.3, cad: 58, unit: activity.CadencePerFoot, sport: activity.Walking}.build(), DefaultOptions)
	if walk.Overstride || walk.Verdict.Kind != VerdictWalking || walk.Verdict.Basis != BasisWalkSport || walk.Cadence.Median != 116 {
		t.Errorf("walk: %+v median %v", walk.Verdict, walk.Cadence.Median)
	}
	ride := Analyze(run{n: 600, dt: 1, speed: 8, cad: 80, unit: activity.CadencePerFoot, sport: activity.Cycling}.build(), DefaultOptions)
	if ride.Overstride || ride.Cadence != nil || ride.OtherCad.Median != 80 || ride.Verdict.Kind != VerdictNotFoot || ride.Verdict.Basis != BasisOtherSport {
		t.Errorf("ride: %+v cadence %v rpm %v", ride.Verdict, ride.Cadence, ride.OtherCad)
	}
	// A run that is mostly walking is reported as walking.
	mostly := Analyze(run{n: 600, dt: 1, speed: 1.5, cad: 60, unit: activity.CadencePerFoot, sport: activity.Running}.build(), DefaultOptions)
	if mostly.Overstride || mostly.Verdict.Kind != VerdictWalking || mostly.Verdict.Basis != BasisWalkCadence {
		t.Errorf("a run at 120 spm: %+v", mostly.Verdict)
	}
}

// TestUnitDecision checks how GPX/TCX cadence of unknown unit becomes steps/min.
func TestUnitDecision(t *testing.T) {
	for _, tc := range []struct {
		name   string
		raw    float64
		speed  float64
		factor float64
	}{
		{"one foot", 82, 3, 2},
		{"already steps", 170, 3, 1},
		{"115 cannot be one foot", 115, 2.5, 1},
		{"99 is one foot", 99, 3, 2},
		// Like the treadmill file: raw 110 at 1.2 m/s; as steps that is 0.65 m a step,
		// doubled 0.33 m: steps.
		{"120 slow: steps", 110, 1.2, 1},
		// Raw 105 at 4.5 m/s: as steps 2.6 m a step, doubled 1.3 m: one foot.
		{"105 fast: one foot", 105, 4.5, 2},
	} {
		a := run{n: 300, dt: 1, speed: tc.speed, cad: tc.raw, unit: activity.CadenceUnitUnknown, sport: activity.Running}.build()
		r := Analyze(a, DefaultOptions)
		if got := r.Cadence.Median / tc.raw; got != tc.factor {
			t.Errorf("%s: raw %v became %v spm (factor %v), want factor %v", tc.name, tc.raw, r.Cadence.Median, got, tc.factor)
		}
		if len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0], "cadence taken as") {
			t.Errorf("%s: the guess is not a warning: %q", tc.name, r.Warnings)
		}
	}
	// A FIT file says one foot: no guess, no warning.
	r := Analyze(run{n: 300, dt: 1, speed: 3, cad: 120, unit: activity.CadencePerFoot, sport: activity.Running}.build(), DefaultOptions)
	if r.Cadence.Median != 240 || len(r.Warnings) != 0 {
		t.Errorf("FIT raw 120: %v spm, warnings %q", r.Cadence.Median, r.Warnings)
	}
}

// TestPausesAndStandingStill checks that timer pauses and standing still leave the
// cadence statistics and the moving time.
func TestPausesAndStandingStill(t *testing.T) {
	a := run{n: 600, dt: 1, speed: 3, cad: 85, unit: activity.CadencePerFoot, sport: activity.Running,
		pauses: []activity.Pause{{Start: 1e9 + 100, End: 1e9 + 200}}}.build()
	for i := 100; i < 200; i++ { // low cadence inside the pause
		a.Samples[i].Cadence = 10
	}
	for i := 300; i < 350; i++ { // standing at a light, feet shuffling
		a.Samples[i].Speed, a.Samples[i].Cadence = 0.2, 20
	}
	r := Analyze(a, DefaultOptions)
	if r.Cadence.Median != 170 || r.Cadence.P10 != 170 || r.Cadence.Samples != 600-99-50 {
		t.Errorf("stats %+v: pause and standing still not left out", *r.Cadence)
	}
	if *r.MovingS != 599-100-50 || *r.ElapsedS != 599 {
		t.Errorf("moving %v elapsed %v", *r.MovingS, *r.ElapsedS)
	}
	if r.Series[150].Seg == r.Series[50].Seg {
		t.Error("the smoothing segment does not restart at the pause")
	}
}

// TestSparseGPSSpeed checks speed derived from positions recorded every 8 s (smart
// recording), where a 10 s window holds no neighbour.
func TestSparseGPSSpeed(t *testing.T) {
	r := Analyze(run{n: 200, dt: 8, speed: 2.5, cad: 80, unit: activity.CadenceUnitUnknown, sport: activity.Running, noSpd: true}.build(), DefaultOptions)
	if r.PaceSPerKm == nil || math.Abs(*r.PaceSPerKm-400) > 2 || r.RunPace == nil || math.Abs(*r.RunPace-400) > 2 {
		t.Errorf("pace %v, running pace %v; want 400 s/km", r.PaceSPerKm, r.RunPace)
	}
	if math.Abs(*r.DistanceM-199*8*2.5) > 5 {
		t.Errorf("distance %v, want %v", *r.DistanceM, 199*8*2.5)
	}
}

// TestSportFromSpeed: a file without a sport whose step rate is between a walk's and
// a run's (142 steps/min here; TestSportFromSteps has the others) is classed by its
// speed.
func TestSportFromSpeed(t *testing.T) {
	for _, tc := range []struct {
		speed float64
		want  activity.Sport
	}{{1.3, activity.Walking}, {3, activity.Running}, {6, activity.Cycling}} {
		r := Analyze(run{n: 300, dt: 1, speed: tc.speed, cad: 71, sport: activity.Unknown}.build(), DefaultOptions)
		if r.Sport != tc.want || r.SportFrom != "speed" || !strings.Contains(strings.Join(r.Warnings, ";"), "does not name the sport") {
			t.Errorf("%v m/s: %s from %q, warnings %q", tc.speed, r.Sport, r.SportFrom, r.Warnings)
		}
	}
}

func TestSpikesDropped(t *testing.T) {
	a := run{n: 300, dt: 1, speed: 3, cad: 86, unit: activity.CadencePerFoot, sport: activity.Running}.build()
	a.Samples[10].Cadence = 405 // 810 spm, a phone counter's glitch
	r := Analyze(a, DefaultOptions)
	if r.Cadence.Samples != 299 || r.Cadence.P90 != 172 || !strings.Contains(strings.Join(r.Warnings, ";"), "1 cadence spikes") {
		t.Errorf("stats %+v warnings %q", *r.Cadence, r.Warnings)
	}
}

// TestGuessedSportNeedsStepLikeCadence: a paddle at 3 m/s with 20 strokes a minute
// and no sport in the file is not a run at 40 steps/min.
func TestGuessedSportNeedsStepLikeCadence(t *testing.T) {
	r := Analyze(run{n: 300, dt: 1, speed: 2.9, cad: 20, sport: activity.Unknown}.build(), DefaultOptions)
	if r.Sport != activity.Unknown || r.Cadence != nil || r.Overstride || r.Verdict.Kind != VerdictUnknown || r.OtherCad.Median != 20 {
		t.Errorf("paddle: sport %s, cadence %v, verdict %+v", r.Sport, r.Cadence, r.Verdict)
	}
}

// TestSampleWithoutTime checks that a sample without a timestamp (FIT 0xFFFFFFFF, a
// GPX point without <time>) leaves no NaN in the result: JSON cannot carry NaN, and a
// NaN once made a whole file vanish from --format json.
func TestSampleWithoutTime(t *testing.T) {
	a := run{n: 600, dt: 1, speed: 3, cad: 84, unit: activity.CadencePerFoot, sport: activity.Running}.build()
	for i := range a.Samples {
		a.Samples[i].Altitude = float64(i%200) * 0.2 // gentle hills, so there are grades
	}
	a.Samples[300].T = math.NaN()
	r := Analyze(a, DefaultOptions)
	if _, err := json.Marshal(r); err != nil {
		t.Fatalf("the result does not encode: %v", err)
	}
	total := 0.0
	for _, b := range r.PaceBands {
		total += b.Seconds
	}
	// 599 one-second steps, less the two around the sample without a time.
	if len(r.PaceBands) != 1 || total != 597 {
		t.Errorf("pace bands %+v; want one band of 597 s", r.PaceBands)
	}
	// Moving time spans the gap (299 s to 301 s) as one step.
	if r.MovingS == nil || *r.MovingS != 599 {
		t.Errorf("moving time %v, want 599 s", *r.MovingS)
	}
}

// TestSteadyCadenceFit checks that cadence the same at every speed (a runner on a
// metronome) gives a flat fit with R² 0, not NaN, which JSON cannot carry.
func TestSteadyCadenceFit(t *testing.T) {
	a := run{n: 600, dt: 1, speed: 3, cad: 85, unit: activity.CadencePerFoot, sport: activity.Running}.build()
	for i := range a.Samples {
		a.Samples[i].Speed = 2.5 + float64(i%100)/100 // 2.5 to 3.5 m/s
	}
	r := Analyze(a, DefaultOptions)
	if r.PaceFit == nil || r.PaceFit.Slope != 0 || r.PaceFit.Intercept != 170 || r.PaceFit.R2 != 0 {
		t.Fatalf("fit %+v; want 170 spm flat, R² 0", r.PaceFit)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("the result does not encode: %v", err)
	}
}
