package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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

// TestRunPageHostileNames writes the advice and the page of a run whose name, file
// name, sport and warnings are hostile: each must show as the same literal text in
// the .md file and on the page, and the page must hold no markup but ours.
func TestRunPageHostileNames(t *testing.T) {
	const (
		phish  = "[Click to claim your prize](https://evil.example/phish)"
		script = "<script>alert(1)</script>"
		img    = `<img src=x onerror="alert(1)">`
	)
	r := advOverstrider()
	r.Name = phish + " " + script
	r.File = "runs/" + img + "`\n# You won\n.fit"
	r.Warnings = []string{"damaged: " + script + "\n- claim | your | prize", "**urgent** `now`"}
	md := Advice(r, AdviceOptions{ClickTrack: "click-164.wav"})
	for _, want := range []string{
		`\[Click to claim your prize\](https\://evil.example/phish) \<script\>alert(1)\</script\> · `,
		"``runs/<img src=x onerror=\"alert(1)\">`\\n# You won\\n.fit``",
		`- Damaged: \<script\>alert(1)\</script\>\\n- claim \| your \| prize.`,
		"- \\*\\*urgent\\*\\* \\`now\\`.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("advice lacks %q:\n%s", want, md)
		}
	}
	if strings.Count(md, "\n# ") != 0 || !strings.HasPrefix(md, "# Your run on ") {
		t.Errorf("a name made a heading:\n%s", md)
	}

	var buf bytes.Buffer
	if err := WriteRunPage(&buf, RunPage{Title: "Cadence: " + r.Name + "\x1b[2K", PNG: "run.png", Advice: md, MD: "run.md", Index: "index.html"}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		"<p>[Click to claim your prize](https://evil.example/phish) &lt;script&gt;alert(1)&lt;/script&gt; · ",
		"<code>runs/&lt;img src=x onerror=&#34;alert(1)&#34;&gt;`\\n# You won\\n.fit</code></p>",
		"<li>Damaged: &lt;script&gt;alert(1)&lt;/script&gt;\\n- claim | your | prize.</li>",
		"<li>**urgent** `now`.</li>",
		`<a href="click-164.wav">this click track at 164 bpm</a>`,
		`\x1b[2K</title>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"evil.example/phish\"", "<script", "<img src=x", "<h1># You won", "<h1>You won", "<li>claim", "<strong>urgent", "\x1b"} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	if n := strings.Count(page, "<a "); n != 4 {
		t.Errorf("page has %d links, want 4 (index, Markdown, dashboard, click track)", n)
	}
}

// TestMarkdownHTMLLinks keeps links to files beside the page and drops the rest.
func TestMarkdownHTMLLinks(t *testing.T) {
	for _, tc := range []struct{ md, want string }{
		{"[a](click-164.wav)", `<p><a href="click-164.wav">a</a></p>` + "\n"},
		{"[a](clicks/click%20164%20%28easy%29.wav)", `<p><a href="clicks/click%20164%20%28easy%29.wav">a</a></p>` + "\n"},
		{"[a](https://evil.example)", "<p>a</p>\n"},
		{"[a](//evil.example/x)", "<p>a</p>\n"},
		{"[a](/etc/passwd)", "<p>a</p>\n"},
		{"[a](javascript:alert(1))", "<p>a)</p>\n"},
		{"[a](data:text/html,x)", "<p>a</p>\n"},
		{`\[a\](b.wav)`, "<p>[a](b.wav)</p>\n"},
		{"[**b** `c`](b.wav)", `<p><a href="b.wav"><strong>b</strong> <code>c</code></a></p>` + "\n"},
	} {
		if got := MarkdownHTML(tc.md); got != tc.want {
			t.Errorf("MarkdownHTML(%q) = %q, want %q", tc.md, got, tc.want)
		}
	}
}

// TestRunPageVersion: a report keeps a run page in place when it would be written
// from the same RunPage by the same RunPageVersion, so the bytes WriteRunPage writes
// for one page must change only with that version. If this fails, bump
// RunPageVersion and put the new hash here.
func TestRunPageVersion(t *testing.T) {
	page := RunPage{Title: "Cadence: Morning <Run>", MD: "a.md", Index: "../index.html", PNG: "a.png",
		Advice: "# Morning run\n\nYour step rate was **162** steps/min at 5:30/km.\n\n- one\n- two\n\n[track](../clicks/170.wav)\n"}
	var b bytes.Buffer
	if err := WriteRunPage(&b, page); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b.Bytes())
	got := hex.EncodeToString(sum[:8])
	want := map[string]string{"1": "3a5c5c55406a83e1"}[RunPageVersion]
	if got != want {
		t.Errorf("WriteRunPage writes other bytes (%s) than RunPageVersion %s did (%s): bump RunPageVersion and put the new hash in this test", got, RunPageVersion, want)
	}
}
