package coach

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
)

// A Run is one counted run as the trend sees it.
type Run struct {
	Start      time.Time // in the runner's local time
	DistanceM  float64
	MovingS    float64
	RunningM   float64 // NaN when unknown
	DownhillM  float64 // NaN when unknown
	MedianSPM  float64 // median running cadence; NaN without cadence
	PaceSPerKm float64 // running pace; NaN when unknown
	Bins       []analysis.SpeedBin
	Spike      *analysis.Spike
	Gear       string
	File       string
	// TargetSPM is the target the run got (Target), 0 for none: the first run with
	// one begins the retraining plan.
	TargetSPM float64
	// ThresholdSPM is the threshold at a typical pace the run was judged with
	// (--threshold; analysis.Result.Threshold), 0 when unknown: the plan's
	// targets are capped at what is typical above it, as a run's own are.
	ThresholdSPM float64
	// Walk is a run judged a walk on its cadence, and Workout an interval session
	// (reps with recoveries, analysis.Workout): neither counts for or against the
	// plan (the at-target share and the held weeks).
	Walk, Workout bool
	// Judged says the run's step rate was judged against its pace, and Overstride
	// that it was low for the pace (analysis.Result.Overstride).
	Judged, Overstride bool
}

// RunOf returns the run r describes, or false when r is not a counted run: a
// duplicate, a walk, a ride, or an activity without a start or distance.
func RunOf(r *analysis.Result) (Run, bool) {
	if r.DuplicateOf != nil || r.Sport != activity.Running || r.Start == nil || r.DistanceM == nil {
		return Run{}, false
	}
	run := Run{Start: *r.Start, DistanceM: *r.DistanceM, MovingS: val(r.MovingS), RunningM: val(r.RunningM),
		DownhillM: val(r.DownhillM), MedianSPM: math.NaN(), PaceSPerKm: val(r.RunPace), Bins: r.SpeedBins,
		Spike: r.Spike, Gear: r.Gear, File: r.File, TargetSPM: Target(r), ThresholdSPM: r.Threshold,
		Walk: r.Verdict.Kind == analysis.VerdictWalking, Workout: r.Workout != nil,
		Judged:     r.Verdict.Kind == analysis.VerdictOK || r.Verdict.Kind == analysis.VerdictOverstride,
		Overstride: r.Overstride}
	if r.Running != nil && r.Verdict.IsRun() {
		run.MedianSPM = r.Running.Median
	}
	return run, true
}

func val(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// Cadence against speed (VanOeveren2019 in the evidence table): across runners step
// rate rises about 6 steps/min per 1 m/s; within a runner the curve is steeper at
// speed. A slope is pooled from the runs of several weeks, because one
// run's narrow range of speeds cannot decide it.
const (
	// PopulationSlope is used where the runner's own runs do not vary enough in speed.
	PopulationSlope = 6.0
	// maxSlope bounds a runner's slope: beyond about 20 spm per m/s in the easy
	// range the data are bad (evidence.md, section 2.2).
	maxSlope = 20.0
	// slopeWeeks is how many weeks (this one and those before) the slope is pooled
	// over.
	slopeWeeks = 8
	// minSpeedSpread is the least speed variance (m/s squared, time-weighted, summed
	// in seconds) a window needs for its own slope: about 10 minutes spread ±0.25 m/s.
	minSpeedSpread = 600 * 0.25 * 0.25
)

// A Week sums up one ISO week (Monday to Sunday, local time) with at least one run.
type Week struct {
	// Athlete is whose week it is ("" for the default athlete); the caller sets it.
	Athlete     string  `json:"athlete"`
	Week        string  `json:"week"`  // "2026-W03"
	Start       string  `json:"start"` // the Monday, "2026-01-12"
	Runs        int     `json:"runs"`
	DistanceM   float64 `json:"distance_m"`
	MovingS     float64 `json:"moving_s"`
	LongestRunM float64 `json:"longest_run_m"`
	// MedianCadenceSPM is the median of the runs' median running cadence, as run.
	MedianCadenceSPM *float64 `json:"median_cadence_spm"`
	// CadenceAtRefPaceSPM is the week's cadence at RefPaceSPerKm, from the runner's
	// own cadence-speed slope: what the cadence would have been at one pace.
	CadenceAtRefPaceSPM *float64 `json:"cadence_at_ref_pace_spm"`
	RefPaceSPerKm       float64  `json:"ref_pace_s_per_km"`
	// SlopeSPMPerMS is the slope used this week, and SlopeFrom where it came from:
	// "runner" (pooled over the weeks before) or "population".
	SlopeSPMPerMS float64 `json:"slope_spm_per_m_s"`
	SlopeFrom     string  `json:"slope_source"`
	// Spikes counts the runs more than 10% longer than the longest run of the 30 days
	// before them.
	Spikes int `json:"spikes"`
	// DownhillShare is the share of running distance on a grade of -3% or steeper,
	// nil when no run of the week has altitude.
	DownhillShare *float64 `json:"downhill_share"`
	// Note says why a figure is missing.
	Note string `json:"note,omitempty"`
	// CadenceCISPM is the 95% interval of CadenceAtRefPaceSPM (interval.go), nil
	// with it.
	CadenceCISPM *[2]float64 `json:"cadence_at_ref_pace_ci_spm"`
	// TargetSPM is the plan's target at the reference pace that week, nil outside a
	// plan; AtTargetShare the share of the week's running time (walks and workouts
	// left out) whose cadence, moved to the reference pace, is at or above it.
	TargetSPM     *float64 `json:"target_spm"`
	AtTargetShare *float64 `json:"at_target_share"`
	// PlanWeek numbers the weeks of the plan from 1, the week it began; 0 before
	// it or without one.
	PlanWeek int `json:"-"`
	// ChangeSPM is the figure less the plan's baseline, ChangeCISPM its 95%
	// interval, and Real whether that interval leaves out zero: a change beyond
	// the noise. Nil and false outside the plan or without a figure.
	ChangeSPM   *float64    `json:"-"`
	ChangeCISPM *[2]float64 `json:"-"`
	Real        bool        `json:"-"`
	// Held says the week held its target: the figure at it (to the whole step)
	// and most of the running at or above it.
	Held bool `json:"-"`
	// Notes are the runner's pain notes of the week (see AddNotes), left out when
	// there are none.
	Notes []WeekNote `json:"notes,omitempty"`

	start   time.Time
	runs    []Run
	ests    []runEst // the runs' cadence at the reference speed
	slopeSE float64
	half    float64 // half the width of CadenceCISPM
}

// A Trend is the runner over the weeks.
type Trend struct {
	Weeks []Week
	// RefPaceSPerKm is the runner's typical easy pace: the median running pace of
	// every run with speed, the same for every week.
	RefPaceSPerKm float64
	// Runs without flat running at a known speed (a treadmill without a foot pod,
	// a run all on hills) are left out of the matched-pace figure; NoSpeed counts
	// them.
	NoSpeed int
	// Plan is the retraining plan (PlanOfRuns), nil without one.
	Plan *Retraining
}

// WeeksOptions tune WeeksOf.
type WeeksOptions struct {
	// RefPaceSPerKm fixes the reference pace; 0 takes the runner's median running
	// pace.
	RefPaceSPerKm float64
	// PlanStart begins the plan on that day (its date in the runs' local time);
	// zero begins it with the first run that got a target.
	PlanStart time.Time
}

// SpikeThreshold is the ratio above which a run counts as a spike: more than 10%
// longer than the longest run of the 30 days before (Frandsen2025, the lowest of its
// bands).
const SpikeThreshold = 1.10

// Weeks sums runs up by ISO week in their local time, oldest first, with the
// cadence at the runner's reference pace. refPace (s/km) fixes the reference pace;
// 0 takes the runner's median running pace.
func Weeks(runs []Run, refPace float64) Trend {
	return WeeksOf(runs, WeeksOptions{RefPaceSPerKm: refPace})
}

// WeeksOf is Weeks with the plan's start given: every week with the 95% interval
// of its cadence at the reference pace and, from the plan's first week, its target
// and how the runner stands against it (Trend.Plan).
func WeeksOf(runs []Run, opt WeeksOptions) Trend {
	refPace := opt.RefPaceSPerKm
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].Start.Before(runs[j].Start) })
	var tr Trend
	if refPace > 0 {
		tr.RefPaceSPerKm = refPace
	} else {
		tr.RefPaceSPerKm = medianPace(runs)
	}
	vRef := 1000 / tr.RefPaceSPerKm

	byWeek := map[string]*Week{}
	var order []*Week
	for _, r := range runs {
		y, w := r.Start.ISOWeek()
		key := isoWeek(y, w)
		wk := byWeek[key]
		if wk == nil {
			monday := mondayOf(r.Start)
			wk = &Week{Week: key, Start: monday.Format("2006-01-02"), start: monday}
			byWeek[key] = wk
			order = append(order, wk)
		}
		wk.runs = append(wk.runs, r)
	}
	for _, wk := range order {
		var meds, downM, runM []float64
		for _, r := range wk.runs {
			wk.Runs++
			wk.DistanceM += r.DistanceM
			if !math.IsNaN(r.MovingS) {
				wk.MovingS += r.MovingS
			}
			wk.LongestRunM = math.Max(wk.LongestRunM, r.DistanceM)
			if !math.IsNaN(r.MedianSPM) {
				meds = append(meds, r.MedianSPM)
			}
			if IsSpike(r.Spike) {
				wk.Spikes++
			}
			if !math.IsNaN(r.DownhillM) && !math.IsNaN(r.RunningM) {
				downM, runM = append(downM, r.DownhillM), append(runM, r.RunningM)
			}
		}
		if len(meds) > 0 {
			sort.Float64s(meds)
			m := analysis.Quantile(meds, 0.5)
			wk.MedianCadenceSPM = &m
		}
		if sum(runM) > 0 {
			share := sum(downM) / sum(runM)
			wk.DownhillShare = &share
		}
		wk.RefPaceSPerKm = tr.RefPaceSPerKm

		// The slope from this week and the weeks before it.
		var window []Run
		for _, other := range order {
			if !other.start.After(wk.start) && wk.start.Sub(other.start) < slopeWeeks*7*24*time.Hour {
				window = append(window, other.runs...)
			}
		}
		slope, ok := pooledSlope(window)
		wk.SlopeSPMPerMS, wk.SlopeFrom = slope, "runner"
		wk.slopeSE = slopeSE(window, slope)
		if !ok {
			wk.SlopeSPMPerMS, wk.SlopeFrom, wk.slopeSE = PopulationSlope, "population", PopulationSlopeSE
		}
		var atRef []float64
		noSpeed := 0
		for _, r := range wk.runs {
			if c, ok := cadenceAt(r, vRef, wk.SlopeSPMPerMS); ok {
				atRef = append(atRef, c)
				vm, _, _ := binMeans(r.Bins)
				wk.ests = append(wk.ests, runEst{spm: c, speed: vm, run: r})
			} else if !math.IsNaN(r.MedianSPM) {
				noSpeed++
			}
		}
		tr.NoSpeed += noSpeed
		switch {
		case len(atRef) > 0:
			sort.Float64s(atRef)
			c := analysis.Quantile(atRef, 0.5)
			wk.CadenceAtRefPaceSPM = &c
			if noSpeed > 0 {
				wk.Note = plural(noSpeed, "run", "runs") + " without flat running at a known speed left out of the cadence at the reference pace"
			}
		case noSpeed > 0:
			wk.Note = "no flat running at a known speed this week (no speed, as on a treadmill without a foot pod, or only hills): no cadence at the reference pace"
		}
	}
	sd := runSD(order)
	for _, wk := range order {
		if _, half, ok := estimate(wk.ests, sd, wk.slopeSE, vRef); ok && wk.CadenceAtRefPaceSPM != nil {
			c := *wk.CadenceAtRefPaceSPM
			wk.half = half
			wk.CadenceCISPM = &[2]float64{c - half, c + half}
		}
	}
	tr.Plan = planWeeks(order, opt.PlanStart, vRef, tr.RefPaceSPerKm, sd)
	for _, wk := range order {
		tr.Weeks = append(tr.Weeks, *wk)
	}
	return tr
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func isoWeek(y, w int) string { return fmt.Sprintf("%d-W%02d", y, w) }

// mondayOf returns the Monday 00:00 of t's ISO week, in t's location.
func mondayOf(t time.Time) time.Time {
	d := (int(t.Weekday()) + 6) % 7 // days since Monday
	y, m, day := t.Date()
	return time.Date(y, m, day-d, 0, 0, 0, 0, t.Location())
}

// medianPace is the median running pace of the runs that have one: the runner's
// typical easy pace, as most runs are easy.
func medianPace(runs []Run) float64 {
	var p []float64
	for _, r := range runs {
		if r.PaceSPerKm > 0 {
			p = append(p, r.PaceSPerKm)
		}
	}
	if len(p) == 0 {
		return 1000 / 3.0 // the typical running speed, 5:33/km
	}
	sort.Float64s(p)
	return analysis.Quantile(p, 0.5)
}

// pooledSlope fits how cadence rises with speed across runs, each run with its own
// level (a fixed effect): the time-weighted slope of cadence on speed around each
// run's own means, over the runs' speed bins. It is false when the runs' speeds vary
// too little to say.
func pooledSlope(runs []Run) (float64, bool) {
	var sxy, sxx float64
	for _, r := range runs {
		vm, sm, w := binMeans(r.Bins)
		if w == 0 {
			continue
		}
		for _, b := range r.Bins {
			dv := b.SpeedMS - vm
			sxy += b.Seconds * dv * (b.MedianSPM - sm)
			sxx += b.Seconds * dv * dv
		}
	}
	if sxx < minSpeedSpread {
		return 0, false
	}
	return math.Max(0, math.Min(maxSlope, sxy/sxx)), true
}

// binMeans returns the time-weighted mean speed and cadence of bins, and their time.
func binMeans(bins []analysis.SpeedBin) (v, spm, secs float64) {
	for _, b := range bins {
		v += b.Seconds * b.SpeedMS
		spm += b.Seconds * b.MedianSPM
		secs += b.Seconds
	}
	if secs == 0 {
		return 0, 0, 0
	}
	return v / secs, spm / secs, secs
}

// cadenceAt is a run's cadence moved to speed vRef along slope: its time-weighted
// cadence plus the slope times the gap between vRef and its own speed.
func cadenceAt(r Run, vRef, slope float64) (float64, bool) {
	vm, sm, w := binMeans(r.Bins)
	if w == 0 {
		return 0, false
	}
	return sm + slope*(vRef-vm), true
}
