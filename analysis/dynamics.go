package analysis

import (
	"math"

	"github.com/cadence-run/cadence/activity"
)

// Running dynamics are shown as context, never judged: no prospective study links
// ground contact time, vertical oscillation, vertical ratio or contact balance to
// injury (Malisoux et al. 2022, 2024), so they carry no verdict and no threshold.

// A Dynamics is the running dynamics of one source, each the median over the running
// samples that carry it; nil where the source gives none.
type Dynamics struct {
	// Source names where the figures come from: "watch" for the FIT record's
	// standard fields (the watch, or a strap or pod it pairs with), or the foot pod
	// that wrote its own as developer fields ("stryd", "runscribe").
	Source                  string   `json:"source"`
	GroundContactMS         *float64 `json:"ground_contact_ms,omitempty"`
	VerticalOscillationMM   *float64 `json:"vertical_oscillation_mm,omitempty"`
	VerticalRatioPct        *float64 `json:"vertical_ratio_pct,omitempty"`
	GroundContactBalancePct *float64 `json:"ground_contact_balance_pct,omitempty"`
	StepLengthM             *float64 `json:"step_length_m,omitempty"`
	Samples                 int      `json:"samples"` // running samples with any of them
}

// Plausible ranges: outside them a value is a dropout (a zero while standing, a strap
// that lost contact) or a glitch, not a stride.
const (
	minContactMS, maxContactMS = 100, 600
	minOscMM, maxOscMM         = 20, 200
	minRatioPct, maxRatioPct   = 2, 20
	minBalPct, maxBalPct       = 30, 70
	minStepM, maxStepM         = 0.3, 3
)

// runningDynamics returns the running dynamics of a over the running samples
// (pts[i].Running), one entry per source: the standard fields ("watch", or the pod
// that made the file), then each foot pod that wrote its own as developer fields
// (Stryd, RunScribe); empty when none gives any.
func runningDynamics(a *activity.Activity, pts []Point) []Dynamics {
	out := []Dynamics{}
	src := "watch"
	if a.DynamicsFrom != "" {
		src = a.DynamicsFrom // a pod's own file: its standard fields are the pod's
	}
	if d, ok := sourceDynamics(src, a.Dynamics, pts); ok {
		out = append(out, d)
	}
	for _, p := range a.PodDynamics {
		if d, ok := sourceDynamics(p.Source, p.Values, pts); ok {
			out = append(out, d)
		}
	}
	return out
}

// sourceDynamics gives the medians of one source's dynamics dyn (index for index
// with pts) over the running samples; false when too few running samples carry any.
func sourceDynamics(source string, dyn []activity.Dynamics, pts []Point) (Dynamics, bool) {
	if len(dyn) != len(pts) {
		return Dynamics{}, false
	}
	var gct, osc, ratio, bal, step []float64
	n := 0
	keep := func(dst *[]float64, v, lo, hi float64) bool {
		if v >= lo && v <= hi { // NaN and zeros fall outside
			*dst = append(*dst, v)
			return true
		}
		return false
	}
	for i := range pts {
		if !pts[i].Running {
			continue
		}
		d := dyn[i]
		got := keep(&gct, d.GroundContactMS, minContactMS, maxContactMS)
		got = keep(&osc, d.VertOscMM, minOscMM, maxOscMM) || got
		got = keep(&ratio, d.VertRatioPct, minRatioPct, maxRatioPct) || got
		got = keep(&bal, d.BalancePct, minBalPct, maxBalPct) || got
		got = keep(&step, d.StepLengthM, minStepM, maxStepM) || got
		if got {
			n++
		}
	}
	if n < minVerdictSamples {
		return Dynamics{}, false
	}
	med := func(v []float64) *float64 {
		if len(v) < minVerdictSamples {
			return nil
		}
		return ptr(math.Round(medianOf(v)*1000) / 1000)
	}
	return Dynamics{Source: source, GroundContactMS: med(gct), VerticalOscillationMM: med(osc), VerticalRatioPct: med(ratio),
		GroundContactBalancePct: med(bal), StepLengthM: med(step), Samples: n}, true
}
