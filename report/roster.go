package report

import (
	"html/template"
	"io"
	"strconv"
	"time"
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
	// Runs counts the athlete's activities with a page; LastRun is the start of
	// their latest run, LastRunPage its page, DaysSince the whole days since.
	Runs        int
	LastRun     time.Time
	LastRunPage string
	DaysSince   int
	// Unreadable counts the athlete's files that could not be read.
	Unreadable int
	// Pages gives the page of each run by its file (analysis.Result.File), relative
	// to the roster page, for the flags to link to the run behind them.
	Pages map[string]string
}

// rosterRow is one row of the page, every text made printable.
type rosterRow struct {
	Name, Index, Problem string
	Kept                 bool
	Runs                 string
	Last                 rosterCell
	Notes                []rosterCell
}

// A rosterCell is a text with an optional link and a title.
type rosterCell struct {
	Text, Href, Title string
	Look              bool // worth a look, not only a note
}

type rosterPage struct {
	Title, Generated string
	Rows             []rosterRow
	Failed           []IndexNote
}

// WriteRosterPage writes the roster as one self-contained HTML page (inline CSS, no
// scripts, nothing from the network). Every text from files and folder names is
// escaped.
func WriteRosterPage(w io.Writer, ro Roster) error {
	p := rosterPage{Title: Printable(ro.Title)}
	if p.Title == "" {
		p.Title = "Cadence roster"
	}
	if !ro.Generated.IsZero() {
		p.Generated = ro.Generated.Format("2 January 2006, 15:04")
	}
	for _, n := range ro.Failed {
		p.Failed = append(p.Failed, IndexNote{File: Printable(n.File), Reason: Printable(n.Reason)})
	}
	for _, a := range ro.Athletes {
		p.Rows = append(p.Rows, rosterMakeRow(a, ro.Imperial))
	}
	return rosterTemplate.Execute(w, p)
}

// rosterMakeRow words one athlete's row.
func rosterMakeRow(a RosterAthlete, imperial bool) rosterRow {
	row := rosterRow{Name: Printable(a.Name), Index: a.Index, Problem: Printable(a.Problem), Kept: a.Kept,
		Runs: idxNum(a.Runs) + " " + idxPlural(a.Runs, "activity", "activities")}
	if row.Name == "" {
		row.Name = "(no name)"
	}
	switch {
	case a.LastRun.IsZero():
		row.Last = rosterCell{Text: "no run yet"}
	default:
		row.Last = rosterCell{Text: daysAgo(a.DaysSince), Href: a.LastRunPage, Title: a.LastRun.Format("Mon 2 Jan 2006, 15:04")}
	}
	if a.Unreadable > 0 {
		row.Notes = append(row.Notes, rosterCell{Text: idxNum(a.Unreadable) + " " + idxPlural(a.Unreadable, "file", "files") + " could not be read", Href: a.Index})
	}
	return row
}

// daysAgo says how long ago a day was, in whole days.
func daysAgo(days int) string {
	switch days {
	case 0:
		return "today"
	case 1:
		return "yesterday"
	}
	return strconv.Itoa(days) + " days ago"
}

var rosterTemplate = template.Must(template.New("roster").Funcs(template.FuncMap{
	"num":    idxNum,
	"plural": idxPlural,
}).Parse(rosterHTML))

// rosterHTML is the roster page. On a narrow screen each athlete's row becomes a
// card of labelled lines, so that no column is hidden and nothing runs off the side.
const rosterHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root{color-scheme:light;--ink:#24292f;--muted:#5f6b76;--line:#e3e6ea;--bg:#fbfbfa;--card:#fff;--accent:#0072b2}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1200px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.6rem;margin:0 0 4px;font-weight:600}
h2{font-size:1.1rem;margin:28px 0 8px;font-weight:600}
a{color:var(--accent)}
.meta,.note,.to{color:var(--muted)}
.meta{margin:0 0 16px}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px}
th,td{padding:8px 10px;text-align:left;vertical-align:top;border-top:1px solid var(--line)}
th{font-size:.8rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;border-top:0}
td{font-variant-numeric:tabular-nums}
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
table,tbody,tr,td{display:block;width:100%}
table{border:0;background:none}
thead{display:none}
tr{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:0 0 12px;padding:6px 0}
td{border-top:0;padding:3px 12px}
td[data-label]::before{content:attr(data-label);display:block;font-size:.7rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
td.who::before{content:none}
}
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p class="meta">{{if .Generated}}Generated {{.Generated}} · {{end}}{{num (len .Rows)}} {{plural (len .Rows) "athlete" "athletes"}}, those with something worth a look first</p>
{{- if .Rows}}
<table>
<thead><tr><th>Athlete</th><th>Last run</th><th>Worth a look</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><td class="who" data-label="Athlete">{{if .Index}}<a class="nm" href="{{.Index}}">{{.Name}}</a>{{else}}<span class="nm">{{.Name}}</span>{{end}}<span class="sub">{{.Runs}}{{if .Kept}} · not read this time; the report is as it was{{end}}</span>{{if .Problem}}<span class="sub">{{.Problem}}</span>{{end}}</td>
<td data-label="Last run">{{with .Last}}{{if .Href}}<a href="{{.Href}}" title="{{.Title}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}</td>
<td data-label="Worth a look">{{if .Notes}}<ul class="fl">{{range .Notes}}<li>{{if .Href}}<a class="b{{if .Look}} look{{end}}" href="{{.Href}}"{{if .Title}} title="{{.Title}}"{{end}}>{{.Text}}</a>{{else}}<span class="b{{if .Look}} look{{end}}">{{.Text}}</span>{{end}}</li>{{end}}</ul>{{else}}<span class="calm">nothing</span>{{end}}</td></tr>
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
