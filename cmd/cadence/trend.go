package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/report"
)

func cmdTrend() *command {
	c := &command{
		Name:      "trend",
		UsageLine: "trend [--format text|json|csv] [--units metric|imperial] [--ref-pace M:SS] [--plan-start DATE] [--shoe-limit N] [--notes FILE.csv] [--db FILE] [-j N] PATH...",
		Short:     "show the runner over the weeks: cadence at one pace, long-run spikes, downhill, shoes",
		Long: `Trend reads the same inputs as analyze (from the history where it can) and sums
up the runs by week (ISO weeks, Monday to Sunday, in the runs' local time): how
many, how far, the longest, the median running cadence, and the cadence at one
reference pace.

Cadence at the reference pace: step rate rises with speed (about ` + strconv.FormatFloat(coach.PopulationSlope, 'g', -1, 64) + ` steps/min per
1 m/s across runners, ` + coach.VanOeveren2019.ShortRef() + `), so a runner who slows down by 1 min/km
loses 3-7 steps/min, as much as a +5% retraining gains. The raw weekly median
cannot show progress made while the pace changed. From your own runs (pooled over
8 weeks, each run at its own level) cadence fits how your step rate rises with
speed, and moves every week's cadence to one pace: your typical easy pace (the
median running pace of all the runs), or --ref-pace. Runs without speed
(a treadmill without a foot pod) are left out of that figure, with a note.
Each week's figure has a 95% interval, from how much your runs of that week
and of the other weeks differ at one pace, and from how well your slope is
known; a week of one run gets a wide one.

The plan: it begins with the first run that got a cadence target (or on
--plan-start DATE), from your cadence at the reference pace over the 4 weeks
before it. Its first target is 5% above that, the next 10%; a target is held
in a week whose figure reaches it with most of your running at or above it,
and two such weeks in a row bring the next step. The trend says whether the
change since the plan began is real or within noise. Walks and interval
sessions never count against the plan.

Long-run spikes: every run is compared with the longest run of the 30 days
before it, among the runs given and those the history holds. In a study of ` + coach.Frandsen2025.Count() + `
` + coach.Frandsen2025.Who + ` (` + coach.Frandsen2025.JournalRef() + `), runs more than 10% longer than that came
with more injuries; weekly totals did not. This is an association, not a
forecast. The trend ends with what your next long run can be within +10%.

Downhill: the share of running distance on a grade of -3% or steeper, and its
change against the four weeks before (downhill running raises braking forces;
sudden additions of downhill are a known trigger of kneecap pain).

Shoes: distance per pair, from Strava's activities.csv ("Activity Gear") or a
Garmin export's gear JSON; --shoe-limit (km, or miles with --units imperial)
flags pairs past your own limit: 300-500 miles is convention, not evidence.

Pain notes: --notes FILE.csv reads a pain diary (columns date,site,
pain_during,pain_next_morning,note; pain 0-10, the date YYYY-MM-DD). Each note
is listed under its week and with the running of the 7 and 30 days up to it:
distance, the biggest long-run spike, downhill and cadence at the reference
pace. A note of 3/10 or more within 72 hours after a spike is flagged. A bad
row is answered with its line and reason and left out; the rest are used.

--format json writes JSON Lines, one object per week (with --notes, a week's
"notes" lists its notes, and a week without runs but with notes is added);
csv one row per week.

--from-records FILE reads the runs from the JSON Lines of analyze --format json
(- for stdin) instead of files, for records made elsewhere (a batch engine
running analyze over each file): the same weeks, spikes and matched pace as
trend over the files with --no-history. Spikes are judged again against each
athlete's own runs in the records; error records and activities that are not
runs are passed over; a line that is not a record is answered with its line
number and reason. Records of several athletes give each athlete's trend in
turn (in JSON and CSV each row says whose); with --athletes, the roster as
trend --athletes gives it; with --athlete NAME, that athlete's trend alone.`,
	}
	c.Setup = func(fs *flag.FlagSet) func(e *env, args []string) int {
		var cm common
		cm.define(fs)
		format := fs.String("format", "text", "output format: text, json (JSON Lines, one object per week) or csv")
		refPace := fs.String("ref-pace", "", "the reference pace, as M:SS per km (per mile with --units imperial); default: your median running pace")
		cm.definePlan(fs)
		cm.defineShoes(fs)
		notesPath := fs.String("notes", "", notesHelp)
		fromRecords := fs.String("from-records", "", "read the runs from the JSON Lines of analyze --format json in `FILE` (- for stdin), of any number of athletes, instead of files")
		return func(e *env, args []string) int {
			if msg := cm.check(); msg != "" {
				return badUsage(e, c.Name, "%s", msg)
			}
			switch *format {
			case "text", "json", "csv":
			default:
				return badUsage(e, c.Name, "--format: unknown format %q (use text, json or csv)", *format)
			}
			imperial := cm.units == "imperial"
			ref := 0.0
			if *refPace != "" {
				p, ok := parsePace(*refPace)
				if !ok {
					return badUsage(e, c.Name, "--ref-pace %q is not a running pace; write it as M:SS, e.g. 5:45", *refPace)
				}
				if imperial {
					p /= analysis.MetresPerMile / 1000
				}
				ref = p
			}
			limitM := cm.shoeLimitM
			if *fromRecords != "" && len(args) > 0 {
				return badUsage(e, c.Name, "--from-records reads records, not files: give either, not both")
			}
			if *fromRecords == "" && len(args) == 0 {
				return badUsage(e, c.Name, "no files or folders given")
			}
			if cm.athletes && *notesPath != "" {
				return badUsage(e, c.Name, "--notes is one person's pain diary: use it with --athlete NAME, not --athletes")
			}
			notes, notesFailed := readNotes(e, *notesPath)
			out := trendOut{format: *format, opt: coach.WeeksOptions{RefPaceSPerKm: ref, PlanStart: cm.planStart},
				imperial: imperial, limitM: limitM, notes: notes}
			if *fromRecords != "" {
				return trendFromRecords(e, *fromRecords, out, notesFailed, cm.athlete, cm.athletes)
			}
			store := cm.openHistory(e)
			defer store.Close()
			b := cm.read(e, args, store)
			defer b.Close()
			status := exitOK
			if notesFailed {
				status = exitFailed
			}
			byAthlete := map[string][]coach.Run{}
			for _, it := range b.Items {
				rs := it.Results() // first: a failure to read them back sets Err
				if it.Err != nil {
					status = exitFailed
					fmt.Fprintf(e.stderr, "cadence: %s\n", errorLine(it.Name, it.Err))
				}
				for _, r := range rs {
					if run, ok := coach.RunOf(r); ok {
						byAthlete[it.Athlete] = append(byAthlete[it.Athlete], run)
					}
				}
			}
			if len(byAthlete) == 0 {
				fmt.Fprintf(e.stderr, "cadence: no runs in %s: the trend needs runs with a start time and a distance\n", strings.Join(args, ", "))
				return exitFailed
			}
			if cm.athletes {
				if err := trendRoster(e, *format, b.Athletes(), byAthlete, coach.StatusOptions{Weeks: out.opt, ShoeLimitM: limitM, Now: time.Now()}, imperial); err != nil {
					fmt.Fprintf(e.stderr, "cadence: writing output: %v\n", err)
					return exitFailed
				}
				return status
			}
			if err := out.write(e.stdout, cm.athlete, byAthlete[cm.athlete], 0, 1); err != nil {
				fmt.Fprintf(e.stderr, "cadence: writing output: %v\n", err)
				return exitFailed
			}
			return status
		}
	}
	return c
}

// trendOut is how a trend is written: its format and options, from the command
// line.
type trendOut struct {
	format   string
	opt      coach.WeeksOptions
	imperial bool
	limitM   float64
	notes    []coach.Note
}

// write writes the trend of one athlete's counted runs, every row saying whose:
// the i-th of n athletes, so that CSV has one header and text a heading for each
// athlete when there are several.
func (o trendOut) write(w io.Writer, athlete string, runs []coach.Run, i, n int) error {
	tr := coach.WeeksOf(runs, o.opt)
	shoes := coach.Shoes(runs, o.limitM)
	nls := coach.NotesAgainstLoad(o.notes, runs, tr)
	tr.AddNotes(nls)
	for i := range tr.Weeks {
		tr.Weeks[i].Athlete = athlete
	}
	switch o.format {
	case "json":
		return trendJSON(w, tr)
	case "csv":
		return trendCSV(w, tr, i == 0)
	}
	if n > 1 {
		if err := athleteHeading(w, athlete, i); err != nil {
			return err
		}
	}
	return report.WriteTrendText(w, tr, runs, shoes, report.TrendOptions{Imperial: o.imperial, ShoeLimitM: o.limitM, Now: time.Now(), Notes: nls})
}

// trendRoster writes the trend of several athletes: in text the roster, one line
// per athlete in the order of attention (coach.Attention); in JSON and CSV every
// athlete's weeks, one athlete after another, each row naming its athlete. An
// athlete without runs gets a roster line but no weeks.
func trendRoster(e *env, format string, athletes []string, byAthlete map[string][]coach.Run, opt coach.StatusOptions, imperial bool) error {
	if format == "text" {
		sts := make([]coach.Status, 0, len(athletes))
		for _, a := range athletes {
			sts = append(sts, coach.StatusOf(a, byAthlete[a], opt))
		}
		coach.Attention(sts)
		return report.WriteRosterText(e.stdout, sts, imperial)
	}
	var all coach.Trend
	for _, a := range athletes {
		if len(byAthlete[a]) == 0 {
			continue
		}
		tr := coach.WeeksOf(byAthlete[a], opt.Weeks)
		for i := range tr.Weeks {
			tr.Weeks[i].Athlete = a
		}
		all.Weeks = append(all.Weeks, tr.Weeks...)
	}
	if format == "json" {
		return trendJSON(e.stdout, all)
	}
	return trendCSV(e.stdout, all, true)
}

// parsePace reads "M:SS" as seconds.
func parsePace(s string) (float64, bool) {
	m, sec, ok := strings.Cut(s, ":")
	if !ok {
		return 0, false
	}
	mi, err1 := strconv.Atoi(m)
	si, err2 := strconv.Atoi(sec)
	if err1 != nil || err2 != nil || mi < 2 || mi > 20 || si < 0 || si > 59 || len(sec) != 2 {
		return 0, false
	}
	return float64(mi*60 + si), true
}

// parsePlanStart reads --plan-start: "" is the zero time (the plan begins with the
// first run that got a target), else a date YYYY-MM-DD between 2000 and 2100.
func parsePlanStart(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil || t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t, true
}

func round1(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := math.Round(*p*10) / 10
	return &v
}

// trendJSON writes one object per week, numbers rounded as analyze rounds them.
func trendJSON(w io.Writer, tr coach.Trend) error {
	for _, wk := range tr.Weeks {
		wk.DistanceM = math.Round(wk.DistanceM*10) / 10
		wk.MovingS = math.Round(wk.MovingS)
		wk.LongestRunM = math.Round(wk.LongestRunM*10) / 10
		wk.MedianCadenceSPM = round1(wk.MedianCadenceSPM)
		wk.CadenceAtRefPaceSPM = round1(wk.CadenceAtRefPaceSPM)
		wk.RefPaceSPerKm = math.Round(wk.RefPaceSPerKm*10) / 10
		wk.SlopeSPMPerMS = math.Round(wk.SlopeSPMPerMS*100) / 100
		if wk.DownhillShare != nil {
			v := math.Round(*wk.DownhillShare*1000) / 1000
			wk.DownhillShare = &v
		}
		if ci := wk.CadenceCISPM; ci != nil {
			wk.CadenceCISPM = &[2]float64{math.Round(ci[0]*10) / 10, math.Round(ci[1]*10) / 10}
		}
		if wk.AtTargetShare != nil {
			v := math.Round(*wk.AtTargetShare*1000) / 1000
			wk.AtTargetShare = &v
		}
		if err := report.WriteJSONLine(w, wk); err != nil {
			return err
		}
	}
	return nil
}

// trendCSV writes one row per week, after the header when header is set.
func trendCSV(w io.Writer, tr coach.Trend, header bool) error {
	cw := csv.NewWriter(w)
	if header {
		cw.Write([]string{"week", "start", "runs", "distance_m", "moving_s", "longest_run_m", "median_cadence_spm",
			"cadence_at_ref_pace_spm", "ref_pace_s_per_km", "slope_spm_per_m_s", "spikes", "downhill_share", "note",
			"cadence_at_ref_pace_ci_low_spm", "cadence_at_ref_pace_ci_high_spm", "target_spm", "at_target_share", "athlete"})
	}
	num := func(p *float64, prec int) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', prec, 64)
	}
	for _, wk := range tr.Weeks {
		var lo, hi *float64
		if ci := wk.CadenceCISPM; ci != nil {
			lo, hi = &ci[0], &ci[1]
		}
		cw.Write([]string{wk.Week, wk.Start, strconv.Itoa(wk.Runs), strconv.FormatFloat(wk.DistanceM, 'f', 1, 64),
			strconv.FormatFloat(wk.MovingS, 'f', 0, 64), strconv.FormatFloat(wk.LongestRunM, 'f', 1, 64),
			num(wk.MedianCadenceSPM, 1), num(wk.CadenceAtRefPaceSPM, 1), strconv.FormatFloat(wk.RefPaceSPerKm, 'f', 1, 64),
			strconv.FormatFloat(wk.SlopeSPMPerMS, 'f', 2, 64), strconv.Itoa(wk.Spikes), num(wk.DownhillShare, 3), wk.Note,
			num(lo, 1), num(hi, 1), num(wk.TargetSPM, 0), num(wk.AtTargetShare, 3), report.CSVCell(wk.Athlete)})
	}
	cw.Flush()
	return cw.Error()
}
