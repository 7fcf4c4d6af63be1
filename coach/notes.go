package coach

import (
	"math"
	"sort"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/notes"
)

// Pain notes against the load: each note of the runner's pain diary beside the
// running of the 7 and 30 days before it, and flagged when it follows a long-run
// spike closely.
const (
	// FlagPain is the pain score (0-10) from which a note after a spike is flagged:
	// a pain the runner notices, above the mild aches of training. It is a prompt to
	// look at the load before the note, not a clinical threshold.
	FlagPain = 3.0
	// AfterSpikeDays is how many days after a spike a note counts as following it:
	// the spike's day and the three after, the days that begin within 72 hours of
	// the spike's start.
	AfterSpikeDays = 3
)

// A Note is one entry of the runner's pain diary, as package notes reads it: its
// day, site, the two pain scores (NaN when not given; Pain is the larger) and text.
type Note = notes.Note

// A SpikeRun is a run more than 10% longer than the longest run of the 30 days
// before it.
type SpikeRun struct {
	Date      time.Time // the run's start, in local time
	DistanceM float64
	Ratio     float64 // its distance over the longest of the 30 days before
}

// A Load is the running of the days up to a note: the note's day and those before.
type Load struct {
	Days      int
	Runs      int
	DistanceM float64
	// Spike is the run of the window with the largest spike, nil when none.
	Spike *SpikeRun
	// DownhillShare is the share of running distance on a grade of -3% or steeper,
	// nil when no run of the window has altitude.
	DownhillShare *float64
	// CadenceAtRefPaceSPM is the median of the runs' cadence moved to the trend's
	// reference pace (each along its week's slope), nil without such runs.
	CadenceAtRefPaceSPM *float64
}

// A NoteLoad is a note with the load before it.
type NoteLoad struct {
	Note
	Week           string // the note's ISO week, "2026-W03"
	Last7, Last30  Load
	AfterSpike     *SpikeRun // the latest spike of the 72 hours before, nil when none
	DaysAfterSpike int       // the days from AfterSpike's day to the note's
	Flagged        bool      // pain FlagPain or more, after a spike
}

// WeekNote is a note as a trend week lists it: pain is the larger of the two scores
// (null when neither was given); after_spike says it came on the day of a long-run
// spike or the three after; flagged that it also scored FlagPain or more.
type WeekNote struct {
	Date       string   `json:"date"`
	Site       string   `json:"site"`
	Pain       *float64 `json:"pain"`
	AfterSpike bool     `json:"after_spike"`
	Flagged    bool     `json:"flagged"`
}

// NotesAgainstLoad puts each note beside the runs of the 7 and 30 days up to it (its
// own day included: a note may be about that day's run) and the spike it follows, if
// any. notes and runs may be in any order; the result is in the notes' date order.
func NotesAgainstLoad(notes []Note, runs []Run, tr Trend) []NoteLoad {
	rs := append([]Run(nil), runs...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Start.Before(rs[j].Start) })
	slopes := map[string]float64{}
	for _, wk := range tr.Weeks {
		slopes[wk.Week] = wk.SlopeSPMPerMS
	}
	vRef := 1000 / tr.RefPaceSPerKm
	matched := make([]float64, len(rs)) // NaN for a run without speed bins
	days := make([]time.Time, len(rs))
	for i, r := range rs {
		days[i] = dayOf(r.Start)
		y, w := r.Start.ISOWeek()
		slope, ok := slopes[isoWeek(y, w)]
		if !ok {
			slope = PopulationSlope
		}
		matched[i] = math.NaN()
		if c, ok := cadenceAt(r, vRef, slope); ok && tr.RefPaceSPerKm > 0 {
			matched[i] = c
		}
	}
	ns := append([]Note(nil), notes...)
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].Date.Before(ns[j].Date) })
	out := make([]NoteLoad, 0, len(ns))
	for _, n := range ns {
		day := dayOf(n.Date)
		y, w := day.ISOWeek()
		nl := NoteLoad{Note: n, Week: isoWeek(y, w)}
		nl.Last7 = loadOf(rs, days, matched, day, 7)
		nl.Last30 = loadOf(rs, days, matched, day, 30)
		for i := range rs {
			gap := int(math.Round(day.Sub(days[i]).Hours() / 24))
			if gap < 0 {
				break
			}
			if gap <= AfterSpikeDays && IsSpike(rs[i].Spike) {
				nl.AfterSpike = spikeRun(rs[i])
				nl.DaysAfterSpike = gap
			}
		}
		nl.Flagged = nl.AfterSpike != nil && n.Pain() >= FlagPain // false for NaN
		out = append(out, nl)
	}
	return out
}

func spikeRun(r Run) *SpikeRun {
	return &SpikeRun{Date: r.Start, DistanceM: r.DistanceM, Ratio: r.Spike.Ratio}
}

// loadOf sums the runs of the n days that end with day (rs in start order, days
// their calendar days).
func loadOf(rs []Run, days []time.Time, matched []float64, day time.Time, n int) Load {
	l := Load{Days: n}
	from := day.AddDate(0, 0, -(n - 1))
	var down, running float64
	var cads []float64
	altitude := false
	for i, r := range rs {
		if days[i].Before(from) {
			continue
		}
		if days[i].After(day) {
			break
		}
		l.Runs++
		l.DistanceM += r.DistanceM
		if IsSpike(r.Spike) && (l.Spike == nil || r.Spike.Ratio > l.Spike.Ratio) {
			l.Spike = spikeRun(r)
		}
		if !math.IsNaN(r.DownhillM) && !math.IsNaN(r.RunningM) {
			down, running, altitude = down+r.DownhillM, running+r.RunningM, true
		}
		if !math.IsNaN(matched[i]) {
			cads = append(cads, matched[i])
		}
	}
	if altitude && running > 0 {
		s := down / running
		l.DownhillShare = &s
	}
	if len(cads) > 0 {
		sort.Float64s(cads)
		c := analysis.Quantile(cads, 0.5)
		l.CadenceAtRefPaceSPM = &c
	}
	return l
}

// AddNotes lists each note in the trend week it falls in, as WeekNote, adding a week
// without runs (Runs 0, and a Note saying so) for a note in a week the runner did not
// run, so that no note is lost: a week of rest for pain is part of the story. Weeks
// stay in date order. Only a trend given notes has such weeks.
func (tr *Trend) AddNotes(nls []NoteLoad) {
	at := map[string]int{}
	for i, wk := range tr.Weeks {
		at[wk.Week] = i
	}
	for _, nl := range nls {
		i, ok := at[nl.Week]
		if !ok {
			monday := mondayOf(nl.Date)
			tr.Weeks = append(tr.Weeks, Week{Week: nl.Week, Start: monday.Format("2006-01-02"), start: monday,
				RefPaceSPerKm: tr.RefPaceSPerKm, Note: "no runs this week"})
			i = len(tr.Weeks) - 1
			at[nl.Week] = i
		}
		wn := WeekNote{Date: nl.Date.Format("2006-01-02"), Site: nl.Site, AfterSpike: nl.AfterSpike != nil, Flagged: nl.Flagged}
		if p := nl.Pain(); !math.IsNaN(p) {
			wn.Pain = &p
		}
		tr.Weeks[i].Notes = append(tr.Weeks[i].Notes, wn)
	}
	sort.SliceStable(tr.Weeks, func(i, j int) bool { return tr.Weeks[i].Start < tr.Weeks[j].Start })
}
