package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// idxTestRun fabricates the summary of a run at median running cadence med starting
// at st (nil: undated), judged at 165 steps/min.
func idxTestRun(file, name string, st *time.Time, med float64) *analysis.Result {
	f := func(v float64) *float64 { return &v }
	r := &analysis.Result{File: file, Name: name, Format: "fit", Sport: activity.Running, SportFrom: "file", Start: st,
		MovingS: f(2880), DistanceM: f(8000), PaceSPerKm: f(365), RunPace: f(360), RunShare: f(0.98),
		Cadence: &analysis.Stats{Median: med - 0.5}, Running: &analysis.Stats{Median: med}, Threshold: 165}
	if med < 165 {
		r.Verdict = analysis.Verdict{Kind: analysis.VerdictOverstride, Basis: analysis.BasisJudged}
		r.Overstride = true
	} else {
		r.Verdict = analysis.Verdict{Kind: analysis.VerdictOK, Basis: analysis.BasisJudged}
	}
	r.Judged = []analysis.JudgedPart{{PaceSPerKm: f(360), Seconds: 2820, Stretches: 1, MedianSPM: med, ThresholdSPM: 165, TypicalSPM: 170, Below: med < 165}}
	return r
}

// idxPages runs WriteIndexPages into memory and returns the names it returned, the
// names in the order they were written, and the pages.
func idxPages(t *testing.T, idx Index) (names, order []string, pages map[string][]byte) {
	t.Helper()
	pages = map[string][]byte{}
	names, err := WriteIndexPages(idx, func(name string, render func(io.Writer) error) error {
		if _, dup := pages[name]; dup {
			t.Errorf("%s written twice", name)
		}
		var b bytes.Buffer
		if err := render(&b); err != nil {
			return err
		}
		pages[name] = b.Bytes()
		order = append(order, name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names, order, pages
}

// idxNav returns the page list of a page: each entry's label with its count in
// brackets, and its link or "*" for the page itself.
func idxNav(root *htmlNode) []string {
	navs := root.all("nav")
	if len(navs) == 0 {
		return nil
	}
	var out []string
	for _, c := range navs[0].Children {
		label := c.ownText()
		if sm := c.all("small"); len(sm) > 0 {
			label += " (" + sm[0].text() + ")"
		}
		switch c.Name {
		case "a":
			out = append(out, label+"="+c.Attr["href"])
		case "b":
			out = append(out, label+"=*")
		}
	}
	return out
}

// idxCells returns, per row, the primary name, the secondary file name and the
// datetime of the row's activity.
func idxCells(root *htmlNode) [][3]string {
	var out [][3]string
	for _, tr := range htmlRows(root) {
		var c [3]string
		for _, sp := range tr.all("span") {
			switch {
			case sp.hasClass("nm"):
				c[0] = sp.text()
			case sp.hasClass("f"):
				c[1] = sp.text()
			}
		}
		if tm := tr.all("time"); len(tm) > 0 {
			c[2] = tm[0].Attr["datetime"]
		}
		out = append(out, c)
	}
	return out
}

func TestWriteIndexPages(t *testing.T) {
	at := func(y int, m time.Month, d int) *time.Time {
		st := time.Date(y, m, d, 7, 15, 0, 0, time.UTC)
		return &st
	}
	// Given in no order: three runs in 2024, two in 2023, one undated, one walk.
	walk := idxTestRun("walk.gpx", "", at(2024, 3, 1), 118)
	walk.Verdict = analysis.Verdict{Kind: analysis.VerdictWalking, Basis: analysis.BasisWalkSport}
	walk.Running = nil
	idx := Index{
		Title:     "Anna's runs",
		Generated: time.Date(2024, 12, 1, 9, 0, 0, 0, time.UTC),
		Latest:    3,
		Rows: []IndexRow{
			{Result: idxTestRun("b.fit", "", at(2023, 6, 1), 152), PNG: "b.png", Thumb: "b.thumb.png", Advice: "b.html"},
			{Result: idxTestRun("e.fit", "", at(2024, 9, 1), 170), PNG: "e.png", Thumb: "e.thumb.png", Advice: "e.html", Click: "click-172.wav"},
			{Result: idxTestRun("u.fit", "", nil, 158), Advice: "u.html"},
			{Result: idxTestRun("a.fit", "", at(2023, 1, 1), 150), Advice: "a.html"},
			{Result: idxTestRun("d.fit", "", at(2024, 6, 1), 160), Advice: "d.html"},
			{Result: walk, Advice: "walk.html"},
			{Result: idxTestRun("c.fit", "", at(2024, 1, 1), 155), Advice: "c.html"},
			{Result: nil},
		},
		Skipped: []IndexNote{{File: "ride.fit", Reason: "a cycling activity, not a run"}},
		Failed:  []IndexNote{{File: "broken.fit", Reason: "truncated <eof>"}},
	}
	names, order, pages := idxPages(t, idx)
	if got := fmt.Sprint(names); got != "[index.html runs-2024.html runs-2023.html runs-undated.html]" {
		t.Errorf("pages %s", got)
	}
	if got := fmt.Sprint(order); got != "[runs-2024.html runs-2023.html runs-undated.html index.html]" {
		t.Errorf("written in the order %s, want index.html last", got)
	}

	index := htmlParse(t, pages["index.html"])
	// The latest three, newest first, with the whole index summed up above them.
	var latest []string
	for _, c := range idxCells(index) {
		latest = append(latest, c[0])
	}
	if got := fmt.Sprint(latest); got != "[e.fit d.fit walk.gpx]" {
		t.Errorf("index.html lists %s", got)
	}
	cards := map[string]string{}
	for _, d := range index.all("div") {
		if d.hasClass("card") {
			cards[d.ownText()] = d.all("b")[0].text()
		}
	}
	// Runs 150, 152, 155, 158, 160, 170: median 156.5 → 157 (rounded half away from 0).
	if got := fmt.Sprint(cards); got != "map[likely overstriding:5 median steps/min:157 runs:6 walk:1]" {
		t.Errorf("index.html cards %s", got)
	}
	// Six runs: the first three (150, 152, 155) against the latest three (155, 160, 170).
	page := string(pages["index.html"])
	if !strings.Contains(page, "Your latest 3 runs: median 160 steps/min, up 8 from 152 in your first 3.") {
		t.Error("index.html has no trend over all the runs")
	}
	if n := len(strings.Fields(index.all("polyline")[0].Attr["points"])); n != 6 {
		t.Errorf("the sparkline has %d points, want all 6 runs", n)
	}
	for _, s := range []string{"Latest 3 of 7 activities", "Generated 1 December 2024, 09:00 · 7 activities · 1 skipped · 1 could not be read"} {
		if !strings.Contains(index.text(), s) {
			t.Errorf("index.html lacks %q", s)
		}
	}
	if got := fmt.Sprint(idxNav(index)); got != "[Overview=* 2024 (4)=runs-2024.html 2023 (2)=runs-2023.html Undated (1)=runs-undated.html]" {
		t.Errorf("index.html nav %s", got)
	}
	// The notes are few: listed on index.html itself.
	if s, f := htmlSection(index, "Skipped"), htmlSection(index, "Could not be read"); len(s) != 1 || len(f) != 1 ||
		f[0].text() != "broken.fit: truncated <eof>" {
		t.Errorf("index.html notes %d skipped, %d failed", len(s), len(f))
	}

	// A year page lists every activity of the year, newest first, and sums up the year.
	y24 := htmlParse(t, pages["runs-2024.html"])
	var rows []string
	for _, c := range idxCells(y24) {
		rows = append(rows, c[0]+" "+c[2])
	}
	if got := fmt.Sprint(rows); got != "[e.fit 2024-09-01T07:15:00Z d.fit 2024-06-01T07:15:00Z walk.gpx 2024-03-01T07:15:00Z c.fit 2024-01-01T07:15:00Z]" {
		t.Errorf("runs-2024.html lists %s", got)
	}
	if got := y24.all("title")[0].text(); got != "Anna's runs: 2024" {
		t.Errorf("runs-2024.html title %q", got)
	}
	if h := y24.all("h2"); len(h) == 0 || h[0].text() != "2024: 4 activities, newest first" {
		t.Errorf("runs-2024.html heading %v", h)
	}
	cards = map[string]string{}
	for _, d := range y24.all("div") {
		if d.hasClass("card") {
			cards[d.ownText()] = d.all("b")[0].text()
		}
	}
	// Runs 155, 160, 170: median 160.
	if got := fmt.Sprint(cards); got != "map[likely overstriding:2 median steps/min:160 runs:3 walk:1]" {
		t.Errorf("runs-2024.html cards %s", got)
	}
	if got := fmt.Sprint(idxNav(y24)); got != "[Overview=index.html 2024 (4)=* 2023 (2)=runs-2023.html Undated (1)=runs-undated.html]" {
		t.Errorf("runs-2024.html nav %s", got)
	}
	if len(htmlSection(y24, "Skipped")) != 0 || len(y24.all("polyline")) != 0 {
		t.Error("a year page repeats the notes or the trend")
	}
	var links []string
	for _, a := range htmlRows(y24)[0].all("a") {
		links = append(links, a.Attr["href"])
	}
	if got := fmt.Sprint(links); got != "[e.png e.png e.html click-172.wav]" {
		t.Errorf("runs-2024.html first row links %s", got)
	}
	img := htmlRows(y24)[0].all("img")[0].Attr
	if img["loading"] != "lazy" || img["width"] != "160" || img["height"] != "100" || img["src"] != "e.thumb.png" {
		t.Errorf("thumbnail %v", img)
	}
	undated := htmlParse(t, pages["runs-undated.html"])
	if c := idxCells(undated); len(c) != 1 || c[0][0] != "u.fit" || !strings.Contains(undated.text(), "date unknown") {
		t.Errorf("runs-undated.html rows %v", c)
	}
	// Every page: self-contained, and linking to all the others.
	for name, b := range pages {
		for _, s := range []string{"http://", "https://", "<script", "<link", "@import", "src=\"/", "href=\"/"} {
			if strings.Contains(string(b), s) {
				t.Errorf("%s contains %q", name, s)
			}
		}
		for _, other := range names {
			if other != name && !strings.Contains(string(b), `href="`+other+`"`) {
				t.Errorf("%s does not link to %s", name, other)
			}
		}
	}
}

func TestWriteIndexPagesNotes(t *testing.T) {
	st := time.Date(2024, 5, 1, 7, 0, 0, 0, time.UTC)
	idx := Index{Rows: []IndexRow{{Result: idxTestRun("a.fit", "", &st, 160)}}}
	for i := range 60 {
		idx.Skipped = append(idx.Skipped, IndexNote{File: fmt.Sprintf("ride-%02d.fit", i), Reason: "a cycling activity, not a run"})
	}
	idx.Failed = []IndexNote{{File: `<script>alert(1)</script>.fit`, Reason: "not an activity"}}
	names, _, pages := idxPages(t, idx)
	if got := fmt.Sprint(names); got != "[index.html runs-2024.html notes.html]" {
		t.Fatalf("pages %s", got)
	}
	index := htmlParse(t, pages["index.html"])
	if len(index.all("li")) != 0 {
		t.Errorf("index.html lists %d notes, want only their count", len(index.all("li")))
	}
	if !strings.Contains(index.text(), "60 activities were skipped and 1 file could not be read: see the list.") {
		t.Errorf("index.html does not count the notes: %.600s", index.text())
	}
	if got := fmt.Sprint(idxNav(index)); got != "[Overview=* 2024 (1)=runs-2024.html Skipped and unreadable (61)=notes.html]" {
		t.Errorf("index.html nav %s", got)
	}
	notes := htmlParse(t, pages["notes.html"])
	s, f := htmlSection(notes, "Skipped (60)"), htmlSection(notes, "Could not be read (1)")
	if len(s) != 60 || len(f) != 1 || s[59].text() != "ride-59.fit: a cycling activity, not a run" ||
		f[0].text() != "<script>alert(1)</script>.fit: not an activity" {
		t.Errorf("notes.html: %d skipped, %d failed", len(s), len(f))
	}
	if strings.Contains(string(pages["notes.html"]), "<script") {
		t.Error("a file name reached notes.html unescaped")
	}
	if len(htmlRows(notes)) != 0 {
		t.Error("notes.html lists activities")
	}
	// Only failures: the sentence names them alone.
	idx.Failed, idx.Skipped = idx.Skipped, nil
	_, _, pages = idxPages(t, idx)
	if tx := htmlParse(t, pages["index.html"]).text(); !strings.Contains(tx, "Skipped and unreadable files 60 files could not be read: see the list.") {
		t.Errorf("index.html with 60 failures: %.600s", tx[strings.Index(tx, "Skipped and unreadable files"):])
	}
}

func TestWriteIndexPagesNamesAndZones(t *testing.T) {
	// 22:00 on New Year's Eve in New York is already 2025 in UTC: the run belongs to
	// 2024, at 22:00, as the runner saw it.
	ny := time.FixedZone("EST", -5*3600)
	eve := time.Date(2024, 12, 31, 22, 0, 0, 0, ny)
	tokyo := time.Date(2025, 1, 1, 6, 30, 0, 0, time.FixedZone("JST", 9*3600)) // 2024-12-31 21:30 UTC
	member := "x/UploadedFiles_0-_Part1.zip:some/path/123_ACTIVITY.fit"
	idx := Index{Rows: []IndexRow{
		{Result: idxTestRun(member, "Silvester <Lauf>", &eve, 166)},
		{Result: idxTestRun("runs/07:30 easy.fit", "", &tokyo, 160)},
		{Result: idxTestRun(`export.zip:inner.ZIP:a\b\c.fit`, "  ", nil, 160)},
	}}
	r := idxTestRun("plain.fit", "", nil, 160)
	r.Index = 2
	idx.Rows = append(idx.Rows, IndexRow{Result: r})
	names, _, pages := idxPages(t, idx)
	if got := fmt.Sprint(names); got != "[index.html runs-2025.html runs-2024.html runs-undated.html]" {
		t.Fatalf("pages %s", got)
	}
	y24 := htmlParse(t, pages["runs-2024.html"])
	c := idxCells(y24)
	if len(c) != 1 || c[0] != [3]string{"Silvester <Lauf>", "123_ACTIVITY.fit", "2024-12-31T22:00:00-05:00"} {
		t.Errorf("runs-2024.html rows %q", c)
	}
	tx := htmlRows(y24)[0].text()
	if !strings.Contains(tx, "Tue 31 Dec 2024 22:00") {
		t.Errorf("the run is not shown at its local time: %q", tx)
	}
	if !strings.Contains(string(pages["runs-2024.html"]), `<span class="f" title="`+member+`">123_ACTIVITY.fit</span>`) {
		t.Error("the archive member's whole path is not its file name's tooltip")
	}
	if !strings.Contains(string(pages["runs-2024.html"]), `<span class="nm">Silvester &lt;Lauf&gt;</span>`) {
		t.Error("the activity name is not shown escaped")
	}
	y25 := htmlParse(t, pages["runs-2025.html"])
	if c := idxCells(y25); len(c) != 1 || c[0] != [3]string{"07:30 easy.fit", "", "2025-01-01T06:30:00+09:00"} {
		t.Errorf("runs-2025.html rows %q", c)
	}
	undated := idxCells(htmlParse(t, pages["runs-undated.html"]))
	if fmt.Sprint(undated) != "[[c.fit  ] [plain.fit#2  ]]" {
		t.Errorf("runs-undated.html rows %q", undated)
	}
	// index.html: Tokyo's run started earlier in absolute time, so it comes second.
	var order []string
	for _, c := range idxCells(htmlParse(t, pages["index.html"])) {
		order = append(order, c[0])
	}
	if fmt.Sprint(order) != "[Silvester <Lauf> 07:30 easy.fit c.fit plain.fit#2]" {
		t.Errorf("index.html order %q", order)
	}
}

func TestWriteIndexPagesWriteError(t *testing.T) {
	st := time.Date(2024, 5, 1, 7, 0, 0, 0, time.UTC)
	old := time.Date(2023, 5, 1, 7, 0, 0, 0, time.UTC)
	idx := Index{Rows: []IndexRow{{Result: idxTestRun("a.fit", "", &st, 160)}, {Result: idxTestRun("b.fit", "", &old, 160)}}}
	full := errors.New("disk full")
	var tried []string
	names, err := WriteIndexPages(idx, func(name string, render func(io.Writer) error) error {
		tried = append(tried, name)
		if name == "runs-2023.html" {
			return full
		}
		return render(io.Discard)
	})
	if !errors.Is(err, full) || fmt.Sprint(names) != "[runs-2024.html]" || fmt.Sprint(tried) != "[runs-2024.html runs-2023.html]" {
		t.Errorf("got %v, %v after trying %v; want disk full, [runs-2024.html], and index.html not written", err, names, tried)
	}
	// No activities at all: index.html alone, saying so.
	names, _, pages := idxPages(t, Index{})
	if fmt.Sprint(names) != "[index.html]" || !strings.Contains(string(pages["index.html"]), "No activities were analysed.") {
		t.Errorf("empty index: %v", names)
	}
}

// idxSynthetic builds n activities, one every 26 hours back from the end of 2025 (so
// about five years of them), with names, archive paths and links like the ones
// `cadence report` writes for a Garmin export.
func idxSynthetic(n int) Index {
	loc := time.FixedZone("CET", 3600)
	end := time.Date(2025, 12, 31, 18, 0, 0, 0, loc)
	idx := Index{Title: "Cadence report", Generated: end, Rows: make([]IndexRow, n)}
	for i := range n {
		st := end.Add(-time.Duration(i) * 26 * time.Hour)
		file := fmt.Sprintf("garmin/UploadedFiles_0-_Part%d.zip:DI_CONNECT/DI-Connect-Uploaded-Files/%d_ACTIVITY.fit", 1+i/500, 18000000000+i*7919)
		name := []string{"Morning Run", "Lunch Run", "Evening Run", "Long run with the club", ""}[i%5]
		// Cadence rising from about 150 to 164 over the years, give or take 4.
		r := idxTestRun(file, name, &st, 150+math.Round(14*float64(n-i)/float64(n))+float64(i*37%9)-4)
		base := st.Format("2006-01-02") + "-" + strings.ToLower(strings.ReplaceAll(name, " ", "-"))
		idx.Rows[i] = IndexRow{Result: r, PNG: base + ".png", Thumb: base + ".thumb.png", Advice: base + ".html"}
		if t := coach.Target(r); t > 0 {
			idx.Rows[i].Click = fmt.Sprintf("click-%d.wav", int(t))
		}
	}
	for i := range 120 {
		idx.Skipped = append(idx.Skipped, IndexNote{File: fmt.Sprintf("garmin/UploadedFiles_0-_Part1.zip:DI_CONNECT/%d_ACTIVITY.fit", 17000000000+i), Reason: "a cycling activity, not a run"})
	}
	return idx
}

// TestWriteIndexPagesSize writes the index of 2,000 activities and checks that
// index.html and every other page stays under 1 MB, and that every activity's page
// and dashboard is linked from its year's page.
func TestWriteIndexPagesSize(t *testing.T) {
	idx := idxSynthetic(2000)
	start := time.Now()
	names, _, pages := idxPages(t, idx)
	took := time.Since(start)
	if len(names) != 8 || names[1] != "runs-2025.html" || names[6] != "runs-2020.html" || names[7] != "notes.html" {
		t.Errorf("pages %v", names)
	}
	const limit = 1 << 20
	total := 0
	for _, name := range names {
		n := len(pages[name])
		total += n
		t.Logf("%-18s %8d bytes", name, n)
		if n > limit {
			t.Errorf("%s is %d bytes, over 1 MB", name, n)
		}
	}
	t.Logf("2,000 activities: %d pages, %d bytes in all, rendered in %v", len(names), total, took)
	if n := len(pages["index.html"]); n > 200<<10 {
		t.Errorf("index.html is %d bytes; 100 rows and a summary should take well under 200 kB", n)
	}
	index := htmlParse(t, pages["index.html"])
	if h := index.all("h2"); len(h) == 0 || h[0].text() != "Latest 100 of 2,000 activities" {
		t.Errorf("index.html heading %v", h)
	}
	if n := len(htmlRows(index)); n != IndexLatest {
		t.Errorf("index.html has %d rows, want %d", n, IndexLatest)
	}
	// The trend: 2,000 runs drawn as 200 points, each the median of 10 runs.
	pts := strings.Fields(index.all("polyline")[0].Attr["points"])
	if len(pts) != 200 || !strings.Contains(index.text(), "Median running cadence of every 10 runs, oldest to newest") {
		t.Errorf("the trend draws %d points, want 200 of 10 runs each", len(pts))
	}
	// Every activity: its advice page and dashboard linked from exactly one year page.
	linked := map[string]int{}
	rows := 0
	for _, name := range names[1 : len(names)-1] {
		root := htmlParse(t, pages[name])
		for _, tr := range htmlRows(root) {
			rows++
			for _, a := range tr.all("a") {
				linked[a.Attr["href"]]++
			}
		}
	}
	if rows != 2000 {
		t.Errorf("the year pages list %d activities, want 2000", rows)
	}
	for _, r := range idx.Rows {
		// The dashboard is linked twice in its row: the thumbnail and "plot".
		if linked[r.Advice] != 1 || linked[r.PNG] != 2 {
			t.Fatalf("%s linked %d times, %s %d times", r.Advice, linked[r.Advice], r.PNG, linked[r.PNG])
		}
	}
}
