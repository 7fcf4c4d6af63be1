package report

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestMarkdownHTML(t *testing.T) {
	got := MarkdownHTML("# Your run <b>\n\nSome **bold** text\nwith `a<b>.fit` and [a click track](click-158.wav).\n\n## Plan\n\n- **Now: 158** (+5%)\n- [bad](javascript:alert)\n\nAfter.\n")
	want := "<h1>Your run &lt;b&gt;</h1>\n" +
		"<p>Some <strong>bold</strong> text with <code>a&lt;b&gt;.fit</code> and <a href=\"click-158.wav\">a click track</a>.</p>\n" +
		"<h2>Plan</h2>\n<ul>\n<li><strong>Now: 158</strong> (+5%)</li>\n<li>bad</li>\n</ul>\n<p>After.</p>\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestRunPageCarriesTheAdvice renders the overstride golden advice into a page and
// checks that its headings, target and links all made it.
func TestRunPageCarriesTheAdvice(t *testing.T) {
	md, err := os.ReadFile("testdata/advice/overstride.md")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteRunPage(&buf, RunPage{Title: "Run", PNG: "run.png", Advice: string(md), MD: "run.md", Index: "index.html"}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, line := range strings.Split(string(md), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok && !strings.Contains(page, "<h2>"+h+"</h2>") && !strings.Contains(h, "*") && !strings.Contains(h, "`") {
			t.Errorf("heading %q missing", h)
		}
	}
	for _, want := range []string{`<img src="run.png"`, `href="index.html"`, `href="run.md"`, "<li>", "Heiderscheit"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
