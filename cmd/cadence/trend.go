package main

import (
	"encoding/csv"
	"encoding/json"
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
		UsageLine: "trend [--format text|json|csv] [--units metric|imperial] [--ref-pace M:SS] [--shoe-limit N] [--db FILE] [-j N] PATH...",
		Short:     "show the runner over the weeks: cadence at one pace, long-run spikes, downhill, shoes",
		Long: `Trend reads the same inputs as analyze (from the history where it can) and sums
up the runs by week (ISO weeks, Monday to Sunday, in the runs' local time): how
many, how far, the longest, the median running cadence, and the cadence at one
reference pace.

Cadence at the reference pace: step rate rises with speed (about 6 steps/min per
1 m/s across runners, van Oeveren 2019), so a runner who slows down by 1 min/km
loses 3-7 steps/min, as much as a +5% retraining gains. The raw weekly median
cannot show progress made while the pace changed. From your own runs (pooled over
8 weeks, each run at its own level) cadence fits how your step rate rises with
speed, and moves every week's cadence to one pace: your typical easy pace (the
median running pace of all the runs), or --ref-pace. Runs without speed
(a treadmill without a foot pod) are left out of that figure, with a note.

Long-run spikes: every run is compared with the longest run of the 30 days
before it, among the runs given and those the history holds. In a study of 5,205
runners (Frandsen et al., BJSM 2025), runs more than 10% longer than that came
with more injuries; weekly totals did not. This is an association, not a
forecast. The trend ends with what your next long run can be within +10%.

Downhill: the share of running distance on a grade of -3% or steeper, and its
change against the four weeks before (downhill running raises braking forces;
sudden additions of downhill are a known trigger of kneecap pain).

Shoes: distance per pair, from Strava's activities.csv ("Activity Gear") or a
Garmin export's gear JSON; --shoe-limit (km, or miles with --units imperial)
flags pairs past your own limit: 300-500 miles is convention, not evidence.

--format json writes JSON Lines, one object per week; csv one row per week.`,
	}
	c.Setup = func(fs *flag.FlagSet) func(e *env, args []string) int {
		var cm common
		cm.define(fs)
		format := fs.String("format", "text", "output format: text, json (JSON Lines, one object per week) or csv")
		refPace := fs.String("ref-pace", "", "the reference pace, as M:SS per km (per mile with --units imperial); default: your median running pace")
		shoeLimit := fs.Float64("shoe-limit", 0, "flag shoes past this distance (km, or miles with --units imperial); 0: no limit")
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
			if !(*shoeLimit >= 0) || math.IsInf(*shoeLimit, 0) {
				return badUsage(e, c.Name, "--shoe-limit %g is not a distance", *shoeLimit)
			}
			limitM := *shoeLimit * 1000
			if imperial {
				limitM = *shoeLimit * analysis.MetresPerMile
			}
			if len(args) == 0 {
				return badUsage(e, c.Name, "no files or folders given")
			}
			store := cm.openHistory(e)
			defer store.Close()
			b := readBatch(e, args, &cm, store)
			status := exitOK
			var runs []coach.Run
			for _, it := range b.items {
				if it.err != nil {
					status = exitFailed
					fmt.Fprintf(e.stderr, "cadence: %s\n", errorLine(it.name, it.err))
				}
				for _, r := range it.results {
					if run, ok := coach.RunOf(r); ok {
						runs = append(runs, run)
					}
				}
			}
			if len(runs) == 0 {
				fmt.Fprintf(e.stderr, "cadence: no runs in %s: the trend needs runs with a start time and a distance\n", strings.Join(args, ", "))
				return exitFailed
			}
			tr := coach.Weeks(runs, ref)
			shoes := coach.Shoes(runs, limitM)
			var err error
			switch *format {
			case "json":
				err = trendJSON(e.stdout, tr)
			case "csv":
				err = trendCSV(e.stdout, tr)
			default:
				err = trendText(e.stdout, tr, runs, shoes, imperial, limitM, time.Now())
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "cadence: writing output: %v\n", err)
				return exitFailed
			}
			return status
		}
	}
	return c
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

func round1(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := math.Round(*p*10) / 10
	return &v
}

// trendJSON writes one object per week, numbers rounded as analyze rounds them.
func trendJSON(w io.Writer, tr coach.Trend) error {
	enc := json.NewEncoder(w)
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
		if err := enc.Encode(wk); err != nil {
			return err
		}
	}
	return nil
}

func trendCSV(w io.Writer, tr coach.Trend) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"week", "start", "runs", "distance_m", "moving_s", "longest_run_m", "median_cadence_spm",
		"cadence_at_ref_pace_spm", "ref_pace_s_per_km", "slope_spm_per_m_s", "spikes", "downhill_share", "note"})
	num := func(p *float64, prec int) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', prec, 64)
	}
	for _, wk := range tr.Weeks {
		cw.Write([]string{wk.Week, wk.Start, strconv.Itoa(wk.Runs), strconv.FormatFloat(wk.DistanceM, 'f', 1, 64),
			strconv.FormatFloat(wk.MovingS, 'f', 0, 64), strconv.FormatFloat(wk.LongestRunM, 'f', 1, 64),
			num(wk.MedianCadenceSPM, 1), num(wk.CadenceAtRefPaceSPM, 1), strconv.FormatFloat(wk.RefPaceSPerKm, 'f', 1, 64),
			strconv.FormatFloat(wk.SlopeSPMPerMS, 'f', 2, 64), strconv.Itoa(wk.Spikes), num(wk.DownhillShare, 3), wk.Note})
	}
	cw.Flush()
	return cw.Error()
}

// trendText writes the weeks as a table and says, in plain words, what the two
// cadence columns mean, the long-run spikes, downhill and shoes.
func trendText(w io.Writer, tr coach.Trend, runs []coach.Run, shoes []coach.Shoe, imperial bool, limitM float64, now time.Time) error {
	var b strings.Builder
	pace := analysis.FormatPace(tr.RefPaceSPerKm, imperial)
	atCol := "AT " + pace
	fmt.Fprintf(&b, "%-9s %-10s %4s %10s %9s %7s %10s %6s %8s\n", "WEEK", "MONDAY", "RUNS", "DISTANCE", "LONGEST", "MEDIAN", atCol, "SPIKES", "DOWNHILL")
	for _, wk := range tr.Weeks {
		med, at, down := "-", "-", "-"
		if wk.MedianCadenceSPM != nil {
			med = strconv.Itoa(int(math.Round(*wk.MedianCadenceSPM)))
		}
		if wk.CadenceAtRefPaceSPM != nil {
			at = strconv.Itoa(int(math.Round(*wk.CadenceAtRefPaceSPM)))
		}
		if wk.DownhillShare != nil {
			down = strconv.Itoa(int(math.Round(*wk.DownhillShare*100))) + "%"
		}
		spikes := ""
		if wk.Spikes > 0 {
			spikes = strconv.Itoa(wk.Spikes)
		}
		fmt.Fprintf(&b, "%-9s %-10s %4d %10s %9s %7s %10s %6s %8s\n", wk.Week, wk.Start, wk.Runs,
			report.FormatDistance(wk.DistanceM, imperial), report.FormatDistance(wk.LongestRunM, imperial), med, at, spikes, down)
		if wk.Note != "" {
			fmt.Fprintf(&b, "          %s\n", wk.Note)
		}
	}
	b.WriteString("\n")
	writeCadenceStory(&b, tr, pace)
	writeSpikes(&b, runs, imperial, now)
	writeDownhill(&b, tr)
	writeShoes(&b, shoes, imperial, limitM)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCadenceStory says why the two cadence columns differ, with the numbers.
func writeCadenceStory(b *strings.Builder, tr coach.Trend, pace string) {
	var first, last *coach.Week
	for i := range tr.Weeks {
		if tr.Weeks[i].CadenceAtRefPaceSPM != nil {
			if first == nil {
				first = &tr.Weeks[i]
			}
			last = &tr.Weeks[i]
		}
	}
	fmt.Fprintf(b, "MEDIAN is your median running cadence as run; %s is the same weeks moved to one pace, %s (your typical\n", "AT "+pace, pace)
	b.WriteString("easy pace), along how your own cadence rises with speed. Cadence rises with pace, so a week of slower running\n")
	b.WriteString("shows a lower MEDIAN without any change in how you run; the matched figure shows the change itself.\n")
	if first == nil || first == last {
		return
	}
	slope := last.SlopeSPMPerMS
	src := "from your runs"
	if last.SlopeFrom == "population" {
		src = "the typical value across runners: your runs varied too little in speed to measure your own"
	}
	fmt.Fprintf(b, "Your cadence rises about %.1f steps/min per 1 m/s of speed (%s).\n", slope, src)
	d := *last.CadenceAtRefPaceSPM - *first.CadenceAtRefPaceSPM
	weeks := int(math.Round(lastStart(last).Sub(lastStart(first)).Hours() / (24 * 7)))
	switch {
	case math.Abs(d) < 2:
		fmt.Fprintf(b, "At %s your cadence held at about %.0f steps/min from %s to %s.\n", pace, *last.CadenceAtRefPaceSPM, first.Week, last.Week)
	default:
		fmt.Fprintf(b, "At %s you went from %.0f to %.0f steps/min in %d weeks (%s to %s)", pace,
			*first.CadenceAtRefPaceSPM, *last.CadenceAtRefPaceSPM, weeks, first.Week, last.Week)
		if first.MedianCadenceSPM != nil && last.MedianCadenceSPM != nil {
			fmt.Fprintf(b, "; as run, the median went from %.0f to %.0f", *first.MedianCadenceSPM, *last.MedianCadenceSPM)
		}
		b.WriteString(".\n")
	}
	if tr.NoSpeed > 0 {
		fmt.Fprintf(b, "%d %s without speed (a treadmill without a foot pod?) are left out of the matched figure.\n", tr.NoSpeed, pluralWord(tr.NoSpeed, "run", "runs"))
	}
}

func lastStart(w *coach.Week) time.Time {
	t, _ := time.Parse("2006-01-02", w.Start)
	return t
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeSpikes lists the long-run spikes and what the next long run can be.
func writeSpikes(b *strings.Builder, runs []coach.Run, imperial bool, now time.Time) {
	var lines []string
	for _, r := range runs {
		if r.Spike == nil || r.Spike.Ratio <= coach.SpikeThreshold {
			continue
		}
		words, hrr := coach.SpikeBand(r.Spike.Ratio)
		lines = append(lines, fmt.Sprintf("  %s  %s, %.0f%% longer than your longest run of the 30 days before (%s): %s (hazard ratio %s)",
			r.Start.Format("2006-01-02"), report.FormatDistance(r.DistanceM, imperial), (r.Spike.Ratio-1)*100,
			report.FormatDistance(r.Spike.LongestPrior30dM, imperial), words, hrr))
	}
	b.WriteString("\n")
	if len(lines) > 0 {
		fmt.Fprintf(b, "Long-run spikes: %d %s more than 10%% longer than the longest run of the 30 days before.\n", len(lines), pluralWord(len(lines), "run was", "runs were"))
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		b.WriteString("In 5,205 runners (Frandsen et al., BJSM 2025), such runs were followed by overuse injuries more often.\n")
		b.WriteString("It is an association, not a forecast: most such runs do no harm.\n")
	} else {
		b.WriteString("Long-run spikes: none; every run stayed within 10% of the longest run of the 30 days before it.\n")
	}
	var priors []coach.Prior
	for _, r := range runs {
		priors = append(priors, coach.Prior{Start: r.Start, DistanceM: r.DistanceM})
	}
	asOf := now
	if last := runs[len(runs)-1].Start; now.Sub(last) > coach.SpikeWindow {
		asOf = last.Add(time.Minute) // an old archive: speak as of its last run
	}
	if longest, ok := coach.NewLongest(priors).Before(asOf); ok {
		fmt.Fprintf(b, "Your longest run in the 30 days to %s: %s; your next long run up to %s keeps within +10%%.\n",
			asOf.Format("2006-01-02"), report.FormatDistance(longest, imperial), report.FormatDistance(longest*coach.SpikeThreshold, imperial))
	} else {
		fmt.Fprintf(b, "No run in the 30 days to %s: the first runs back are where a single long run is riskiest; build up gently.\n", asOf.Format("2006-01-02"))
	}
}

// writeDownhill compares the last week's downhill share with the four before.
func writeDownhill(b *strings.Builder, tr coach.Trend) {
	var shares []float64
	var weeks []string
	for _, wk := range tr.Weeks {
		if wk.DownhillShare != nil {
			shares, weeks = append(shares, *wk.DownhillShare), append(weeks, wk.Week)
		}
	}
	if len(shares) < 2 {
		return
	}
	last := shares[len(shares)-1]
	prev := shares[max(0, len(shares)-5) : len(shares)-1]
	mean := 0.0
	for _, s := range prev {
		mean += s
	}
	mean /= float64(len(prev))
	fmt.Fprintf(b, "Downhill (-3%% or steeper): %.0f%% of your running in %s, against %.0f%% in the weeks before.", last*100, weeks[len(weeks)-1], mean*100)
	if last > mean+0.05 {
		b.WriteString(" A sudden rise in downhill running raises braking forces on the knee (+54-73% at -9 degrees, Gottschall & Kram 2005): add it gradually.")
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
			flag = "  past your limit of " + report.FormatDistance(limitM, imperial)
		}
		fmt.Fprintf(b, "  %-30s %10s in %3d runs, %s to %s%s\n", safeText(s.Name, 30), report.FormatDistance(s.DistanceM, imperial), s.Runs,
			s.First.Format("2006-01-02"), s.Last.Format("2006-01-02"), flag)
	}
	if len(shoes) > 1 {
		b.WriteString("  Runners who rotated two or more pairs had fewer injuries (Malisoux 2015, hazard ratio 0.61).\n")
	}
	if limitM == 0 {
		b.WriteString("  300-500 miles per pair is convention, not evidence; set your own limit with --shoe-limit.\n")
	}
}

// safeText cuts s to n runes for a table cell.
func safeText(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
