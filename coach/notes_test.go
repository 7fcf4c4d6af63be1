package coach

import (
	"math"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
)

// notesHistory is a synthetic history of runs in Berlin: easy 8 km runs on Mondays
// and Wednesdays at 3 m/s, a 10 km long run on Saturdays, with one spike: 14 km on
// Saturday 2026-03-14 (at 00:30 local time, 23:30 UTC the day before), 40% longer
// than the 10 km of the 30 days before.
func notesHistory(t *testing.T) []Run {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	type day struct {
		date     string
		km, spm  float64
		downhill float64
	}
	days := []day{
		{"2026-02-28", 10, 170, 0.1}, {"2026-03-02", 8, 170, 0.1}, {"2026-03-04", 8, 170, 0.1}, {"2026-03-07", 10, 170, 0.1},
		{"2026-03-09", 8, 168, 0.1}, {"2026-03-11", 8, 172, 0.1}, {"2026-03-14", 14, 176, 0.3},
		{"2026-03-16", 8, 170, 0.1}, {"2026-03-18", 8, 170, 0.1}, {"2026-03-21", 10, 170, 0.1},
	}
	var runs []Run
	var priors []Prior
	for _, d := range days {
		date, _ := time.ParseInLocation("2006-01-02", d.date, berlin)
		start := date.Add(7 * time.Hour)
		if d.date == "2026-03-14" {
			start = date.Add(30 * time.Minute)
		}
		m := d.km * 1000
		priors = append(priors, Prior{Start: start, DistanceM: m})
		runs = append(runs, Run{Start: start, DistanceM: m, MovingS: m / 3, RunningM: m, DownhillM: m * d.downhill,
			MedianSPM: d.spm, PaceSPerKm: 1000 / 3.0,
			Bins: []analysis.SpeedBin{{SpeedMS: 3, Seconds: m / 3, MedianSPM: d.spm}}})
	}
	l := NewLongest(priors)
	for i := range runs {
		runs[i].Spike = l.SpikeOf(runs[i].Start, runs[i].DistanceM)
	}
	return runs
}

func note(date string, during, morning float64) Note {
	d, _ := time.Parse("2006-01-02", date)
	return Note{Date: d, Site: "left knee", PainDuring: during, PainNextMorning: morning}
}

func TestNotesAgainstLoad(t *testing.T) {
	runs := notesHistory(t)
	tr := Weeks(runs, 0)
	nan := math.NaN()
	notes := []Note{
		note("2026-03-18", 5, 2),   // four days after the spike: not after it
		note("2026-03-15", 2, 4),   // the day after the spike, pain 4: flagged
		note("2026-03-10", 3, nan), // before the spike
		note("2026-03-17", 2, 1),   // three days after: after the spike, pain 2, not flagged
		note("2026-04-08", nan, 3), // a week without runs
	}
	nls := NotesAgainstLoad(notes, runs, tr)
	if len(nls) != 5 {
		t.Fatalf("%d notes, want 5", len(nls))
	}
	want := []struct {
		date           string
		week           string
		after, flagged bool
		d7, d30        float64
	}{
		{"2026-03-10", "2026-W11", false, false, 26000, 44000},
		{"2026-03-15", "2026-W11", true, true, 30000, 66000},
		{"2026-03-17", "2026-W12", true, false, 30000, 74000},
		{"2026-03-18", "2026-W12", false, false, 30000, 82000},
		{"2026-04-08", "2026-W15", false, false, 0, 48000},
	}
	for i, w := range want {
		nl := nls[i]
		if got := nl.Date.Format("2006-01-02"); got != w.date || nl.Week != w.week {
			t.Errorf("note %d: %s in %s, want %s in %s", i, got, nl.Week, w.date, w.week)
			continue
		}
		if (nl.AfterSpike != nil) != w.after || nl.Flagged != w.flagged {
			t.Errorf("%s: after spike %v, flagged %v; want %v, %v", w.date, nl.AfterSpike != nil, nl.Flagged, w.after, w.flagged)
		}
		if nl.Last7.DistanceM != w.d7 || nl.Last30.DistanceM != w.d30 {
			t.Errorf("%s: %g m in 7 days, %g in 30; want %g, %g", w.date, nl.Last7.DistanceM, nl.Last30.DistanceM, w.d7, w.d30)
		}
	}
	// The flagged note: the spike of Saturday (local day, though 23:30 UTC on Friday)
	// one day before, and the load of the week up to it.
	nl := nls[1]
	if s := nl.AfterSpike; s.Date.Format("2006-01-02") != "2026-03-14" || math.Abs(s.Ratio-1.4) > 1e-9 || nl.DaysAfterSpike != 1 {
		t.Errorf("spike %+v, %d days before", s, nl.DaysAfterSpike)
	}
	if s := nl.Last7.Spike; s == nil || math.Abs(s.Ratio-1.4) > 1e-9 || nl.Last7.Runs != 3 {
		t.Errorf("7 days: spike %+v, %d runs", s, nl.Last7.Runs)
	}
	if c := nl.Last7.CadenceAtRefPaceSPM; c == nil || math.Abs(*c-172) > 1e-9 {
		t.Errorf("7 days: cadence at the reference pace %v, want 172 (the median of 168, 172, 176)", c)
	}
	if d := nl.Last7.DownhillShare; d == nil || math.Abs(*d-5.8/30) > 1e-9 {
		t.Errorf("7 days: downhill %v, want %.4f", d, 5.8/30)
	}
	if d := nls[4].Last7; d.Runs != 0 || d.CadenceAtRefPaceSPM != nil || d.DownhillShare != nil || d.Spike != nil {
		t.Errorf("a week without runs: %+v", d)
	}
	if p := nls[4].Pain(); p != 3 || nls[2].Pain() != 2 || nls[1].Pain() != 4 {
		t.Errorf("pain: %v, %v, %v", p, nls[2].Pain(), nls[1].Pain())
	}

	// The notes in the trend's weeks, with a week added for the note of April.
	tr.AddNotes(nls)
	byWeek := map[string][]WeekNote{}
	var order []string
	for _, wk := range tr.Weeks {
		byWeek[wk.Week] = wk.Notes
		order = append(order, wk.Week)
	}
	if got := len(tr.Weeks); got != 5 || order[4] != "2026-W15" || tr.Weeks[4].Runs != 0 || tr.Weeks[4].Start != "2026-04-06" {
		t.Fatalf("weeks %v, last %+v", order, tr.Weeks[len(tr.Weeks)-1])
	}
	if n := byWeek["2026-W11"]; len(n) != 2 || n[1].Date != "2026-03-15" || !n[1].AfterSpike || !n[1].Flagged || *n[1].Pain != 4 || n[0].AfterSpike {
		t.Errorf("W11 notes %+v", n)
	}
	if n := byWeek["2026-W12"]; len(n) != 2 || !n[0].AfterSpike || n[0].Flagged || n[1].AfterSpike {
		t.Errorf("W12 notes %+v", n)
	}
	if n := byWeek["2026-W10"]; len(n) != 0 {
		t.Errorf("W10 notes %+v", n)
	}
}

func TestNoteWithoutPain(t *testing.T) {
	runs := notesHistory(t)
	n := note("2026-03-15", math.NaN(), math.NaN())
	n.Text = "twinge"
	nls := NotesAgainstLoad([]Note{n}, runs, Weeks(runs, 0))
	if nls[0].AfterSpike == nil || nls[0].Flagged {
		t.Errorf("a note without a score after a spike: %+v", nls[0])
	}
	tr := Weeks(runs, 0)
	tr.AddNotes(nls)
	for _, wk := range tr.Weeks {
		if wk.Week == "2026-W11" && (len(wk.Notes) != 1 || wk.Notes[0].Pain != nil) {
			t.Errorf("W11 notes %+v, want one without pain", wk.Notes)
		}
	}
}
