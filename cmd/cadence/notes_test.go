package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// timelineNotes is a pain diary for the synthetic timeline (writeTimeline), whose
// long-run spikes are Sunday 2026-02-22 (20 km after 12 km) and Sunday 2026-03-29
// (14 km), with bad rows among the good ones: each is answered on its own line and
// the good ones are all kept.
const timelineNotes = "\ufeffdate,site,pain_during,pain_next_morning,note\r\n" +
	"2026-02-23,left knee,1,4,\"stairs, then fine\"\r\n" + // the day after the spike: flagged
	"2026-02-26,left knee,5,,\r\n" + // four days after: not after the spike
	"2026-02-27,left knee,11,2,typo\r\n" + // pain 11
	"2026-13-01,left knee,2,2,\r\n" + // not a date
	"\r\n" +
	"2026-03-30,right shin,2,1,\r\n" + // the day after the second spike, pain 2: not flagged
	"2026-04-01,right shin\r\n" + // no scores and no note
	"2026-05-06,left knee,,3,rest week\r\n" // after the last run: a week without runs

type noteRow struct {
	Date       string   `json:"date"`
	Site       string   `json:"site"`
	Pain       *float64 `json:"pain"`
	AfterSpike bool     `json:"after_spike"`
	Flagged    bool     `json:"flagged"`
}

func TestTrendNotes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTimeline(t, dir)
	notes := filepath.Join(t.TempDir(), "pain.csv")
	if err := os.WriteFile(notes, []byte(timelineNotes), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cli(t, "", "trend", "--format", "json", "--no-history", "--notes", notes, dir)
	if code != 1 {
		t.Errorf("status %d, want 1 (rows left out): %s", code, stderr)
	}
	wantErr := []string{
		"cadence: " + notes + ": line 4: pain_during 11 is outside 0-10",
		"cadence: " + notes + `: line 5: date "2026-13-01" is not a date written YYYY-MM-DD`,
		"cadence: " + notes + ": line 8: no pain score and no note",
		"cadence: " + notes + ": 4 of 7 notes read; fix the lines above and run again",
	}
	if got := strings.TrimSpace(stderr); got != strings.Join(wantErr, "\n") {
		t.Errorf("stderr:\n%s\nwant:\n%s", got, strings.Join(wantErr, "\n"))
	}
	notesOf := map[string][]noteRow{}
	runsOf := map[string]int{}
	var weeks []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var w struct {
			Week  string    `json:"week"`
			Runs  int       `json:"runs"`
			Notes []noteRow `json:"notes"`
		}
		if err := json.Unmarshal([]byte(line), &w); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		weeks = append(weeks, w.Week)
		notesOf[w.Week], runsOf[w.Week] = w.Notes, w.Runs
	}
	if len(weeks) != timelineWeeks+1 || weeks[len(weeks)-1] != "2026-W19" || runsOf["2026-W19"] != 0 {
		t.Errorf("weeks %v: want the %d of the timeline and 2026-W19 without runs", weeks, timelineWeeks)
	}
	check := func(week string, want ...noteRow) {
		t.Helper()
		got := notesOf[week]
		if len(got) != len(want) {
			t.Errorf("%s: notes %+v, want %+v", week, got, want)
			return
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Date != w.Date || g.Site != w.Site || g.Pain == nil || *g.Pain != *w.Pain || g.AfterSpike != w.AfterSpike || g.Flagged != w.Flagged {
				t.Errorf("%s: note %+v (pain %v), want %+v (pain %v)", week, g, g.Pain, w, *w.Pain)
			}
		}
	}
	p := func(v float64) *float64 { return &v }
	check("2026-W09", noteRow{"2026-02-23", "left knee", p(4), true, true}, noteRow{"2026-02-26", "left knee", p(5), false, false})
	check("2026-W14", noteRow{"2026-03-30", "right shin", p(2), true, false})
	check("2026-W19", noteRow{"2026-05-06", "left knee", p(3), false, false})
	check("2026-W08")

	// The text beside the load: the week's notes under it, each note with its 7 and
	// 30 days, and the flag.
	text, _, _ := cli(t, "", "trend", "--no-history", "--notes", notes, dir)
	for _, want := range []string{
		"          note 2026-02-23: pain 4/10, left knee  <- within 72 h after a long-run spike\n",
		"  2026-02-23  pain 1 during, 4 next morning, left knee: stairs, then fine\n" +
			"     7 days: 41.00 km in 4 runs; spike 20.00 km on 2026-02-22, +67%; downhill ",
		"    FLAG: 4/10 the day after a long-run spike (20.00 km on 2026-02-22, +67%)\n",
		"  2026-05-06  pain 3 next morning, left knee: rest week\n     7 days: no runs\n",
		"1 note of 3/10 or more came within 72 hours after a run more than 10% longer",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

// TestNotesFileUnreadable: a notes file that cannot be read at all is one line, and
// the trend is still written.
func TestNotesFileUnreadable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTimeline(t, dir)
	for name, data := range map[string]string{
		"missing.csv": "",
		"header.csv":  "when,where,how much\n2026-02-23,knee,4\n",
		"empty.csv":   "",
	} {
		p := filepath.Join(t.TempDir(), name)
		if name != "missing.csv" {
			os.WriteFile(p, []byte(data), 0o644)
		}
		out, stderr, code := cli(t, "", "trend", "--format", "json", "--no-history", "--notes", p, dir)
		want := map[string]string{
			"missing.csv": "no such file or directory",
			"header.csv":  "line 1: no date, no site, no pain_during, no pain_next_morning, no note column: the header must name date,site,pain_during,pain_next_morning,note",
			"empty.csv":   "no notes: the file is empty; a notes file starts with the header date,site,pain_during,pain_next_morning,note",
		}[name]
		if code != 1 || strings.TrimSpace(stderr) != "cadence: "+p+": "+want || strings.Count(out, "\n") != timelineWeeks {
			t.Errorf("%s: status %d, %d weeks, stderr %q", name, code, strings.Count(out, "\n"), stderr)
		}
	}
}

// TestReportClinicPage: report --notes writes clinic.html, linked from the index, with
// the notes against the load and nothing of the inputs' paths or positions; a report
// without --notes removes it.
func TestReportClinicPage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTimeline(t, dir)
	notes := filepath.Join(t.TempDir(), "pain.csv")
	if err := os.WriteFile(notes, []byte(timelineNotes), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	_, stderr, code := cli(t, "", "report", "--no-history", "--notes", notes, "-o", out, dir)
	if code != 1 || !strings.Contains(stderr, ": line 4: pain_during 11 is outside 0-10\n") {
		t.Errorf("status %d (want 1, rows left out): %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "clinic.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(index), `<a href="clinic.html">Summary for a physio</a>`) {
		t.Error("index.html does not link to clinic.html")
	}
	for _, want := range []string{
		// the flagged note, the day after the 20 km spike of 2026-02-22
		`<td class="d">2026-02-23</td><td class="s">left knee</td><td class="n">1 / 4</td><td><div class="txt"><span class="flagtxt">flag: 4/10, 1 day after a spike</span> stairs, then fine</div></td>`,
		`<td class="n">41.00 km, 4</td>`, // the 7 days up to it
		`<td class="n">&#43;67% on 02-22</td>`,
		// the week without runs, and the plan's place
		`<td>2026-05-04</td><td class="n">0</td>`,
		// the plan card and the weekly interval, as coach has them
		`<div class="plan" id="plan">
<div><b>159</b>baseline (157–161)</div>`,
		`<td class="n">162</td><td class="n" data-field="interval">161–163</td><td class="n">5/10</td></tr>`,

		"1 note of 3/10 or more came within 72 hours after a long-run spike",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("clinic.html lacks %q", want)
		}
	}
	// No path, file name or position of the inputs.
	for _, bad := range []string{dir, notes, filepath.Base(filepath.Dir(dir)), "pain.csv", ".fit", ".gpx", "52.5", "13.37", "13.38", "<script"} {
		if strings.Contains(html, bad) {
			t.Errorf("clinic.html holds %q", bad)
		}
	}
	if strings.Contains(html, `\`) {
		t.Error(`clinic.html holds a backslash`)
	}

	_, stderr, code = cli(t, "", "report", "--no-history", "-o", out, dir)
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "clinic.html")); !os.IsNotExist(err) {
		t.Errorf("clinic.html after a report without --notes: %v", err)
	}
	index, _ = os.ReadFile(filepath.Join(out, "index.html"))
	if strings.Contains(string(index), "clinic.html") {
		t.Error("index.html links to clinic.html after a report without --notes")
	}
}
