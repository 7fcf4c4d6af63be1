package report

import (
	"io"
	"slices"
	"strconv"
)

// The file names of the index's pages besides the year pages, runs-YYYY.html.
const (
	IndexPage        = "index.html"
	IndexUndatedPage = "runs-undated.html"
	IndexNotesPage   = "notes.html"
)

// WriteIndexPages splits the index into self-contained pages (inline CSS, no scripts,
// nothing fetched from the network) so that a report of thousands of activities opens
// quickly:
//
//   - index.html has the summary and the cadence trend of every activity, the latest
//     activities (Index.Latest, or IndexLatest), and the skipped and failed files,
//     or only their counts when there are more than IndexNotesInline;
//   - runs-YYYY.html, one per year in the activities' own time zones, newest year
//     first, lists every activity of that year, newest first, and runs-undated.html
//     those without a date;
//   - notes.html lists the skipped and failed files when index.html only counts them.
//
// Every page links to all the others. Each page is written through write, which the
// caller makes atomic; index.html is written last, so that it never links to a page
// not yet written. WriteIndexPages returns the names of the pages in the order they
// are linked (index.html first); after an error, the names of those written so far.
func WriteIndexPages(idx Index, write func(name string, render func(io.Writer) error) error) ([]string, error) {
	idx = idxPrintable(idx)
	rows := idxSorted(idx.Rows)
	latest := idx.Latest
	if latest <= 0 {
		latest = IndexLatest
	}

	// The year pages, newest year first (rows are sorted newest first, but a year
	// is the activity's local year, which can differ around New Year between zones).
	type group struct {
		name, label string
		year        int
		rows        []IndexRow
	}
	var groups []*group
	byYear := map[int]*group{}
	var undated *group
	for _, r := range rows {
		st := r.Result.Start
		if st == nil {
			if undated == nil {
				undated = &group{name: IndexUndatedPage, label: "Undated"}
			}
			undated.rows = append(undated.rows, r)
			continue
		}
		y := st.Year()
		g := byYear[y]
		if g == nil {
			g = &group{name: "runs-" + strconv.Itoa(y) + ".html", label: strconv.Itoa(y), year: y}
			byYear[y] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, r)
	}
	slices.SortFunc(groups, func(a, b *group) int { return b.year - a.year })
	if undated != nil {
		groups = append(groups, undated)
	}
	notesApart := len(idx.Skipped)+len(idx.Failed) > IndexNotesInline

	names := []string{IndexPage}
	for _, g := range groups {
		names = append(names, g.name)
	}
	if notesApart {
		names = append(names, IndexNotesPage)
	}
	// nav is the list of pages as seen from the page named self.
	nav := func(self string) []idxLink {
		links := []idxLink{{Label: "Overview", Href: IndexPage}}
		for _, g := range groups {
			links = append(links, idxLink{Label: g.label, Href: g.name, Count: idxNum(len(g.rows))})
		}
		if notesApart {
			links = append(links, idxLink{Label: "Skipped and unreadable", Href: IndexNotesPage,
				Count: idxNum(len(idx.Skipped) + len(idx.Failed))})
		}
		for i := range links {
			if links[i].Href == self {
				links[i].Href = ""
			}
		}
		return links
	}
	render := func(p idxPage) func(io.Writer) error {
		return func(w io.Writer) error { return idxTemplate.Execute(w, p) }
	}

	var done []string
	for _, g := range groups {
		p := idxBase(idx, len(rows))
		p.Title += ": " + g.label
		p.Nav = nav(g.name)
		sum := idxSummarize(g.rows, false)
		p.Sum = &sum
		p.Table = true
		if g == undated {
			p.Caption = "Activities without a date (" + idxNum(len(g.rows)) + ")"
		} else {
			p.Caption = g.label + ": " + idxNum(len(g.rows)) + " " + idxPlural(len(g.rows), "activity", "activities") + ", newest first"
		}
		p.Rows = idxMakeRows(g.rows, idx.Imperial)
		if err := write(g.name, render(p)); err != nil {
			return done, err
		}
		done = append(done, g.name)
	}
	if notesApart {
		p := idxBase(idx, len(rows))
		p.Title += ": skipped and unreadable files"
		p.Nav = nav(IndexNotesPage)
		p.Skipped, p.Failed = idx.Skipped, idx.Failed
		if err := write(IndexNotesPage, render(p)); err != nil {
			return done, err
		}
		done = append(done, IndexNotesPage)
	}

	p := idxBase(idx, len(rows))
	p.Nav = nav(IndexPage)
	sum := idxSummarize(rows, true)
	p.Sum = &sum
	p.Weekly = idxMakeWeekly(idx.Weekly, idx.Imperial)
	p.Clinic = idx.Clinic
	p.Table = true
	shown := rows[:min(latest, len(rows))]
	p.Rows = idxMakeRows(shown, idx.Imperial)
	if len(shown) < len(rows) {
		p.Caption = "Latest " + idxNum(len(shown)) + " of " + idxNum(len(rows)) + " activities"
	} else {
		p.Caption = "Activities"
	}
	for _, g := range groups {
		p.More = append(p.More, idxLink{Label: g.label, Href: g.name})
	}
	if notesApart {
		p.NotesLink = IndexNotesPage
	} else {
		p.Skipped, p.Failed = idx.Skipped, idx.Failed
	}
	if err := write(IndexPage, render(p)); err != nil {
		return done, err
	}
	return names, nil
}

// idxPlural returns one when n is 1 and many otherwise.
func idxPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
