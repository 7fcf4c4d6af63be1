package report

import (
	"html"
	"html/template"
	"io"
	"regexp"
	"strings"
)

// A RunPage is one activity's page: its dashboard and its advice, with links back to
// the index and to the files beside it.
type RunPage struct {
	Title  string // the page title, e.g. the date of the run
	PNG    string // the dashboard picture, "" if none
	Advice string // the advice, in the Markdown that Advice writes
	MD     string // a link to the same advice as a Markdown file, "" if none
	Index  string // a link back to the index page
}

// WriteRunPage writes a self-contained HTML page (inline CSS, no scripts, nothing
// from the network) with the dashboard and the advice rendered from its Markdown, so
// a runner reads the same text as the .md file without a Markdown viewer.
func WriteRunPage(w io.Writer, p RunPage) error {
	return pageTmpl.Execute(w, struct {
		RunPage
		Body template.HTML
	}{p, template.HTML(MarkdownHTML(p.Advice))})
}

var (
	mdBold   = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	mdCode   = regexp.MustCompile("`([^`]+)`")
	mdLink   = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	mdSafeTo = regexp.MustCompile(`^(https?:|[A-Za-z0-9._/-]+$)`)
)

// mdInline renders the inline Markdown that Advice uses (bold, code, links) in one
// line whose HTML special characters are already escaped. A link target that is not
// a plain relative path or http(s) URL is left as text.
func mdInline(s string) string {
	s = mdCode.ReplaceAllString(s, "<code>$1</code>")
	s = mdBold.ReplaceAllString(s, "<strong>$1</strong>")
	return mdLink.ReplaceAllStringFunc(s, func(m string) string {
		g := mdLink.FindStringSubmatch(m)
		if !mdSafeTo.MatchString(html.UnescapeString(g[2])) {
			return g[1]
		}
		return `<a href="` + g[2] + `">` + g[1] + `</a>`
	})
}

// MarkdownHTML renders the subset of Markdown that Advice writes: "#" and "##"
// headings, "- " bullets, paragraphs, and inline bold, code and links. Everything is
// escaped first, so no text from a file name can become markup.
func MarkdownHTML(md string) string {
	var b strings.Builder
	var para []string
	inList := false
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + mdInline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	closeList := func() {
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for _, line := range strings.Split(md, "\n") {
		line = html.EscapeString(strings.TrimRight(line, " \t"))
		switch {
		case line == "":
			flush()
			closeList()
		case strings.HasPrefix(line, "## "):
			flush()
			closeList()
			b.WriteString("<h2>" + mdInline(line[3:]) + "</h2>\n")
		case strings.HasPrefix(line, "# "):
			flush()
			closeList()
			b.WriteString("<h1>" + mdInline(line[2:]) + "</h1>\n")
		case strings.HasPrefix(line, "- "):
			flush()
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			b.WriteString("<li>" + mdInline(line[2:]) + "</li>\n")
		default:
			closeList()
			para = append(para, line)
		}
	}
	flush()
	closeList()
	return b.String()
}

var pageTmpl = template.Must(template.New("run").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root{color-scheme:light;--ink:#24292f;--muted:#5f6b76;--line:#e3e6ea;--bg:#fbfbfa;--accent:#0072b2}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:20px 16px 48px}
nav{font-size:.9rem;margin-bottom:12px}
a{color:var(--accent)}
img{width:100%;height:auto;border:1px solid var(--line);border-radius:8px;background:#fff}
article{max-width:72ch}
h1{font-size:1.5rem;font-weight:600;margin:20px 0 4px}
h2{font-size:1.15rem;font-weight:600;margin:24px 0 6px}
li{margin:3px 0}
code{font:.85rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all;color:var(--muted)}
</style>
</head>
<body>
<main>
<nav>{{if .Index}}<a href="{{.Index}}">← all runs</a>{{end}}{{if .MD}} · <a href="{{.MD}}">advice as Markdown</a>{{end}}</nav>
{{if .PNG}}<a href="{{.PNG}}"><img src="{{.PNG}}" width="1600" height="1000" alt="Cadence dashboard: cadence over time, its distribution, cadence against pace, and by slope"></a>{{end}}
<article>
{{.Body}}
</article>
</main>
</body>
</html>
`))
