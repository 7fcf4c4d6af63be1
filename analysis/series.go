package analysis

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/cadence-run/cadence/activity"
	"gonum.org/v1/gonum/stat"
)

// earthRadius is the mean Earth radius in metres, for distances between positions.
const earthRadius = 6371008.8

func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	s := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(s)))
}

// cumulativeDistance returns metres from the start for every sample: the recorded
// cumulative distance where the file has one, else the sum of the distances between
// positions; NaN where neither is known. A recorded distance that falls back (a device
// reset) is carried on from the last value, never counted twice.
func cumulativeDistance(s []activity.Sample) []float64 {
	out := make([]float64, len(s))
	recorded := 0
	for i := range s {
		if !math.IsNaN(s[i].Distance) {
			recorded++
		}
	}
	if recorded > len(s)/2 {
		base, last := math.NaN(), math.NaN()
		for i := range s {
			d := s[i].Distance
			if math.IsNaN(d) {
				out[i] = last
				continue
			}
			if math.IsNaN(base) {
				base = d
			}
			v := d - base
			if !math.IsNaN(last) && v < last {
				v = last
			}
			out[i], last = v, v
		}
		return out
	}
	total := 0.0
	pLat, pLon := math.NaN(), math.NaN()
	seen := false
	for i := range s {
		lat, lon := s[i].Lat, s[i].Lon
		if math.IsNaN(lat) || math.IsNaN(lon) {
			if seen {
				out[i] = total
			} else {
				out[i] = math.NaN()
			}
			continue
		}
		if seen {
			total += haversine(pLat, pLon, lat, lon)
		}
		seen = true
		pLat, pLon = lat, lon
		out[i] = total
	}
	return out
}

// speedWindowS is the span over which speed is derived from distance: GPS positions
// a second apart are too noisy to difference directly.
const speedWindowS = 10

// speeds returns the recorded speed where the file has it, else speed derived from
// the cumulative distance over a window of about speedWindowS seconds; and whether
// the speed was recorded.
func speeds(s []activity.Sample, dist []float64) ([]float64, bool) {
	out := make([]float64, len(s))
	recorded := 0
	for i := range s {
		out[i] = s[i].Speed
		if !math.IsNaN(s[i].Speed) {
			recorded++
		}
	}
	if recorded > len(s)/2 {
		return out, true
	}
	lo, hi := 0, 0
	for i := range s {
		if !math.IsNaN(out[i]) {
			continue
		}
		t := s[i].T
		if math.IsNaN(t) || math.IsNaN(dist[i]) {
			continue
		}
		for lo < i && (math.IsNaN(s[lo].T) || s[lo].T < t-speedWindowS/2 || math.IsNaN(dist[lo])) {
			lo++
		}
		if hi < i {
			hi = i
		}
		for hi+1 < len(s) && !math.IsNaN(s[hi+1].T) && s[hi+1].T <= t+speedWindowS/2 && !math.IsNaN(dist[hi+1]) {
			hi++
		}
		// Sparse recording (smart recording every 5-10 s): take the neighbours.
		a, b := lo, hi
		if a == i && i > 0 && !math.IsNaN(s[i-1].T) && !math.IsNaN(dist[i-1]) && t-s[i-1].T <= MaxGapS {
			a = i - 1
		}
		if b == i && i+1 < len(s) && !math.IsNaN(s[i+1].T) && !math.IsNaN(dist[i+1]) && s[i+1].T-t <= MaxGapS {
			b = i + 1
		}
		if dt := s[b].T - s[a].T; dt > 0 && !math.IsNaN(dist[a]) && !math.IsNaN(dist[b]) {
			out[i] = (dist[b] - dist[a]) / dt
		}
	}
	return out, false
}

// movingTime marks each point moving or not and returns the moving and elapsed
// seconds. A point is moving when it lies outside every timer pause and is not
// stationary. An interval counts as moving time when its closing point is moving and
// the gap is at most MaxGapS. Segments break at pauses and gaps.
func movingTime(s []activity.Sample, pauses []activity.Pause, speed []float64, pts []Point) (moving, elapsed float64) {
	pi := 0
	ps := append([]activity.Pause(nil), pauses...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].Start < ps[j].Start })
	seg := 0
	prevT := math.NaN()
	first := math.NaN()
	last := math.NaN()
	prevPaused := false
	for i := range s {
		t := s[i].T
		paused := false
		if !math.IsNaN(t) {
			for pi < len(ps) && ps[pi].End <= t {
				pi++
			}
			// The reference excludes records strictly inside a pause.
			for k := pi; k < len(ps) && ps[k].Start < t; k++ {
				if t > ps[k].Start && t < ps[k].End {
					paused = true
					break
				}
			}
			if math.IsNaN(first) {
				first = t
			}
			last = t
		}
		mv := !paused && !(speed[i] < MovingMinSpeed)
		pts[i].Moving = mv
		if !math.IsNaN(t) && !math.IsNaN(prevT) {
			dt := t - prevT
			if dt > MaxGapS || paused != prevPaused {
				seg++
			} else if dt > 0 && mv && !paused {
				moving += dt
			}
		}
		pts[i].Seg = seg
		if !math.IsNaN(t) {
			prevT = t
		}
		prevPaused = paused
	}
	if !math.IsNaN(first) {
		elapsed = last - first
	}
	return moving, elapsed
}

// movingPace returns seconds per km over moving time: from the time-weighted mean of
// the speed where the device recorded speed, else distance over moving time (GPS
// speed differenced from positions is too noisy to average).
func movingPace(pts []Point, moving, total float64, recorded bool) float64 {
	if !recorded {
		return 1000 * moving / total
	}
	var sum, w float64
	for i := 1; i < len(pts); i++ {
		dt := pts[i].T - pts[i-1].T
		if !pts[i].Moving || dt <= 0 || dt > MaxGapS || math.IsNaN(pts[i].Speed) {
			continue
		}
		sum += pts[i].Speed * dt
		w += dt
	}
	if w > moving/2 && sum > 0 {
		return 1000 * w / sum
	}
	return 1000 * moving / total
}

// inferSport sets the sport from speed when the file names none.
func inferSport(r *Result, pts []Point) {
	if r.Sport != activity.Unknown {
		return
	}
	var v []float64
	for i := range pts {
		if pts[i].Moving && pts[i].Speed >= MovingMinSpeed {
			v = append(v, pts[i].Speed)
		}
	}
	if len(v) < 30 {
		r.Warnings = append(r.Warnings, "the file does not name the sport and has too little speed data to tell it")
		return
	}
	med, p90 := quantileOf(v, 0.5), quantileOf(v, 0.9)
	switch {
	case med >= 5 || p90 >= 7:
		// Faster than a 3:20/km median, or a tenth of the time above 25 km/h: few
		// runners hold that, every cyclist does.
		r.Sport = activity.Cycling
	case med >= 1.9:
		r.Sport = activity.Running
	case med >= 0.6:
		r.Sport = activity.Walking
	default:
		r.Warnings = append(r.Warnings, "the file does not name the sport and its speed does not tell")
		return
	}
	r.SportFrom = "speed"
	r.Warnings = append(r.Warnings, "the file does not name the sport: taken as "+string(r.Sport)+" from its median moving speed of "+fmtSpeed(med))
}

// Step rates that tell running from walking whatever the pace: a step rate of 150
// or more is running even at a jog slower than 8:45/km, and walking rarely passes
// 135. The slowest runners are often the ones with sore knees; classed by speed
// alone, their runs were called walks and never judged.
const (
	// RunStepsSPM is the median step rate from which a file without a sport is a
	// run, whatever its speed.
	RunStepsSPM = 150
	// WalkStepsSPM is the median step rate up to which it is a walk.
	WalkStepsSPM = 135
)

// sportFromSteps settles the sport of a file that names none, once its step rate is
// known: a median of RunStepsSPM or more is a run, of WalkStepsSPM or less a walk,
// whatever its speed said; in between, the speed decides.
func sportFromSteps(r *Result) {
	if r.SportFrom != "speed" || r.Cadence == nil || !r.Sport.OnFoot() {
		return
	}
	med := r.Cadence.Median
	was := r.Sport
	switch {
	case med >= RunStepsSPM:
		r.Sport = activity.Running
	case med <= WalkStepsSPM:
		r.Sport = activity.Walking
	default:
		return
	}
	r.SportFrom = "steps"
	for i, w := range r.Warnings {
		if strings.HasPrefix(w, "the file does not name the sport: taken as ") {
			r.Warnings = slices.Delete(r.Warnings, i, i+1)
			break
		}
	}
	s := "the file does not name the sport: taken as " + string(r.Sport) + " from its median step rate of " + fmtNum(med) + " steps/min"
	if was != r.Sport {
		s += " (its speed alone would say " + string(was) + ")"
	}
	r.Warnings = append(r.Warnings, s)
}

// stepFactor decides how raw cadence turns into steps/min for an on-foot activity and
// records the decision, with a warning where it was a guess.
func stepFactor(r *Result, a *activity.Activity, pts []Point) float64 {
	switch a.CadenceUnit {
	case activity.CadencePerFoot:
		r.CadenceUnit = "one foot per minute in the file, doubled to steps/min"
		return 2
	case activity.CadenceSteps:
		r.CadenceUnit = "steps/min in the file"
		return 1
	}
	var raw, stepLen []float64
	for i := range pts {
		c := a.Samples[i].Cadence
		if !pts[i].Moving || !(c > 0) {
			continue
		}
		raw = append(raw, c)
		if v := pts[i].Speed; v >= 1 {
			stepLen = append(stepLen, v/(c/60)) // metres per step if c counted steps
		}
	}
	if len(raw) == 0 {
		r.CadenceUnit = "none"
		return 2
	}
	med := medianOf(raw)
	asSteps := func(why string) float64 {
		r.CadenceUnit = "steps/min in the file (" + why + ")"
		r.Warnings = append(r.Warnings, "cadence taken as steps/min already, not doubled: "+why)
		return 1
	}
	asFoot := func(why string) float64 {
		r.CadenceUnit = "one foot per minute in the file, doubled to steps/min (" + why + ")"
		r.Warnings = append(r.Warnings, "cadence taken as one foot per minute and doubled: "+why)
		return 2
	}
	switch {
	case med >= 115:
		return asSteps(fmtNum(med) + " per minute is too high for one foot")
	case med < 100:
		return asFoot("median " + fmtNum(med) + " per minute, the usual one-foot count")
	}
	// In between, let the step length each reading implies decide.
	if len(stepLen) >= 10 {
		sl := medianOf(stepLen) // if raw were steps/min
		stepsOK := sl >= 0.5 && sl <= 2.0
		footOK := sl/2 >= 0.5 && sl/2 <= 2.0
		switch {
		case stepsOK && !footOK:
			return asSteps("median " + fmtNum(med) + " would mean " + fmtNum(sl/2) + " m steps if doubled; " + fmtNum(sl) + " m as recorded is plausible")
		case footOK && !stepsOK:
			return asFoot("median " + fmtNum(med) + " as steps would mean " + fmtNum(sl) + " m steps")
		}
	}
	return asFoot("median " + fmtNum(med) + " per minute; the speed does not settle it, one foot is the common convention")
}

// dropSpikes removes physically impossible step rates.
func dropSpikes(r *Result, pts []Point) {
	n := 0
	for i := range pts {
		if pts[i].SPM > MaxSPM {
			pts[i].SPM = math.NaN()
			n++
		}
	}
	if n > 0 {
		r.Warnings = append(r.Warnings, fmtInt(n)+" cadence spikes above "+fmtInt(MaxSPM)+" steps/min were dropped")
	}
}

// medianStep is the median step length (m) over the running samples with speed.
func medianStep(pts []Point) float64 {
	var v []float64
	for i := range pts {
		if pts[i].Running && pts[i].Speed > 0 {
			v = append(v, pts[i].Speed/(pts[i].SPM/60))
		}
	}
	return medianOf(v)
}

// dt returns the time the point i stands for: the interval before it, up to MaxGapS.
func dt(pts []Point, i int) float64 {
	if i == 0 {
		return 0
	}
	d := pts[i].T - pts[i-1].T
	if !(d > 0 && d <= MaxGapS) { // also a sample without a time (NaN)
		return 0
	}
	return d
}

// The widths of a pace band in s/km: 30 seconds per km, and 30 seconds per mile.
const (
	paceBandWidthKm   = 30
	paceBandWidthMile = 30 * 1000 / MetresPerMile
)

// minBandSeconds is the least time in a band for its cadence to be shown.
const minBandSeconds = 60

// paceBands groups the running samples by pace in bands width s/km wide.
func paceBands(pts []Point, width float64) []PaceBand {
	type acc struct {
		secs float64
		spm  []float64
		step []float64
	}
	bands := map[int]*acc{}
	for i := range pts {
		p := pts[i]
		if !p.Running || !(p.Speed > 1.5) {
			continue
		}
		pace := 1000 / p.Speed
		k := int(pace / width)
		b := bands[k]
		if b == nil {
			b = &acc{}
			bands[k] = b
		}
		b.secs += dt(pts, i)
		b.spm = append(b.spm, p.SPM)
		b.step = append(b.step, p.Speed/(p.SPM/60))
	}
	out := []PaceBand{}
	for k, b := range bands {
		if b.secs < minBandSeconds {
			continue
		}
		out = append(out, PaceBand{FromSPerKm: float64(k) * width, ToSPerKm: float64(k+1) * width,
			Seconds: b.secs, MedianSPM: medianOf(b.spm), StepM: medianOf(b.step)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FromSPerKm < out[j].FromSPerKm })
	return out
}

// Grade bands: beyond ±gradeFlat the slope counts as uphill or downhill.
const (
	gradeFlat    = 0.02
	gradeWindowM = 50 // half the distance over which grade is measured
	// DownhillGrade is the grade at or below which running counts as downhill in
	// RunningM's share: -3%, where braking forces clearly rise (evidence.md, section 4).
	DownhillGrade = -0.03
)

// grades computes each point's grade over about 100 m of distance and groups the
// running samples into uphill, flat and downhill. It returns nothing without altitude
// and distance, or when the altitude never changes (a treadmill). It also returns the
// distance run at DownhillGrade or steeper.
func grades(pts []Point) ([]GradeBand, float64) {
	n := len(pts)
	minA, maxA := math.Inf(1), math.Inf(-1)
	for i := range pts {
		if a := pts[i].Alt; !math.IsNaN(a) {
			minA, maxA = math.Min(minA, a), math.Max(maxA, a)
		}
	}
	if !(maxA-minA >= 3) {
		return []GradeBand{}, 0
	}
	lo, hi := 0, 0
	for i := range pts {
		d := pts[i].Dist
		if math.IsNaN(d) || math.IsNaN(pts[i].Alt) {
			continue
		}
		for lo < i && (math.IsNaN(pts[lo].Dist) || math.IsNaN(pts[lo].Alt) || pts[lo].Dist < d-gradeWindowM) {
			lo++
		}
		if hi < i {
			hi = i
		}
		for hi+1 < n && !math.IsNaN(pts[hi+1].Dist) && !math.IsNaN(pts[hi+1].Alt) && pts[hi+1].Dist <= d+gradeWindowM {
			hi++
		}
		if run := pts[hi].Dist - pts[lo].Dist; run >= gradeWindowM {
			pts[i].Grade = (pts[hi].Alt - pts[lo].Alt) / run
		}
	}
	names := []string{"uphill", "flat", "downhill"}
	var secs, speed, speedSecs [3]float64
	var spm [3][]float64
	down := 0.0
	for i := range pts {
		p := pts[i]
		if !p.Running || math.IsNaN(p.Grade) {
			continue
		}
		k := 1
		if p.Grade > gradeFlat {
			k = 0
		} else if p.Grade < -gradeFlat {
			k = 2
		}
		d := dt(pts, i)
		secs[k] += d
		if !math.IsNaN(p.Speed) {
			speed[k] += p.Speed * d
			speedSecs[k] += d
			if p.Grade <= DownhillGrade {
				down += p.Speed * d
			}
		}
		spm[k] = append(spm[k], p.SPM)
	}
	out := []GradeBand{}
	for k := range names {
		if secs[k] < minBandSeconds {
			continue
		}
		g := GradeBand{Name: names[k], Seconds: secs[k], MedianSPM: medianOf(spm[k])}
		if speedSecs[k] > 0 {
			g.SpeedMS = speed[k] / speedSecs[k]
		}
		out = append(out, g)
	}
	return out, down
}

// minSpeedBinSeconds is the least time in a speed bin for it to be kept: enough
// samples for a median, short enough that intervals show.
const minSpeedBinSeconds = 30

// speedBins groups the flat running samples with a known speed by SpeedBinWidth.
func speedBins(pts []Point) []SpeedBin {
	type bin struct {
		secs, v float64
		spm     []float64
	}
	bins := map[int]*bin{}
	for i := range pts {
		p := pts[i]
		if !p.Running || !(p.Speed > 1) || p.Speed > 8 || math.Abs(p.Grade) >= gradeFlat {
			continue // (a NaN grade, unknown, passes)
		}
		k := int(p.Speed / SpeedBinWidth)
		b := bins[k]
		if b == nil {
			b = &bin{}
			bins[k] = b
		}
		d := dt(pts, i)
		b.secs += d
		b.v += d * p.Speed
		b.spm = append(b.spm, p.SPM)
	}
	out := []SpeedBin{}
	for _, b := range bins {
		if b.secs < minSpeedBinSeconds {
			continue
		}
		out = append(out, SpeedBin{SpeedMS: b.v / b.secs, Seconds: b.secs, MedianSPM: medianOf(b.spm)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SpeedMS < out[j].SpeedMS })
	return out
}

// paceFit fits cadence against speed over the running samples with speed, by least
// squares. It needs a spread of speeds to mean anything.
func paceFit(pts []Point) *Fit {
	var x, y []float64
	minV, maxV := math.Inf(1), math.Inf(-1)
	for i := range pts {
		p := pts[i]
		if !p.Running || !(p.Speed > 1.5) || p.Speed > 8 {
			continue
		}
		x = append(x, p.Speed)
		y = append(y, p.SPM)
		minV, maxV = math.Min(minV, p.Speed), math.Max(maxV, p.Speed)
	}
	if len(x) < 60 || maxV-minV < 0.5 {
		return nil
	}
	alpha, beta := stat.LinearRegression(x, y, nil, false)
	if math.IsNaN(alpha) || math.IsNaN(beta) {
		return nil
	}
	r2 := stat.RSquared(x, y, nil, alpha, beta)
	if math.IsNaN(r2) {
		// Cadence the same at every speed (a metronome): no variance to explain.
		r2 = 0
	}
	return &Fit{Intercept: alpha, Slope: beta, R2: r2}
}
