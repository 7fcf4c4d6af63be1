package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/cadence-run/cadence/coach"
)

// ClinicPageName is the file name of the one-page summary for a physio.
const ClinicPageName = "clinic.html"

// How much of the history the clinic page holds, so that it prints on one page.
const (
	clinicWeeks = 12
	clinicNotes = 12
)

// A ClinicPage is the one-page summary for a physio: the plan, the progress at a
// matched pace with its weekly 95% interval, and the pain notes against the load. It
// holds no GPS position and no file name or path: only dates, distances, cadence,
// and what the runner wrote in the diary.
type ClinicPage struct {
	Generated time.Time
	Imperial  bool
	// Trend is the runner over the weeks, with its plan (nil without one), without
	// notes' weeks added (the page puts the notes in their weeks itself).
	Trend coach.Trend
	// Notes are the pain notes with their load, oldest first.
	Notes []coach.NoteLoad
}

type clinicData struct {
	Title, Generated, Period, Pace, Progress, Slope string
	Plan                                            *idxPlan
	Weeks                                           []clinicWeek
	MoreWeeks                                       int
	Notes                                           []clinicNote
	MoreNotes, Flagged                              int
	FlagPain                                        string
	Chart                                           *clinicChart
	Frandsen                                        string
}

type clinicWeek struct {
	Week, Monday, Runs, Dist, Longest, Spikes, Downhill, AtRef, Interval, Pain string
	Flagged                                                                    bool
}

type clinicNote struct {
	Date, Site, During, Morning, Text    string
	D7, D30, Spike30, Down7, Cad7, Cad30 string
	Flag                                 string
}

// WriteClinicPage writes the page: self-contained (inline CSS, an inline SVG chart,
// no scripts, nothing fetched), laid out for A4 or Letter in print.
func WriteClinicPage(w io.Writer, p ClinicPage) error {
	imperial := p.Imperial
	tr := p.Trend
	pace := FormatPace(tr.RefPaceSPerKm, imperial)
	d := clinicData{Title: "Running and pain: a summary for the physio", Pace: pace, FlagPain: painText(coach.FlagPain),
		Frandsen: coach.Frandsen2025.Sample() + ", " + coach.Frandsen2025.JournalRef()}
	if !p.Generated.IsZero() {
		d.Generated = p.Generated.Format("2006-01-02")
	}
	d.Progress = cadenceChange(tr, pace)
	if _, last := matchedEnds(tr); last != nil {
		src := "measured from the runner's own runs"
		if last.SlopeFrom == "population" {
			src = "the typical value across runners: the runs varied too little in speed"
		}
		d.Slope = fmt.Sprintf("Cadence rises with speed, so every week is moved to one pace, %s, along %.1f steps/min per 1 m/s (%s).", pace, last.SlopeSPMPerMS, src)
	}
	d.Plan = idxMakePlan(tr.Plan, imperial)

	// The weeks: those of the trend, with the notes' weeks among them.
	weekNotes := map[string][]coach.NoteLoad{}
	for _, nl := range p.Notes {
		weekNotes[nl.Week] = append(weekNotes[nl.Week], nl)
	}
	withNotes := tr
	withNotes.Weeks = append([]coach.Week(nil), tr.Weeks...)
	withNotes.AddNotes(p.Notes)
	weeks := withNotes.Weeks
	if len(weeks) > 0 {
		d.Period = weeks[0].Start + " to " + weeks[len(weeks)-1].Start
	}
	if len(weeks) > clinicWeeks {
		d.MoreWeeks = len(weeks) - clinicWeeks
		weeks = weeks[len(weeks)-clinicWeeks:]
	}
	for _, wk := range weeks {
		row := clinicWeek{Week: wk.Week, Monday: wk.Start, Runs: strconv.Itoa(wk.Runs), Dist: FormatDistance(wk.DistanceM, imperial),
			Longest: "–", AtRef: "–", Interval: "–", Downhill: "–", Pain: ""}
		if wk.Runs > 0 {
			row.Longest = FormatDistance(wk.LongestRunM, imperial)
		}
		if wk.CadenceAtRefPaceSPM != nil {
			row.AtRef = spmText(*wk.CadenceAtRefPaceSPM)
		}
		if wk.CadenceCISPM != nil {
			row.Interval = spmRange(*wk.CadenceCISPM)
		}
		if wk.Spikes > 0 {
			row.Spikes = strconv.Itoa(wk.Spikes)
		}
		if wk.DownhillShare != nil {
			row.Downhill = strconv.Itoa(int(math.Round(*wk.DownhillShare*100))) + "%"
		}
		worst := math.NaN()
		for _, nl := range weekNotes[wk.Week] {
			if pn := nl.Pain(); !math.IsNaN(pn) && !(pn <= worst) {
				worst = pn
			}
			row.Flagged = row.Flagged || nl.Flagged
		}
		if !math.IsNaN(worst) {
			row.Pain = painText(worst) + "/10"
		}
		d.Weeks = append(d.Weeks, row)
	}
	d.Chart = makeClinicChart(weeks, weekNotes, imperial)

	// The notes, newest first.
	notes := p.Notes
	for _, nl := range notes {
		if nl.Flagged {
			d.Flagged++
		}
	}
	if len(notes) > clinicNotes {
		d.MoreNotes = len(notes) - clinicNotes
		notes = notes[len(notes)-clinicNotes:]
	}
	for i := len(notes) - 1; i >= 0; i-- {
		nl := notes[i]
		row := clinicNote{Date: nl.Date.Format("2006-01-02"), Site: nl.Site, During: painText(nl.PainDuring), Morning: painText(nl.PainNextMorning),
			Text: nl.Text, D7: loadShort(nl.Last7, imperial), D30: loadShort(nl.Last30, imperial), Spike30: "none", Down7: "–", Cad7: "–", Cad30: "–"}
		if s := nl.Last30.Spike; s != nil {
			row.Spike30 = fmt.Sprintf("+%.0f%% on %s", (s.Ratio-1)*100, s.Date.Format("01-02"))
		}
		if s := nl.Last7.DownhillShare; s != nil {
			row.Down7 = strconv.Itoa(int(math.Round(*s*100))) + "%"
		}
		if c := nl.Last7.CadenceAtRefPaceSPM; c != nil {
			row.Cad7 = spmText(*c)
		}
		if c := nl.Last30.CadenceAtRefPaceSPM; c != nil {
			row.Cad30 = spmText(*c)
		}
		if nl.Flagged {
			row.Flag = "flag: " + painText(nl.Pain()) + "/10, " + daysAfter(nl.DaysAfterSpike) + " a spike"
		}
		d.Notes = append(d.Notes, row)
	}
	return clinicTemplate.Execute(w, d)
}

// daysAfter words the days from a spike to a note: "the day of", "1 day after".
func daysAfter(n int) string {
	switch n {
	case 0:
		return "the day of"
	case 1:
		return "1 day after"
	}
	return strconv.Itoa(n) + " days after"
}

func spmText(v float64) string { return strconv.Itoa(int(math.Round(v))) }

// loadShort is a window's distance and runs: "41.0 km, 4 runs".
func loadShort(l coach.Load, imperial bool) string {
	if l.Runs == 0 {
		return "no runs"
	}
	return FormatDistance(l.DistanceM, imperial) + ", " + strconv.Itoa(l.Runs)
}

// clinicChart is the weeks as bars of distance, with the week's worst pain as a dot
// on a 0-10 scale.
type clinicChart struct {
	W, H  int
	Bars  []clinicBar
	Dots  []clinicDot
	Max   string // the distance of the tallest bar, for its label
	Grid  []clinicGrid
	Label string
}

type clinicBar struct {
	X, Y, W, H float64
	Title      string
	Week       string
	LabelX     float64
}

type clinicDot struct {
	X, Y    float64
	Flagged bool
	Title   string
}

type clinicGrid struct {
	Y     float64
	Label string
}

func makeClinicChart(weeks []coach.Week, notes map[string][]coach.NoteLoad, imperial bool) *clinicChart {
	if len(weeks) == 0 {
		return nil
	}
	const w, h, left, right, top, bottom = 720.0, 150.0, 56.0, 40.0, 16.0, 22.0
	c := &clinicChart{W: int(w), H: int(h)}
	maxD := 0.0
	for _, wk := range weeks {
		maxD = math.Max(maxD, wk.DistanceM)
	}
	if maxD == 0 {
		maxD = 1
	}
	plotH := h - top - bottom
	slot := (w - left - right) / float64(len(weeks))
	for i, wk := range weeks {
		x := left + float64(i)*slot
		bh := plotH * wk.DistanceM / maxD
		c.Bars = append(c.Bars, clinicBar{X: x + slot*0.15, Y: top + plotH - bh, W: slot * 0.7, H: bh, LabelX: x + slot/2,
			Week: wk.Start[5:], Title: wk.Week + ": " + FormatDistance(wk.DistanceM, imperial)})
		ns := notes[wk.Week]
		for j, nl := range ns {
			p := nl.Pain()
			if math.IsNaN(p) {
				continue
			}
			dx := slot * 0.7 * (float64(j) + 0.5) / float64(len(ns))
			c.Dots = append(c.Dots, clinicDot{X: x + slot*0.15 + dx, Y: top + plotH*(1-p/10), Flagged: nl.Flagged,
				Title: nl.Date.Format("2006-01-02") + ": pain " + painText(p) + "/10"})
		}
	}
	r := func(v float64) float64 { return math.Round(v*10) / 10 }
	for i := range c.Bars {
		b := &c.Bars[i]
		b.X, b.Y, b.W, b.H, b.LabelX = r(b.X), r(b.Y), r(b.W), r(b.H), r(b.LabelX)
	}
	for i := range c.Dots {
		c.Dots[i].X, c.Dots[i].Y = r(c.Dots[i].X), r(c.Dots[i].Y)
	}
	for _, p := range []float64{0, 3, 5, 10} {
		c.Grid = append(c.Grid, clinicGrid{Y: r(top + plotH*(1-p/10)), Label: painText(p)})
	}
	c.Max = FormatDistance(maxD, imperial)
	return c
}

var clinicTemplate = template.Must(template.New("clinic").Parse(clinicHTML))
