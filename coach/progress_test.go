package coach

import (
	"math"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
)

// progressRun is a counted 8 km run at 3 m/s and spm steps/min, starting at t.
func progressRun(t time.Time, spm float64) *analysis.Result {
	d, pace := 8000.0, 1000.0/3
	return &analysis.Result{Sport: activity.Running, Start: &t, DistanceM: &d, RunPace: &pace,
		Running:   &analysis.Stats{Median: spm, Samples: 2000},
		SpeedBins: []analysis.SpeedBin{{SpeedMS: 3, Seconds: 2400, MedianSPM: spm}},
		Verdict:   analysis.Verdict{Kind: analysis.VerdictOK}}
}

// TestProgressOf: the advice compares the week of a run with the week 8 weeks
// before it at the trend's reference pace, or the nearest week with a value.
func TestProgressOf(t *testing.T) {
	now := time.Date(2026, 3, 12, 7, 0, 0, 0, time.UTC)
	results := []*analysis.Result{progressRun(now.AddDate(0, 0, -56), 160), progressRun(now.AddDate(0, 0, -20), 162), progressRun(now, 166)}
	var runs []Run
	for _, r := range results {
		run, ok := RunOf(r)
		if !ok {
			t.Fatal("not a counted run")
		}
		runs = append(runs, run)
	}
	tr := Weeks(runs, 0)
	p := ProgressOf(&tr, results[2])
	// The runs' pace is that of the record, 333.333 s/km (RunOf), so the figures are
	// 160 and 166 to within the record's precision.
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-3 }
	if p == nil || p.Weeks != 8 || !near(p.FromSPM, 160) || !near(p.ToSPM, 166) || !near(p.RefPaceSPerKm, 1000.0/3) {
		t.Fatalf("progress %+v, want 160 to 166 over 8 weeks at 5:33/km", p)
	}
	// 20 days before now, the nearest week with a value is 5 weeks back.
	if p := ProgressOf(&tr, results[1]); p == nil || p.Weeks != 5 || !near(p.FromSPM, 160) || !near(p.ToSPM, 162) {
		t.Errorf("progress %+v, want 160 to 162 over 5 weeks", p)
	}
	// The first run has no week before it.
	if p := ProgressOf(&tr, results[0]); p != nil {
		t.Errorf("progress %+v for the first run", p)
	}
	if ProgressOf(nil, results[2]) != nil {
		t.Error("progress without a trend")
	}
	walk := progressRun(now, 120)
	walk.Sport = activity.Walking
	if ProgressOf(&tr, walk) != nil {
		t.Error("progress for a walk")
	}
}
