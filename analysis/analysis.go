package analysis

import (
	"math"
	"time"

	"github.com/cadence-run/cadence/activity"
)

// Options tune the analysis. Start from DefaultOptions.
type Options struct {
	// Threshold is the running cadence in steps/min below which overstriding is likely
	// at a typical running speed (TypicalSpeed, 5:33/km); at other paces the line moves
	// with the pace (ThresholdAt).
	Threshold float64
}

// Version names the analysis: it changes whenever the same file would give a different
// Result, so that results kept in the history are made again.
const Version = "8"

// DefaultOptions are the options cadence uses unless told otherwise.
var DefaultOptions = Options{Threshold: 165}

// Constants of the domain, each with the reason for its value.
const (
	// MovingMinSpeed is the speed (m/s) below which a sample counts as standing still,
	// as in the reference definition.
	MovingMinSpeed = 0.5
	// RunningMinSPM separates running from walking steps inside a run: walking sits at
	// about 100-135 spm, running rarely below 140.
	RunningMinSPM = 140
	// MaxSPM is the highest plausible step rate; above it a value is a sensor spike
	// (a phone counter giving 810 spm). Sprinters peak near 280.
	MaxSPM = 300
	// MaxGapS is the longest gap between samples still counted as moving time; longer
	// gaps are auto-pauses or lost recording.
	MaxGapS = 60
	// minVerdictSamples is the least number of running samples to judge a run on.
	minVerdictSamples = 30
)

// Stats summarises a set of cadence values.
type Stats struct {
	Mean    float64 `json:"mean"`
	Median  float64 `json:"median"`
	P10     float64 `json:"p10"`
	P90     float64 `json:"p90"`
	Samples int     `json:"samples"`
}

// Verdict kinds.
const (
	VerdictOverstride = "overstride"
	VerdictOK         = "ok"
	VerdictWalking    = "walking"
	VerdictNotFoot    = "not-a-run"
	VerdictNoCadence  = "no-cadence"
	VerdictTooShort   = "too-short"
	VerdictUnknown    = "unknown-sport"
)

// Verdict bases: the rule that gave a verdict's kind, and so which of the Result's
// numbers its reason is worded from.
const (
	// BasisJudged is a run judged by parts: Result.Judged, and the downhill drop.
	BasisJudged = "judged"
	// BasisWalkSport is a walk or a hike by its sport: Result.Sport and Cadence.Median.
	BasisWalkSport = "walk-sport"
	// BasisWalkCadence is too little running, most of the moving time below
	// RunningMinSPM: Cadence.Median and RunShare.
	BasisWalkCadence = "walk-cadence"
	// BasisWalkShare is a run whose running is under 30% of its moving samples:
	// RunShare.
	BasisWalkShare = "walk-share"
	// BasisTooShort is too few running samples to judge: Running.Samples (none when
	// Running is nil).
	BasisTooShort = "too-short"
	// BasisUnknownSport is cadence of a sport neither the file nor the data tells.
	BasisUnknownSport = "unknown-sport"
	// BasisOtherSport is cadence of a sport not on foot: Result.Sport.
	BasisOtherSport = "other-sport"
	// BasisOtherNoCadence is a sport not on foot without cadence: Result.Sport.
	BasisOtherNoCadence = "other-no-cadence"
	// BasisNoCadence is an activity on foot, or of unknown sport, without cadence.
	BasisNoCadence = "no-cadence"
)

// A Verdict is the finding on overstriding and the facts behind it: which rule gave
// it (Basis), and the numbers its reason needs beyond those the Result holds. It
// holds no words; the report words the reason in the units it shows.
type Verdict struct {
	Kind  string `json:"kind"`
	Basis string `json:"basis"`
	// DownhillSPM is the median running cadence downhill and FlatSPM the flat
	// running's cadence moved to the downhill pace (FlatAtPace), when downhill steps
	// got longer at the same pace (a cadence more than 2 steps/min lower); nil
	// otherwise, as when a slower pace explains the lower step rate.
	DownhillSPM *float64 `json:"downhill_spm,omitempty"`
	FlatSPM     *float64 `json:"flat_spm,omitempty"`
}

// IsRun reports whether the verdict is that of running with its running cadence
// known: judged ok or likely overstriding, or too short to judge. Every output
// counts a run with the same rule.
func (v Verdict) IsRun() bool {
	return v.Kind == VerdictOK || v.Kind == VerdictOverstride || v.Kind == VerdictTooShort
}

// A PaceBand is the cadence over the running samples within a range of pace.
type PaceBand struct {
	FromSPerKm float64 `json:"from_s_per_km"` // faster end
	ToSPerKm   float64 `json:"to_s_per_km"`   // slower end
	Seconds    float64 `json:"seconds"`
	MedianSPM  float64 `json:"median_spm"`
	StepM      float64 `json:"step_length_m"`
}

// A GradeBand is the cadence over the running samples on one kind of slope.
type GradeBand struct {
	Name      string  `json:"name"` // "uphill", "flat" or "downhill"
	Seconds   float64 `json:"seconds"`
	MedianSPM float64 `json:"median_spm"`
	SpeedMS   float64 `json:"speed_m_s"` // 0 when unknown
}

// A Fit is cadence as a straight line in speed over the running samples:
// spm = Intercept + Slope × speed (m/s).
type Fit struct {
	Intercept float64 `json:"intercept_spm"`
	Slope     float64 `json:"spm_per_m_s"`
	R2        float64 `json:"r2"`
}

// A SpeedBin is the cadence over the running samples within a range of speed.
type SpeedBin struct {
	SpeedMS   float64 `json:"speed_m_s"` // the time-weighted mean speed of its samples
	Seconds   float64 `json:"seconds"`
	MedianSPM float64 `json:"median_spm"`
}

// SpeedBinWidth is the width of a SpeedBin in m/s: about 10 s/km at 5:30/km.
const SpeedBinWidth = 0.25

// A Spike compares a run's distance with the longest run in the 30 days before it
// (Frandsen et al., BJSM 2025).
type Spike struct {
	LongestPrior30dM float64 `json:"longest_prior_30d_m"`
	Ratio            float64 `json:"ratio"` // this run's distance over LongestPrior30dM
	// DaysKnown is how many whole days of the runner's history came before the run,
	// at most 30: from the earliest run known (in the files read or in the history)
	// to this one. Below 30, the longest run of the 30 days before may be longer
	// than what was known of them.
	DaysKnown int `json:"days_known"`
}

// SPMAt returns the fitted cadence at speed v (m/s).
func (f Fit) SPMAt(v float64) float64 { return f.Intercept + f.Slope*v }

// SpeedFor returns the speed (m/s) at which the fit reaches spm, or NaN if it never
// does at a running speed.
func (f Fit) SpeedFor(spm float64) float64 {
	if f.Slope <= 0 {
		return math.NaN()
	}
	return (spm - f.Intercept) / f.Slope
}

// A Point is one sample of the analysed series, for plots.
type Point struct {
	T       float64 // seconds since the start
	SPM     float64 // steps/min (NaN without cadence or for non-foot sports)
	Speed   float64 // m/s, recorded or derived; NaN if unknown
	Alt     float64 // metres, NaN if unknown
	Dist    float64 // metres from the start, NaN if unknown
	Grade   float64 // rise over run, NaN if unknown
	Moving  bool
	Running bool // a moving running step (not a walking break)
	Seg     int  // increments at every pause or gap, so smoothing can restart
	// LeftOut marks the running a workout's verdict leaves out: its recoveries, the
	// changes of pace around its reps, and steps in no window it judged. Always
	// false for a run that is not a workout.
	LeftOut bool
}

// Result is everything cadence knows about one activity.
type Result struct {
	File string `json:"file"`
	// Athlete is whose activity this is: the name given with --athlete, or the
	// folder's with --athletes; "" for the default athlete. It belongs to where the
	// input was found, not to its bytes: the pipeline sets it, the history keeps it
	// with the input, and the stored result never carries it.
	Athlete   string         `json:"athlete"`
	Index     int            `json:"index"`
	Format    string         `json:"format"`
	Sport     activity.Sport `json:"sport"`
	SportFrom string         `json:"sport_source"`
	SubSport  string         `json:"sub_sport,omitempty"`
	Device    string         `json:"device,omitempty"`
	Name      string         `json:"name,omitempty"` // the activity's name, from the file or its export
	Start     *time.Time     `json:"start"`          // in the activity's local time where known
	// TimeZone names the zone Start is shown in ("Europe/Berlin", "UTC+02:00"), and
	// TimeZoneFrom where it came from: "file" (FIT local time), "position" (the GPS
	// start), "machine" (this computer's zone, for want of either), or "" for UTC.
	TimeZone     string   `json:"time_zone,omitempty"`
	TimeZoneFrom string   `json:"time_zone_source,omitempty"`
	DuplicateOf  *string  `json:"duplicate_of"` // the file of the copy that counts, set by the history; nil when this one counts
	MovingS      *float64 `json:"moving_s"`
	ElapsedS     *float64 `json:"elapsed_s"`
	DistanceM    *float64 `json:"distance_m"`
	PaceSPerKm   *float64 `json:"pace_s_per_km"`
	Cadence      *Stats   `json:"cadence_spm"`
	Running      *Stats   `json:"running_cadence_spm"`
	RunShare     *float64 `json:"running_share"`
	RunPace      *float64 `json:"running_pace_s_per_km"`
	StepLengthM  *float64 `json:"step_length_m"`
	CadenceUnit  string   `json:"cadence_unit"`
	WatchAvgSPM  *float64 `json:"watch_avg_cadence_spm"`
	OtherCad     *Stats   `json:"cadence_rpm,omitempty"`
	Overstride   bool     `json:"overstride"`
	Verdict      Verdict  `json:"verdict"`
	Threshold    float64  `json:"threshold_spm"` // at TypicalSpeed; see Judged for the threshold at each pace
	// PaceBands is cadence by pace in bands 30 s per km wide, and MilePaceBands in
	// bands 30 s per mile wide (both in s/km): a report shows the ones of its units.
	PaceBands     []PaceBand  `json:"pace_bands"`
	MilePaceBands []PaceBand  `json:"mile_pace_bands"`
	Grades        []GradeBand `json:"grades"`
	PaceFit       *Fit        `json:"cadence_pace_fit"`
	// Judged is what the verdict looked at: the running at each pace, longest first,
	// each against the threshold for its pace. Empty for what was not judged (walks,
	// rides, runs too short); one part without a pace for a run without speed.
	Judged []JudgedPart `json:"judged"`
	// Workout is set for a session of reps with recoveries between them: Judged
	// then holds its reps and steady running only, and the recoveries are left out.
	Workout *Workout `json:"workout"`
	// SpeedBins is cadence by speed over the flat running (|grade| under 2% where
	// known), in bins of SpeedBinWidth: what a trend pools to compare cadence at one
	// pace across runs.
	SpeedBins []SpeedBin `json:"cadence_by_speed"`
	// RunningM is the distance covered running (not in walking breaks), and DownhillM
	// the part of it on a grade of -3% or steeper; nil when unknown.
	RunningM  *float64 `json:"running_m"`
	DownhillM *float64 `json:"downhill_m"`
	// Spike compares a run with the longest run in the 30 days before it; set by the
	// history for counted runs, nil when no run precedes it in those 30 days.
	Spike *Spike `json:"spike"`
	// RunningDynamics are the running dynamics over the running samples, one entry
	// per source (the watch's standard fields, each foot pod's developer fields),
	// shown as context and never judged; empty when the file has none.
	RunningDynamics []Dynamics `json:"running_dynamics"`
	// Gear is the shoe (or other gear) the export names for the activity.
	Gear     string   `json:"gear,omitempty"`
	Indoor   bool     `json:"indoor"`
	Warnings []string `json:"warnings"`
	Series   []Point  `json:"-"`
}

func ptr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// Analyze analyses one activity. It never fails: what it cannot work out is left
// null in the Result and explained in Warnings.
func Analyze(a *activity.Activity, opt Options) *Result {
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultOptions.Threshold
	}
	r := &Result{File: a.File, Index: a.Index, Format: a.Format, Sport: a.Sport, SportFrom: a.SportFrom,
		SubSport: a.SubSport, Device: a.Device, Threshold: opt.Threshold, Indoor: a.Indoor, Name: a.Name}
	r.Warnings = append(r.Warnings, a.Warnings...)
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
	r.PaceBands, r.MilePaceBands, r.Grades, r.SpeedBins, r.Judged = []PaceBand{}, []PaceBand{}, []GradeBand{}, []SpeedBin{}, []JudgedPart{}
	r.RunningDynamics = []Dynamics{}
	if !a.Start.IsZero() {
		st := a.Start
		r.Start = &st
	}
	samples := a.Samples
	n := len(samples)
	pts := make([]Point, n)
	t0 := firstTime(samples)
	if r.Start == nil && !math.IsNaN(t0) {
		st := time.Unix(int64(t0), 0).UTC()
		r.Start = &st
	}
	if r.Start != nil && a.Zone != nil {
		st := r.Start.In(a.Zone)
		r.Start = &st
		r.TimeZone, r.TimeZoneFrom = a.Zone.String(), a.ZoneFrom
		if r.TimeZoneFrom == "" {
			r.TimeZoneFrom = "file"
		}
	}

	dist := cumulativeDistance(samples)
	speed, speedRecorded := speeds(samples, dist)
	hasCad := false
	for i := range samples {
		pts[i] = Point{T: samples[i].T - t0, Speed: speed[i], Alt: samples[i].Altitude, Dist: dist[i], Grade: math.NaN(), SPM: math.NaN()}
		if samples[i].Cadence > 0 {
			hasCad = true
		}
	}

	// Moving time, elapsed time, distance, segments.
	moving, elapsed := movingTime(samples, a.Pauses, speed, pts)
	if elapsed > 0 {
		r.ElapsedS = ptr(elapsed)
	} else {
		r.ElapsedS = ptr(a.ElapsedS)
	}
	if moving > 0 {
		r.MovingS = ptr(moving)
	}
	total := lastValid(dist)
	if math.IsNaN(total) || total <= 0 {
		total = a.DistanceM
	}
	if total > 0 {
		r.DistanceM = ptr(total)
	}
	if moving > 0 && total > 0 {
		r.PaceSPerKm = ptr(movingPace(pts, moving, total, speedRecorded))
	}

	inferSport(r, pts)
	r.Series = pts

	if !hasCad {
		r.Verdict = noCadenceVerdict(r)
		return r
	}
	if r.SportFrom == "speed" && r.Sport.OnFoot() && !stepsPlausible(samples, pts) {
		// A sport guessed from speed must also have cadence that looks like steps:
		// a paddle at 3 m/s has 20 strokes a minute, not a runner's 170 steps.
		r.Warnings = append(r.Warnings, "its cadence does not look like steps at that speed, so the sport is left unknown")
		r.Sport, r.SportFrom = activity.Unknown, ""
	}
	if !r.Sport.OnFoot() {
		r.OtherCad = stats(collect(samples, pts, func(i int) float64 { return samples[i].Cadence }))
		if r.Sport == activity.Unknown {
			r.Verdict = Verdict{Kind: VerdictUnknown, Basis: BasisUnknownSport}
			r.CadenceUnit = "unknown (sport unknown)"
		} else {
			r.Verdict = Verdict{Kind: VerdictNotFoot, Basis: BasisOtherSport}
			r.CadenceUnit = OtherUnit(r.Sport)
		}
		return r
	}

	factor := stepFactor(r, a, pts)
	for i := range pts {
		c := samples[i].Cadence
		if c > 0 {
			pts[i].SPM = c * factor
		}
	}
	dropSpikes(r, pts)
	if wa := a.AvgCadence * factor; wa > 0 {
		r.WatchAvgSPM = ptr(math.Round(wa*100) / 100)
	}

	all := collect(samples, pts, func(i int) float64 { return pts[i].SPM })
	r.Cadence = stats(all)
	if r.Cadence == nil {
		r.Verdict = noCadenceVerdict(r)
		return r
	}
	sportFromSteps(r)
	var run []float64
	var runTime, runDist float64 // over the running samples whose speed is known
	for i := range pts {
		p := &pts[i]
		if p.Moving && p.SPM >= RunningMinSPM {
			p.Running = true
			run = append(run, p.SPM)
			if i > 0 {
				if dt := pts[i].T - pts[i-1].T; dt > 0 && dt <= MaxGapS {
					if !math.IsNaN(p.Speed) {
						runTime += dt
						runDist += dt * p.Speed
					}
				}
			}
		}
	}
	r.Running = stats(run)
	r.RunShare = ptr(float64(len(run)) / float64(len(all)))
	if runTime > 0 && runDist > 0 {
		r.RunPace = ptr(1000 * runTime / runDist)
	}
	r.StepLengthM = ptr(medianStep(pts))
	r.PaceBands = paceBands(pts, paceBandWidthKm)
	r.MilePaceBands = paceBands(pts, paceBandWidthMile)
	if runDist > 0 {
		r.RunningM = ptr(runDist)
	}
	if !a.Indoor {
		var down float64
		r.Grades, down = grades(pts)
		if r.RunningM != nil {
			r.DownhillM = ptr(down)
		}
	}
	r.SpeedBins = speedBins(pts)
	r.PaceFit = paceFit(pts)
	r.RunningDynamics = runningDynamics(a, pts)
	r.Verdict = verdict(r, opt, planFromLaps(a.Laps, pts, t0))
	r.Overstride = r.Verdict.Kind == VerdictOverstride
	return r
}

// stepsPlausible reports whether the raw cadence of an activity could count steps,
// either as one foot (40-120 a minute) or as both (80-240).
func stepsPlausible(samples []activity.Sample, pts []Point) bool {
	raw := collect(samples, pts, func(i int) float64 { return samples[i].Cadence })
	if len(raw) == 0 {
		return true
	}
	med := medianOf(raw)
	return med >= 40 && med <= 240
}

// OtherUnit names what the cadence of a sport that is not on foot counts.
func OtherUnit(s activity.Sport) string {
	switch s {
	case activity.Cycling:
		return "pedal revolutions per minute"
	case activity.Swimming, activity.Rowing:
		return "strokes per minute"
	}
	return "cycles per minute"
}

func noCadenceVerdict(r *Result) Verdict {
	if !r.Sport.OnFoot() && r.Sport != activity.Unknown {
		return Verdict{Kind: VerdictNotFoot, Basis: BasisOtherNoCadence}
	}
	return Verdict{Kind: VerdictNoCadence, Basis: BasisNoCadence}
}

// collect returns f(i) for every moving sample with cadence > 0 whose f is a number.
func collect(samples []activity.Sample, pts []Point, f func(i int) float64) []float64 {
	out := make([]float64, 0, len(pts))
	for i := range pts {
		if !pts[i].Moving || !(samples[i].Cadence > 0) {
			continue
		}
		if v := f(i); v > 0 {
			out = append(out, v)
		}
	}
	return out
}

// stats summarises values; nil when there are none. It reorders the slice.
func stats(v []float64) *Stats {
	if len(v) == 0 {
		return nil
	}
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	return &Stats{Mean: sum / float64(len(v)), Median: quantileOf(v, 0.5), P10: quantileOf(v, 0.1), P90: quantileOf(v, 0.9), Samples: len(v)}
}

// Quantile returns the q-quantile of sorted values by linear interpolation between
// order statistics (the median of an even count is the mean of the middle two), or
// NaN for none.
func Quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := q * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

func firstTime(s []activity.Sample) float64 {
	for i := range s {
		if !math.IsNaN(s[i].T) {
			return s[i].T
		}
	}
	return math.NaN()
}

func lastValid(v []float64) float64 {
	for i := len(v) - 1; i >= 0; i-- {
		if !math.IsNaN(v[i]) {
			return v[i]
		}
	}
	return math.NaN()
}
