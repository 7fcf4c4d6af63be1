package coach

import (
	"math"
	"time"

	"github.com/cadence-run/cadence/analysis"
)

// The retraining plan over the weeks. A plan begins with the first run that got a
// target (Target), or on a day the runner names. Its baseline is the cadence at the
// reference pace over the runs of the BaselineDays before it, the run that began it
// included; its first step is a target TargetStep above the baseline, its second
// LaterStep above, both at the reference pace and under the caps of PlanOf. A step is
// held in a week whose cadence at the reference pace reaches the target (to the
// whole step) with more than half of that week's running at or above it, moved to
// its pace; HeldWeeks such weeks in a row take the plan to the next step from the
// week after. Walks and workouts (interval sessions) are left out of the share, so
// they never count against the plan.
const (
	// BaselineDays is how far before the plan's start its baseline reaches.
	BaselineDays = 28
	// HeldWeeks is how many weeks in a row a target must hold before the next step:
	// the retraining trials practised each rate for about two weeks (Bramah 2019).
	HeldWeeks = 2
	// HeldShare is the share of running at or above the target a held week needs.
	HeldShare = 0.5
)

// A Retraining is the runner's cadence plan as the history shows it: where it began,
// its baseline and targets, where it stands in its latest week, and its step.
type Retraining struct {
	// Start is the day the plan began, and StartWeek its ISO week. FromFile names
	// the run that began it, "" when the day was given.
	Start     time.Time
	StartWeek string
	FromFile  string
	// BaselineSPM is the cadence at the reference pace before the plan,
	// BaselineCISPM its 95% interval, from BaselineRuns runs.
	BaselineSPM   float64
	BaselineCISPM [2]float64
	BaselineRuns  int
	RefPaceSPerKm float64
	// TargetsSPM are the two steps' targets at the reference pace: TargetStep and
	// LaterStep above the baseline, each capped as PlanOf caps them.
	TargetsSPM [2]float64
	// Step is the step in force after the latest week: 1 or 2, or 3 once the
	// second target has held HeldWeeks weeks. TargetSPM is its target, and Held
	// how many weeks in a row it has held so far.
	Step      int
	TargetSPM float64
	Held      int
	// Latest is the plan's latest week with a cadence at the reference pace; its
	// PlanWeek is 0 when no week of the plan has one yet.
	Latest Week
}

// PlanOfRuns returns the retraining plan of runs (counted runs, RunOf), begun on
// start or, when start is zero, with the first run that got a target; false when
// there is no such run or nothing to measure a baseline from. It is WeeksOf's Plan.
func PlanOfRuns(runs []Run, start time.Time) (Retraining, bool) {
	cp := append([]Run(nil), runs...)
	tr := WeeksOf(cp, WeeksOptions{PlanStart: start})
	if tr.Plan == nil {
		return Retraining{}, false
	}
	return *tr.Plan, true
}

// PlanWeekOf returns the trend's week of a counted run that is not a walk, when
// that week is in the plan and has a cadence at the reference pace: where the plan
// stood that week. It is false otherwise, and for a nil trend.
func PlanWeekOf(tr *Trend, r *analysis.Result) (Week, bool) {
	run, ok := RunOf(r)
	if tr == nil || tr.Plan == nil || !ok || run.Walk {
		return Week{}, false
	}
	key := isoWeek(run.Start.ISOWeek())
	for _, wk := range tr.Weeks {
		if wk.Week == key && wk.PlanWeek > 0 && wk.CadenceAtRefPaceSPM != nil {
			return wk, true
		}
	}
	return Week{}, false
}

// dayOf is the calendar day of t in its own location, as midnight UTC, so that
// days compare whatever the runs' time zones.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// planWeeks fills in the plan's weeks (oldest first) and returns the plan, or nil.
func planWeeks(weeks []*Week, start time.Time, vRef, refPace, sd float64) *Retraining {
	var first *Run
	if start.IsZero() {
		for _, wk := range weeks {
			for i := range wk.runs {
				if r := &wk.runs[i]; first == nil && r.TargetSPM > 0 && !r.Walk {
					first = r
				}
			}
		}
		if first == nil {
			return nil
		}
		start = first.Start
	}
	day := dayOf(start)
	p := &Retraining{Start: day, StartWeek: isoWeek(day.ISOWeek()), RefPaceSPerKm: refPace}
	var base []runEst
	baseSlopeSE := PopulationSlopeSE
	for _, wk := range weeks {
		for _, e := range wk.ests {
			d := dayOf(e.run.Start)
			before := d.Before(day) && day.Sub(d) <= BaselineDays*24*time.Hour
			if before || (first != nil && e.run.Start.Equal(first.Start) && e.run.File == first.File) {
				base = append(base, e)
				baseSlopeSE = wk.slopeSE
			}
		}
	}
	if first != nil {
		p.FromFile = first.File
	}
	// The plan's weeks: from the week of its first day.
	var plan []*Week
	for _, wk := range weeks {
		if wk.Week >= p.StartWeek { // "2026-W03": ISO weeks sort as text
			plan = append(plan, wk)
		}
	}
	if len(base) == 0 {
		// Nothing before the plan: its first week with a figure is the baseline.
		for _, wk := range plan {
			if len(wk.ests) > 0 {
				base, baseSlopeSE = wk.ests, wk.slopeSE
				break
			}
		}
	}
	b, bHalf, ok := estimate(base, sd, baseSlopeSE, vRef)
	if !ok {
		return nil
	}
	p.BaselineSPM, p.BaselineCISPM, p.BaselineRuns = b, [2]float64{b - bHalf, b + bHalf}, len(base)
	ceil := math.Floor(math.Min(analysis.TypicalAt(planThreshold(plan), vRef), MaxTargetSPM) + 1e-9)
	t1 := math.Max(math.Round(b), math.Min(math.Round(b*(1+TargetStep)), ceil))
	t2 := math.Max(t1, math.Min(math.Round(b*(1+LaterStep)), ceil))
	p.TargetsSPM = [2]float64{t1, t2}
	p.Step = 1
	mondayOfStart := mondayOf(day)
	for _, wk := range plan {
		wk.PlanWeek = 1 + int(math.Round(wk.start.Sub(mondayOfStart).Hours()/(24*7)))
		target := p.TargetsSPM[min(p.Step, 2)-1]
		wk.TargetSPM = &target
		wk.AtTargetShare = atTargetShare(wk, target, vRef)
		if wk.CadenceAtRefPaceSPM == nil {
			continue
		}
		c := *wk.CadenceAtRefPaceSPM
		d := c - b
		half := math.Hypot(wk.half, bHalf)
		wk.ChangeSPM, wk.ChangeCISPM, wk.Real = &d, &[2]float64{d - half, d + half}, math.Abs(d) > half
		wk.Held = math.Round(c) >= target && wk.AtTargetShare != nil && *wk.AtTargetShare > HeldShare
		p.Latest = *wk
		if !wk.Held {
			p.Held = 0
			continue
		}
		if p.Held++; p.Held >= HeldWeeks && p.Step < 3 {
			p.Step, p.Held = p.Step+1, 0
		}
	}
	p.TargetSPM = p.TargetsSPM[min(p.Step, 2)-1]
	return p
}

// atTargetShare is the share of a week's binned running time, walks and workouts
// left out, whose cadence moved along the week's slope to the reference speed is
// at or above target; nil without such running.
func atTargetShare(wk *Week, target, vRef float64) *float64 {
	var at, all float64
	for _, r := range wk.runs {
		if r.Walk || r.Workout {
			continue
		}
		for _, b := range r.Bins {
			all += b.Seconds
			if b.MedianSPM+wk.SlopeSPMPerMS*(vRef-b.SpeedMS) >= target-1e-9 {
				at += b.Seconds
			}
		}
	}
	if all == 0 {
		return nil
	}
	s := at / all
	return &s
}

// planThreshold is the threshold at a typical pace that the plan's runs were judged
// with (the latest run that says), so that the plan's targets are capped as each
// run's own targets are (PlanOf); the default where no run says.
func planThreshold(weeks []*Week) float64 {
	th := analysis.DefaultOptions.Threshold
	for _, wk := range weeks {
		for _, r := range wk.runs {
			if r.ThresholdSPM > 0 {
				th = r.ThresholdSPM
			}
		}
	}
	return th
}
