package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// htmlNode is an element of the parsed page.
type htmlNode struct {
	Name     string
	Attr     map[string]string
	Children []*htmlNode
	Text     string // the text of a "#text" node
	Parent   *htmlNode
}

// htmlParse parses the page leniently (HTML void elements and entities allowed) into a
// tree; it fails on anything the lenient XML reader cannot make sense of.
func htmlParse(t *testing.T, page []byte) *htmlNode {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	root := &htmlNode{Name: "#root"}
	cur := root
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("page does not parse: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &htmlNode{Name: strings.ToLower(tk.Name.Local), Attr: map[string]string{}, Parent: cur}
			for _, a := range tk.Attr {
				n.Attr[strings.ToLower(a.Name.Local)] = a.Value
			}
			cur.Children = append(cur.Children, n)
			cur = n
		case xml.EndElement:
			if cur.Parent != nil {
				cur = cur.Parent
			}
		case xml.CharData:
			cur.Children = append(cur.Children, &htmlNode{Name: "#text", Text: string(tk), Parent: cur})
		}
	}
	return root
}

// all returns the elements named name under n, in document order.
func (n *htmlNode) all(name string) []*htmlNode {
	var out []*htmlNode
	var walk func(*htmlNode)
	walk = func(m *htmlNode) {
		for _, c := range m.Children {
			if c.Name == name {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

// text returns all the text under n, in document order, with runs of space collapsed.
func (n *htmlNode) text() string {
	var b strings.Builder
	var walk func(*htmlNode)
	walk = func(m *htmlNode) {
		b.WriteString(m.Text)
		for _, c := range m.Children {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// ownText returns the text directly inside n, not inside its child elements.
func (n *htmlNode) ownText() string {
	var s string
	for _, c := range n.Children {
		if c.Name == "#text" {
			s += c.Text
		}
	}
	return strings.Join(strings.Fields(s), " ")
}

func (n *htmlNode) hasClass(c string) bool {
	for _, f := range strings.Fields(n.Attr["class"]) {
		if f == c {
			return true
		}
	}
	return false
}

func htmlRows(root *htmlNode) []*htmlNode {
	var rows []*htmlNode
	for _, tb := range root.all("tbody") {
		rows = append(rows, tb.all("tr")...)
	}
	return rows
}

func htmlSection(root *htmlNode, heading string) []*htmlNode {
	for _, h := range root.all("h2") {
		if strings.HasPrefix(h.text(), heading) {
			var sib []*htmlNode // the element siblings
			for _, c := range h.Parent.Children {
				if c.Name != "#text" {
					sib = append(sib, c)
				}
			}
			for i, c := range sib {
				if c == h && i+1 < len(sib) && sib[i+1].Name == "ul" {
					return sib[i+1].all("li")
				}
			}
		}
	}
	return nil
}

func htmlRun(file string, day int, med float64) *analysis.Result {
	r := advRun(med, 360)
	r.File = file
	r.Start = advStart(day)
	return r
}

func TestWriteIndex(t *testing.T) {
	// A row shows the file's base name and has the whole path as a tooltip; a failed
	// file is named in full.
	evilDir := `runs/<script>alert("x")</script>/`
	evilBase := `a <b>&amp; "run".fit`
	evil := evilDir + evilBase
	noDate := advRun(158, 360)
	noDate.File, noDate.Start = "undated.gpx", nil
	idx := Index{
		Title:     "Anna's runs",
		Generated: time.Date(2024, 5, 20, 9, 0, 0, 0, time.UTC),
		Rows: []IndexRow{
			{Result: htmlRun("middle.fit", 12, 156), PNG: "png/middle.png", Thumb: "png/middle-thumb.png", Advice: "advice/middle.md", Click: "click-164.wav"},
			{Result: noDate},
			{Result: htmlRun(evil, 18, 172), PNG: "png/evil.png", Thumb: "png/evil-thumb.png", Advice: "javascript:alert(1)"},
			{Result: htmlRun("oldest.fit", 2, 152), Advice: "advice/oldest run.md"},
			{Result: advWalk()},
			{Result: nil}, // ignored
		},
		Skipped: []IndexNote{{File: "ride.fit", Reason: "a cycling activity, not a run"}, {File: "swim.fit", Reason: "a swimming activity, not a run"}},
		Failed:  []IndexNote{{File: "broken.fit", Reason: "fitparse: truncated file at offset 1234 <eof>"}, {File: `<script>alert("x")</script>.fit`, Reason: "not an activity"}},
	}
	var buf bytes.Buffer
	if err := WriteIndex(&buf, idx); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	root := htmlParse(t, buf.Bytes())

	// Escaping: the file name never becomes markup, the javascript: link is neutralised.
	if strings.Contains(page, "<script") {
		t.Error("a file name with <script> reached the page unescaped")
	}
	for _, s := range []string{
		`<code>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;.fit</code>`,
		`title="runs/&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;/a &lt;b&gt;&amp;amp; &#34;run&#34;.fit">a &lt;b&gt;&amp;amp; &#34;run&#34;.fit</span>`,
	} {
		if !strings.Contains(page, s) {
			t.Errorf("escaped file name %s not found in page", s)
		}
	}
	if strings.Contains(page, "javascript:") {
		t.Error("a javascript: link reached the page")
	}
	if got := root.all("title")[0].text(); got != "Anna's runs" {
		t.Errorf("title %q", got)
	}

	rows := htmlRows(root)
	if len(rows) != 5 {
		t.Fatalf("%d rows, want 5 (the nil result left out)", len(rows))
	}
	// Newest first, the undated run last.
	var order []string
	for _, tr := range rows {
		for _, sp := range tr.all("span") {
			if sp.hasClass("nm") {
				order = append(order, sp.text())
			}
		}
	}
	want := []string{evilBase, "2024-05-13-walk.gpx", "middle.fit", "oldest.fit", "undated.gpx"}
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Errorf("row order %q, want %q", order, want)
	}
	// The middle run: every cell and link.
	mid := rows[2]
	tx := mid.text()
	for _, s := range []string{"Sun 12 May 2024", "07:30", "8.0 km", "6:00/km", "156", "→ 164", "likely overstriding", "plot", "advice", "click track"} {
		if !strings.Contains(tx, s) {
			t.Errorf("middle row %q lacks %q", tx, s)
		}
	}
	var hrefs []string
	for _, a := range mid.all("a") {
		hrefs = append(hrefs, a.Attr["href"])
	}
	if fmt.Sprint(hrefs) != "[png/middle.png png/middle.png advice/middle.md click-164.wav]" {
		t.Errorf("middle row links %q", hrefs)
	}
	img := mid.all("img")
	if len(img) != 1 || img[0].Attr["src"] != "png/middle-thumb.png" || img[0].Attr["loading"] != "lazy" ||
		img[0].Attr["width"] != "160" || img[0].Attr["height"] != "100" {
		t.Errorf("thumbnail %v", img[0].Attr)
	}
	// A space in a link is percent-encoded, a run without files has no links or image.
	if !strings.Contains(page, `href="advice/oldest%20run.md"`) {
		t.Error("link with a space not encoded")
	}
	if len(rows[3].all("img")) != 0 || len(rows[4].all("a")) != 0 {
		t.Error("a row without files has an image or links")
	}
	// Badges carry the verdict kind as class, with calm labels.
	badge := func(tr *htmlNode) *htmlNode {
		for _, sp := range tr.all("span") {
			if sp.hasClass("b") {
				return sp
			}
		}
		return nil
	}
	for i, w := range []struct{ class, label string }{{"ok", "looks fine"}, {"walking", "walk"}, {"overstride", "likely overstriding"}, {"overstride", "likely overstriding"}, {"overstride", "likely overstriding"}} {
		b := badge(rows[i])
		if b == nil || !b.hasClass(w.class) || b.text() != w.label {
			t.Errorf("row %d badge %v, want class %s, label %q", i, b, w.class, w.label)
		}
	}
	if !strings.Contains(page, "date unknown") {
		t.Error("the undated row does not say so")
	}

	// Summary: 4 runs (3 overstriding), 1 walk, median of 152, 156, 158, 172 = 157.
	cards := map[string]string{}
	for _, d := range root.all("div") {
		if d.hasClass("card") {
			b := d.all("b")[0]
			cards[d.ownText()] = b.text()
		}
	}
	if fmt.Sprint(cards) != "map[likely overstriding:3 median steps/min:157 runs:4 walk:1]" {
		t.Errorf("summary cards %v", cards)
	}

	skipped, failed := htmlSection(root, "Skipped"), htmlSection(root, "Could not be read")
	if len(skipped) != 2 || len(failed) != 2 {
		t.Fatalf("%d skipped, %d failed, want 2, 2", len(skipped), len(failed))
	}
	if skipped[0].text() != "ride.fit: a cycling activity, not a run" {
		t.Errorf("skipped[0] = %q", skipped[0].text())
	}
	if failed[0].text() != "broken.fit: fitparse: truncated file at offset 1234 <eof>" {
		t.Errorf("failed[0] = %q", failed[0].text())
	}
	if failed[1].text() != `<script>alert("x")</script>.fit: not an activity` {
		t.Errorf("failed[1] = %q", failed[1].text())
	}
	if !strings.Contains(page, "Skipped (2)") || !strings.Contains(page, "Could not be read (2)") {
		t.Error("section counts missing")
	}
	if !strings.Contains(page, "Generated 20 May 2024, 09:00") {
		t.Error("generation time missing")
	}
	// Self-contained: nothing fetched, no scripts.
	for _, s := range []string{"http://", "https://", "<script", "<link", "@import"} {
		if strings.Contains(page, s) {
			t.Errorf("page contains %q", s)
		}
	}
}

func TestWriteIndexImperialEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteIndex(&buf, Index{Imperial: true, Rows: []IndexRow{{Result: htmlRun("a.fit", 3, 160)}}}); err != nil {
		t.Fatal(err)
	}
	root := htmlParse(t, buf.Bytes())
	tx := htmlRows(root)[0].text()
	if !strings.Contains(tx, "5.0 mi") || !strings.Contains(tx, "9:39/mi") || strings.Contains(tx, "km") {
		t.Errorf("imperial row %q", tx)
	}
	// The verdict's reason, written by the analysis per km, is shown per mile too.
	if !strings.Contains(buf.String(), `title="running cadence 160 steps/min at 9:39/mi is below 163.7, the threshold for that pace`) {
		t.Error("the badge's reason is not in miles")
	}
	if got := root.all("h1")[0].text(); got != "Cadence report" {
		t.Errorf("default title %q", got)
	}

	buf.Reset()
	if err := WriteIndex(&buf, Index{}); err != nil {
		t.Fatal(err)
	}
	root = htmlParse(t, buf.Bytes())
	if len(htmlRows(root)) != 0 || !strings.Contains(buf.String(), "No activities were analysed.") {
		t.Error("an empty index does not say it is empty")
	}
}

func TestWriteIndexTrend(t *testing.T) {
	var rows []IndexRow
	// 20 runs over 20 weeks, cadence rising from 150 to 169, given newest first.
	for i := 19; i >= 0; i-- {
		r := htmlRun(fmt.Sprintf("run-%02d.fit", i), 1, 150+float64(i))
		st := time.Date(2024, 1, 1, 7, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i)
		r.Start = &st
		rows = append(rows, IndexRow{Result: r})
	}
	var buf bytes.Buffer
	if err := WriteIndex(&buf, Index{Rows: rows}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	// First 10: 150-159, median 154.5 → 155; latest 10: 160-169, median 164.5 → 165.
	if !strings.Contains(page, "Your latest 10 runs: median 165 steps/min, up 10 from 155 in your first 10.") {
		t.Errorf("trend sentence missing:\n%s", page[:min(len(page), 4000)])
	}
	root := htmlParse(t, buf.Bytes())
	lines := root.all("polyline")
	if len(lines) != 1 || len(strings.Fields(lines[0].Attr["points"])) != 20 {
		t.Fatalf("sparkline: %d polylines", len(lines))
	}
	pts := strings.Fields(lines[0].Attr["points"])
	// The axis runs from 148 to 171 over y = 76 to 4: 150 sits at 4 + 21/23 × 72 = 69.7,
	// 169 at 4 + 2/23 × 72 = 10.3 (oldest low on the left, newest high on the right).
	if pts[0] != "4.0,69.7" || pts[19] != "596.0,10.3" {
		t.Errorf("sparkline runs from %s to %s", pts[0], pts[19])
	}
	if len(root.all("line")) != 1 {
		t.Error("no threshold line")
	}
}

func TestWriteIndex1000Rows(t *testing.T) {
	rows := make([]IndexRow, 1000)
	t0 := time.Date(2021, 1, 1, 6, 45, 0, 0, time.UTC)
	for i := range rows {
		r := htmlRun(fmt.Sprintf("activities/%010d.fit.gz", 9000000000+i), 1, 150+float64(i%25))
		st := t0.Add(time.Duration(i) * 26 * time.Hour)
		r.Start = &st
		base := fmt.Sprintf("runs/%s-%04d", st.Format("2006-01-02"), i)
		rows[i] = IndexRow{Result: r, PNG: base + ".png", Thumb: base + "-thumb.png", Advice: base + ".md", Click: fmt.Sprintf("clicks/click-%d.wav", int(coach.Target(r)))}
	}
	var buf bytes.Buffer
	start := time.Now()
	if err := WriteIndex(&buf, Index{Title: "1000 runs", Rows: rows, Generated: t0}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	root := htmlParse(t, buf.Bytes())
	got := htmlRows(root)
	if len(got) != 1000 {
		t.Fatalf("%d rows, want 1000", len(got))
	}
	if n := len(root.all("img")); n != 1000 {
		t.Errorf("%d thumbnails, want 1000", n)
	}
	const limit = 1500 << 10
	t.Logf("1000 rows: %d bytes (%.0f per row), rendered in %v", buf.Len(), float64(buf.Len())/1000, took)
	if buf.Len() > limit {
		t.Errorf("page of 1000 rows is %d bytes, want under %d", buf.Len(), limit)
	}
	// Newest first across the whole page.
	first, last := got[0].all("time")[0].Attr["datetime"], got[999].all("time")[0].Attr["datetime"]
	if first != rows[999].Result.Start.Format(time.RFC3339) || last != rows[0].Result.Start.Format(time.RFC3339) {
		t.Errorf("first row %s, last %s", first, last)
	}
}

// TestIndexNarrowScreens: on a phone the rule that hides the thumbnail and pace
// columns applies to the activities only (it hid the WEEK column of the weekly table),
// and both tables scroll in their own box rather than running off the page.
func TestIndexNarrowScreens(t *testing.T) {
	for _, m := range regexp.MustCompile(`@media \(max-width:\d+px\)\{[^@]*\}\}`).FindAllString(idxHTML, -1) {
		for _, rule := range regexp.MustCompile(`[^{}]+\{display:none\}`).FindAllString(m, -1) {
			for _, sel := range strings.Split(strings.TrimSuffix(rule, "{display:none}"), ",") {
				sel = strings.TrimSpace(sel[strings.LastIndex(sel, "{")+1:])
				cell := strings.HasPrefix(sel, "th") || strings.HasPrefix(sel, "td") || strings.Contains(sel, " th") || strings.Contains(sel, " td")
				if cell && !strings.HasPrefix(sel, "table.acts ") {
					t.Errorf("a narrow-screen rule hides %q in every table", sel)
				}
			}
		}
	}
	for _, want := range []string{`<div class="scroll"><table class="wk">`, `<div class="scroll"><table class="acts">`, `.scroll{overflow-x:auto`} {
		if !strings.Contains(idxHTML, want) {
			t.Errorf("the index lacks %q", want)
		}
	}
}
