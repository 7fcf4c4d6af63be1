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
	// standard fields (the watch, or a strap or pod it pairs with).
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

// runningDynamics returns the running dynamics of a's standard fields over the
// running samples (pts[i].Running), one entry per source; empty when none.
func runningDynamics(a *activity.Activity, pts []Point) []Dynamics {
	if len(a.Dynamics) != len(pts) {
		return []Dynamics{}
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
		d := a.Dynamics[i]
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
		return []Dynamics{}
	}
	med := func(v []float64) *float64 {
		if len(v) < minVerdictSamples {
			return nil
		}
		return ptr(math.Round(medianOf(v)*1000) / 1000)
	}
	return []Dynamics{{Source: "watch", GroundContactMS: med(gct), VerticalOscillationMM: med(osc), VerticalRatioPct: med(ratio),
		GroundContactBalancePct: med(bal), StepLengthM: med(step), Samples: n}}
}
