package coach

import (
	"math"
	"testing"
	"time"
)

// squadRuns makes six weeks of runs to now: four a week of 8 km at 160 spm, with a
// 14 km run two days ago when long is set, every run low for its pace when slow is
// set, and nothing in the last 12 days when quiet is set.
func squadRuns(now time.Time, long, slow, quiet bool) []Run {
	var rs []Run
	for d := 42; d >= 1; d-- {
		if d%7 != 0 && d%7 != 2 && d%7 != 4 && d%7 != 5 || quiet && d < 12 {
			continue
		}
		dist := 8000.0
		if long && d == 2 {
			dist = 14000
		}
		r := Run{Start: now.Add(-time.Duration(d) * 24 * time.Hour), DistanceM: dist, MovingS: dist / 3,
			RunningM: dist, DownhillM: math.NaN(), MedianSPM: 160, PaceSPerKm: 333, File: "run.fit",
			Judged: true, Overstride: slow}
		rs = append(rs, r)
	}
	// The spikes as the pipeline marks them.
	var ps []Prior
	for _, r := range rs {
		ps = append(ps, Prior{Start: r.Start, DistanceM: r.DistanceM})
	}
	l := NewLongest(ps)
	for i := range rs {
		rs[i].Spike = l.SpikeOf(rs[i].Start, rs[i].DistanceM)
	}
	return rs
}

// TestStatusAndAttention: a spike of the last week, mostly overstriding runs and a
// gap of 12 days each give their flag, with the numbers behind it, and the roster
// puts the athletes with something to look at this week first.
func TestStatusAndAttention(t *testing.T) {
	now := time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)
	opt := StatusOptions{Now: now}
	calm := StatusOf("calm", squadRuns(now, false, false, false), opt)
	spiky := StatusOf("spiky", squadRuns(now, true, false, false), opt)
	slow := StatusOf("slow", squadRuns(now, false, true, false), opt)
	quiet := StatusOf("quiet", squadRuns(now, false, false, true), opt)

	if len(calm.Flags) != 0 || calm.DaysSince != 2 || calm.Median4WeekM == nil || *calm.Median4WeekM != 32000 {
		t.Errorf("calm: flags %+v, days %d, median %v", calm.Flags, calm.DaysSince, val(calm.Median4WeekM))
	}
	if s := spiky.Spike; s == nil || math.Abs(s.Ratio-1.75) > 1e-9 || len(spiky.Flags) != 1 || spiky.Flags[0].Kind != FlagSpike {
		t.Errorf("spiky: spike %+v, flags %+v", s, spiky.Flags)
	}
	if math.Abs(spiky.NextLong.UpToM-15400) > 1e-6 {
		t.Errorf("spiky: next long run up to %.0f m, want %.0f", spiky.NextLong.UpToM, 14000*SpikeThreshold)
	}
	if len(slow.Flags) != 1 || slow.Flags[0].Kind != FlagOverstride || slow.Overstriding != slow.Judged || slow.Judged < 10 {
		t.Errorf("slow: flags %+v, %d of %d", slow.Flags, slow.Overstriding, slow.Judged)
	}
	if len(quiet.Flags) != 1 || quiet.Flags[0].Kind != FlagQuiet || quiet.DaysSince != 12 {
		t.Errorf("quiet: flags %+v, days %d", quiet.Flags, quiet.DaysSince)
	}
	roster := []Status{calm, quiet, slow, spiky}
	Attention(roster)
	var order []string
	for _, s := range roster {
		order = append(order, s.Athlete)
	}
	if order[0] != "slow" || order[1] != "spiky" || order[2] != "quiet" || order[3] != "calm" {
		t.Errorf("attention order %q", order)
	}
	if none := StatusOf("new", nil, opt); len(none.Flags) != 0 || none.Runs != 0 {
		t.Errorf("no runs: %+v", none)
	}
}
