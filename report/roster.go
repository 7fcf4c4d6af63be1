package report

import (
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/cadence-run/cadence/coach"
)

// A Roster is a coach's page over several athletes' reports: one row per athlete,
// in the order given (the caller sorts by what needs attention), each linking to the
// athlete's own report.
type Roster struct {
	Title     string
	Generated time.Time
	Imperial  bool
	Athletes  []RosterAthlete
	// Failed lists the inputs given that could not be read as anyone's (a folder that
	// could not be listed).
	Failed []IndexNote
}

// A RosterAthlete is one row of the roster.
type RosterAthlete struct {
	Name string
	// Index is the link to the athlete's report, relative to the roster page; ""
	// when it could not be written (Problem says why).
	Index   string
	Problem string
	// Kept is an athlete of the last roster whose inputs were not read this time
	// (an input failed): their report is as it was.
	Kept bool
	// Status is the athlete at a glance (coach.StatusOf over their counted runs);
	// nil for a kept athlete or one whose report could not be written.
	Status *coach.Status
	// Activities counts the athlete's activities with a page, and Unreadable their
	// files that could not be read.
	Activities, Unreadable int
	// Pages gives the page of each run by its file (analysis.Result.File), relative
	// to the roster page, for the flags to link to the run behind them.
	Pages map[string]string
}

// rosterRow is one row of the page, every text made printable.
type rosterRow struct {
	Name, Index, Problem string
	Kept                 bool
	Runs                 string
	Last, Week, Long     rosterCell
	Cadence, Over, Down  rosterCell
	Flags                []rosterCell
}

// A rosterCell is a text with an optional link, a second line and a title.
type rosterCell struct {
	Text, Sub, Href, Title string
	Look                   bool // worth a look, not only a note
}

type rosterPage struct {
	Title, Generated, Pace string
	Rows                   []rosterRow
	Failed                 []IndexNote
}

// WriteRosterPage writes the roster as one self-contained HTML page (inline CSS, no
// scripts, nothing from the network). Every text from files and folder names is
// escaped, and every file name is its public form (PublicFile).
func WriteRosterPage(w io.Writer, ro Roster) error {
	p := rosterPage{Title: Printable(ro.Title)}
	if p.Title == "" {
		p.Title = "Cadence roster"
	}
	if !ro.Generated.IsZero() {
		p.Generated = ro.Generated.Format("2 January 2006, 15:04")
	}
	for _, n := range ro.Failed {
		p.Failed = append(p.Failed, IndexNote{File: Printable(PublicFile(n.File)), Reason: Printable(publicText(n.Reason, n.File))})
	}
	for _, a := range ro.Athletes {
		p.Rows = append(p.Rows, rosterMakeRow(a, ro.Imperial))
	}
	return rosterTemplate.Execute(w, p)
}

// rosterMakeRow words one athlete's row: CellsOf's figures, each with the run
// behind it linked where there is one, and every flag in FlagWords's words.
func rosterMakeRow(a RosterAthlete, imperial bool) rosterRow {
	row := rosterRow{Name: Printable(a.Name), Index: a.Index, Problem: Printable(a.Problem), Kept: a.Kept,
		Runs: idxNum(a.Activities) + " " + idxPlural(a.Activities, "activity", "activities")}
	if row.Name == "" {
		row.Name = "(no name)"
	}
	page := func(file string) string {
		if p := a.Pages[file]; p != "" {
			return p
		}
		return a.Index
	}
	st := a.Status
	if st == nil {
		return row
	}
	c := CellsOf(*st, imperial)
	dash := func(s string) string {
		if s == "-" {
			return "–"
		}
		return s
	}
	row.Last = rosterCell{Text: "no run yet"}
	if st.Runs > 0 {
		row.Last = rosterCell{Text: c.LastRun, Href: page(st.LastRunFile), Title: st.LastRun.Format("Mon 2 Jan 2006, 15:04"),
			Sub: st.LastRun.Format("Mon 2 Jan")}
	}
	row.Week = rosterCell{Text: dash(c.Week)}
	if st.Runs > 0 {
		row.Week.Title = "the last 7 days, then the median of the four 7-day blocks before"
		if st.Median4WeekM == nil {
			row.Week.Sub = "4-week median not known yet"
		}
	}
	row.Long = rosterCell{Text: "no spike in 30 days"}
	if s := st.Spike; s != nil {
		words, _ := coach.SpikeBand(s.Ratio)
		row.Long = rosterCell{Text: "spike " + dash(c.Spike), Href: page(s.File), Sub: words + " band",
			Title: FormatDistance(s.DistanceM, imperial) + " after a longest of " + FormatDistance(s.LongestPriorM, imperial) + " in the 30 days before",
			Look:  st.AsOf.Sub(s.Start) <= 7*24*time.Hour}
	}
	if st.NextLong.UpToM > 0 {
		row.Long.Sub = strings.TrimPrefix(row.Long.Sub+"; next long run up to "+c.NextLong, "; ")
	}
	if st.Runs == 0 {
		row.Long = rosterCell{Text: "–"}
	}
	row.Cadence = rosterCell{Text: dash(c.Cadence)}
	var sub []string
	if c.Target != "-" {
		sub = append(sub, "target "+c.Target)
	}
	if c.Change != "-" {
		sub = append(sub, c.Change)
	}
	row.Cadence.Sub = strings.Join(sub, ", ")
	row.Cadence.Title = "steps/min at " + FormatPace(st.RefPaceSPerKm, imperial) + ", with the 95% interval"
	row.Over = rosterCell{Text: dash(c.Overstride)}
	if st.Judged > 0 {
		row.Over.Sub = "of the judged runs in 30 days"
	}
	row.Down = rosterCell{Text: dash(c.Downhill)}
	if st.DownhillShare != nil {
		row.Down.Sub = "last week (weeks before)"
	}
	for _, f := range st.Flags {
		cell := rosterCell{Text: Printable(FlagWords(f, imperial)), Look: f.Level >= coach.LevelLook, Href: a.Index}
		if f.File != "" {
			cell.Href = page(f.File)
		}
		row.Flags = append(row.Flags, cell)
	}
	if a.Unreadable > 0 {
		row.Flags = append(row.Flags, rosterCell{Text: idxNum(a.Unreadable) + " " + idxPlural(a.Unreadable, "file", "files") + " could not be read", Href: a.Index})
	}
	return row
}

var rosterTemplate = template.Must(template.New("roster").Funcs(template.FuncMap{
	"num":    idxNum,
	"plural": idxPlural,
}).Parse(rosterHTML))

// rosterHTML is the roster page. On a narrow screen each athlete's row becomes a
// card of labelled lines, so that no column is hidden and nothing runs off the side.
const rosterHTML = idxHead + `main{max-width:1200px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.6rem;margin:0 0 4px;font-weight:600}
h2{font-size:1.1rem;margin:28px 0 8px;font-weight:600}
a{color:var(--accent)}
.meta,.note,.to{color:var(--muted)}
.meta{margin:0 0 16px}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px}
th,td{padding:8px 10px;text-align:left;vertical-align:top;border-top:1px solid var(--line)}
th{font-size:.8rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;border-top:0}
td{font-variant-numeric:tabular-nums}
td.who{min-width:10rem}
td:nth-child(2)>a,td:nth-child(2)>span{white-space:nowrap}
.nm{font-weight:600;overflow-wrap:anywhere}
.sub{display:block;color:var(--muted);font-size:.85rem}
ul.fl{list-style:none;margin:0;padding:0}
ul.fl li{margin:0 0 4px}
.b{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.85rem;background:#eef0f2;color:#4a5561}
.look{background:#fbefd9;color:#7a4e00}
.calm{color:var(--muted)}
ul.notes{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 16px 10px 34px}
code{font:.85rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
footer{margin-top:32px;font-size:.85rem;color:var(--muted);max-width:75ch}
@media (max-width:760px){
main{padding-left:8px;padding-right:8px}
table,tbody{display:block;width:100%}
table{border:0;background:none}
thead{display:none}
tr{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);background:var(--card);border:1px solid var(--line);border-radius:10px;margin:0 0 12px;padding:6px 0}
td{display:block;border-top:0;padding:3px 12px;min-width:0;overflow-wrap:anywhere}
td.who,td.flags,td[colspan]{grid-column:1/-1}
td[data-label]::before{content:attr(data-label);display:block;font-size:.7rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
td.who::before{content:none}
}
</style>
</head>
<body>
<main>
{{- define "cell"}}{{if .Href}}<a href="{{.Href}}"{{if .Title}} title="{{.Title}}"{{end}}{{if .Look}} class="b look"{{end}}>{{.Text}}</a>{{else}}<span{{if .Title}} title="{{.Title}}"{{end}}>{{.Text}}</span>{{end}}{{if .Sub}}<span class="sub">{{.Sub}}</span>{{end}}{{end}}
<h1>{{.Title}}</h1>
<p class="meta">{{if .Generated}}Generated {{.Generated}} · {{end}}{{num (len .Rows)}} {{plural (len .Rows) "athlete" "athletes"}}, those with something worth a look first</p>
{{- if .Rows}}
<table>
<thead><tr><th>Athlete</th><th>Last run</th><th title="the last 7 days, then the median of the four 7-day blocks before">7 days / 4-wk median</th><th>Long runs</th><th>Cadence at pace</th><th>Low for pace</th><th>Downhill</th><th>Worth a look</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><td class="who" data-label="Athlete">{{if .Index}}<a class="nm" href="{{.Index}}">{{.Name}}</a>{{else}}<span class="nm">{{.Name}}</span>{{end}}<span class="sub">{{.Runs}}{{if .Kept}} · not read this time; the report is as it was{{end}}</span>{{if .Problem}}<span class="sub">{{.Problem}}</span>{{end}}</td>
{{- if not .Kept}}{{if not .Problem}}
<td data-label="Last run">{{template "cell" .Last}}</td>
<td data-label="7 days / 4-week median">{{template "cell" .Week}}</td>
<td data-label="Long runs">{{template "cell" .Long}}</td>
<td data-label="Cadence at pace">{{template "cell" .Cadence}}</td>
<td data-label="Low for pace">{{template "cell" .Over}}</td>
<td data-label="Downhill">{{template "cell" .Down}}</td>
<td class="flags" data-label="Worth a look">{{if .Flags}}<ul class="fl">{{range .Flags}}<li>{{if .Href}}<a class="b{{if .Look}} look{{end}}" href="{{.Href}}">{{.Text}}</a>{{else}}<span class="b{{if .Look}} look{{end}}">{{.Text}}</span>{{end}}</li>{{end}}</ul>{{else}}<span class="calm">nothing this week</span>{{end}}</td>
{{- else}}<td colspan="7"></td>{{end}}{{else}}<td colspan="7"></td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p class="note">No athlete's folder was found: give the folder that holds one folder (or export zip) per athlete.</p>
{{- end}}
{{- if .Failed}}
<h2>Could not be read ({{num (len .Failed)}})</h2>
<ul class="notes">
{{- range .Failed}}
<li><code>{{.File}}</code>: {{.Reason}}</li>
{{- end}}
</ul>
{{- end}}
<footer>Each athlete's numbers come from their own runs only. The flags point at what may be worth a look; they are associations from studies of many runners, not a diagnosis: if pain changes the way someone moves, lasts more than two weeks, or comes with locking or swelling, a physiotherapist should see them.</footer>
</main>
</body>
</html>
`
