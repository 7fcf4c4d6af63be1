package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/cadence-run/cadence/coach"
)

// A coach's roster in words: one line per athlete, in the order coach.Attention
// gives, and what each flag means. The numbers are coach.StatusOf's.

// AthleteLabel is how an athlete is named on a page or in a table: the default
// athlete, who has no name, as "(you)".
func AthleteLabel(athlete string) string {
	if athlete == "" {
		return "(you)"
	}
	return athlete
}

// FlagWords says what a roster flag means, in a few calm words with its number.
func FlagWords(f coach.Flag, imperial bool) string {
	switch f.Kind {
	case coach.FlagSpike:
		words, _ := coach.SpikeBand(f.Value)
		return fmt.Sprintf("long-run spike on %s: %.0f%% longer than the longest of the 30 days before (%s)",
			f.Start.Format("Jan 2"), (f.Value-1)*100, words)
	case coach.FlagVolume:
		return fmt.Sprintf("last 7 days %.1fx their 4-week median", f.Value)
	case coach.FlagOverstride:
		return fmt.Sprintf("%.0f%% of recent runs with a step rate low for the pace", f.Value*100)
	case coach.FlagDownhill:
		return fmt.Sprintf("downhill share up %.0f points on the weeks before", f.Value*100)
	case coach.FlagShoes:
		return fmt.Sprintf("a pair past the shoe limit (%s)", FormatDistance(f.Value, imperial))
	case coach.FlagNoCadence:
		return fmt.Sprintf("%d %s without cadence in 30 days", int(f.Value), plural(int(f.Value), "run", "runs"))
	case coach.FlagQuiet:
		return fmt.Sprintf("no run for %d days", int(f.Value))
	}
	return f.Kind
}

// RosterCells are a status's figures as a roster shows them, each "-" when
// unknown: the last run, the last 7 days against the median, the latest spike,
// the next long run, cadence at the reference pace, the target and the change,
// the overstriding share and the downhill share.
type RosterCells struct {
	LastRun, Week, Spike, NextLong, Cadence, Target, Change, Overstride, Downhill string
}

// CellsOf returns the roster cells of st.
func CellsOf(st coach.Status, imperial bool) RosterCells {
	c := RosterCells{LastRun: "-", Week: "-", Spike: "-", NextLong: "-", Cadence: "-", Target: "-", Change: "-", Overstride: "-", Downhill: "-"}
	if st.Runs == 0 {
		return c
	}
	c.LastRun = fmt.Sprintf("%d %s ago", st.DaysSince, plural(st.DaysSince, "day", "days"))
	if st.DaysSince == 0 {
		c.LastRun = "today"
	}
	c.Week = FormatDistance(st.Last7M, imperial)
	if m := st.Median4WeekM; m != nil {
		c.Week += " / " + FormatDistance(*m, imperial)
	}
	if s := st.Spike; s != nil {
		c.Spike = fmt.Sprintf("+%.0f%% %s", (s.Ratio-1)*100, s.Start.Format("Jan 2"))
	}
	if st.NextLong.UpToM > 0 {
		c.NextLong = FormatDistance(st.NextLong.UpToM, imperial)
	}
	if v := st.CadenceSPM; v != nil {
		c.Cadence = strconv.Itoa(int(math.Round(*v)))
		if ci := st.CI; ci != nil {
			c.Cadence += " ±" + strconv.Itoa(max(1, int(math.Round((ci[1]-ci[0])/2))))
		}
		c.Cadence += " at " + FormatPace(st.RefPaceSPerKm, imperial)
	}
	if t := st.TargetSPM; t != nil {
		c.Target = strconv.Itoa(int(math.Round(*t)))
	}
	if d := st.ChangeSPM; d != nil {
		c.Change = fmt.Sprintf("%+.0f in %d wk", *d, st.ChangeWeeks)
	}
	if st.Judged > 0 {
		c.Overstride = fmt.Sprintf("%d of %d", st.Overstriding, st.Judged)
	}
	if d := st.DownhillShare; d != nil {
		c.Downhill = fmt.Sprintf("%.0f%% (%.0f%%)", *d*100, *st.DownhillPrior*100)
	}
	return c
}

// WriteRosterText writes the roster as a table, one athlete a line in the order
// given (coach.Attention's), then the flags of each athlete that has any.
func WriteRosterText(w io.Writer, sts []coach.Status, imperial bool) error {
	var b strings.Builder
	const row = "%-20s %-12s %-19s %-12s %-9s %-18s %-6s %-10s %-10s %s\n"
	fmt.Fprintf(&b, row, "ATHLETE", "LAST RUN", "7 DAYS / 4-WK MED", "SPIKE", "NEXT LONG", "CADENCE", "TARGET", "CHANGE", "LOW FOR PACE", "DOWNHILL (BEFORE)")
	for _, st := range sts {
		c := CellsOf(st, imperial)
		fmt.Fprintf(&b, row, shorten(Printable(AthleteLabel(st.Athlete)), 20), c.LastRun, c.Week, c.Spike, c.NextLong, c.Cadence,
			c.Target, c.Change, c.Overstride, c.Downhill)
	}
	listed := false
	for _, st := range sts {
		if len(st.Flags) == 0 {
			continue
		}
		if !listed {
			b.WriteString("\nTo look at (most pressing first):\n")
			listed = true
		}
		var words []string
		for _, f := range st.Flags {
			words = append(words, FlagWords(f, imperial))
		}
		fmt.Fprintf(&b, "  %s: %s\n", Printable(AthleteLabel(st.Athlete)), strings.Join(words, "; "))
	}
	if !listed {
		b.WriteString("\nNothing to look at: no spike in the last 7 days, no rise in volume or downhill, no gaps.\n")
	}
	b.WriteString("\nSpike: a run more than 10% longer than the athlete's longest of the 30 days before; next long: within +10% of that.\n" +
		"Cadence: steps/min at the athlete's reference pace, with its 95% interval; change over the weeks shown.\n" +
		"For one athlete's weeks: cadence trend --athlete NAME FOLDER.\n")
	_, err := io.WriteString(w, b.String())
	return err
}
