package coach

import (
	"math"
	"sort"

	"github.com/cadence-run/cadence/analysis"
)

// The 95% interval of a week's cadence at the reference pace. Each run gives one
// estimate: its speed bins moved along the week's slope to the reference speed,
// time-weighted (cadenceAt). The week's figure is the median of its runs' estimates;
// its interval adds two errors in quadrature:
//
//   - the run-to-run noise: the spread of the runs' estimates around their week's
//     mean, pooled over every week with two runs or more (never below the week's own
//     spread, nor below MinRunSD), over the square root of the week's runs, times
//     sqrt(pi/2) for a median of three runs or more;
//   - the slope's error: how far the week's runs were from the reference speed, times
//     the standard error of the slope (clustered by run: the runs' own slopes
//     scattered around the pooled one), or PopulationSlopeSE where the population
//     slope stands in.
//
// No study gives a norm for the day-to-day variation of cadence (evidence.md, 2.2),
// so both floors are cautious choices, not findings.
const (
	// MinRunSD is the least run-to-run standard deviation (steps/min) an interval
	// assumes, so that a week of two runs that happen to agree is not taken as exact.
	MinRunSD = 1.0
	// DefaultRunSD is the run-to-run standard deviation assumed while no week has
	// two runs to measure it from.
	DefaultRunSD = 2.5
	// PopulationSlopeSE is the standard error given to PopulationSlope: runners'
	// own slopes range widely around it.
	PopulationSlopeSE = 3.0
	z95               = 1.959964
)

// A runEst is one run's cadence moved to the reference speed.
type runEst struct {
	spm   float64 // cadence at the reference speed, steps/min
	speed float64 // the run's time-weighted speed over its bins, m/s
	run   Run
}

// slopeSE returns the cluster-robust standard error of pooledSlope's slope over
// runs: each run's score (its bins' weighted cross-products around its own means,
// less the slope times their spread) squared, summed, over the squared total spread,
// with a small-sample factor G/(G-1) for G runs with bins.
func slopeSE(runs []Run, slope float64) float64 {
	var sxx, score2 float64
	g := 0
	for _, r := range runs {
		vm, sm, w := binMeans(r.Bins)
		if w == 0 {
			continue
		}
		var rxy, rxx float64
		for _, b := range r.Bins {
			dv := b.SpeedMS - vm
			rxy += b.Seconds * dv * (b.MedianSPM - sm)
			rxx += b.Seconds * dv * dv
		}
		if rxx == 0 {
			continue
		}
		g++
		sxx += rxx
		s := rxy - slope*rxx
		score2 += s * s
	}
	if g < 2 || sxx == 0 {
		return PopulationSlopeSE
	}
	return math.Sqrt(score2*float64(g)/float64(g-1)) / sxx
}

// runSD pools the run-to-run standard deviation of the weeks' estimates: each
// estimate around its week's mean, over the weeks with two or more, never below
// MinRunSD, and DefaultRunSD when no week has two.
func runSD(weeks []*Week) float64 {
	var ss float64
	df := 0
	for _, wk := range weeks {
		if len(wk.ests) < 2 {
			continue
		}
		m := meanEst(wk.ests)
		for _, e := range wk.ests {
			ss += (e.spm - m) * (e.spm - m)
		}
		df += len(wk.ests) - 1
	}
	if df == 0 {
		return DefaultRunSD
	}
	return math.Max(MinRunSD, math.Sqrt(ss/float64(df)))
}

func meanEst(ests []runEst) float64 {
	s := 0.0
	for _, e := range ests {
		s += e.spm
	}
	return s / float64(len(ests))
}

func meanSpeed(ests []runEst) float64 {
	s := 0.0
	for _, e := range ests {
		s += e.speed
	}
	return s / float64(len(ests))
}

// estimate is the median of the estimates and the half-width of its 95% interval
// (see the constants above), given the pooled run-to-run sd, the slope's standard
// error and the reference speed. It is false without estimates.
func estimate(ests []runEst, sd, slopeErr, vRef float64) (mid, half float64, ok bool) {
	n := len(ests)
	if n == 0 {
		return 0, 0, false
	}
	v := make([]float64, n)
	for i, e := range ests {
		v[i] = e.spm
	}
	sort.Float64s(v)
	mid = analysis.Quantile(v, 0.5)
	s := sd
	if n >= 2 {
		m := meanEst(ests)
		var ss float64
		for _, x := range v {
			ss += (x - m) * (x - m)
		}
		s = math.Max(s, math.Sqrt(ss/float64(n-1)))
	}
	se := s / math.Sqrt(float64(n))
	if n >= 3 {
		se *= math.Sqrt(math.Pi / 2)
	}
	seSlope := slopeErr * math.Abs(vRef-meanSpeed(ests))
	return mid, z95 * math.Hypot(se, seSlope), true
}
