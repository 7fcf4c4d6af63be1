package coach

import (
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
)

// history is a synthetic runner: weeks of runs, each run three speed bins around
// the week's easy speed, the step rate given by cadence(week, speed) plus a
// run's day-to-day noise (sd daySD) and each bin's own noise (sd 0.5).
type history struct {
	weeks   int
	runs    func(week int) int                // runs in the week
	easy    func(week int) float64            // easy speed, m/s
	cadence func(week int, v float64) float64 // the true step rate at speed v
	daySD   float64
}

// monday0 is the Monday of the first synthetic week.
var monday0 = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

func (h history) make(seed int64) []Run {
	rng := rand.New(rand.NewSource(seed))
	var out []Run
	for w := 0; w < h.weeks; w++ {
		n := h.runs(w)
		for i := 0; i < n; i++ {
			start := monday0.AddDate(0, 0, 7*w+2*i).Add(7 * time.Hour)
			v := h.easy(w)
			day := rng.NormFloat64() * h.daySD
			var bins []analysis.SpeedBin
			for _, b := range []struct{ dv, secs float64 }{{-0.25, 600}, {0, 1200}, {0.25, 600}} {
				bins = append(bins, analysis.SpeedBin{SpeedMS: v + b.dv, Seconds: b.secs,
					MedianSPM: h.cadence(w, v+b.dv) + day + rng.NormFloat64()*0.5})
			}
			out = append(out, Run{Start: start, DistanceM: 2400 * v, MovingS: 2400, RunningM: math.NaN(), DownhillM: math.NaN(),
				MedianSPM: bins[1].MedianSPM, PaceSPerKm: 1000 / v, Bins: bins, File: "run"})
		}
	}
	return out
}

// driftHistory never changes the step rate at a given speed (150 + 6 per m/s) while
// the easy pace drifts 0.5 m/s faster over twelve weeks; two weeks have one run.
var driftHistory = history{
	weeks: 12,
	runs: func(w int) int {
		if w == 3 || w == 8 {
			return 1
		}
		return 3
	},
	easy:    func(w int) float64 { return 2.75 + 0.5*float64(w)/11 },
	cadence: func(_ int, v float64) float64 { return 150 + 6*v },
	daySD:   1.0,
}

func TestMatchedCadenceHoldsWhilePaceDrifts(t *testing.T) {
	truthAt := func(tr Trend) float64 { return 150 + 6*1000/tr.RefPaceSPerKm }
	tr := Weeks(driftHistory.make(1), 0)
	if len(tr.Weeks) != 12 {
		t.Fatalf("%d weeks, want 12", len(tr.Weeks))
	}
	truth := truthAt(tr)
	covered := 0
	for _, wk := range tr.Weeks {
		c, ci := *wk.CadenceAtRefPaceSPM, *wk.CadenceCISPM
		if math.Abs(c-truth) > 1.5 {
			t.Errorf("%s: %.1f at the reference pace, truth %.1f: more than 1.5 off", wk.Week, c, truth)
		}
		if ci[0] <= truth && truth <= ci[1] {
			covered++
		}
		if !(ci[0] < c && c < ci[1]) || ci[1]-ci[0] > 8 {
			t.Errorf("%s: interval %v around %.1f", wk.Week, ci, c)
		}
	}
	if covered < 11 {
		t.Errorf("the interval held the truth in %d weeks of 12, want 11 or more", covered)
	}
	raw := *tr.Weeks[11].MedianCadenceSPM - *tr.Weeks[0].MedianCadenceSPM
	if raw < 2.3 || raw > 3.7 {
		t.Errorf("the raw median moved %.1f steps/min, want about 3", raw)
	}
	if one := tr.Weeks[3]; one.Runs != 1 || one.CadenceCISPM[1]-one.CadenceCISPM[0] < 2*z95*MinRunSD {
		t.Errorf("a week of one run: %d runs, interval %v, want at least ±%.1f", one.Runs, *one.CadenceCISPM, z95*MinRunSD)
	}

	// Over many runners the intervals hold the truth about 95% of the time, and a
	// plan begun in week 3 of a runner who never changed finds no real change in
	// nearly every week.
	var weeks, in, near, real, planWeeks int
	for seed := int64(2); seed < 42; seed++ {
		runs := driftHistory.make(seed)
		tr := WeeksOf(runs, WeeksOptions{PlanStart: monday0.AddDate(0, 0, 14)})
		truth := truthAt(tr)
		for _, wk := range tr.Weeks {
			weeks++
			c, ci := *wk.CadenceAtRefPaceSPM, *wk.CadenceCISPM
			if ci[0] <= truth && truth <= ci[1] {
				in++
			}
			if math.Abs(c-truth) <= 1.5 {
				near++
			}
			if wk.PlanWeek > 0 {
				planWeeks++
				if wk.Real {
					real++
				}
			}
		}
	}
	if cov := float64(in) / float64(weeks); cov < 0.9 {
		t.Errorf("the intervals held the truth in %.0f%% of %d weeks, want 90%% or more", cov*100, weeks)
	}
	if share := float64(near) / float64(weeks); share < 0.93 {
		t.Errorf("%.0f%% of %d weeks within 1.5 steps/min of the truth, want 93%% or more", share*100, weeks)
	}
	if share := float64(real) / float64(planWeeks); share > 0.1 {
		t.Errorf("no change, but %.0f%% of %d plan weeks called it real, want 10%% or fewer", share*100, planWeeks)
	}
	t.Logf("coverage %d/%d, within 1.5: %d/%d, false real %d/%d", in, weeks, near, weeks, real, planWeeks)
}

// riseHistory runs at one easy pace, 3.0 m/s, at 160 steps/min until week 6 and 5%
// higher, 168, from week 6 (index 5) on.
var riseHistory = history{
	weeks:   12,
	runs:    func(w int) int { return 3 },
	easy:    func(int) float64 { return 3.0 },
	cadence: func(w int, v float64) float64 { return map[bool]float64{false: 160, true: 168}[w >= 5] + 6*(v-3) },
	daySD:   1.0,
}

func TestPlanToldApartFromNoise(t *testing.T) {
	falseReal := 0
	for seed := int64(1); seed <= 20; seed++ {
		runs := riseHistory.make(seed)
		// The last run before the rise was judged overstriding and got a target: the
		// plan begins with it.
		runs[14].TargetSPM = 168
		tr := Weeks(runs, 0)
		p := tr.Plan
		if p == nil {
			t.Fatalf("seed %d: no plan", seed)
		}
		if p.StartWeek != tr.Weeks[4].Week || p.FromFile != "run" || p.BaselineRuns != 13 {
			t.Errorf("seed %d: plan from %s (%q), %d baseline runs; want %s, 13 runs (28 days back and the run)", seed, p.StartWeek, p.FromFile, p.BaselineRuns, tr.Weeks[4].Week)
		}
		if math.Abs(p.BaselineSPM-160) > 1 || !(p.BaselineCISPM[0] < 160 && 160 < p.BaselineCISPM[1]) {
			t.Errorf("seed %d: baseline %.1f %v, want about 160", seed, p.BaselineSPM, p.BaselineCISPM)
		}
		// 5% above the baseline; 3.0 m/s caps the second at a typical runner's 170.
		if p.TargetsSPM != [2]float64{math.Round(p.BaselineSPM * 1.05), 170} || math.Abs(p.TargetsSPM[0]-168) > 1 {
			t.Errorf("seed %d: targets %v, want [168±1 170]", seed, p.TargetsSPM)
		}
		for i, wk := range tr.Weeks {
			switch {
			case i < 4:
				if wk.PlanWeek != 0 || wk.TargetSPM != nil || wk.AtTargetShare != nil || wk.Real {
					t.Errorf("seed %d: %s is before the plan: week %d, target %v", seed, wk.Week, wk.PlanWeek, wk.TargetSPM)
				}
			case i == 4:
				if wk.PlanWeek != 1 {
					t.Errorf("seed %d: %s, the plan's first week before the rise: week %d", seed, wk.Week, wk.PlanWeek)
				}
				if wk.Real {
					falseReal++
				}
			default:
				if c := *wk.CadenceAtRefPaceSPM; math.Abs(c-168) > 2 {
					t.Errorf("seed %d: %s at %.1f, want 168 ± 2", seed, wk.Week, c)
				}
				// Told apart from noise within three weeks of the rise, and for good.
				if i >= 7 && !wk.Real {
					t.Errorf("seed %d: %s (+%.1f, %v) not yet told apart from noise", seed, wk.Week, *wk.ChangeSPM, *wk.ChangeCISPM)
				}
				if wk.TargetSPM == nil || wk.PlanWeek != i-3 {
					t.Errorf("seed %d: %s: plan week %d, target %v", seed, wk.Week, wk.PlanWeek, wk.TargetSPM)
				}
			}
		}
		if p.Latest.Week != tr.Weeks[11].Week || p.Latest.PlanWeek != 8 {
			t.Errorf("seed %d: latest %s week %d", seed, p.Latest.Week, p.Latest.PlanWeek)
		}
	}
	// Before the rise, a change called real is a false alarm: a 95% interval allows
	// about one in twenty.
	if falseReal > 2 {
		t.Errorf("%d of 20 first weeks before the rise called real, want 2 or fewer", falseReal)
	}
}

func TestPlanSteps(t *testing.T) {
	// 150 steps/min, then 160 from week 5 (index 4: the plan begins that Monday,
	// target 158), held two weeks; the second target, 165, is missed two weeks and
	// then held at 167.
	level := []float64{150, 150, 150, 150, 160, 160, 160, 160, 167, 167}
	h := history{weeks: 10, runs: func(int) int { return 3 }, easy: func(int) float64 { return 3.0 },
		cadence: func(w int, v float64) float64 { return level[w] + 6*(v-3) }, daySD: 0.5}
	runs := h.make(7)
	// A walk and an interval session at a low cadence in week 6 count for nothing.
	runs = append(runs,
		Run{Start: monday0.AddDate(0, 0, 7*5+5), DistanceM: 3000, Walk: true, MedianSPM: math.NaN(),
			Bins: []analysis.SpeedBin{{SpeedMS: 2.9, Seconds: 3000, MedianSPM: 140}}},
		Run{Start: monday0.AddDate(0, 0, 7*5+6), DistanceM: 8000, Workout: true, MedianSPM: 150,
			Bins: []analysis.SpeedBin{{SpeedMS: 2.8, Seconds: 600, MedianSPM: 140}, {SpeedMS: 4.2, Seconds: 600, MedianSPM: 157}}})
	tr := WeeksOf(runs, WeeksOptions{PlanStart: monday0.AddDate(0, 0, 28)})
	p := tr.Plan
	if p == nil {
		t.Fatal("no plan")
	}
	if p.FromFile != "" || math.Abs(p.BaselineSPM-150) > 1 || p.TargetsSPM != [2]float64{158, 165} {
		t.Fatalf("plan %+v", *p)
	}
	wantTarget := []float64{0, 0, 0, 0, 158, 158, 165, 165, 165, 165}
	wantHeld := []bool{false, false, false, false, true, true, false, false, true, true}
	for i, wk := range tr.Weeks {
		got := 0.0
		if wk.TargetSPM != nil {
			got = *wk.TargetSPM
		}
		if got != wantTarget[i] || wk.Held != wantHeld[i] {
			t.Errorf("%s: target %g held %v, want %g %v (share %v)", wk.Week, got, wk.Held, wantTarget[i], wantHeld[i], wk.AtTargetShare)
		}
		if i >= 4 && i < 6 && *wk.AtTargetShare < 0.8 {
			t.Errorf("%s: %.2f of the running at or above 158, want most", wk.Week, *wk.AtTargetShare)
		}
		if (i == 6 || i == 7) && *wk.AtTargetShare > 0.1 {
			t.Errorf("%s: %.2f of the running at or above 165 while running 160", wk.Week, *wk.AtTargetShare)
		}
	}
	if p.Step != 3 || p.TargetSPM != 165 || p.Latest.PlanWeek != 6 {
		t.Errorf("after the last week: step %d, target %g, latest plan week %d; want 3, 165, 6", p.Step, p.TargetSPM, p.Latest.PlanWeek)
	}
	// The plan is the same from the runs alone.
	q, ok := PlanOfRuns(runs, monday0.AddDate(0, 0, 28))
	if !ok || q.Step != p.Step || q.BaselineSPM != p.BaselineSPM {
		t.Errorf("PlanOfRuns = %+v, %v", q, ok)
	}
	if _, ok := PlanOfRuns(runs, time.Time{}); ok {
		t.Error("a plan without a run that got a target or a start day")
	}
	// Runs judged with --threshold 155 cap the plan's targets at what is typical
	// above it at the reference pace (160 at about 3 m/s), as each run's own are.
	for i := range runs {
		runs[i].ThresholdSPM = 155
	}
	if q, ok := PlanOfRuns(runs, monday0.AddDate(0, 0, 28)); !ok || q.TargetsSPM != [2]float64{158, 160} {
		t.Errorf("with threshold 155: targets %v, want [158 160]", q.TargetsSPM)
	}
}

func TestRunOfWorkout(t *testing.T) {
	// A workout is what analysis recognised as one (reps with recoveries between);
	// the plan leaves such runs out of the share at the target.
	d, start := 8000.0, time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	r := &analysis.Result{Sport: "running", Start: &start, DistanceM: &d, Workout: &analysis.Workout{Reps: 6}}
	if run, ok := RunOf(r); !ok || !run.Workout {
		t.Errorf("a workout's run: %+v, %v; want Workout set", run, ok)
	}
	r.Workout = nil
	if run, ok := RunOf(r); !ok || run.Workout {
		t.Errorf("a steady run: %+v, %v; want no Workout", run, ok)
	}
}
