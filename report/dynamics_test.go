package report

import (
	"strings"
	"testing"

	"github.com/cadence-run/cadence/analysis"
)

// TestDynamicsLine: running dynamics are worded as plain context, in the reader's
// units, with no word of injury or of a verdict.
func TestDynamicsLine(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	d := analysis.Dynamics{Source: "watch", GroundContactMS: v(256), VerticalOscillationMM: v(86.7), VerticalRatioPct: v(6.62),
		GroundContactBalancePct: v(49.71), StepLengthM: v(1.265)}
	for _, tc := range []struct {
		imperial bool
		want     string
	}{
		{false, "From the watch (or its strap or pod): ground contact 256 ms, balance 49.7% left, vertical oscillation 8.7 cm, vertical ratio 6.6%, step length 1.26 m."},
		{true, "From the watch (or its strap or pod): ground contact 256 ms, balance 49.7% left, vertical oscillation 3.4 in, vertical ratio 6.6%, step length 4.2 ft."},
	} {
		if got := DynamicsLine(d, tc.imperial); got != tc.want {
			t.Errorf("imperial %v: %q, want %q", tc.imperial, got, tc.want)
		}
	}
	if got := DynamicsLine(analysis.Dynamics{Source: "watch"}, false); got != "" {
		t.Errorf("no figures: %q", got)
	}
	stryd := analysis.Dynamics{Source: "stryd", GroundContactMS: v(236), VerticalOscillationMM: v(76.25)}
	if got, want := DynamicsLine(stryd, false), "From the Stryd foot pod: ground contact 236 ms, vertical oscillation 7.6 cm."; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	rs := analysis.Dynamics{Source: "runscribe", GroundContactMS: v(308)}
	if got, want := DynamicsLine(rs, false), "From the RunScribe foot pods (both feet averaged): ground contact 308 ms."; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	r := advOverstrider()
	r.RunningDynamics = []analysis.Dynamics{d, stryd}
	a := Advice(r, AdviceOptions{})
	i := strings.Index(a, "## Running dynamics")
	if i < 0 {
		t.Fatalf("no running dynamics in the advice:\n%s", a)
	}
	sec := a[i:]
	sec = sec[:strings.Index(sec[3:], "## ")+3]
	// One line per source, each naming it, and a word on comparing them.
	if !strings.Contains(sec, "- From the watch (or its strap or pod): ground contact 256 ms") ||
		!strings.Contains(sec, "- From the Stryd foot pod: ground contact 236 ms") || !strings.Contains(sec, "Each device measures in its own way") {
		t.Errorf("the running dynamics section:\n%s", sec)
	}
	for _, w := range []string{"injur", "risk", "overstrid", "too ", "should"} {
		if strings.Contains(strings.ToLower(sec), w) {
			t.Errorf("the running dynamics say %q:\n%s", w, sec)
		}
	}
}
