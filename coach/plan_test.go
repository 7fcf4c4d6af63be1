package coach

import (
	"math"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
)

// steady is a steady synthetic run of 48 minutes at 1 Hz: pace s/km (0: no speed)
// and med steps/min, recorded as one foot per minute.
func steady(med, pace float64) *activity.Activity {
	a := activity.New("2024-05-12-easy.fit", "fit", 0)
	a.Sport, a.SportFrom, a.CadenceUnit = activity.Running, "file", activity.CadencePerFoot
	a.Start = time.Date(2024, 5, 12, 7, 30, 0, 0, time.UTC)
	v := math.NaN()
	if pace > 0 {
		v = 1000 / pace
	}
	for i := 0; i < 2880; i++ {
		s := activity.NewSample()
		s.T = float64(a.Start.Unix()) + float64(i)
		s.Cadence = med / 2
		if pace > 0 {
			s.Speed, s.Distance = v, float64(i)*v
		}
		a.Samples = append(a.Samples, s)
	}
	return a
}

// runThr is the steady run analysed, and so judged, at threshold thr.
func runThr(med, pace, thr float64) *analysis.Result {
	r := analysis.Analyze(steady(med, pace), analysis.Options{Threshold: thr})
	r.Series = nil
	return r
}

// run is runThr at the default threshold of 165.
func run(med, pace float64) *analysis.Result { return runThr(med, pace, 165) }

func fp(v float64) *float64 { return &v }

func ride() *analysis.Result {
	return &analysis.Result{Sport: activity.Cycling, MovingS: fp(4500), DistanceM: fp(32400), PaceSPerKm: fp(138.9),
		OtherCad: &analysis.Stats{Median: 85, Samples: 4400}, Threshold: 165,
		Verdict: analysis.Verdict{Kind: analysis.VerdictNotFoot}}
}

func noCadence() *analysis.Result {
	return &analysis.Result{Sport: activity.Running, MovingS: fp(3450), DistanceM: fp(10000), PaceSPerKm: fp(345),
		Threshold: 165, Verdict: analysis.Verdict{Kind: analysis.VerdictNoCadence}}
}

func walk() *analysis.Result {
	return &analysis.Result{Sport: activity.Walking, MovingS: fp(2400), DistanceM: fp(3800), PaceSPerKm: fp(631.6),
		Cadence: &analysis.Stats{Median: 118, Samples: 2400}, Threshold: 165,
		Verdict: analysis.Verdict{Kind: analysis.VerdictWalking}}
}

func TestTarget(t *testing.T) {
	withKind := func(r *analysis.Result, kind string) *analysis.Result { r.Verdict.Kind = kind; return r }
	for _, tc := range []struct {
		name      string
		r         *analysis.Result
		now, then float64
	}{
		{"nil", nil, 0, 0},
		{"156 at 6:00/km", run(156, 360), 164, 168},
		{"160 at 5:00/km: +5% exactly, later up to the typical 172", run(160, 300), 168, 172},
		{"150 at 8:20/km: up to the typical 164, past the threshold 159", run(150, 500), 158, 164},
		{"158 at 8:20/km: only up to 164", run(158, 500), 164, 164},
		{"159 at 8:20/km: at the threshold, fine, no push", run(159, 500), 0, 0},
		{"163 at 6:00/km: below 163.7", run(163, 360), 168, 168},
		{"165 at 6:00/km: fine, no push", run(165, 360), 0, 0},
		{"170 at 4:00/km: below 171, up to the typical 176", run(170, 240), 176, 176},
		{"172 at 4:00/km: fine", run(172, 240), 0, 0},
		{"185: fine", run(185, 200), 0, 0},
		{"140 at 7:00/km: +10% and further steps", run(140, 420), 147, 154},
		{"no pace: the fixed threshold and typical 170", run(150, 0), 158, 165},
		{"fr630, 158 at 6:48/km", run(158, 408), 166, 166},
		{"fr630 at --threshold 170: past its 166.7", runThr(158, 408, 170), 166, 171},
		{"walking verdict", withKind(run(150, 420), analysis.VerdictWalking), 0, 0},
		{"too short", withKind(run(150, 420), analysis.VerdictTooShort), 0, 0},
		{"not a run", ride(), 0, 0},
		{"no cadence", noCadence(), 0, 0},
		{"walk", walk(), 0, 0},
		{"NaN median", run(math.NaN(), 360), 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now, then := Target(tc.r), LaterTarget(tc.r)
			if now != tc.now || then != tc.then {
				t.Errorf("Target, LaterTarget = %v, %v, want %v, %v", now, then, tc.now, tc.then)
			}
			if now != math.Trunc(now) || then < now {
				t.Errorf("targets %v, %v: want whole numbers, later >= now", now, then)
			}
		})
	}
	// A result without judged parts (made by hand) is judged as the analysis would.
	r := run(156, 360)
	r.Judged = nil
	if Target(r) != 164 || LaterTarget(r) != 168 {
		t.Errorf("without judged parts: %v, %v, want 164, 168", Target(r), LaterTarget(r))
	}
}

// TestPlanOf: the plan names the part it is for, its cadence, and whether steps
// beyond the later target are needed.
func TestPlanOf(t *testing.T) {
	p, ok := PlanOf(run(140, 420))
	if !ok || p.CadenceSPM != 140 || p.NowSPM != 147 || p.LaterSPM != 154 || !p.More {
		t.Fatalf("140 at 7:00/km: %+v, %v; want 140, 147, 154 and more steps", p, ok)
	}
	if p.Part.PaceSPerKm == nil || math.Abs(*p.Part.PaceSPerKm-420) > 1 || !p.Part.Below {
		t.Errorf("part %+v, want below the threshold at about 7:00/km", p.Part)
	}
	if p, ok := PlanOf(run(156, 360)); !ok || p.NowSPM != 164 || p.LaterSPM != 168 || p.More {
		t.Errorf("156 at 6:00/km: %+v, %v; want 164, 168, no more steps", p, ok)
	}
	if _, ok := PlanOf(run(172, 240)); ok {
		t.Error("172 at 4:00/km is fine and got a plan")
	}
}

// TestPartOfWithoutParts: a result without judged parts is one part at its running
// pace, with the threshold and what is typical there.
func TestPartOfWithoutParts(t *testing.T) {
	r := run(156, 360)
	r.Judged = nil
	p, ok := PartOf(r)
	if !ok || p.MedianSPM != 156 || p.PaceSPerKm == nil || math.Abs(*p.PaceSPerKm-RunPace(r)) > 1e-9 || !p.Below {
		t.Fatalf("PartOf = %+v, %v", p, ok)
	}
	if want := analysis.ThresholdAt(165, 1000/RunPace(r)); p.ThresholdSPM != want || p.TypicalSPM != want+analysis.TypicalMargin {
		t.Errorf("threshold %v, typical %v; want %v, %v", p.ThresholdSPM, p.TypicalSPM, want, want+analysis.TypicalMargin)
	}
	if ps := Parts(r); len(ps) != 1 || ps[0].MedianSPM != p.MedianSPM || ps[0].ThresholdSPM != p.ThresholdSPM {
		t.Errorf("Parts = %+v, want the one part", ps)
	}
	if _, ok := PartOf(walk()); ok || Parts(walk()) != nil {
		t.Error("a walk has a part")
	}
}

func TestRunPace(t *testing.T) {
	r := &analysis.Result{RunPace: fp(300), PaceSPerKm: fp(330)}
	if RunPace(r) != 300 || RunSpeed(r) != 1000.0/300 {
		t.Errorf("RunPace, RunSpeed = %v, %v; want the running pace 300", RunPace(r), RunSpeed(r))
	}
	r.RunPace = fp(math.Inf(1))
	if RunPace(r) != 330 {
		t.Errorf("RunPace = %v, want the moving pace 330", RunPace(r))
	}
	if r.PaceSPerKm = nil; RunPace(r) != 0 || RunSpeed(r) != 0 {
		t.Errorf("no pace: %v, %v", RunPace(r), RunSpeed(r))
	}
}

// TestReachedAt: the speed at which the run's own fit reaches a target, only within
// the paces run and faster than the pace the target is for.
func TestReachedAt(t *testing.T) {
	r := run(156, 360)
	r.PaceBands = []analysis.PaceBand{{FromSPerKm: 300, ToSPerKm: 330}, {FromSPerKm: 360, ToSPerKm: 390}}
	r.PaceFit = &analysis.Fit{Intercept: 110, Slope: 16.5}
	// 164 = 110 + 16.5 v at v = 54/16.5 = 3.27 m/s (5:06/km), within the fastest band's 3.33.
	if v, ok := ReachedAt(r.PaceFit, r.PaceBands, 164, 1000.0/360); !ok || math.Abs(v-54/16.5) > 1e-9 {
		t.Errorf("ReachedAt(164) = %v, %v; want 3.27 m/s", v, ok)
	}
	// 168 only at 3.52 m/s, faster than any band: no extrapolation.
	if _, ok := ReachedAt(r.PaceFit, r.PaceBands, 168, 1000.0/360); ok {
		t.Error("ReachedAt(168) beyond the paces run")
	}
	// Reached at the target's own pace: nothing to say.
	if _, ok := ReachedAt(r.PaceFit, r.PaceBands, 164, 3.25); ok {
		t.Error("ReachedAt within 2% of the target's pace")
	}
	r.PaceFit.Slope = 0
	if _, ok := ReachedAt(r.PaceFit, r.PaceBands, 164, 2.7); ok {
		t.Error("ReachedAt without a rising fit")
	}
}
