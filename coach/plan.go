package coach

import (
	"math"

	"github.com/cadence-run/cadence/analysis"
)

// The numbers behind Target, each with the reason for its value (the studies are
// in the evidence table, Evidence).
const (
	// TargetStep is the first raise of step rate: +5% at the same pace already lowered
	// the energy the knee absorbs (Heiderscheit et al. 2011).
	TargetStep = 0.05
	// LaterStep is the largest raise suggested at once: +10% lowered knee and hip
	// loading (Heiderscheit 2011) and peak patellofemoral force by 14% (Lenhart 2014);
	// the retraining trials cued +7.5% to +10%. Where +10% does not reach the threshold
	// for the pace, the advice says further steps follow.
	LaterStep = 0.10
	// MaxTargetSPM is the highest target ever set. 180 comes from elite runners at race
	// pace (Daniels, 1984) and is a ceiling here, not a goal.
	MaxTargetSPM = 180
)

// A Plan is the cadence plan of a run judged overstriding: the part it is for, its
// cadence, the two targets, and whether steps beyond the later target are needed to
// reach the threshold for the pace.
type Plan struct {
	// Part is the judged part the plan is for (PartOf).
	Part analysis.JudgedPart
	// CadenceSPM is the part's median cadence, the base of both targets.
	CadenceSPM float64
	// NowSPM is the next target (Target), LaterSPM the one after it (LaterTarget).
	NowSPM, LaterSPM float64
	// More is true when LaterSPM is still below the threshold for the part's pace.
	More bool
}

// PlanOf returns the cadence plan of a run judged likely overstriding: targets about
// 5% and 10% above the cadence of the part of the run that was below the threshold
// for its pace (PartOf), each rounded to a whole number to set a metronome to and
// capped at what a typical runner takes at that pace (analysis.TypicalAt) and at
// MaxTargetSPM. It is false for every run not judged overstriding (a run that looks
// fine is not pushed), for walks, for activities that are not runs, for runs without
// cadence or too short to judge, and when the cap leaves no raise at all.
func PlanOf(r *analysis.Result) (Plan, bool) {
	if r == nil || r.Verdict.Kind != analysis.VerdictOverstride {
		return Plan{}, false
	}
	part, ok := PartOf(r)
	cur := part.MedianSPM
	if !ok || !(cur > 0) || math.IsInf(cur, 0) {
		return Plan{}, false
	}
	ceil := math.Floor(math.Min(part.TypicalSPM, MaxTargetSPM) + 1e-9)
	now := math.Min(math.Round(cur*(1+TargetStep)), ceil)
	if !(now > cur) {
		return Plan{}, false
	}
	later := math.Max(now, math.Min(math.Round(cur*(1+LaterStep)), ceil))
	return Plan{Part: part, CadenceSPM: cur, NowSPM: now, LaterSPM: later, More: later < part.ThresholdSPM}, true
}

// Target returns the runner's next cadence target in steps/min (PlanOf), or 0 when
// the run gets none.
func Target(r *analysis.Result) float64 {
	p, _ := PlanOf(r)
	return p.NowSPM
}

// LaterTarget returns the step after Target, once the first target feels natural:
// about 10% above the part's cadence, under the same caps. It is never below Target
// and 0 whenever Target is 0. When it is still below the threshold for the pace, the
// advice says that further steps follow.
func LaterTarget(r *analysis.Result) float64 {
	p, _ := PlanOf(r)
	return p.LaterSPM
}

// PartOf returns the judged part the advice is about (analysis.MainPart). A result
// without judged parts (one made by hand, or kept from an older cadence) is judged
// here the way the analysis does it, as one part at its running pace. It is false
// for a result neither judged overstriding nor fine.
func PartOf(r *analysis.Result) (analysis.JudgedPart, bool) {
	if p, ok := analysis.MainPart(r); ok {
		return p, true
	}
	if r == nil || r.Running == nil || (r.Verdict.Kind != analysis.VerdictOverstride && r.Verdict.Kind != analysis.VerdictOK) {
		return analysis.JudgedPart{}, false
	}
	thr := r.Threshold
	if !(thr > 0) {
		thr = analysis.DefaultOptions.Threshold
	}
	v := RunSpeed(r)
	at := analysis.ThresholdAt(thr, v)
	p := analysis.JudgedPart{MedianSPM: r.Running.Median, ThresholdSPM: at, TypicalSPM: at + analysis.TypicalMargin, Below: r.Running.Median < at}
	if v > 0 {
		pace := 1000 / v
		p.PaceSPerKm = &pace
	}
	return p, true
}

// Parts returns the judged parts of a run, longest first, or the one part PartOf
// makes for a result without them.
func Parts(r *analysis.Result) []analysis.JudgedPart {
	if len(r.Judged) > 0 {
		return r.Judged
	}
	if p, ok := PartOf(r); ok {
		return []analysis.JudgedPart{p}
	}
	return nil
}

// RunPace returns the running pace in s/km, else the moving pace, else 0.
func RunPace(r *analysis.Result) float64 {
	for _, p := range []*float64{r.RunPace, r.PaceSPerKm} {
		if p != nil && *p > 0 && !math.IsInf(*p, 0) {
			return *p
		}
	}
	return 0
}

// RunSpeed returns the running speed in m/s (RunPace), or 0 if unknown.
func RunSpeed(r *analysis.Result) float64 {
	if p := RunPace(r); p > 0 {
		return 1000 / p
	}
	return 0
}

// ReachedAt returns the speed in m/s at which a run's own cadence-speed fit reaches
// spm, when that speed is more than 2% faster than speed and within the paces the
// runner actually ran, as bands shows them (no extrapolation): the advice then says
// the runner already reached the target there.
func ReachedAt(fit *analysis.Fit, bands []analysis.PaceBand, spm, speed float64) (float64, bool) {
	if fit == nil || !(fit.Slope > 0) || speed <= 0 || len(bands) < 2 {
		return 0, false
	}
	v := fit.SpeedFor(spm)
	fastest := 0.0
	for _, b := range bands {
		if b.FromSPerKm > 0 {
			fastest = math.Max(fastest, 1000/b.FromSPerKm)
		}
	}
	if math.IsNaN(v) || v <= speed*1.02 || v > fastest {
		return 0, false
	}
	return v, true
}
