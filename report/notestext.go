package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cadence-run/cadence/coach"
)

// painText is a score as the runner wrote it: "4", "4.5"; "-" when not given.
func painText(p float64) string {
	if math.IsNaN(p) {
		return "-"
	}
	return strconv.FormatFloat(p, 'f', -1, 64)
}

// weekNoteLine is a note as the trend's table shows it under its week.
func weekNoteLine(n coach.WeekNote) string {
	pain := "no score"
	if n.Pain != nil {
		pain = "pain " + painText(*n.Pain) + "/10"
	}
	s := "note " + n.Date + ": " + pain
	if n.Site != "" {
		s += ", " + n.Site
	}
	switch {
	case n.Flagged:
		s += "  <- within 72 h after a long-run spike"
	case n.AfterSpike:
		s += "  (within 72 h after a long-run spike)"
	}
	return s
}

// notePain words both scores: "2 during, 4 next morning".
func notePain(n coach.Note) string {
	var parts []string
	if !math.IsNaN(n.PainDuring) {
		parts = append(parts, painText(n.PainDuring)+" during")
	}
	if !math.IsNaN(n.PainNextMorning) {
		parts = append(parts, painText(n.PainNextMorning)+" next morning")
	}
	if len(parts) == 0 {
		return "no score"
	}
	return "pain " + strings.Join(parts, ", ")
}

// spikeText words a spike: "14.0 km on 2026-03-14, +40%".
func spikeText(s *coach.SpikeRun, imperial bool) string {
	return fmt.Sprintf("%s on %s, +%.0f%%", FormatDistance(s.DistanceM, imperial), s.Date.Format("2006-01-02"), (s.Ratio-1)*100)
}

// loadText words the load of a window before a note.
func loadText(l coach.Load, imperial bool, pace string) string {
	if l.Runs == 0 {
		return "no runs"
	}
	s := fmt.Sprintf("%s in %d %s", FormatDistance(l.DistanceM, imperial), l.Runs, plural(l.Runs, "run", "runs"))
	if l.Spike != nil {
		s += "; spike " + spikeText(l.Spike, imperial)
	} else {
		s += "; no spike"
	}
	if l.DownhillShare != nil {
		s += fmt.Sprintf("; downhill %.0f%%", *l.DownhillShare*100)
	}
	if l.CadenceAtRefPaceSPM != nil {
		s += fmt.Sprintf("; %.0f steps/min at %s", *l.CadenceAtRefPaceSPM, pace)
	}
	return s
}

// flagText says why a note is flagged, "" when it is not.
func flagText(nl coach.NoteLoad, imperial bool) string {
	if !nl.Flagged {
		return ""
	}
	when := "the day of"
	switch nl.DaysAfterSpike {
	case 0:
	case 1:
		when = "the day after"
	default:
		when = strconv.Itoa(nl.DaysAfterSpike) + " days after"
	}
	return fmt.Sprintf("%s/10 %s a long-run spike (%s)", painText(nl.Pain()), when, spikeText(nl.AfterSpike, imperial))
}

// writeNotes lists the pain notes, each with the load of the 7 and 30 days up to it.
func writeNotes(b *strings.Builder, nls []coach.NoteLoad, imperial bool, pace string) {
	if len(nls) == 0 {
		return
	}
	flagged := 0
	fmt.Fprintf(b, "\nPain notes against the load of the 7 and 30 days up to each note (%d %s):\n", len(nls), plural(len(nls), "note", "notes"))
	for _, nl := range nls {
		line := "  " + nl.Date.Format("2006-01-02") + "  " + notePain(nl.Note)
		if nl.Site != "" {
			line += ", " + nl.Site
		}
		if nl.Text != "" {
			line += ": " + nl.Text
		}
		b.WriteString(line + "\n")
		fmt.Fprintf(b, "     7 days: %s\n    30 days: %s\n", loadText(nl.Last7, imperial, pace), loadText(nl.Last30, imperial, pace))
		if f := flagText(nl, imperial); f != "" {
			flagged++
			b.WriteString("    FLAG: " + f + "\n")
		}
	}
	if flagged > 0 {
		fmt.Fprintf(b, "%d %s of %g/10 or more came within 72 hours after a run more than 10%% longer than the longest of the 30 days before.\n",
			flagged, plural(flagged, "note", "notes"), coach.FlagPain)
		b.WriteString("In your own diary that is a pattern to look at with your physio, not proof of a cause.\n")
	} else {
		fmt.Fprintf(b, "No note of %g/10 or more came within 72 hours after a long-run spike.\n", coach.FlagPain)
	}
}
