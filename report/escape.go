package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/cadence-run/cadence/activity"
)

// Text from an activity file (its name, the names of the files and archive members
// that held it, a sport name, a warning that quotes it) is untrusted: it can carry
// terminal escape sequences, line breaks, Unicode direction overrides, Markdown or
// HTML. The functions here make such text safe for each place it is shown: Printable
// for a terminal, MarkdownText for the advice, and csvCell for a spreadsheet. The HTML
// page escapes everything it does not write itself (see MarkdownHTML).

// hiddenRune is activity.HiddenRune: the characters that must not reach a reader as
// they are.
func hiddenRune(r rune) bool { return activity.HiddenRune(r) }

// Printable returns s with every character that could control a terminal, break a
// line or reorder text (see hiddenRune) replaced by a visible escape in the style of
// Go's strconv.Quote: \t, \n and \r for tab, line feed and carriage return, \xNN for
// the other ASCII controls and for each byte that is not valid UTF-8, and \uNNNN for
// the rest, so "\x1b[2K" shows as the eight characters `\x1b[2K`. Everything else,
// backslashes included, is kept as it is, so ordinary names and Windows paths read
// the same: the result is for reading, not for parsing back. A string with nothing
// to replace is returned unchanged.
func Printable(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, hiddenRune) {
		return s
	}
	return string(appendPrintable(nil, []byte(s), false))
}

// PrintableLines is Printable for whole lines of output, whose fields were not
// escaped one by one: it keeps the line feeds and tabs, which the caller wrote as
// layout, and escapes every other hidden character as Printable does.
func PrintableLines(p []byte) []byte {
	clean := utf8.Valid(p) && !bytes.ContainsFunc(p, func(r rune) bool { return hiddenRune(r) && r != '\n' && r != '\t' })
	if clean {
		return p
	}
	return appendPrintable(make([]byte, 0, len(p)+8), p, true)
}

// appendPrintable appends p to dst with its hidden characters escaped, keeping line
// feeds and tabs if layout is set.
func appendPrintable(dst, p []byte, layout bool) []byte {
	for len(p) > 0 {
		r, n := utf8.DecodeRune(p)
		switch {
		case r == utf8.RuneError && n <= 1:
			dst = fmt.Appendf(dst, `\x%02x`, p[0])
		case layout && (r == '\n' || r == '\t'):
			dst = append(dst, byte(r))
		case r == '\t':
			dst = append(dst, `\t`...)
		case r == '\n':
			dst = append(dst, `\n`...)
		case r == '\r':
			dst = append(dst, `\r`...)
		case hiddenRune(r) && r < utf8.RuneSelf:
			dst = fmt.Appendf(dst, `\x%02x`, r)
		case hiddenRune(r):
			dst = fmt.Appendf(dst, `\u%04x`, r)
		default:
			dst = append(dst, p[:n]...)
		}
		p = p[n:]
	}
	return dst
}

// MarkdownText returns untrusted text as Markdown that shows exactly that text, in
// the advice's .md file (CommonMark and GitHub's dialect) and on its HTML page
// (MarkdownHTML): never a heading, list item, link, image, emphasis, code, table cell
// or raw HTML. Hidden characters become visible escapes first (Printable), so the
// text stays on one line. Then a backslash goes before every character that could
// start markup, before a "-", "+" or "=" or a number's "." or ")" that would start a
// block at the beginning of a line, and inside "://", "www." and "@", which GitHub
// would otherwise turn into links. Leading spaces are dropped: a page would not show
// them, and four of them would make a code block.
func MarkdownText(s string) string {
	s = strings.TrimLeft(Printable(s), " ")
	var b strings.Builder
	b.Grow(len(s) + 8)
	atStart := true // no text but spaces and digits written yet
	digits := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte("\\`*_{}[]<>#!|~&@$", c) >= 0:
			b.WriteByte('\\')
		case atStart && (c == '-' || c == '+' || c == '='):
			b.WriteByte('\\')
		case atStart && digits && (c == '.' || c == ')'):
			b.WriteByte('\\')
		case c == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteByte('\\')
		case c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www"):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c != ' ':
			atStart = false
		}
	}
	return b.String()
}

// MarkdownCode returns untrusted text as a Markdown code span that shows exactly that
// text (after Printable): fenced with one more backtick than the longest run of
// backticks in it, and padded with a space where it begins or ends with a backtick.
func MarkdownCode(s string) string {
	s = Printable(s)
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || (strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.Trim(s, " ") != "") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// plainNumber matches a number as a spreadsheet reads it, in the form strconv writes.
var plainNumber = regexp.MustCompile(`^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$`)

// csvCell defuses a cell that a spreadsheet would run as a formula (OWASP's advice on
// CSV injection): one that begins with "=", "+", "-", "@", a tab, a carriage return or
// a line feed gets a single quote in front, which Excel, LibreOffice and Google
// Sheets show as text. A plain number such as "-3.5" is left alone, so negative
// numbers stay numbers, and so is a lone character, which cannot hold a formula: "-"
// names standard input.
func csvCell(s string) string {
	if len(s) < 2 || strings.IndexByte("=+-@\t\r\n", s[0]) < 0 || plainNumber.MatchString(s) {
		return s
	}
	return "'" + s
}

// CSVCell is csvCell for the command's own CSV writers (the trend's rows).
func CSVCell(s string) string { return csvCell(s) }
