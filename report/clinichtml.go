package report

// clinicHTML is the clinic page: one A4 or Letter page in print (@page and the print
// rules shrink the type and drop the screen's margins), a readable page on screen.
const clinicHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root{color-scheme:light;--ink:#24292f;--muted:#5f6b76;--line:#d8dce0;--accent:#0072b2;--flag:#b3261e}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1080px;margin:0 auto;padding:20px 16px 32px}
h1{font-size:1.45rem;margin:0 0 2px;font-weight:600}
h2{font-size:1.05rem;margin:16px 0 6px;font-weight:600}
p{margin:0 0 6px}
.meta,.note{color:var(--muted)}
.note{font-size:.85em}
.plan{display:flex;flex-wrap:wrap;gap:10px;align-items:stretch;border:1px solid var(--line);border-radius:8px;padding:8px 12px}
.plan div{min-width:110px}
.plan b{display:block;font-size:1.3rem;font-weight:600}
.plan.none{color:var(--muted);display:block}
.plan p.verdict{flex-basis:100%;margin:0}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:3px 6px;text-align:left;vertical-align:top;border-top:1px solid var(--line)}
th{font-size:.75rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.03em;border-top:0}
td.n,th.n{text-align:right;white-space:nowrap}
tr.flag td{background:#fdf0ef}
.flagtxt{color:var(--flag);font-weight:600}
td.d,td.s{white-space:nowrap}
.txt{min-width:18ch;max-width:40ch;overflow-wrap:anywhere}
th small{font-weight:400;text-transform:none;letter-spacing:0}
svg{display:block;width:100%;height:auto;margin:4px 0}
footer{margin-top:14px;font-size:.8rem;color:var(--muted)}
@page{size:auto;margin:10mm}
@media print{
body{font-size:8pt;line-height:1.25}
main{max-width:none;padding:0}
h1{font-size:12pt}
h2{font-size:9.5pt;margin:6px 0 2px}
p{margin:0 0 3px}
th,td{padding:0 4px}
th{font-size:6.5pt}
.plan{padding:3px 8px;gap:4px 16px}
.plan b{font-size:10pt;display:inline;margin-right:4px}
svg{max-height:26mm}
.txt{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
tr,svg,.plan{break-inside:avoid}
footer{margin-top:4px;font-size:6.5pt}
}
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p class="meta">{{if .Period}}Weeks from {{.Period}}{{end}}{{if .Generated}} · made {{.Generated}}{{end}} · from running-watch files and the runner's own pain diary; no GPS positions or file names are on this page.</p>

<section>
<h2>Retraining plan</h2>
{{- with .Plan}}
<div class="plan" id="plan">
<div><b>{{.Baseline}}</b>baseline ({{.BaselineCI}})</div>
<div><b>{{.Now}}</b>{{if .NowWeek}}{{.NowWeek}}{{else}}now{{end}}{{if .NowCI}} ({{.NowCI}}){{end}}</div>
<div><b>{{.Target}}</b>target, {{.Step}}</div>
<p class="verdict">{{.Verdict}} {{.Rule}}</p>
</div>
<p class="note">Steps/min at {{.Pace}}, with 95% intervals.</p>
{{- else}}
<div class="plan none" id="plan">No retraining plan yet (it begins with the first run that got a cadence target, or report --plan-start): the weeks below show cadence at a matched pace without a target.</div>
{{- end}}
</section>

<section>
<h2>Cadence at a matched pace, load and pain by week</h2>
{{- if .Progress}}<p>{{.Progress}}</p>{{end}}
{{- if .Slope}}<p class="note">{{.Slope}}</p>{{end}}
{{- with .Chart}}
<svg viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="Weekly distance as bars, and each pain note as a dot on a 0 to 10 scale">
{{- range .Grid}}<line x1="56" x2="680" y1="{{.Y}}" y2="{{.Y}}" stroke="#e3e6ea"/><text x="686" y="{{.Y}}" dy="3" font-size="10" fill="#b3261e">{{.Label}}</text>{{end}}
<text x="686" y="8" font-size="9" fill="#b3261e">pain</text>
<line x1="56" x2="680" y1="16" y2="16" stroke="#a9c6de" stroke-dasharray="3 3"/><text x="52" y="19" font-size="10" fill="#5f6b76" text-anchor="end">{{.Max}}</text>
{{- range .Bars}}<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="#a9c6de"><title>{{.Title}}</title></rect><text x="{{.LabelX}}" y="146" font-size="9" fill="#5f6b76" text-anchor="middle">{{.Week}}</text>{{end}}
{{- range .Dots}}<circle cx="{{.X}}" cy="{{.Y}}" r="{{if .Flagged}}5{{else}}3.5{{end}}" fill="{{if .Flagged}}#b3261e{{else}}#e08a2c{{end}}" stroke="#fff"><title>{{.Title}}</title></circle>{{end}}
</svg>
<p class="note">Bars: distance per week (Monday dates). Dots: each note's pain, 0-10 on the right; red, a note of {{$.FlagPain}}/10 or more within 72 hours after a long-run spike.</p>
{{- end}}
<table>
<tr><th>Week</th><th class="n">Runs</th><th class="n">Distance</th><th class="n">Longest</th><th class="n">Spikes</th><th class="n">Downhill</th><th class="n">At {{.Pace}}</th><th class="n">95% interval</th><th class="n">Worst pain</th></tr>
{{- range .Weeks}}
<tr{{if .Flagged}} class="flag"{{end}}><td>{{.Monday}}</td><td class="n">{{.Runs}}</td><td class="n">{{.Dist}}</td><td class="n">{{.Longest}}</td><td class="n">{{.Spikes}}</td><td class="n">{{.Downhill}}</td><td class="n">{{.AtRef}}</td><td class="n" data-field="interval">{{.Interval}}</td><td class="n">{{.Pain}}</td></tr>
{{- end}}
</table>
{{- if .MoreWeeks}}<p class="note">{{.MoreWeeks}} earlier weeks are not shown.</p>{{end}}
</section>

<section>
<h2>Pain notes against the load</h2>
{{- if .Notes}}
<table>
<tr><th>Date</th><th>Site</th><th class="n" title="during running / the next morning, 0-10">Pain <small>during / morning</small></th><th>Note</th><th class="n">7 days</th><th class="n">30 days</th><th class="n">Spike 30 d</th><th class="n">Downhill 7 d</th><th class="n">Cadence 7 / 30 d</th></tr>
{{- range .Notes}}
<tr{{if .Flag}} class="flag"{{end}}><td class="d">{{.Date}}</td><td class="s">{{.Site}}</td><td class="n">{{.During}} / {{.Morning}}</td><td><div class="txt">{{if .Flag}}<span class="flagtxt">{{.Flag}}</span> {{end}}{{.Text}}</div></td><td class="n">{{.D7}}</td><td class="n">{{.D30}}</td><td class="n">{{.Spike30}}</td><td class="n">{{.Down7}}</td><td class="n">{{.Cad7}} / {{.Cad30}}</td></tr>
{{- end}}
</table>
{{- if .MoreNotes}}<p class="note">{{.MoreNotes}} earlier notes are not shown.</p>{{end}}
<p>{{if .Flagged}}{{.Flagged}} {{if eq .Flagged 1}}note{{else}}notes{{end}} of {{.FlagPain}}/10 or more came within 72 hours after a long-run spike (a run more than 10% longer than the longest of the 30 days before).{{else}}No note of {{.FlagPain}}/10 or more came within 72 hours after a long-run spike.{{end}}</p>
{{- else}}
<p class="note">No pain notes were given.</p>
{{- end}}
</section>

<footer>
7 and 30 days: the note's day and the days before it (distance, number of runs). Spike: a run more than 10% longer than the longest run of the 30 days before it; in {{.Frandsen}}, such runs were followed by overuse injuries more often, an association, not a forecast. Cadence: steps/min moved to {{.Pace}}. This summary informs; it does not diagnose.
</footer>
</main>
</body>
</html>
`
