package report

import (
	"html"
	"strings"
	"testing"
)

// hostile are names and strings a file can carry that must stay literal text.
var hostile = []string{
	"[Click to claim your prize](https://evil.example/phish)",
	"<script>alert(1)</script>",
	`<img src=x onerror="alert(1)">`,
	"Morning run\n# You won\n- claim it",
	"a `code` and ``more``",
	"a | b | c",
	"- dash", "+ plus", "* star", "1. one", "12) twelve", "> quote", "# h", "## h2", "---", "===",
	"www.evil.example", "https://evil.example/x", "me@evil.example", "<https://evil.example>",
	"**bold** _it_ ~~struck~~ $x^2$",
	"\x1b[2K\x1b[32mcadence: all files OK\r",
	`C:\runs\a.fit`, `ends in \`, `\*`,
	"&amp; &copy; &#60;",
	"![img](x.png)", "[x]: https://evil.example", "[ ] task",
	"\u202egnp.exe", "tab\there", "\x9b31m", "Café ☕ 5 km", "",
}

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2024-05-12 easy run.fit", "2024-05-12 easy run.fit"},
		{"\r\x1b[2K\x1b[32mcadence: all files OK", `\r\x1b[2K\x1b[32mcadence: all files OK`},
		{"a\nb\tc", `a\nb\tc`},
		{"bell\a del\x7f nul\x00", `bell\x07 del\x7f nul\x00`},
		{"c1 \u009b31m next \u0085", `c1 \u009b31m next \u0085`},
		{"bad \x9b byte \xff", `bad \x9b byte \xff`},
		{"\u202egnp.exe \u2066x\u2069 \u200f", `\u202egnp.exe \u2066x\u2069 \u200f`},
		{"line\u2028sep \ufeffbom", `line\u2028sep \ufeffbom`},
		{`C:\runs\a.fit`, `C:\runs\a.fit`},
		{"Café ☕ 👩‍👩‍👧 \ufffd", "Café ☕ 👩‍👩‍👧 \ufffd"}, // a joiner and a real U+FFFD are text
	} {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPrintableLines(t *testing.T) {
	got := string(PrintableLines([]byte("cadence: \x1b[31mred\r.fit: bad\n\tnext\u202e\n")))
	want := "cadence: \\x1b[31mred\\r.fit: bad\n\tnext\\u202e\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMarkdownText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Easy run", "Easy run"},
		{"[Click to claim your prize](https://evil.example/phish)", `\[Click to claim your prize\](https\://evil.example/phish)`},
		{"<script>", `\<script\>`},
		{"Morning\n# heading", `Morning\\n\# heading`},
		{"a|b", `a\|b`},
		{"a `b`", "a \\`b\\`"},
		{"- dash - mid", `\- dash - mid`},
		{"  1. one", `1\. one`},
		{"www.x.example", `www\.x.example`},
		{"me@x.example", `me\@x.example`},
		{`C:\runs`, `C:\\runs`},
		{"6:00/km, 10-90%", "6:00/km, 10-90%"},
	} {
		if got := MarkdownText(tc.in); got != tc.want {
			t.Errorf("MarkdownText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMarkdownCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"run.fit", "`run.fit`"},
		{"a`b.fit", "``a`b.fit``"},
		{"`a``b`", "``` `a``b` ```"},
		{" a ", "`  a  `"},
		{"x\ny", "`x\\ny`"},
	} {
		if got := MarkdownCode(tc.in); got != tc.want {
			t.Errorf("MarkdownCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// checkLiteral checks that s, escaped by MarkdownText and by MarkdownCode, renders
// on the page as exactly its printable text: at the start of a line, within one and
// as a bullet, never as markup.
func checkLiteral(t *testing.T, s string) {
	t.Helper()
	text := html.EscapeString(strings.TrimLeft(Printable(s), " "))
	for _, tc := range []struct{ md, want string }{
		{MarkdownText(s) + " x", "<p>" + text + " x</p>\n"},
		{"x " + MarkdownText(s) + " x", "<p>x " + text + " x</p>\n"},
		{"- " + MarkdownText(s) + " x", "<ul>\n<li>" + text + " x</li>\n</ul>\n"},
		{"## A " + MarkdownText(s) + " x", "<h2>A " + text + " x</h2>\n"},
		{"**Now " + MarkdownText(s) + "** x", "<p><strong>Now " + text + "</strong> x</p>\n"},
		{"x " + MarkdownCode(s), "<p>x <code>" + html.EscapeString(Printable(s)) + "</code></p>\n"},
	} {
		if s == "" && strings.HasPrefix(tc.md, "x `") {
			continue // an empty code span is two backticks, as in CommonMark
		}
		if got := MarkdownHTML(tc.md); got != tc.want {
			t.Errorf("%q: MarkdownHTML(%q) =\n%q, want\n%q", s, tc.md, got, tc.want)
		}
	}
}

func TestMarkdownTextIsLiteralOnThePage(t *testing.T) {
	for _, s := range hostile {
		checkLiteral(t, s)
	}
}

func FuzzMarkdownTextIsLiteralOnThePage(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(s, "**") {
			// Bold may hold any text but cannot end on a star of its own: skip the
			// case "**Now " + text + "**" cannot frame.
			s = strings.ReplaceAll(s, "*", "")
		}
		checkLiteral(t, s)
	})
}

func TestCSVCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"run.fit", "run.fit"},
		{`=HYPERLINK("https://evil.example","Click")`, `'=HYPERLINK("https://evil.example","Click")`},
		{"+SUM(A1:A9)", "'+SUM(A1:A9)"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1)", "'@SUM(1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-3.5", "-3.5"},
		{"-0.25", "-0.25"},
		{"+12", "+12"},
		{"-1e-3", "-1e-3"},
		{"-", "-"},
		{"=", "="},
		{"-a", "'-a"},
		{"-Inf", "'-Inf"},
		{"a=b", "a=b"},
		{"174.5", "174.5"},
	} {
		if got := csvCell(tc.in); got != tc.want {
			t.Errorf("csvCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
