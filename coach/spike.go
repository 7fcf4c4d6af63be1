package coach

import (
	"math"
	"sort"
	"time"

	"github.com/cadence-run/cadence/analysis"
)

// Long-run spikes: each run against the longest run of the 30 days before it, as in
// Frandsen2025 (the evidence table holds its numbers and hazard ratios).
const (
	// SpikeWindow is how far back the longest run is looked for.
	SpikeWindow = 30 * 24 * time.Hour
	// SameActivityWindow is how far apart the starts of two recordings of one sport
	// can be for them to be one activity (another export of the same recording, a
	// file saved again): a run starting within a minute before another is a copy of
	// it, never a prior run. The history's de-duplication and watch's matching of a
	// changed file use the same number; it is defined in analysis, which the history
	// can import (analysis.SameActivityWindow).
	SameActivityWindow = analysis.SameActivityWindow
)

// IsSpike reports whether a run's spike is one: more than SpikeThreshold times the
// longest run of the 30 days before it.
func IsSpike(s *analysis.Spike) bool { return s != nil && s.Ratio > SpikeThreshold }

// SameStart reports whether two starts are close enough for one activity: at most
// SameActivityWindow apart, either way.
func SameStart(a, b time.Time) bool {
	d := a.Sub(b)
	return -SameActivityWindow <= d && d <= SameActivityWindow
}

// A Prior is a run that came before: from the inputs or from the history.
type Prior struct {
	Start     time.Time
	DistanceM float64
}

// Longest keeps runs in start order to answer "the longest run in the 30 days
// before t".
type Longest struct {
	runs []Prior
}

// NewLongest returns the index of runs. A Prior without a distance only says that
// the runner's known history reaches back to its start (the earliest run the
// history holds, outside the 30 days looked at): SpikeOf counts the days known from
// the earliest of all.
func NewLongest(runs []Prior) *Longest {
	rs := append([]Prior(nil), runs...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].Start.Before(rs[j].Start) })
	return &Longest{runs: rs}
}

// DaysKnown returns the whole days from the earliest known run to t, at most 30
// (the spike window), and 0 when none is known before t.
func (l *Longest) DaysKnown(t time.Time) int {
	if len(l.runs) == 0 || !l.runs[0].Start.Before(t) {
		return 0
	}
	days := int(t.Sub(l.runs[0].Start) / (24 * time.Hour))
	return min(days, int(SpikeWindow/(24*time.Hour)))
}

// Before returns the longest distance among the runs that started in the 30 days
// before t (and more than a minute before it), or false when there is none.
func (l *Longest) Before(t time.Time) (float64, bool) {
	hi := sort.Search(len(l.runs), func(i int) bool { return !l.runs[i].Start.Before(t.Add(-SameActivityWindow)) })
	longest, found := 0.0, false
	for i := hi - 1; i >= 0 && !l.runs[i].Start.Before(t.Add(-SpikeWindow)); i-- {
		if d := l.runs[i].DistanceM; d > 0 {
			longest, found = math.Max(longest, d), true
		}
	}
	return longest, found
}

// SpikeOf compares a run of distance dist starting at t with the longest run of the
// 30 days before it, and says how many of those days were known; nil when no run
// precedes it.
func (l *Longest) SpikeOf(t time.Time, dist float64) *analysis.Spike {
	longest, ok := l.Before(t)
	if !ok || !(dist > 0) {
		return nil
	}
	return &analysis.Spike{LongestPrior30dM: longest, Ratio: dist / longest, DaysKnown: l.DaysKnown(t)}
}

// MarkSpikes sets every run's Spike against the longest of the 30 days before it
// among runs, which must be one athlete's counted runs (RunOf): the rule the
// pipeline applies to the files it reads, here over runs from elsewhere (records)
// with nothing else known.
func MarkSpikes(runs []Run) {
	priors := make([]Prior, len(runs))
	for i, r := range runs {
		priors[i] = Prior{Start: r.Start, DistanceM: r.DistanceM}
	}
	l := NewLongest(priors)
	for i := range runs {
		runs[i].Spike = l.SpikeOf(runs[i].Start, runs[i].DistanceM)
	}
}

// SpikeBand says in words how a spike ratio compares with the bands of
// Frandsen2025, with the hazard rate ratio the study found for it; "" for a run
// within 10%.
func SpikeBand(ratio float64) (words string, hrr string) {
	hs := Frandsen2025.Hazards
	for i := len(hs) - 1; i >= 0; i-- {
		if ratio > hs[i].Above {
			return hs[i].Words, hs[i].CI()
		}
	}
	return "", ""
}

// SpikeLimitM is the longest a run can be after a longest run of longestM in the 30
// days before it and stay within +10% of it (SpikeThreshold).
func SpikeLimitM(longestM float64) float64 { return longestM * SpikeThreshold }

// A LongRun is what the next long run can be: the longest run of the 30 days to
// AsOf, and how long the next one can be within +10% of it.
type LongRun struct {
	// AsOf is the day the window ends: now, or a minute after the last run for an
	// archive whose last run is more than 30 days old.
	AsOf time.Time
	// LongestM is the longest run of the 30 days to AsOf, 0 when there is none.
	LongestM float64
	// UpToM is SpikeLimitM(LongestM), 0 when there is no run in the window.
	UpToM float64
}

// NextLongRun says how long the next long run can be within +10% of the longest run
// of the last 30 days: as of now, or of the last run for an archive that ended long
// ago. It is false, with AsOf set, when no run falls in the 30 days to AsOf: the
// first runs back are where a single long run is riskiest.
func NextLongRun(runs []Run, now time.Time) (LongRun, bool) {
	var lastStart time.Time
	for _, r := range runs {
		if r.Start.After(lastStart) {
			lastStart = r.Start
		}
	}
	asOf := now
	if now.Sub(lastStart) > SpikeWindow {
		asOf = lastStart.Add(time.Minute)
	}
	return LongRunAt(runs, asOf)
}

// LongRunAt says how long the next long run can be within +10% of the longest run
// of the 30 days to asOf; false, with AsOf set, when no run falls in them.
func LongRunAt(runs []Run, asOf time.Time) (LongRun, bool) {
	priors := make([]Prior, 0, len(runs))
	for _, r := range runs {
		priors = append(priors, Prior{Start: r.Start, DistanceM: r.DistanceM})
	}
	longest, ok := NewLongest(priors).Before(asOf)
	if !ok {
		return LongRun{AsOf: asOf}, false
	}
	return LongRun{AsOf: asOf, LongestM: longest, UpToM: SpikeLimitM(longest)}, true
}
