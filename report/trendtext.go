package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// TrendOptions tune the trend's text.
type TrendOptions struct {
	Imperial   bool
	ShoeLimitM float64   // the runner's shoe limit in metres; 0 for none
	Now        time.Time // "today", for the next long run
	// Notes are the runner's pain notes with the load before each; nil for none.
	Notes []coach.NoteLoad
}

// WriteTrendText writes the weeks as a table and says, in plain words, what the two
// cadence columns mean, the long-run spikes, downhill and shoes.
func WriteTrendText(w io.Writer, tr coach.Trend, runs []coach.Run, shoes []coach.Shoe, opt TrendOptions) error {
	imperial, limitM, now := opt.Imperial, opt.ShoeLimitM, opt.Now
	var b strings.Builder
	pace := FormatPace(tr.RefPaceSPerKm, imperial)
	atCol := "AT " + pace
	fmt.Fprintf(&b, "%-9s %-10s %4s %10s %9s %7s %10s %6s %8s\n", "WEEK", "MONDAY", "RUNS", "DISTANCE", "LONGEST", "MEDIAN", atCol, "SPIKES", "DOWNHILL")
	for _, wk := range tr.Weeks {
		med, at, down := "-", "-", "-"
		if wk.MedianCadenceSPM != nil {
			med = strconv.Itoa(int(math.Round(*wk.MedianCadenceSPM)))
		}
		if wk.CadenceAtRefPaceSPM != nil {
			at = strconv.Itoa(int(math.Round(*wk.CadenceAtRefPaceSPM)))
			if ci := wk.CadenceCISPM; ci != nil {
				at += " ±" + strconv.Itoa(max(1, int(math.Round((ci[1]-ci[0])/2))))
			}
		}
		if wk.DownhillShare != nil {
			down = strconv.Itoa(int(math.Round(*wk.DownhillShare*100))) + "%"
		}
		spikes := ""
		if wk.Spikes > 0 {
			spikes = strconv.Itoa(wk.Spikes)
		}
		fmt.Fprintf(&b, "%-9s %-10s %4d %10s %9s %7s %10s %6s %8s\n", wk.Week, wk.Start, wk.Runs,
			FormatDistance(wk.DistanceM, imperial), FormatDistance(wk.LongestRunM, imperial), med, at, spikes, down)
		if wk.Note != "" {
			fmt.Fprintf(&b, "          %s\n", wk.Note)
		}
		for _, n := range wk.Notes {
			fmt.Fprintf(&b, "          %s\n", weekNoteLine(n))
		}
	}
	b.WriteString("\n")
	writeCadenceStory(&b, tr, pace)
	for _, line := range PlanLines(tr.Plan, imperial) {
		b.WriteString(line + "\n")
	}
	writeSpikes(&b, runs, imperial, now)
	writeDownhill(&b, tr)
	writeShoes(&b, shoes, imperial, limitM)
	writeNotes(&b, opt.Notes, imperial, pace)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCadenceStory says why the two cadence columns differ, with the numbers.
func writeCadenceStory(b *strings.Builder, tr coach.Trend, pace string) {
	fmt.Fprintf(b, "MEDIAN is your median running cadence as run; %s is the same weeks moved to one pace, %s (your typical\n", "AT "+pace, pace)
	b.WriteString("easy pace), along how your own cadence rises with speed. Cadence rises with pace, so a week of slower running\n")
	b.WriteString("shows a lower MEDIAN without any change in how you run; the matched figure shows the change itself.\n")
	first, last := matchedEnds(tr)
	if first == nil || first == last {
		return
	}
	src := "from your runs"
	if last.SlopeFrom == "population" {
		src = "the typical value across runners: your runs varied too little in speed to measure your own"
	}
	fmt.Fprintf(b, "Your cadence rises about %.1f steps/min per 1 m/s of speed (%s).\n", last.SlopeSPMPerMS, src)
	b.WriteString(cadenceChange(tr, pace) + "\n")
	if tr.NoSpeed > 0 {
		fmt.Fprintf(b, "%d %s without flat running at a known speed (a treadmill without a foot pod, or all hills) are left out of the matched figure.\n", tr.NoSpeed, plural(tr.NoSpeed, "run", "runs"))
	}
}

// matchedEnds returns the first and last weeks with a cadence at the reference pace.
func matchedEnds(tr coach.Trend) (first, last *coach.Week) {
	for i := range tr.Weeks {
		if tr.Weeks[i].CadenceAtRefPaceSPM != nil {
			if first == nil {
				first = &tr.Weeks[i]
			}
			last = &tr.Weeks[i]
		}
	}
	return first, last
}

// cadenceChange says how cadence at the reference pace changed from the first week
// to the last, beside the median as run; "" with fewer than two such weeks.
func cadenceChange(tr coach.Trend, pace string) string {
	first, last := matchedEnds(tr)
	if first == nil || first == last {
		return ""
	}
	d := *last.CadenceAtRefPaceSPM - *first.CadenceAtRefPaceSPM
	weeks := int(math.Round(weekStart(last).Sub(weekStart(first)).Hours() / (24 * 7)))
	if math.Abs(d) < 1.5 {
		return fmt.Sprintf("At %s your cadence held at about %.0f steps/min from %s to %s.", pace, *last.CadenceAtRefPaceSPM, first.Week, last.Week)
	}
	s := fmt.Sprintf("At %s you went from %.0f to %.0f steps/min in %d weeks (%s to %s)", pace,
		*first.CadenceAtRefPaceSPM, *last.CadenceAtRefPaceSPM, weeks, first.Week, last.Week)
	if first.MedianCadenceSPM != nil && last.MedianCadenceSPM != nil {
		s += fmt.Sprintf("; as run, the median went from %.0f to %.0f", *first.MedianCadenceSPM, *last.MedianCadenceSPM)
	}
	return s + "."
}

func weekStart(w *coach.Week) time.Time {
	t, _ := time.Parse("2006-01-02", w.Start)
	return t
}

// spikeFooting says, for a spike judged on fewer than 30 days of known runs, how
// few were known: the longest run of the 30 days before may be one that was not
// read. It is "" when the 30 days were known.
func spikeFooting(sp *analysis.Spike) string {
	if sp == nil || sp.DaysKnown >= 30 {
		return ""
	}
	days := plural(sp.DaysKnown, "day", "days")
	return fmt.Sprintf("only %d %s of your runs were known before it, not 30, so a longer run in those weeks may be missing", sp.DaysKnown, days)
}

// spikeLines lists the runs more than 10% longer than the longest of the 30 days
// before them.
func spikeLines(runs []coach.Run, imperial bool) []string {
	var lines []string
	for _, r := range runs {
		if !coach.IsSpike(r.Spike) {
			continue
		}
		words, hrr := coach.SpikeBand(r.Spike.Ratio)
		l := fmt.Sprintf("%s  %s, %.0f%% longer than your longest run of the 30 days before (%s): %s (hazard ratio %s)",
			r.Start.Format("2006-01-02"), FormatDistance(r.DistanceM, imperial), (r.Spike.Ratio-1)*100,
			FormatDistance(r.Spike.LongestPrior30dM, imperial), words, hrr)
		if k := spikeFooting(r.Spike); k != "" {
			l += "; " + k
		}
		lines = append(lines, l)
	}
	return lines
}

// nextLongRun words coach.NextLongRun: what the next long run can be within +10% of
// the longest run of the last 30 days.
func nextLongRun(runs []coach.Run, imperial bool, now time.Time) string {
	lr, ok := coach.NextLongRun(runs, now)
	if !ok {
		return fmt.Sprintf("No run in the 30 days to %s: the first runs back are where a single long run is riskiest; build up gently.", lr.AsOf.Format("2006-01-02"))
	}
	return fmt.Sprintf("Your longest run in the 30 days to %s: %s; your next long run up to %s keeps within +10%%.",
		lr.AsOf.Format("2006-01-02"), FormatDistance(lr.LongestM, imperial), FormatDistance(lr.UpToM, imperial))
}

// writeSpikes lists the long-run spikes and what the next long run can be.
func writeSpikes(b *strings.Builder, runs []coach.Run, imperial bool, now time.Time) {
	lines := spikeLines(runs, imperial)
	b.WriteString("\n")
	if len(lines) > 0 {
		fmt.Fprintf(b, "Long-run spikes: %d %s more than 10%% longer than the longest run of the 30 days before.\n", len(lines), plural(len(lines), "run was", "runs were"))
		for _, l := range lines {
			b.WriteString("  " + l + "\n")
		}
		fmt.Fprintf(b, "In %s (%s), such runs were followed by overuse injuries more often.\n", coach.Frandsen2025.Sample(), coach.Frandsen2025.JournalRef())
		b.WriteString("It is an association, not a forecast: most such runs do no harm.\n")
	} else {
		b.WriteString("Long-run spikes: none; every run stayed within 10% of the longest run of the 30 days before it.\n")
	}
	b.WriteString(nextLongRun(runs, imperial, now) + "\n")
}

// TrendLines is what the trend says in a few sentences, for the report's index.
func TrendLines(tr coach.Trend, runs []coach.Run, opt TrendOptions) []string {
	var out []string
	pace := FormatPace(tr.RefPaceSPerKm, opt.Imperial)
	if c := cadenceChange(tr, pace); c != "" {
		out = append(out, c+" Cadence rises with pace, so the matched figure (at your typical easy pace) shows the change in how you run, whatever the pace of each week.")
	}
	if n := len(spikeLines(runs, opt.Imperial)); n > 0 {
		out = append(out, fmt.Sprintf("%d %s more than 10%% longer than the longest run of the 30 days before. In %s such runs were followed by overuse injuries more often (%s): an association, not a forecast.",
			n, plural(n, "run was", "runs were"), coach.Frandsen2025.Sample(), coach.Frandsen2025.JournalRef()))
	}
	return append(out, nextLongRun(runs, opt.Imperial, opt.Now))
}

// writeDownhill compares the last week's downhill share with the four before.
func writeDownhill(b *strings.Builder, tr coach.Trend) {
	dc, ok := coach.DownhillChangeOf(tr)
	if !ok {
		return
	}
	fmt.Fprintf(b, "Downhill (-3%% or steeper): %.0f%% of your running in %s, against %.0f%% in the weeks before.", dc.Last*100, dc.Week, dc.Before*100)
	if dc.Rose() {
		fmt.Fprintf(b, " Downhill running loads the knee's braking muscles more the steeper it is: at -9 degrees, a grade of about 16%%, far steeper than the -3%% this share counts from, the braking peak rose 73%% (%s). No study gives an injury risk per share of downhill; a sudden rise in it is a known trigger of kneecap pain, so add it gradually.", coach.GottschallKram2005.ShortRef())
	}
	b.WriteString("\n")
}

func writeShoes(b *strings.Builder, shoes []coach.Shoe, imperial bool, limitM float64) {
	if len(shoes) == 0 {
		return
	}
	b.WriteString("\nShoes:\n")
	for _, s := range shoes {
		flag := ""
		if s.OverLimit {
			flag = "  past your limit of " + FormatDistance(limitM, imperial)
		}
		fmt.Fprintf(b, "  %-30s %10s in %3d runs, %s to %s%s\n", shorten(s.Name, 30), FormatDistance(s.DistanceM, imperial), s.Runs,
			s.First.Format("2006-01-02"), s.Last.Format("2006-01-02"), flag)
	}
	if len(shoes) > 1 {
		m := coach.Malisoux2015
		fmt.Fprintf(b, "  Runners who rotated two or more pairs had fewer injuries (%s, hazard ratio %.2f).\n", m.ShortRef(), m.Hazards[0].HR)
	}
	if limitM == 0 {
		b.WriteString("  300-500 miles per pair is convention, not evidence; set your own limit with --shoe-limit.\n")
	}
}
