package coach

import (
	"time"

	"github.com/cadence-run/cadence/analysis"
)

// ProgressWeeks is how far back the advice compares a run's week with: about the
// length of a retraining block (8-18 sessions over 2-6 weeks) and of the trend's
// slope window.
const ProgressWeeks = 8

// Progress is the runner's cadence at one reference pace in the week of a run and
// some weeks before (Week.CadenceAtRefPaceSPM), so that a change of cadence is not a
// change of pace.
type Progress struct {
	RefPaceSPerKm float64 // the reference pace, s/km
	FromSPM       float64 // cadence at the reference pace Weeks weeks before
	ToSPM         float64 // cadence at the reference pace in the week of the run
	Weeks         int
}

// ProgressOf returns the cadence at the trend's reference pace in the week of a
// counted run and in a week about ProgressWeeks before it (the nearest with a value,
// 5 to 11 weeks back), or nil when either is missing, when tr is nil, or when r is
// not a counted run (RunOf).
func ProgressOf(tr *Trend, r *analysis.Result) *Progress {
	run, ok := RunOf(r)
	if tr == nil || !ok {
		return nil
	}
	byWeek := map[string]float64{}
	for _, wk := range tr.Weeks {
		if wk.CadenceAtRefPaceSPM != nil {
			byWeek[wk.Week] = *wk.CadenceAtRefPaceSPM
		}
	}
	key := func(t time.Time) string { return isoWeek(t.ISOWeek()) }
	to, ok := byWeek[key(run.Start)]
	if !ok {
		return nil
	}
	for _, k := range []int{ProgressWeeks, ProgressWeeks - 1, ProgressWeeks + 1, ProgressWeeks - 2, ProgressWeeks + 2, ProgressWeeks - 3, ProgressWeeks + 3} {
		if from, ok := byWeek[key(run.Start.AddDate(0, 0, -7*k))]; ok {
			return &Progress{RefPaceSPerKm: tr.RefPaceSPerKm, FromSPM: from, ToSPM: to, Weeks: k}
		}
	}
	return nil
}
