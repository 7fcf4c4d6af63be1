package analysis

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/cadence-run/cadence/activity"
)

// Cadence against pace. Across 256 recreational runners (van Oeveren et al. 2019,
// 16,128 hours of Garmin data at 1.6-4.7 m/s) step rate rose about 6 steps/min for
// every 1 m/s of speed: an easy jog sits lower than a tempo run, and one number for
// both flags the jogger and spares the tempo runner. So a run is judged against what
// is typical at the pace it was run, with Options.Threshold as the line at a typical
// running speed.
const (
	// TypicalSpeed is the speed (m/s) at which Options.Threshold applies: 3 m/s,
	// 5:33/km, where the metabolically optimal step rate of about 170 was measured.
	TypicalSpeed = 3.0
	// SPMPerMS is how much the threshold rises per 1 m/s of speed (van Oeveren 2019).
	SPMPerMS = 6.0
	// MinJudgeSpeed and MaxJudgeSpeed bound the speed at which the threshold is read:
	// 8:20/km to 4:10/km, inside the study's range and where the retraining studies
	// ran. Slower or faster running is judged as at the nearer bound, so the threshold
	// stays within 159-171 at the default 165.
	MinJudgeSpeed = 2.0
	MaxJudgeSpeed = 4.0
	// TypicalMargin is how far what is typical sits above the threshold: 170 at 3 m/s,
	// the metabolic optimum, against the card's 165.
	TypicalMargin = 5.0
)

// Parameters of the judgement by parts, each with the reason for its value.
const (
	// judgeWindowS is the span of running over which cadence and speed are taken
	// together: long enough to steady GPS speed, short enough for a 200 m repeat.
	judgeWindowS = 30
	// judgeMinWindowS is the least running in a window for it to count: a few
	// running steps between walks say nothing about a pace.
	judgeMinWindowS = 10
	// judgeMergeMS is how close (m/s) a window's speed must be to its stretch's for
	// the two to be one stretch of steady pace: GPS noise over 30 s is about ±0.2.
	judgeMergeMS = 0.4
	// judgeGroupGapMS splits the stretches, in order of speed, into paces where two
	// neighbours differ by more (1.5 steps/min of threshold): repeats and recoveries
	// differ by 1 m/s or more. Speeds are compared as the threshold reads them (held
	// within MinJudgeSpeed and MaxJudgeSpeed), so all repeats faster than 4:10/km are
	// one part, and so are all recoveries slower than 8:20/km.
	judgeGroupGapMS = 0.25
	// judgeMinPartS is the least time at one pace for it to stand as a part of its
	// own; a shorter one joins the part nearest in speed.
	judgeMinPartS = 60
	// judgeMinSpeed and judgeMaxSpeed bound the speeds (m/s) taken as running: slower
	// is a shuffle or a GPS stall, faster a glitch.
	judgeMinSpeed = 1.0
	judgeMaxSpeed = 8.0
	// judgeMinShare is the least share of the running time that must have a speed for
	// the run to be judged by pace; below it the fixed threshold is used.
	judgeMinShare = 0.5
)

// ThresholdAt returns the cadence (steps/min) below which overstriding is likely at
// speed v (m/s), for a runner whose threshold at TypicalSpeed is threshold:
// threshold + SPMPerMS × (v − TypicalSpeed), with v held within MinJudgeSpeed and
// MaxJudgeSpeed. For a speed that is not a positive number (a run without speed) it
// returns threshold itself.
func ThresholdAt(threshold, v float64) float64 {
	if !(v > 0) || math.IsInf(v, 0) {
		return threshold
	}
	return threshold + SPMPerMS*(judgeSpeed(v)-TypicalSpeed)
}

// TypicalAt returns the cadence (steps/min) a typical recreational runner takes at
// speed v (m/s): ThresholdAt plus TypicalMargin, 170 at 3 m/s with the default
// threshold. It is a population guide for what is natural at a pace, not a personal
// norm, and the ceiling of every cadence target.
func TypicalAt(threshold, v float64) float64 { return ThresholdAt(threshold, v) + TypicalMargin }

// A JudgedPart is the running at one pace, judged against the threshold for that
// pace. An interval session has several (repeats, recoveries); a steady run one or
// two. A run without speed has one part without a pace, judged against the fixed
// threshold.
type JudgedPart struct {
	PaceSPerKm *float64 `json:"pace_s_per_km"` // nil when the run has no speed
	Seconds    float64  `json:"seconds"`
	// Stretches counts the stretches of steady pace that make up the part: six
	// repeats at one pace are one part of six stretches.
	Stretches    int      `json:"stretches"`
	MedianSPM    float64  `json:"median_spm"`
	ThresholdSPM float64  `json:"threshold_spm"`
	TypicalSPM   float64  `json:"typical_spm"`
	StepM        *float64 `json:"step_length_m"` // speed over steps per second; nil without speed
	Below        bool     `json:"below"`
}

// SpeedMS returns the part's speed in m/s, or NaN when it has no pace.
func (p JudgedPart) SpeedMS() float64 {
	if p.PaceSPerKm == nil || !(*p.PaceSPerKm > 0) {
		return math.NaN()
	}
	return 1000 / *p.PaceSPerKm
}

// verdict judges an on-foot activity with cadence. Walks and hikes are reported as
// such; a run is judged on its running samples, not on its walking breaks, each part
// at its own pace (judgeParts), a workout its laps mark (plan, or nil) by its laps.
func verdict(r *Result, opt Options, plan *lapPlan) Verdict {
	c := r.Cadence
	if r.Sport == activity.Walking || r.Sport == activity.Hiking {
		return Verdict{Kind: VerdictWalking, Basis: BasisWalkSport}
	}
	if r.Running == nil || r.Running.Samples < minVerdictSamples {
		if r.RunShare != nil && *r.RunShare < 0.5 && c.Samples >= minVerdictSamples {
			return Verdict{Kind: VerdictWalking, Basis: BasisWalkCadence}
		}
		return Verdict{Kind: VerdictTooShort, Basis: BasisTooShort}
	}
	if r.RunShare != nil && *r.RunShare < 0.3 {
		return Verdict{Kind: VerdictWalking, Basis: BasisWalkShare}
	}
	parts, workout := judgeParts(r.Series, opt.Threshold, plan)
	r.Workout = workout
	if parts == nil {
		parts = []JudgedPart{fixedPart(r, opt.Threshold)}
	}
	r.Judged = parts
	kind := VerdictOK
	if BelowShare(parts) > 0.5 {
		kind = VerdictOverstride
	}
	v := Verdict{Kind: kind, Basis: BasisJudged}
	v.DownhillSPM, v.FlatSPM = DownhillDrop(r)
	return v
}

// BelowShare returns the share of the judged time in parts below their threshold. A
// run is likely overstriding when it is more than half.
func BelowShare(parts []JudgedPart) float64 {
	var below, total float64
	for _, p := range parts {
		total += p.Seconds
		if p.Below {
			below += p.Seconds
		}
	}
	if !(total > 0) {
		return 0
	}
	return below / total
}

// fixedPart is the one part of a run without speed: all its running, against the
// threshold at a typical running speed.
func fixedPart(r *Result, threshold float64) JudgedPart {
	secs := 0.0
	for i := range r.Series {
		if r.Series[i].Running {
			secs += dt(r.Series, i)
		}
	}
	med := r.Running.Median
	return JudgedPart{Seconds: secs, MedianSPM: med, ThresholdSPM: threshold, TypicalSPM: threshold + TypicalMargin, Below: med < threshold}
}

// judgeWin is a window of running, and later a stretch or a part made of windows.
type judgeWin struct {
	secs, dist float64
	spm        []float64
	stretches  int
	t0, t1     float64  // the times of its first and last samples
	lap        int      // the lap it lies in, when a lapPlan says
	spans      [][2]int // the first and last index in the series of each window in it
}

func (w *judgeWin) speed() float64 { return w.dist / w.secs }

func (w *judgeWin) add(o *judgeWin) {
	w.secs += o.secs
	w.dist += o.dist
	w.spm = append(w.spm, o.spm...)
	w.stretches += o.stretches
}

// judgeParts finds the paces a run was run at and judges each: the running samples
// with a speed are cut into windows of about judgeWindowS seconds; neighbouring
// windows whose speed stays within judgeMergeMS of their stretch join it; and the
// stretches, in order of speed, fall into parts wherever neighbours differ by more
// than judgeGroupGapMS, a part shorter than judgeMinPartS joining its
// nearest neighbour. Each part is judged on the median cadence of its samples
// against the threshold at its time-weighted speed. A workout (workoutSteady) is
// judged on its reps and steady running only, and returned; when its laps mark it
// (plan is not nil), windows keep within a lap and the laps say which are reps and
// which recoveries (lapWorkout). The running a workout leaves out is marked LeftOut
// in pts. It returns nil parts when too little of the running has a speed to judge
// it by pace.
func judgeParts(pts []Point, threshold float64, plan *lapPlan) ([]JudgedPart, *Workout) {
	var wins []*judgeWin
	var cur *judgeWin
	seg := -1
	runSecs, prevT := 0.0, math.NaN()
	closeWin := func() {
		if cur != nil && cur.secs >= judgeMinWindowS && cur.dist > 0 {
			wins = append(wins, cur)
		}
		cur = nil
	}
	for i := range pts {
		p := &pts[i]
		if !p.Moving {
			closeWin()
			continue
		}
		if math.IsNaN(p.SPM) {
			continue // a record without cadence between two with it (some watches alternate)
		}
		// The time a step sample stands for: since the last one, as records
		// without cadence may sit between them.
		d := p.T - prevT
		if !(d > 0 && d <= MaxGapS) {
			d = 0
		}
		prevT = p.T
		if !p.Running { // a walking break ends a window
			closeWin()
			continue
		}
		runSecs += d
		if !(p.Speed >= judgeMinSpeed && p.Speed <= judgeMaxSpeed) {
			continue // no speed here: not judged
		}
		lap := 0
		if plan != nil {
			lap = plan.lap[i]
		}
		if cur != nil && (p.Seg != seg || lap != cur.lap) {
			closeWin()
		}
		if cur == nil {
			cur, seg = &judgeWin{stretches: 1, t0: p.T, lap: lap, spans: [][2]int{{i, i}}}, p.Seg
		}
		cur.spans[0][1] = i
		cur.t1 = p.T
		cur.secs += d
		cur.dist += d * p.Speed
		cur.spm = append(cur.spm, p.SPM)
		if cur.secs >= judgeWindowS {
			closeWin()
		}
	}
	closeWin()
	judged := 0.0
	for _, w := range wins {
		judged += w.secs
	}
	if judged < 60 || judged < judgeMinShare*runSecs {
		return nil, nil
	}

	// Stretches of steady pace, in order of time.
	var stretches []*judgeWin
	for _, w := range wins {
		if n := len(stretches); n > 0 && math.Abs(w.speed()-stretches[n-1].speed()) <= judgeMergeMS && plan.sameKind(w, stretches[n-1]) {
			s := stretches[n-1]
			s.secs += w.secs
			s.dist += w.dist
			s.spm = append(s.spm, w.spm...)
			s.t1 = w.t1
			s.spans = append(s.spans, w.spans...)
			continue
		}
		stretches = append(stretches, w)
	}
	var kept []*judgeWin
	var workout *Workout
	if plan != nil {
		kept, workout = lapWorkout(stretches, plan)
	}
	if workout == nil {
		kept, workout = workoutSteady(stretches)
	}
	if workout != nil {
		markLeftOut(pts, kept)
	}
	stretches = kept
	// Parts: the stretches grouped by speed.
	slices.SortStableFunc(stretches, func(a, b *judgeWin) int { return cmp.Compare(a.speed(), b.speed()) })
	var groups []*judgeWin
	for i, s := range stretches {
		if i > 0 && judgeSpeed(s.speed())-judgeSpeed(stretches[i-1].speed()) <= judgeGroupGapMS {
			groups[len(groups)-1].add(s)
			continue
		}
		g := &judgeWin{}
		g.add(s)
		groups = append(groups, g)
	}
	for len(groups) > 1 {
		k := slices.IndexFunc(groups, func(g *judgeWin) bool { return g.secs < judgeMinPartS })
		if k < 0 {
			break
		}
		n := k - 1 // the neighbour nearer in speed
		if k == 0 || k+1 < len(groups) && groups[k+1].speed()-groups[k].speed() < groups[k].speed()-groups[k-1].speed() {
			n = k + 1
		}
		groups[n].add(groups[k])
		groups = slices.Delete(groups, k, k+1)
	}
	parts := make([]JudgedPart, 0, len(groups))
	for _, g := range groups {
		v := g.speed()
		med := medianOf(g.spm)
		thr := ThresholdAt(threshold, v)
		parts = append(parts, JudgedPart{PaceSPerKm: ptr(1000 / v), Seconds: g.secs, Stretches: g.stretches,
			MedianSPM: med, ThresholdSPM: thr, TypicalSPM: thr + TypicalMargin, StepM: ptr(v / (med / 60)), Below: med < thr})
	}
	// Longest first: the part that says most about the run leads.
	slices.SortStableFunc(parts, func(a, b JudgedPart) int { return cmp.Compare(b.Seconds, a.Seconds) })
	return parts, workout
}

// judgeSpeed is v held within MinJudgeSpeed and MaxJudgeSpeed, as ThresholdAt reads it.
func judgeSpeed(v float64) float64 { return math.Max(MinJudgeSpeed, math.Min(MaxJudgeSpeed, v)) }

// MainPart returns the part a run's advice is about: for a run judged overstriding
// the longest part below its threshold, else the longest part. It is false when the
// run has no judged parts.
func MainPart(r *Result) (JudgedPart, bool) {
	if r == nil || len(r.Judged) == 0 {
		return JudgedPart{}, false
	}
	if r.Verdict.Kind == VerdictOverstride {
		for _, p := range r.Judged { // longest first
			if p.Below {
				return p, true
			}
		}
	}
	return r.Judged[0], true
}

// DownhillDrop returns the median running cadence downhill, and the cadence the
// runner's flat running gives at the downhill pace, when downhill steps really got
// longer at the same pace: the downhill cadence more than 2 steps/min below the flat
// one moved to the downhill pace (FlatAtPace). A lower step rate that a slower pace
// explains is no drop; without speeds there is no telling, and it returns nils.
func DownhillDrop(r *Result) (down, flat *float64) {
	var f, d *GradeBand
	for i := range r.Grades {
		switch r.Grades[i].Name {
		case "flat":
			f = &r.Grades[i]
		case "downhill":
			d = &r.Grades[i]
		}
	}
	if f == nil || d == nil || !(f.SpeedMS > 0) || !(d.SpeedMS > 0) {
		return nil, nil
	}
	at := FlatAtPace(r, *f, d.SpeedMS)
	if d.MedianSPM < at-2 {
		return ptr(d.MedianSPM), ptr(at)
	}
	return nil, nil
}

// FlatAtPace returns the cadence of the runner's flat running f moved to speed v
// (m/s): along the runner's own cadence-pace line where it is clear (a slope of 2-15
// steps/min per 1 m/s with R² of 0.2 or more), else along SPMPerMS.
func FlatAtPace(r *Result, f GradeBand, v float64) float64 {
	slope := SPMPerMS
	if fit := r.PaceFit; fit != nil && fit.Slope >= 2 && fit.Slope <= 15 && fit.R2 >= 0.2 {
		slope = fit.Slope
	}
	return f.MedianSPM + slope*(v-f.SpeedMS)
}

// MetresPerMile is the length of an international mile.
const MetresPerMile = 1609.344

func fmtNum(v float64) string {
	if math.Abs(v-math.Round(v)) < 0.05 {
		return strconv.Itoa(int(math.Round(v)))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func fmtInt(n int) string { return strconv.Itoa(n) }

func fmtSpeed(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + " m/s" }
