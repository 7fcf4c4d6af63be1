package coach

import (
	"math"
	"sort"
	"time"
)

// A coach's roster: each athlete at a glance, from the same rules as the trend, with
// what needs a look first. Only flags the evidence carries: long-run spikes
// (Frandsen2025), a step rate low for the pace, a rise in downhill running, shoes
// past the runner's own limit, and gaps in the data. No acute:chronic workload
// ratio, training stress balance or monotony: the evidence for them as injury
// predictors is poor (Impellizzeri 2020-2021).

// Flag kinds, in the order of attention within a level.
const (
	FlagSpike      = "spike"      // a run more than 10% longer than the longest of the 30 days before, in the last 7 days
	FlagVolume     = "volume"     // the last 7 days well above the athlete's own 4-week median
	FlagOverstride = "overstride" // most recent judged runs had a step rate low for their pace
	FlagDownhill   = "downhill"   // the last week's downhill share 5 points or more above the 4 weeks before
	FlagShoes      = "shoes"      // a pair past the runner's own limit
	FlagNoCadence  = "no-cadence" // recent runs without cadence
	FlagQuiet      = "quiet"      // no run for QuietDays or more
)

// Levels of a flag: Look is worth a look this week; Note is a data gap or a
// housekeeping matter.
const (
	LevelNote = 1
	LevelLook = 2
)

// QuietDays is how long without a run a roster calls a gap; VolumeRise is the
// ratio of the last 7 days to the 4-week median that it points out.
const (
	QuietDays  = 10
	VolumeRise = 1.5
)

// A Flag is one thing a coach may want to look at, with the run behind it.
type Flag struct {
	Kind  string    `json:"kind"`
	Level int       `json:"level"`
	File  string    `json:"file,omitempty"` // the run behind it; "" when none is one run
	Start time.Time `json:"start,omitzero"`
	// Value is the flag's number: the spike's ratio, the 7 days against the
	// median, the overstriding share, the downhill rise, the shoe's distance (m),
	// the runs without cadence, the days without a run.
	Value float64 `json:"value"`
}

// A Status is one athlete as of a day.
type Status struct {
	Athlete string    `json:"athlete"`
	AsOf    time.Time `json:"as_of"`
	Runs    int       `json:"runs"`
	// LastRun is the latest counted run's start and file, DaysSince the whole days
	// from it to AsOf; zero with no run.
	LastRun     time.Time `json:"last_run,omitzero"`
	LastRunFile string    `json:"last_run_file,omitempty"`
	DaysSince   int       `json:"days_since_last_run"`
	// Last7M is the distance of the 7 days to AsOf, and Median4WeekM the median
	// of the four 7-day blocks before them (nil before four weeks are known).
	Last7M       float64  `json:"last_7_days_m"`
	Median4WeekM *float64 `json:"median_4_weeks_m"`
	// Spike is the latest run of the 30 days to AsOf more than 10% longer than the
	// longest of the 30 days before it, nil when none; NextLong says how long the
	// next long run can be within +10%.
	Spike    *StatusSpike `json:"spike"`
	NextLong LongRun      `json:"next_long_run"`
	// CadenceSPM is the latest week's cadence at the reference pace RefPaceSPerKm,
	// CI its 95% interval, TargetSPM the plan's target (nil without a plan), and
	// ChangeSPM the change from the figure four or more weeks before (nil when
	// none is known).
	CadenceSPM    *float64    `json:"cadence_at_ref_pace_spm"`
	CI            *[2]float64 `json:"cadence_at_ref_pace_ci_spm"`
	RefPaceSPerKm float64     `json:"ref_pace_s_per_km"`
	TargetSPM     *float64    `json:"target_spm"`
	ChangeSPM     *float64    `json:"cadence_change_spm"`
	ChangeWeeks   int         `json:"cadence_change_weeks"`
	Overstriding  int         `json:"overstriding_runs_30d"`
	Judged        int         `json:"judged_runs_30d"`
	NoCadence     int         `json:"runs_without_cadence_30d"`
	DownhillShare *float64    `json:"downhill_share"`
	DownhillPrior *float64    `json:"downhill_share_4_weeks_before"`
	ShoesPast     []Shoe      `json:"shoes_past_limit"`
	Flags         []Flag      `json:"flags"`
	Trend         Trend       `json:"-"`
	RunsSeen      []Run       `json:"-"`
	Plan          *Retraining `json:"-"`
}

// A StatusSpike is a run more than 10% longer than the longest run of the 30 days
// before it.
type StatusSpike struct {
	File          string    `json:"file"`
	Start         time.Time `json:"start"`
	DistanceM     float64   `json:"distance_m"`
	Ratio         float64   `json:"ratio"`
	LongestPriorM float64   `json:"longest_prior_30d_m"`
	DaysKnown     int       `json:"days_known"`
}

// StatusOptions tune StatusOf: the trend's options, the runner's shoe limit (m; 0
// for none) and the day the status is as of.
type StatusOptions struct {
	Weeks      WeeksOptions
	ShoeLimitM float64
	Now        time.Time
}

// StatusOf sums up one athlete's counted runs as of opt.Now: a coach looks at
// today, so an athlete whose last run is more than 30 days old has no spike, no
// next long run to build from and a quiet flag (where the trend of an old archive
// looks at its last month instead).
func StatusOf(athlete string, runs []Run, opt StatusOptions) Status {
	st := Status{Athlete: athlete, AsOf: opt.Now, Runs: len(runs)}
	rs := append([]Run(nil), runs...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Start.Before(rs[j].Start) })
	st.RunsSeen = rs
	if len(rs) == 0 {
		return st
	}
	last := rs[len(rs)-1]
	st.LastRun, st.LastRunFile = last.Start, last.File
	st.DaysSince = max(0, int(opt.Now.Sub(last.Start)/(24*time.Hour)))
	asOf := opt.Now
	st.NextLong, _ = LongRunAt(rs, asOf)

	// Volume: the 7 days to asOf against the median of the four 7-day blocks before.
	week := 7 * 24 * time.Hour
	var blocks [5]float64
	for _, r := range rs {
		if d := asOf.Sub(r.Start); d >= 0 && d < 5*week {
			blocks[int(d/week)] += r.DistanceM
		}
	}
	st.Last7M = blocks[0]
	if asOf.Sub(rs[0].Start) >= 5*week {
		m := median4(blocks[1:])
		st.Median4WeekM = &m
	}

	// The last 30 days: the latest spike, the judged runs, the runs without cadence.
	for _, r := range rs {
		if d := asOf.Sub(r.Start); d < 0 || d > SpikeWindow {
			continue
		}
		if IsSpike(r.Spike) {
			st.Spike = &StatusSpike{File: r.File, Start: r.Start, DistanceM: r.DistanceM, Ratio: r.Spike.Ratio,
				LongestPriorM: r.Spike.LongestPrior30dM, DaysKnown: r.Spike.DaysKnown}
		}
		switch {
		case math.IsNaN(r.MedianSPM) && !r.Walk:
			st.NoCadence++
		case r.Judged:
			st.Judged++
			if r.Overstride {
				st.Overstriding++
			}
		}
	}

	tr := WeeksOf(rs, opt.Weeks)
	st.Trend, st.Plan, st.RefPaceSPerKm = tr, tr.Plan, tr.RefPaceSPerKm
	figure := -1
	for i := len(tr.Weeks) - 1; i >= 0; i-- {
		if tr.Weeks[i].CadenceAtRefPaceSPM != nil {
			figure = i
			break
		}
	}
	if figure >= 0 {
		wk := tr.Weeks[figure]
		st.CadenceSPM, st.CI, st.TargetSPM = wk.CadenceAtRefPaceSPM, wk.CadenceCISPM, wk.TargetSPM
		for i := figure - 1; i >= 0; i-- {
			then := tr.Weeks[i]
			if then.CadenceAtRefPaceSPM != nil && wk.start.Sub(then.start) >= 4*week-time.Hour {
				d := *wk.CadenceAtRefPaceSPM - *then.CadenceAtRefPaceSPM
				st.ChangeSPM, st.ChangeWeeks = &d, int((wk.start.Sub(then.start)+time.Hour)/week)
				break
			}
		}
	}
	if dc, ok := DownhillChangeOf(tr); ok {
		st.DownhillShare, st.DownhillPrior = &dc.Last, &dc.Before
	}
	for _, s := range Shoes(rs, opt.ShoeLimitM) {
		if s.OverLimit {
			st.ShoesPast = append(st.ShoesPast, s)
		}
	}
	st.Flags = st.flags(asOf)
	return st
}

// flags lists what needs a look, most pressing first.
func (st *Status) flags(asOf time.Time) []Flag {
	var fs []Flag
	if s := st.Spike; s != nil && asOf.Sub(s.Start) <= 7*24*time.Hour {
		fs = append(fs, Flag{Kind: FlagSpike, Level: LevelLook, File: s.File, Start: s.Start, Value: s.Ratio})
	}
	if m := st.Median4WeekM; m != nil && *m > 0 && st.Last7M > VolumeRise**m {
		fs = append(fs, Flag{Kind: FlagVolume, Level: LevelLook, Value: st.Last7M / *m})
	}
	if st.Judged >= 2 && 2*st.Overstriding > st.Judged {
		f := Flag{Kind: FlagOverstride, Level: LevelLook, Value: float64(st.Overstriding) / float64(st.Judged)}
		for i := len(st.RunsSeen) - 1; i >= 0; i-- {
			if r := st.RunsSeen[i]; r.Overstride {
				f.File, f.Start = r.File, r.Start
				break
			}
		}
		fs = append(fs, f)
	}
	if dc := (DownhillChange{Last: val(st.DownhillShare), Before: val(st.DownhillPrior)}); st.DownhillShare != nil && dc.Rose() {
		fs = append(fs, Flag{Kind: FlagDownhill, Level: LevelLook, Value: *st.DownhillShare - *st.DownhillPrior})
	}
	for _, s := range st.ShoesPast {
		fs = append(fs, Flag{Kind: FlagShoes, Level: LevelNote, Value: s.DistanceM})
	}
	if st.NoCadence > 0 {
		fs = append(fs, Flag{Kind: FlagNoCadence, Level: LevelNote, Value: float64(st.NoCadence)})
	}
	if st.Runs > 0 && st.DaysSince >= QuietDays {
		fs = append(fs, Flag{Kind: FlagQuiet, Level: LevelNote, File: st.LastRunFile, Start: st.LastRun, Value: float64(st.DaysSince)})
	}
	return fs
}

// Attention orders a roster: the athletes with the most pressing flags first (by
// the highest level, then how many flags of it), then those who ran longest ago,
// then by name.
func Attention(sts []Status) {
	score := func(s Status) (top, n int) {
		for _, f := range s.Flags {
			switch {
			case f.Level > top:
				top, n = f.Level, 1
			case f.Level == top:
				n++
			}
		}
		return top, n
	}
	sort.SliceStable(sts, func(i, j int) bool {
		ti, ni := score(sts[i])
		tj, nj := score(sts[j])
		switch {
		case ti != tj:
			return ti > tj
		case ni != nj:
			return ni > nj
		case sts[i].DaysSince != sts[j].DaysSince:
			return sts[i].DaysSince > sts[j].DaysSince
		}
		return sts[i].Athlete < sts[j].Athlete
	})
}

// median4 is the median of four values.
func median4(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return (s[1] + s[2]) / 2
}

// DownhillRise is how far (in share of running distance) the last week's downhill
// running must rise above the four weeks before for the trend to point it out.
const DownhillRise = 0.05

// A DownhillChange is the last week's downhill share against the mean of the (up
// to) four weeks with altitude before it.
type DownhillChange struct {
	Week         string
	Last, Before float64
}

// Rose reports whether the downhill share rose by more than DownhillRise.
func (d DownhillChange) Rose() bool { return d.Last > d.Before+DownhillRise }

// DownhillChangeOf compares the last week with altitude with the four weeks with
// altitude before it; false when fewer than two weeks have altitude.
func DownhillChangeOf(tr Trend) (DownhillChange, bool) {
	var shares []float64
	var weeks []string
	for _, wk := range tr.Weeks {
		if wk.DownhillShare != nil {
			shares, weeks = append(shares, *wk.DownhillShare), append(weeks, wk.Week)
		}
	}
	if len(shares) < 2 {
		return DownhillChange{}, false
	}
	prev := shares[max(0, len(shares)-5) : len(shares)-1]
	mean := 0.0
	for _, s := range prev {
		mean += s
	}
	return DownhillChange{Week: weeks[len(weeks)-1], Last: shares[len(shares)-1], Before: mean / float64(len(prev))}, true
}
