package report

import (
	"strconv"
	"strings"

	"github.com/cadence-run/cadence/analysis"
)

// DynamicsLine words one source's running dynamics in a line, naming the source:
// "From the watch (or its strap or pod): ground contact 256 ms, vertical oscillation
// 8.7 cm, …", "From the Stryd foot pod: …", with the step length in feet when
// imperial; "" when the source gives none.
func DynamicsLine(d analysis.Dynamics, imperial bool) string {
	f := func(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
	var parts []string
	if v := d.GroundContactMS; v != nil {
		parts = append(parts, "ground contact "+f(*v, 0)+" ms")
	}
	if v := d.GroundContactBalancePct; v != nil {
		parts = append(parts, "balance "+f(*v, 1)+"% left")
	}
	if v := d.VerticalOscillationMM; v != nil {
		if imperial {
			parts = append(parts, "vertical oscillation "+f(*v/25.4, 1)+" in")
		} else {
			parts = append(parts, "vertical oscillation "+f(*v/10, 1)+" cm")
		}
	}
	if v := d.VerticalRatioPct; v != nil {
		parts = append(parts, "vertical ratio "+f(*v, 1)+"%")
	}
	if v := d.StepLengthM; v != nil {
		parts = append(parts, "step length "+FormatStepLength(*v, imperial))
	}
	if len(parts) == 0 {
		return ""
	}
	return "From " + dynamicsSource(d.Source) + ": " + strings.Join(parts, ", ") + "."
}

// dynamicsSource names a source of running dynamics for a reader.
func dynamicsSource(src string) string {
	switch src {
	case "watch":
		return "the watch (or its strap or pod)"
	case "stryd":
		return "the Stryd foot pod"
	case "runscribe":
		return "the RunScribe foot pods (both feet averaged)"
	}
	return "the " + src
}
