package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// The size at which the index shows thumbnails, in CSS pixels: a tenth of the 16:10
// dashboard. Thumbnails of another shape are letterboxed, not stretched.
const (
	IndexThumbWidth  = 160
	IndexThumbHeight = 100
)

// IndexLatest is how many of the newest activities WriteIndexPages lists on
// index.html when Index.Latest is 0.
const IndexLatest = 100

// IndexNotesInline is how many skipped and failed files WriteIndexPages lists on
// index.html; when there are more, index.html gives their count and notes.html lists
// them.
const IndexNotesInline = 50

// An Index is the content of the report's index page.
type Index struct {
	// Title heads the page; "" gives "Cadence report".
	Title string
	// Generated is when the report was made; the zero time leaves it out.
	Generated time.Time
	// Imperial writes distances in miles and paces per mile.
	Imperial bool
	// Rows are the analysed activities, in any order: the page shows them newest first.
	Rows []IndexRow
	// Skipped are activities left out on purpose (rides, swims), with the reason.
	Skipped []IndexNote
	// Failed are files that could not be read, with their errors.
	Failed []IndexNote
	// Latest is how many of the newest activities WriteIndexPages lists on index.html;
	// 0 gives IndexLatest. WriteIndex lists them all.
	Latest int
	// Weekly is the runner over the weeks, shown on index.html above the runs; nil
	// leaves it out.
	Weekly *IndexWeekly
	// Clinic is the relative link to the summary for a physio (ClinicPageName), ""
	// for none.
	Clinic string
}

// IndexWeekly is the trend section of index.html: the trend picture, what the trend
// says, and the latest weeks.
type IndexWeekly struct {
	PNG   string      // the trend picture, a relative link; "" for none
	Lines []string    // what the trend says, one sentence or two each
	Trend coach.Trend // the weeks, oldest first; the page lists the latest idxWeeksShown
}

// idxWeeksShown is how many of the latest weeks the index lists.
const idxWeeksShown = 12

// idxWeekly is the trend section as the template draws it.
type idxWeekly struct {
	PNG   string
	Lines []string
	Pace  string
	Weeks []idxWeekRow
	More  int      // weeks not listed
	Plan  *idxPlan // the plan card; nil without a plan
}

type idxWeekRow struct {
	Week, Start, Runs, Dist, Longest, Median, AtRef, Spikes, Downhill string
}

func idxMakeWeekly(w *IndexWeekly, imperial bool) *idxWeekly {
	if w == nil {
		return nil
	}
	out := &idxWeekly{PNG: w.PNG, Lines: w.Lines, Pace: FormatPace(w.Trend.RefPaceSPerKm, imperial), Plan: idxMakePlan(w.Trend.Plan, imperial)}
	weeks := w.Trend.Weeks
	if len(weeks) > idxWeeksShown {
		out.More = len(weeks) - idxWeeksShown
		weeks = weeks[len(weeks)-idxWeeksShown:]
	}
	spm := func(p *float64) string {
		if p == nil {
			return "–"
		}
		return strconv.Itoa(int(math.Round(*p)))
	}
	for i := len(weeks) - 1; i >= 0; i-- {
		wk := weeks[i]
		row := idxWeekRow{Week: wk.Week, Start: wk.Start, Runs: strconv.Itoa(wk.Runs), Dist: FormatDistance(wk.DistanceM, imperial),
			Longest: FormatDistance(wk.LongestRunM, imperial), Median: spm(wk.MedianCadenceSPM), AtRef: spm(wk.CadenceAtRefPaceSPM), Downhill: "–"}
		if wk.Spikes > 0 {
			row.Spikes = strconv.Itoa(wk.Spikes)
		}
		if wk.DownhillShare != nil {
			row.Downhill = strconv.Itoa(int(math.Round(*wk.DownhillShare*100))) + "%"
		}
		out.Weeks = append(out.Weeks, row)
	}
	return out
}

// An IndexRow is one analysed activity on the index page, with relative links to its
// files; an empty link is left out.
type IndexRow struct {
	Result *analysis.Result
	PNG    string // the dashboard picture
	Thumb  string // a small version of it
	Advice string // the advice page (or the Markdown advice)
	Click  string // the metronome WAV at the target
}

// An IndexNote names a file left out of the index rows and why.
type IndexNote struct {
	File   string
	Reason string
	// Kept are relative links to the pages of the last report that came from this
	// file or from under it, kept because it could not be read this time.
	Kept []string
}

// KeptLabel is the text of a link to a kept page: its file name without the folder
// and the extension.
func KeptLabel(link string) string {
	return strings.TrimSuffix(path.Base(link), path.Ext(link))
}

// WriteIndex writes the whole index as one page to w: one self-contained HTML page
// (inline CSS, no scripts, nothing fetched from the network, so it works from file://)
// with a short summary and trend of the runs, every activity newest first with its
// thumbnail, date, name, distance, pace, median cadence, target and verdict and links
// to its files, then the skipped activities and the files that failed. Thumbnails
// load lazily and have a fixed size. It suits a few hundred activities; a larger
// archive is better split with WriteIndexPages.
func WriteIndex(w io.Writer, idx Index) error {
	idx = idxPrintable(idx)
	rows := idxSorted(idx.Rows)
	sum := idxSummarize(rows, true)
	p := idxBase(idx, len(rows))
	p.Sum = &sum
	p.Table = true
	p.Caption = "Activities"
	p.Rows = idxMakeRows(rows, idx.Imperial)
	p.Skipped, p.Failed = idx.Skipped, idx.Failed
	return idxTemplate.Execute(w, p)
}

// idxPage is what the template draws: one page of the index.
type idxPage struct {
	Title     string // the <title>
	Heading   string // the <h1>
	Generated string
	Total     int // activities in the whole index
	NSkipped  int
	NFailed   int
	Nav       []idxLink // the pages, in order; empty on a single page
	Sum       *idxSummary
	Weekly    *idxWeekly // on index.html only
	Clinic    string     // the clinic page's link, on index.html only
	Table     bool       // the page lists activities
	Caption   string     // the heading over the list
	Rows      []idxRow
	Empty     string    // said instead of an empty list
	More      []idxLink // on index.html: the year pages, after the latest activities
	Skipped   []IndexNote
	Failed    []IndexNote
	NotesLink string // on index.html, the page of the notes when they are too many to list
	ThumbW    int
	ThumbH    int
}

// An idxLink is one entry of the page list; Href is "" for the page itself.
type idxLink struct {
	Label string
	Href  string
	Count string
}

// An idxSummary counts the activities and sums up the runs' cadence.
type idxSummary struct {
	Runs       int
	Walks      int
	Other      int
	Overstride int
	Median     string
	Trend      string
	Spark      *idxSpark
}

type idxRow struct {
	Date, DateTime, Time        string
	Name, File, Path            string
	Dist, Pace, Cadence, Target string
	Kind, Badge, Reason         string
	PNG, Thumb, Advice, Click   string
	Alt                         string
}

type idxSpark struct {
	Points    string
	Threshold float64 // y of the threshold line in the viewBox, or -1
	Label     string
	First     string
	Last      string
	Min, Max  string
	Per       int // runs per point: 1, or more when there are more runs than idxSparkMax
}

// idxRun reports whether the row is a judged run.
func idxRun(r *analysis.Result) bool {
	return r != nil && r.Running != nil &&
		(r.Verdict.Kind == analysis.VerdictOverstride || r.Verdict.Kind == analysis.VerdictOK)
}

// idxPrintable returns idx with the text it carries from files (the title, which a
// folder's name may give, and the skipped and failed files with their reasons) made
// printable: html/template escapes markup, not the controls and direction overrides
// that reorder what a reader sees. The rows are made printable one by one
// (idxMakeRow).
func idxPrintable(idx Index) Index {
	idx.Title = Printable(idx.Title)
	notes := func(ns []IndexNote) []IndexNote {
		out := make([]IndexNote, len(ns))
		for i, n := range ns {
			out[i] = IndexNote{File: Printable(PublicFile(n.File)), Reason: Printable(publicText(n.Reason, n.File)), Kept: n.Kept}
		}
		return out
	}
	idx.Skipped, idx.Failed = notes(idx.Skipped), notes(idx.Failed)
	return idx
}

// idxBase fills in what every page of the index shows: the titles, the generation
// time and the counts.
func idxBase(idx Index, total int) idxPage {
	p := idxPage{Title: idx.Title, Total: total, NSkipped: len(idx.Skipped), NFailed: len(idx.Failed),
		ThumbW: IndexThumbWidth, ThumbH: IndexThumbHeight, Empty: "No activities were analysed."}
	if p.Title == "" {
		p.Title = "Cadence report"
	}
	p.Heading = p.Title
	if !idx.Generated.IsZero() {
		p.Generated = idx.Generated.Format("2 January 2006, 15:04")
	}
	return p
}

// idxSorted returns the rows with a result, newest first; activities without a date
// go last, in the order given.
func idxSorted(in []IndexRow) []IndexRow {
	rows := make([]IndexRow, 0, len(in))
	for _, r := range in {
		if r.Result != nil {
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b IndexRow) int {
		sa, sb := a.Result.Start, b.Result.Start
		switch {
		case sa == nil && sb == nil:
			return 0
		case sa == nil:
			return 1
		case sb == nil:
			return -1
		}
		return sb.Compare(*sa)
	})
	return rows
}

// idxSummarize counts the rows, given newest first, and with trend compares the
// latest runs' cadence with the first ones' and draws them all.
func idxSummarize(rows []IndexRow, trend bool) idxSummary {
	var p idxSummary
	var runs []float64 // running medians, oldest first
	threshold := 0.0
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i].Result
		if idxRun(r) {
			runs = append(runs, r.Running.Median)
			if r.Threshold > 0 {
				threshold = r.Threshold
			}
		}
	}
	for _, row := range rows {
		r := row.Result
		switch {
		case idxRun(r):
			p.Runs++
			if r.Verdict.Kind == analysis.VerdictOverstride {
				p.Overstride++
			}
		case r.Verdict.Kind == analysis.VerdictWalking:
			p.Walks++
		default:
			p.Other++
		}
	}
	if len(runs) > 0 {
		p.Median = strconv.Itoa(int(math.Round(idxMedian(runs))))
	}
	if !trend {
		return p
	}
	if k := min(10, len(runs)/2); k >= 3 {
		first, last := idxMedian(runs[:k]), idxMedian(runs[len(runs)-k:])
		d := math.Round(last) - math.Round(first)
		var change string
		switch {
		case d > 0:
			change = fmt.Sprintf("up %d from", int(d))
		case d < 0:
			change = fmt.Sprintf("down %d from", int(-d))
		default:
			change = "the same as"
		}
		p.Trend = fmt.Sprintf("Your latest %d runs: median %d steps/min, %s %d in your first %d.", k, int(math.Round(last)), change, int(math.Round(first)), k)
	}
	if len(runs) >= 2 {
		p.Spark = idxMakeSpark(runs, threshold)
	}
	return p
}

func idxMakeRows(rows []IndexRow, imperial bool) []idxRow {
	out := make([]idxRow, len(rows))
	for i, r := range rows {
		out[i] = idxMakeRow(r, imperial)
	}
	return out
}

// idxFileName is the name a runner knows a file by: the last part of its path, and
// for a member of a zip archive ("export.zip:activities/123.fit") the member's own
// name rather than the archive's.
func idxFileName(file string) string {
	f := strings.ReplaceAll(file, `\`, "/")
	if i := strings.LastIndex(strings.ToLower(f), ".zip:"); i >= 0 {
		f = f[i+len(".zip:"):]
	}
	return path.Base(f)
}

func idxMakeRow(row IndexRow, imperial bool) idxRow {
	r := row.Result
	out := idxRow{Name: Printable(strings.TrimSpace(r.Name)), Kind: r.Verdict.Kind, Reason: Printable(Reason(r, imperial)),
		PNG: row.PNG, Thumb: row.Thumb, Advice: row.Advice, Click: row.Click, Date: "date unknown",
		Dist: "–", Pace: "–", Cadence: "–"}
	if r.File != "" {
		file := PublicFile(r.File)
		out.File = idxFileName(file)
		if r.Index > 0 {
			out.File += "#" + strconv.Itoa(r.Index)
		}
		if file != out.File {
			out.Path = Printable(file) // the whole path, as a tooltip
		}
		out.File = Printable(out.File)
	}
	if r.Start != nil {
		// In the activity's own zone: the hour the runner saw on the watch.
		out.Date = r.Start.Format("Mon 2 Jan 2006")
		out.Time = r.Start.Format("15:04")
		out.DateTime = r.Start.Format(time.RFC3339)
	}
	out.Alt = "Dashboard, " + out.Date
	if r.DistanceM != nil && *r.DistanceM > 0 {
		if imperial {
			out.Dist = strconv.FormatFloat(*r.DistanceM/analysis.MetresPerMile, 'f', 1, 64) + " mi"
		} else {
			out.Dist = strconv.FormatFloat(*r.DistanceM/1000, 'f', 1, 64) + " km"
		}
	}
	// The pace is the one every page gives: over moving time (the table, the
	// dashboard's header, the advice). The cadence of a run is its running cadence, as
	// in the verdict; of a walk (or a run that was mostly walked) over moving time.
	if r.PaceSPerKm != nil && r.Sport.OnFoot() {
		out.Pace = FormatPace(*r.PaceSPerKm, imperial)
	}
	if h := HeadlineOf(r); h.Unit == "spm" {
		out.Cadence = h.Number()
	}
	if plan, ok := coach.PlanOf(r); ok {
		out.Target = strconv.Itoa(int(plan.NowSPM))
		// A run judged in parts has its target at one of their paces: say which,
		// as the running cadence beside it is over all of them.
		if len(r.Judged) > 1 && plan.Part.PaceSPerKm != nil {
			out.Target += " at " + FormatPace(*plan.Part.PaceSPerKm, imperial)
		}
	}
	out.Badge = idxBadge(r.Verdict.Kind)
	return out
}

func idxBadge(kind string) string {
	switch kind {
	case analysis.VerdictOverstride:
		return "likely overstriding"
	case analysis.VerdictOK:
		return "looks fine"
	case analysis.VerdictWalking:
		return "walk"
	case analysis.VerdictNotFoot:
		return "not a run"
	case analysis.VerdictNoCadence:
		return "no cadence"
	case analysis.VerdictTooShort:
		return "too short"
	case analysis.VerdictUnknown:
		return "sport unknown"
	case "":
		return "not judged"
	}
	return kind
}

func idxMedian(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// The sparkline's drawing area, in viewBox units.
const (
	idxSparkW = 600
	idxSparkH = 80
	idxSparkM = 4 // margin
	// idxSparkMax is the most points the sparkline draws: more runs are drawn in
	// groups of consecutive runs, each point their median, which reads better than
	// thousands of zigzags three pixels apart.
	idxSparkMax = 200
)

// idxMakeSpark draws the running medians, oldest first, as an SVG polyline.
func idxMakeSpark(runs []float64, threshold float64) *idxSpark {
	per := 1
	if len(runs) > idxSparkMax {
		per = (len(runs) + idxSparkMax - 1) / idxSparkMax
		var grouped []float64
		for i := 0; i < len(runs); i += per {
			grouped = append(grouped, idxMedian(runs[i:min(i+per, len(runs))]))
		}
		runs = grouped
	}
	lo, hi := slices.Min(runs), slices.Max(runs)
	if threshold > 0 {
		lo, hi = math.Min(lo, threshold), math.Max(hi, threshold)
	}
	lo, hi = math.Floor(lo-2), math.Ceil(hi+2)
	y := func(v float64) float64 {
		return idxSparkM + (hi-v)/(hi-lo)*(idxSparkH-2*idxSparkM)
	}
	var b strings.Builder
	n := len(runs)
	for i, v := range runs {
		x := idxSparkM + float64(i)/float64(n-1)*(idxSparkW-2*idxSparkM)
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(x, 'f', 1, 64))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(y(v), 'f', 1, 64))
	}
	s := &idxSpark{Points: b.String(), Threshold: -1,
		First: strconv.Itoa(int(math.Round(runs[0]))), Last: strconv.Itoa(int(math.Round(runs[n-1]))),
		Min: strconv.Itoa(int(lo)), Max: strconv.Itoa(int(hi)), Per: per}
	if threshold > 0 {
		s.Threshold = math.Round(y(threshold)*10) / 10
		s.Label = strconv.Itoa(int(math.Round(threshold)))
	}
	return s
}

var idxTemplate = template.Must(template.New("index").Funcs(template.FuncMap{
	"plural":    idxPlural,
	"num":       idxNum,
	"keptLabel": KeptLabel,
}).Parse(idxHTML))

// idxNum writes n with thousands separated by commas: 2,000.
func idxNum(n int) string {
	if n < 0 {
		return "-" + idxNum(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// idxHTML is one page of the index. Each row is one line with no classes or styles
// of its own (the columns are styled by position), so a year of rows stays small.
const idxHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root{color-scheme:light;--ink:#24292f;--muted:#5f6b76;--line:#e3e6ea;--bg:#fbfbfa;--card:#fff;--accent:#0072b2}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.6rem;margin:0 0 4px;font-weight:600}
h2{font-size:1.1rem;margin:28px 0 8px;font-weight:600}
a{color:var(--accent)}
.meta,.f,.note,.to{color:var(--muted)}
.meta{margin:0 0 12px}
nav{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 20px}
nav a,nav b{padding:2px 12px;border:1px solid var(--line);border-radius:999px;background:var(--card);text-decoration:none;white-space:nowrap}
nav b{background:var(--ink);border-color:var(--ink);color:#fff;font-weight:600}
nav small{color:var(--muted)}
nav b small{color:#d0d7de}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 16px;min-width:140px}
.card b{display:block;font-size:1.5rem;font-weight:600}
.trend{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px;margin:0 0 20px}
.trend p{margin:0 0 6px}
.plan{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px;margin:0 0 20px}
.plan p{margin:0 0 6px}
.plan .card{background:var(--bg)}
.plan .card.arrow{border:0;background:none;min-width:0;padding:10px 0;font-size:1.5rem;color:var(--muted)}
.plan .card.real{border-color:#0072b2}
.ci{display:block;color:var(--muted);font-size:.85rem}
@media (max-width:600px){.plan .card.arrow{display:none}}
svg.spark{width:100%;height:80px;display:block}
img.tp{display:block;max-width:100%;height:auto;margin:0 0 10px}
table.wk{margin:10px 0 0}
table.wk td{font-variant-numeric:tabular-nums;padding:4px 10px;white-space:nowrap}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px}
th,td{padding:8px 10px;text-align:left;vertical-align:middle;border-top:1px solid var(--line)}
th{font-size:.8rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;border-top:0}
td:nth-child(n+3):nth-child(-n+4){font-variant-numeric:tabular-nums;white-space:nowrap}
td:nth-child(5){font-variant-numeric:tabular-nums}
td img{display:block;object-fit:contain;background:#fff;border:1px solid var(--line);border-radius:4px}
.nm,.f{display:block;max-width:26ch;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.nm{font-weight:500}
.f{font-size:.8rem}
.b{display:inline-block;padding:2px 10px;border-radius:999px;font-size:.85rem;white-space:nowrap;background:#eef0f2;color:#4a5561}
.overstride{background:#fbefd9;color:#7a4e00}
.ok{background:#e2f3ea;color:#1b6440}
.walking{background:#e5edf7;color:#2a4a78}
td:last-child a{display:block;margin:0 0 2px;white-space:nowrap}
ul.notes{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 16px 10px 34px}
code{font:.85rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
footer{margin-top:32px;font-size:.85rem;color:var(--muted);max-width:70ch}
.scroll{overflow-x:auto;margin:0 0 4px}
@media (max-width:700px){table.acts th:nth-child(1),table.acts td:nth-child(1),table.acts th:nth-child(4),table.acts td:nth-child(4){display:none}}
@media (max-width:480px){main{padding-left:8px;padding-right:8px}table{font-size:.85rem}th,td,table.wk td{padding:5px 4px}th{letter-spacing:0;font-size:.7rem}.nm,.f{max-width:11ch}.b{white-space:normal;padding:2px 6px;font-size:.75rem}table.acts td:nth-child(3){white-space:normal}td:last-child a{display:block;margin:0 0 2px;white-space:normal}.card{min-width:0;flex:1 1 40%}}
</style>
</head>
<body>
<main>
<h1>{{.Heading}}</h1>
<p class="meta">{{if .Generated}}Generated {{.Generated}} · {{end}}{{num .Total}} {{plural .Total "activity" "activities"}}{{if .NSkipped}} · {{num .NSkipped}} skipped{{end}}{{if .NFailed}} · {{num .NFailed}} could not be read{{end}}</p>
{{- define "nav"}}{{if .}}
<nav aria-label="Pages of the report">
{{- range .}}{{if .Href}}<a href="{{.Href}}">{{.Label}}{{if .Count}} <small>{{.Count}}</small>{{end}}</a>{{else}}<b aria-current="page">{{.Label}}{{if .Count}} <small>{{.Count}}</small>{{end}}</b>{{end}}{{end -}}
</nav>
{{- end}}{{end}}
{{- template "nav" .Nav}}
{{- with .Sum}}
<div class="cards">
<div class="card"><b>{{num .Runs}}</b>{{plural .Runs "run" "runs"}}</div>
{{- if .Runs}}
<div class="card"><b>{{.Median}}</b>median steps/min</div>
<div class="card"><b>{{num .Overstride}}</b>likely overstriding</div>
{{- end}}
{{- if .Walks}}
<div class="card"><b>{{num .Walks}}</b>{{plural .Walks "walk" "walks"}}</div>
{{- end}}
</div>
{{- if or .Trend .Spark}}
<div class="trend">
{{- if .Trend}}<p>{{.Trend}}</p>{{end}}
{{- with .Spark}}
<svg class="spark" viewBox="0 0 600 80" preserveAspectRatio="none" role="img" aria-label="Median running cadence per run, oldest to newest, from {{.First}} to {{.Last}} steps/min">
{{- if ge .Threshold 0.0}}<line x1="0" x2="600" y1="{{.Threshold}}" y2="{{.Threshold}}" stroke="#d55e00" stroke-opacity=".5" stroke-dasharray="4 4" vector-effect="non-scaling-stroke"/>{{end}}
<polyline points="{{.Points}}" fill="none" stroke="#0072b2" stroke-width="1.5" vector-effect="non-scaling-stroke" stroke-linejoin="round"/>
</svg>
<p class="note">{{if gt .Per 1}}Median running cadence of every {{.Per}} runs{{else}}Median running cadence per run{{end}}, oldest to newest ({{.Min}}–{{.Max}} steps/min){{if .Label}}; dashed: {{.Label}}, the threshold at a typical running pace of 5:33/km (each run is judged at its own pace){{end}}.</p>
{{- end}}
</div>
{{- end}}
{{- end}}
{{- if .Clinic}}<p><a href="{{.Clinic}}">Summary for a physio</a>: cadence at a matched pace, the load and the pain notes, on one printable page.</p>{{end}}
{{- with .Weekly}}
{{- with .Plan}}
<h2>Your cadence plan</h2>
<div class="plan">
<div class="cards">
<div class="card"><b>{{.Baseline}}</b>before the plan<span class="ci">95%: {{.BaselineCI}}</span></div>
<div class="card arrow" aria-hidden="true">→</div>
<div class="card{{if .Real}} real{{end}}"><b>{{.Now}}</b>{{if .NowWeek}}{{.NowWeek}}{{else}}no week yet{{end}}{{if .NowCI}}<span class="ci">95%: {{.NowCI}}</span>{{end}}</div>
<div class="card arrow" aria-hidden="true">→</div>
<div class="card"><b>{{.Target}}</b>target<span class="ci">{{.Step}}</span></div>
</div>
<p>Steps/min at {{.Pace}}, your typical easy pace. {{.Verdict}}</p>
<p class="note">{{.Rule}}</p>
</div>
{{- end}}
<h2>Weeks</h2>
<div class="trend">
{{- if .PNG}}<img class="tp" src="{{.PNG}}" width="853" height="587" alt="Cadence and distance by week">{{end}}
{{- range .Lines}}
<p>{{.}}</p>
{{- end}}
<div class="scroll"><table class="wk">
<tr class="h"><th>Week</th><th>Runs</th><th>Distance</th><th>Longest</th><th>Median</th><th>At {{.Pace}}</th><th>Spikes</th><th>Downhill</th></tr>
{{- range .Weeks}}
<tr class="w"><td title="from Monday {{.Start}}">{{.Week}}</td><td>{{.Runs}}</td><td>{{.Dist}}</td><td>{{.Longest}}</td><td>{{.Median}}</td><td>{{.AtRef}}</td><td>{{.Spikes}}</td><td>{{.Downhill}}</td></tr>
{{- end}}
</table></div>
{{- if .More}}<p class="note">{{.More}} earlier weeks: run <code>cadence trend</code> for all of them.</p>{{end}}
</div>
{{- end}}
{{- if .Table}}
<h2>{{.Caption}}</h2>
{{- if .Rows}}
<div class="scroll"><table class="acts">
<thead><tr><th></th><th>Date and activity</th><th>Distance</th><th>Pace</th><th title="median steps/min, then the next target">Cadence <span class="to">→ target</span></th><th>Verdict</th><th>Files</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><td>{{if .Thumb}}{{if .PNG}}<a href="{{.PNG}}">{{end}}<img src="{{.Thumb}}" width="{{$.ThumbW}}" height="{{$.ThumbH}}" loading="lazy" decoding="async" alt="{{.Alt}}">{{if .PNG}}</a>{{end}}{{end}}</td><td>{{if .DateTime}}<time datetime="{{.DateTime}}">{{.Date}} <span class="to">{{.Time}}</span></time>{{else}}{{.Date}}{{end}}{{if .Name}}<span class="nm">{{.Name}}</span>{{if .File}}<span class="f"{{if .Path}} title="{{.Path}}"{{end}}>{{.File}}</span>{{end}}{{else if .File}}<span class="nm"{{if .Path}} title="{{.Path}}"{{end}}>{{.File}}</span>{{end}}</td><td>{{.Dist}}</td><td>{{.Pace}}</td><td>{{.Cadence}}{{if .Target}} <span class="to">→ {{.Target}}</span>{{end}}</td><td><span class="b {{.Kind}}" title="{{.Reason}}">{{.Badge}}</span></td><td>{{if .PNG}}<a href="{{.PNG}}">plot</a>{{end}}{{if .Advice}}<a href="{{.Advice}}">advice</a>{{end}}{{if .Click}}<a href="{{.Click}}">click track</a>{{end}}</td></tr>
{{- end}}
</tbody>
</table></div>
{{- else}}
<p class="note">{{.Empty}}</p>
{{- end}}
{{- if .More}}
<p>Every activity is listed on the page of its year:{{range .More}} <a href="{{.Href}}">{{.Label}}</a>{{end}}.</p>
{{- end}}
{{- end}}
{{- if .NotesLink}}
<h2>Skipped and unreadable files</h2>
<p>{{if .NSkipped}}{{num .NSkipped}} {{plural .NSkipped "activity was" "activities were"}} skipped{{end}}{{if and .NSkipped .NFailed}} and {{end}}{{if .NFailed}}{{num .NFailed}} {{plural .NFailed "file" "files"}} could not be read{{end}}: <a href="{{.NotesLink}}">see the list</a>.</p>
{{- end}}
{{- if .Skipped}}
<h2>Skipped ({{num (len .Skipped)}})</h2>
<ul class="notes">
{{- range .Skipped}}
<li><code>{{.File}}</code>: {{.Reason}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Failed}}
<h2>Could not be read ({{num (len .Failed)}})</h2>
<ul class="notes">
{{- range .Failed}}
<li><code>{{.File}}</code>: {{.Reason}}{{if .Kept}}; kept from the last report:{{range .Kept}} <a href="{{.}}">{{keptLabel .}}</a>{{end}}{{end}}</li>
{{- end}}
</ul>
{{- end}}
{{- if gt (len .Rows) 20}}{{template "nav" .Nav}}{{end}}
<footer>Cadence is counted in steps per minute over moving time; the verdict looks at the running parts. It informs, it does not diagnose: if pain changes the way you move, lasts more than two weeks, or comes with locking or swelling, see a physiotherapist.</footer>
</main>
</body>
</html>
`
