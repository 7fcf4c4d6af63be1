package report

import (
	"html"
	"html/template"
	"io"
	"regexp"
	"strings"
)

// RunPageVersion names what WriteRunPage and MarkdownHTML write: a report keeps a
// page written from the same RunPage by the same version in place without rendering
// it again, so change it whenever they would write other bytes for the same page
// (TestRunPageVersion fails until it is changed).
const RunPageVersion = "1"

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
// a runner reads the same text as the .md file without a Markdown viewer. The title
// is shown with its hidden characters escaped (see Printable).
func WriteRunPage(w io.Writer, p RunPage) error {
	p.Title = Printable(p.Title)
	return pageTmpl.Execute(w, struct {
		RunPage
		Body template.HTML
	}{p, template.HTML(MarkdownHTML(p.Advice))})
}

// mdSafeTo matches the link targets that MarkdownHTML keeps: a relative path to a file
// beside the page, without a scheme, a host or a leading slash.
var mdSafeTo = regexp.MustCompile(`^[A-Za-z0-9._%-][A-Za-z0-9._/%-]*$`)

// mdPunct reports whether c is ASCII punctuation, which a backslash escapes.
func mdPunct(c byte) bool {
	return c < 0x80 && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

// mdTicks returns the length of the run of backticks at s[i:].
func mdTicks(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] == '`' {
		n++
	}
	return n
}

// mdCodeEnd returns, for a run of n backticks at s[i:], the index of the run of exactly
// n backticks that closes the code span, or -1 if none does.
func mdCodeEnd(s string, i, n int) int {
	for j := i + n; j < len(s); {
		if m := mdTicks(s, j); m > 0 {
			if m == n {
				return j
			}
			j += m
			continue
		}
		j++
	}
	return -1
}

// mdFind returns the index of the first sep in s at or after i that is neither
// escaped with a backslash nor inside a code span, or -1.
func mdFind(s string, i int, sep string) int {
	for j := i; j < len(s); {
		switch {
		case s[j] == '\\' && j+1 < len(s) && mdPunct(s[j+1]):
			j += 2
		case strings.HasPrefix(s[j:], sep):
			return j
		case s[j] == '`':
			n := mdTicks(s, j)
			if e := mdCodeEnd(s, j, n); e >= 0 {
				j = e + n
			} else {
				j += n
			}
		default:
			j++
		}
	}
	return -1
}

// mdInline renders one line of the inline Markdown that Advice writes: backslash
// escapes, code spans, bold and links. Every character it does not turn into one of
// those is written as escaped text, so no text can become HTML markup, and an escaped
// character is never markup. A link whose target is not a relative path to a file
// beside the page (mdSafeTo) keeps only its text.
func mdInline(s string) string {
	var b strings.Builder
	mdInlineTo(&b, s)
	return b.String()
}

func mdInlineTo(b *strings.Builder, s string) {
	text := 0 // start of the plain text not yet written
	plain := func(end int) {
		b.WriteString(html.EscapeString(s[text:end]))
	}
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\\' && i+1 < len(s) && mdPunct(s[i+1]):
			plain(i)
			b.WriteString(html.EscapeString(s[i+1 : i+2]))
			i += 2
			text = i
		case s[i] == '`':
			n := mdTicks(s, i)
			e := mdCodeEnd(s, i, n)
			if e < 0 {
				i += n // a run of backticks that opens nothing is text
				continue
			}
			plain(i)
			code := s[i+n : e]
			if len(code) >= 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
				code = code[1 : len(code)-1]
			}
			b.WriteString("<code>" + html.EscapeString(code) + "</code>")
			i = e + n
			text = i
		case strings.HasPrefix(s[i:], "**"):
			e := mdFind(s, i+2, "**")
			if e <= i+2 {
				i += 2
				continue
			}
			plain(i)
			b.WriteString("<strong>")
			mdInlineTo(b, s[i+2:e])
			b.WriteString("</strong>")
			i = e + 2
			text = i
		case s[i] == '[':
			e := mdFind(s, i+1, "](")
			end := -1
			if e > i+1 {
				end = strings.IndexByte(s[e+2:], ')')
			}
			if end < 0 {
				i++
				continue
			}
			to := s[e+2 : e+2+end]
			plain(i)
			if mdSafeTo.MatchString(to) {
				b.WriteString(`<a href="` + html.EscapeString(to) + `">`)
				mdInlineTo(b, s[i+1:e])
				b.WriteString("</a>")
			} else {
				mdInlineTo(b, s[i+1:e])
			}
			i = e + 2 + end + 1
			text = i
		default:
			i++
		}
	}
	plain(len(s))
}

// MarkdownHTML renders the subset of Markdown that Advice writes: "#" and "##"
// headings, "- " bullets, paragraphs, and inline backslash escapes, code, bold and
// links. Any other character is written as escaped text, so text from a file, which
// Advice writes escaped (MarkdownText, MarkdownCode), shows as the same literal text
// and never becomes a heading, a list item, a link or HTML.
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
		line = strings.TrimRight(line, " \t\r")
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
