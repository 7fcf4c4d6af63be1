package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/internal/synth"
)

// The synthetic timeline: 16 weeks of one runner. Cadence at 3.0 m/s rises from 160
// to 166 steps/min while the easy pace slows from 3.3 to 2.6 m/s; within every run
// cadence rises 8 steps/min per 1 m/s, with speed swinging ±15% over each kilometre.
// So the raw weekly median hardly moves (162.4 to 162.8) while the matched-pace
// figure rises by 6. Long runs are 12 km, with a 20 km spike in week 6 and a 14 km
// one in week 11; a ride every Tuesday; week 3's Wednesday run also exported as GPX.
const (
	timelineWeeks = 16
	timelineSlope = 8.0
)

var timelineStart = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday

func timelineSpeed(w int) float64  { return 3.3 - 0.7*float64(w)/float64(timelineWeeks-1) }
func timelineCadRef(w int) float64 { return 160 + 6*float64(w)/float64(timelineWeeks-1) }

// writeTimeline writes the timeline's files into dir.
func writeTimeline(t *testing.T, dir string) {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for w := 0; w < timelineWeeks; w++ {
		v := timelineSpeed(w)
		monday := timelineStart.AddDate(0, 0, 7*w)
		long := 12000.0
		switch w {
		case 6:
			long = 20000
		case 11:
			long = 14000
		}
		days := []struct {
			day  int
			dist float64
		}{{0, 7000}, {2, 8000}, {4, 6000}, {6, long}}
		for _, d := range days {
			s := synth.Spec{Sport: synth.Running, Start: monday.AddDate(0, 0, d.day).Add(7 * time.Hour), DistanceM: d.dist,
				SpeedMS: v, CadenceSPM: timelineCadRef(w) + timelineSlope*(v-3.0), CadenceSlope: timelineSlope,
				SpeedSwing: 0.15, Zone: berlin}
			data, err := synth.FIT(s)
			if err != nil {
				t.Fatal(err)
			}
			name := s.Start.Format("2006-01-02") + ".fit"
			write(name, data)
			if w == 3 && d.day == 2 {
				write("exports/"+s.Start.Format("2006-01-02")+".gpx", synth.GPX(s))
			}
		}
		ride := synth.Spec{Sport: synth.Cycling, Start: monday.AddDate(0, 0, 1).Add(17 * time.Hour), DistanceM: 30000,
			SpeedMS: 7.5, CadenceSPM: 88, Zone: berlin}
		data, err := synth.FIT(ride)
		if err != nil {
			t.Fatal(err)
		}
		write(ride.Start.Format("2006-01-02")+"-ride.fit", data)
	}
}

type trendWeek struct {
	Week        string   `json:"week"`
	Start       string   `json:"start"`
	Runs        int      `json:"runs"`
	DistanceM   float64  `json:"distance_m"`
	LongestRunM float64  `json:"longest_run_m"`
	Median      *float64 `json:"median_cadence_spm"`
	AtRef       *float64 `json:"cadence_at_ref_pace_spm"`
	RefPace     float64  `json:"ref_pace_s_per_km"`
	Slope       float64  `json:"slope_spm_per_m_s"`
	SlopeFrom   string   `json:"slope_source"`
	Spikes      int      `json:"spikes"`
	Downhill    *float64 `json:"downhill_share"`
}

func TestTrendSyntheticTimeline(t *testing.T) {
	skipUnderRace(t)
	t.Parallel()
	dir := t.TempDir()
	writeTimeline(t, dir)
	out, stderr, code := cli(t, "", "trend", "--format", "json", "--no-history", dir)
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	var weeks []trendWeek
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var w trendWeek
		if err := json.Unmarshal([]byte(line), &w); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		weeks = append(weeks, w)
	}
	if len(weeks) != timelineWeeks {
		t.Fatalf("%d weeks, want %d", len(weeks), timelineWeeks)
	}
	first, last := weeks[0], weeks[len(weeks)-1]
	if first.Week != "2026-W02" || first.Start != "2026-01-05" || last.Week != "2026-W17" {
		t.Errorf("weeks %s (%s) to %s", first.Week, first.Start, last.Week)
	}
	for i, w := range weeks {
		// 4 runs a week: the rides and the GPX copy count nowhere.
		if w.Runs != 4 {
			t.Errorf("%s: %d runs, want 4", w.Week, w.Runs)
		}
		wantLong := map[int]float64{6: 20000, 11: 14000}[i]
		if wantLong == 0 {
			wantLong = 12000
		}
		if math.Abs(w.LongestRunM-wantLong) > 1 || math.Abs(w.DistanceM-(21000+wantLong)) > 4 {
			t.Errorf("%s: distance %.0f, longest %.0f; want %.0f and %.0f", w.Week, w.DistanceM, w.LongestRunM, 21000+wantLong, wantLong)
		}
		wantSpikes := 0
		switch i {
		case 0:
			// The archive's first days: 8 km after 7 km, then 12 km after 8 km.
			wantSpikes = 2
		case 6, 11:
			wantSpikes = 1
		}
		if w.Spikes != wantSpikes {
			t.Errorf("%s: %d spikes, want %d", w.Week, w.Spikes, wantSpikes)
		}
		if w.Downhill == nil || *w.Downhill <= 0 || *w.Downhill > 0.2 {
			t.Errorf("%s: downhill share %v", w.Week, w.Downhill)
		}
		if w.SlopeFrom != "runner" || math.Abs(w.Slope-timelineSlope) > 1.5 {
			t.Errorf("%s: slope %.2f from %s, want about %g from the runner", w.Week, w.Slope, w.SlopeFrom, timelineSlope)
		}
		if w.RefPace != first.RefPace {
			t.Errorf("%s: reference pace %.1f, not the same for every week (%.1f)", w.Week, w.RefPace, first.RefPace)
		}
	}
	// The reference pace is the runner's median running pace: about 2.95 m/s.
	if v := 1000 / first.RefPace; math.Abs(v-2.95) > 0.08 {
		t.Errorf("reference speed %.2f m/s, want about 2.95", v)
	}
	rise := *last.AtRef - *first.AtRef
	raw := *last.Median - *first.Median
	if math.Abs(rise-6) > 1.2 {
		t.Errorf("cadence at the reference pace rose %.1f (%.1f to %.1f), want 6", rise, *first.AtRef, *last.AtRef)
	}
	if math.Abs(raw) > 2 {
		t.Errorf("the raw median moved %.1f (%.1f to %.1f); the timeline was built to keep it flat", raw, *first.Median, *last.Median)
	}

	// The spike ratios in analyze's JSON.
	out, _, _ = cli(t, "", "analyze", "--format", "json", "--no-history", dir)
	ratios := map[string]float64{}
	early := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct {
			File  string `json:"file"`
			Start string `json:"start"`
			Spike *struct {
				Longest   float64 `json:"longest_prior_30d_m"`
				Ratio     float64 `json:"ratio"`
				DaysKnown *int    `json:"days_known"`
			} `json:"spike"`
		}
		json.Unmarshal([]byte(line), &r)
		if r.Spike != nil {
			ratios[filepath.Base(r.File)] = r.Spike.Ratio
			// Days known: from the first run (Monday 5 January, 07:00), at most 30.
			start, _ := time.Parse(time.RFC3339, r.Start)
			want := min(30, int(start.Sub(timelineStart.Add(6*time.Hour))/(24*time.Hour)))
			if r.Spike.DaysKnown == nil || *r.Spike.DaysKnown != want {
				t.Errorf("%s: days_known %v, want %d", r.File, r.Spike.DaysKnown, want)
			}
			if want < 30 {
				early++
			}
		}
	}
	if early < 6 {
		t.Errorf("only %d runs with a spike in the first 30 days", early)
	}
	for file, want := range map[string]float64{
		"2026-02-22.fit": 20000.0 / 12000, // week 6's long run
		"2026-03-29.fit": 14000.0 / 12000, // week 11's: the 20 km run is 35 days back
		"2026-03-01.fit": 12000.0 / 20000, // the long run after the spike
		"2026-01-05.fit": 0,               // the first run: nothing before it
	} {
		got, ok := ratios[file]
		switch {
		case want == 0 && ok:
			t.Errorf("%s: spike %.3f, want null (no run before it)", file, got)
		case want != 0 && math.Abs(got-want) > 0.002:
			t.Errorf("%s: spike ratio %.3f, want %.3f", file, got, want)
		}
	}

	// The text says why the columns differ, and the forward number.
	text, _, _ := cli(t, "", "trend", "--no-history", dir)
	for _, want := range []string{"Cadence rises with pace", "Your cadence rises about 8.", "steps/min in 15 weeks",
		"as run, the median went from 162 to 162", "Long-run spikes: 4 runs were", "20.00 km, 67% longer",
		"your next long run up to 15.40 km keeps within +10%",
		"2026-01-07  8.00 km, 14% longer than your longest run of the 30 days before (7.00 km): 10-30% longer (hazard ratio 1.64, 95% CI 1.31-2.05); only 2 days of your runs were known before it, not 30"} {
		if !strings.Contains(text, want) {
			t.Errorf("trend text lacks %q:\n%s", want, text)
		}
	}
}

func TestTrendNoRuns(t *testing.T) {
	_, stderr, code := cli(t, "", "trend", "--no-history", samples+"/fitparse-zwift-virtual-ride.fit")
	if code != 1 || !strings.Contains(stderr, "no runs in") {
		t.Errorf("status %d, stderr %q", code, stderr)
	}
}

// treadmillTCX is a run with cadence and the lap's distance but no speed or distance
// per point: a treadmill without a foot pod.
func treadmillTCX(start time.Time, seconds int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
<Activities><Activity Sport="Running"><Id>` + start.Format(time.RFC3339) + `</Id>
<Lap StartTime="` + start.Format(time.RFC3339) + `"><TotalTimeSeconds>` + strconv.Itoa(seconds) + `</TotalTimeSeconds><DistanceMeters>5000</DistanceMeters><Track>
`)
	for i := 0; i <= seconds; i++ {
		b.WriteString("<Trackpoint><Time>" + start.Add(time.Duration(i)*time.Second).Format(time.RFC3339) +
			"</Time><Extensions><ns3:TPX><ns3:RunCadence>80</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>\n")
	}
	b.WriteString("</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n")
	return []byte(b.String())
}

// TestTrendWeekWithoutSpeed checks that a week whose runs have no speed gets no
// cadence at the reference pace, with a note, not a guess.
func TestTrendWeekWithoutSpeed(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 2, 2, 18, 0, 0, 0, time.UTC) // a Monday
	if err := os.WriteFile(filepath.Join(dir, "treadmill.tcx"), treadmillTCX(start, 1800), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cli(t, "", "trend", "--format", "json", "--no-history", dir)
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	var w trendWeek
	var note struct {
		Note string `json:"note"`
	}
	json.Unmarshal([]byte(out), &w)
	json.Unmarshal([]byte(out), &note)
	if w.Runs != 1 || w.Median == nil || *w.Median != 160 || w.AtRef != nil || !strings.Contains(note.Note, "no speed") {
		t.Errorf("week without speed: %s", out)
	}
}

// TestTrendGolden pins the trend's text and JSON on the synthetic timeline: the words
// a runner reads, and the numbers other tools read.
func TestTrendGolden(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTimeline(t, dir)
	text, stderr, code := cli(t, "", "trend", "--no-history", dir)
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	golden(t, "trend-timeline.txt", text)
	js, _, _ := cli(t, "", "trend", "--no-history", "--format", "json", dir)
	golden(t, "trend-timeline.jsonl", js)
}

// TestTrendPlan runs trend and report on the synthetic timeline (cadence at a
// matched pace rising 6 steps/min over 16 weeks while the pace slows) with the plan
// begun on a given day: every week's interval, the plan's targets from its week,
// the CSV's new columns, a bad date refused, and the advice opening with the plan.
func TestTrendPlan(t *testing.T) {
	skipUnderRace(t)
	t.Parallel()
	dir := t.TempDir()
	writeTimeline(t, dir)
	out, stderr, code := cli(t, "", "trend", "--no-history", "--format", "json", "--plan-start", "2026-03-02", dir)
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	type row struct {
		trendWeek
		CI     *[2]float64 `json:"cadence_at_ref_pace_ci_spm"`
		Target *float64    `json:"target_spm"`
		Share  *float64    `json:"at_target_share"`
	}
	var rows []row
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r row
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	if len(rows) != timelineWeeks {
		t.Fatalf("%d weeks, want %d", len(rows), timelineWeeks)
	}
	// The plan is the history's: the same from a cold and a warm history as from
	// the files alone.
	auto, _, _ := cli(t, "", "trend", "--no-history", "--format", "json", dir)
	if !strings.Contains(auto, `"week":"2026-W02","start":"2026-01-05"`) || !strings.Contains(strings.SplitN(auto, "\n", 2)[0], `"target_spm":167`) {
		t.Errorf("the plan begun by the first run with a target: %s", strings.SplitN(auto, "\n", 2)[0])
	}
	db := filepath.Join(t.TempDir(), "h.db")
	for _, pass := range []string{"cold", "warm"} {
		if got, stderr, _ := cli(t, "", "trend", "--db", db, "--format", "json", "--plan-start", "2026-03-02", dir); got != out {
			t.Errorf("%s history: the trend differs from the files': %s", pass, stderr)
		}
		if got, stderr, _ := cli(t, "", "trend", "--db", db, "--format", "json", dir); got != auto {
			t.Errorf("%s history: the plan begun by a target differs from the files': %s", pass, stderr)
		}
	}
	held := 0
	for w, r := range rows {
		truth := timelineCadRef(w) + timelineSlope*(1000/r.RefPace-3.0)
		if r.CI == nil || !(r.CI[0] < *r.AtRef && *r.AtRef < r.CI[1]) {
			t.Errorf("%s: interval %v around %v", r.Week, r.CI, r.AtRef)
			continue
		}
		if r.CI[0] <= truth && truth <= r.CI[1] {
			held++
		}
		if before := r.Week < "2026-W10"; before != (r.Target == nil) || before != (r.Share == nil) {
			t.Errorf("%s: target %v, share %v; the plan begins in 2026-W10", r.Week, r.Target, r.Share)
		}
	}
	t.Logf("the interval held the truth in %d weeks of %d", held, timelineWeeks)
	if held < timelineWeeks-1 {
		t.Errorf("the interval held the true cadence at the reference pace in %d weeks of %d", held, timelineWeeks)
	}
	if tg := rows[len(rows)-1].Target; tg == nil || *tg < 169 || *tg > 172 {
		t.Errorf("target %v, want about 5%% above a baseline of about 162", tg)
	}

	csvOut, _, _ := cli(t, "", "trend", "--no-history", "--format", "csv", "--plan-start", "2026-03-02", dir)
	lines := strings.Split(csvOut, "\n")
	if !strings.HasSuffix(lines[0], ",note,cadence_at_ref_pace_ci_low_spm,cadence_at_ref_pace_ci_high_spm,target_spm,at_target_share,athlete") ||
		!strings.HasSuffix(lines[1], ",,,") || strings.HasSuffix(lines[len(lines)-2], ",,,") {
		t.Errorf("CSV:\n%s\n%s\n%s", lines[0], lines[1], lines[len(lines)-2])
	}
	if _, stderr, code := cli(t, "", "trend", "--no-history", "--plan-start", "2026-13-01", dir); code != 2 || !strings.Contains(stderr, "--plan-start \"2026-13-01\" is not a date") {
		t.Errorf("bad --plan-start: status %d, %s", code, stderr)
	}

	rep := t.TempDir()
	if _, stderr, code := cli(t, "", "report", "--no-history", "--plan-start", "2026-03-02", "-o", rep, dir); code != 0 {
		t.Fatalf("report: status %d: %s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(rep, "2026", "2026-04-26_0900_2026-04-26-fit.md"))
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(string(md), "\n\n")
	if len(paras) < 3 || !strings.HasPrefix(paras[2], "Plan week 8: 165 steps/min at 5:43/km (") || !strings.Contains(paras[2], "is real.") {
		t.Errorf("the advice of the last run opens with %q", paras[:min(3, len(paras))])
	}
	index, _ := os.ReadFile(filepath.Join(rep, "index.html"))
	if !strings.Contains(string(index), "<h2>Your cadence plan</h2>") {
		t.Error("no plan card on index.html")
	}
}
