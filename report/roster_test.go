package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/coach"
)

// TestRosterPageEscapes writes a roster whose athlete names, file names and errors
// carry markup, terminal escapes and direction overrides: none reaches the page as
// it is, and every flag links to the page of the run behind it, or to the athlete's
// report when no one run is.
func TestRosterPageEscapes(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	spike := now.Add(-48 * time.Hour)
	st := coach.Status{Athlete: "x", AsOf: now, Runs: 3, LastRun: spike, DaysSince: 2, LastRunFile: "a/<b>.fit", RefPaceSPerKm: 333,
		Spike:    &coach.StatusSpike{File: "a/<b>.fit", Start: spike, DistanceM: 18000, Ratio: 1.4, LongestPriorM: 12857},
		NextLong: coach.LongRun{AsOf: now, LongestM: 18000, UpToM: 19800},
		Flags: []coach.Flag{{Kind: coach.FlagSpike, Level: coach.LevelLook, File: "a/<b>.fit", Start: spike, Value: 1.4},
			{Kind: coach.FlagNoCadence, Level: coach.LevelNote, Value: 1}}}
	ro := Roster{Title: "Squad \x1b[2K", Generated: now,
		Athletes: []RosterAthlete{{Name: "<script>alert(1)</script>\u202e", Index: "x/index.html", Status: &st,
			Pages: map[string]string{"a/<b>.fit": "x/2026/run.html"}, Activities: 3, Unreadable: 1}},
		Failed: []IndexNote{{File: "bad\x1b]0;title\x07.fit", Reason: "<i>no</i>"},
			{File: "coach/jane.doe@example.com_123456789/x.fit", Reason: "open coach/jane.doe@example.com_123456789/x.fit: denied"}}}
	var buf bytes.Buffer
	if err := WriteRosterPage(&buf, ro); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	body := page[strings.Index(page, "<body>"):] // the style sheet has its @media
	for _, bad := range []string{"<script>", "\x1b", "\u202e", "\x07", "<i>", "<b>", "@", "example", "123456789"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page holds %q as it is", bad)
		}
	}
	for _, want := range []string{
		`&lt;script&gt;alert(1)&lt;/script&gt;\u202e`, // Printable's visible escape
		`<a class="b look" href="x/2026/run.html">long-run spike on Mar 18: 40% longer`,
		`<a class="b" href="x/index.html">1 run without cadence in 30 days</a>`,
		`1 file could not be read`,
		`next long run up to 19.80 km`,
		`<a href="x/2026/run.html" title="Wed 18 Mar 2026, 12:00">2 days ago</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, word := range []string{"ACWR", "acute:chronic", "TSB", "monotony", "injury risk"} {
		if strings.Contains(page, word) {
			t.Errorf("the page says %q", word)
		}
	}
}
