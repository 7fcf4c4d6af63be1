package notes

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/cadence-run/cadence/activity"
)

// Limits on what one file can hold.
const (
	// MaxRows is how many rows (notes and bad rows, not empty lines) a file is read
	// for: a note a day for more than 270 years. The rows after it are not read.
	MaxRows = 100_000
	// MaxLineBytes is the longest line read; a longer one is a bad row.
	MaxLineBytes = 64 << 10
	// MaxBytes is the most of a file read: a file of MaxRows rows of 600 bytes.
	MaxBytes = 64 << 20
	// MaxSiteRunes and MaxTextRunes cut a site and a note; a cut note ends in "…".
	MaxSiteRunes = 60
	MaxTextRunes = 300
	// maxJoin is how many lines one quoted field may run over.
	maxJoin = 20
	// maxProblems is how many problems are kept one by one; the rest are counted.
	maxProblems = 100
)

// Columns is the standard header, in the order used when a file has none.
var Columns = []string{"date", "site", "pain_during", "pain_next_morning", "note"}

// A Note is one row of the diary.
type Note struct {
	Line int       // the line the row starts on, from 1
	Date time.Time // the day, at 00:00 UTC: a calendar date, not an instant
	Site string    // where it hurt ("left knee"); "" when not given
	// PainDuring and PainNextMorning are 0-10, NaN when not given; a row has at
	// least one of them or a note.
	PainDuring      float64
	PainNextMorning float64
	Text            string
}

// Pain is the larger of the two scores, NaN when neither is given.
func (n Note) Pain() float64 {
	switch {
	case math.IsNaN(n.PainDuring):
		return n.PainNextMorning
	case math.IsNaN(n.PainNextMorning):
		return n.PainDuring
	}
	return math.Max(n.PainDuring, n.PainNextMorning)
}

// A Problem is what is wrong with one line. Dropped says whether the row's note
// was left out (a bad row) rather than read with a part ignored.
type Problem struct {
	Line    int
	Reason  string
	Dropped bool
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Reason) }

// A File is what Read found: the good notes in date order (rows of one date in file
// order), and the problems in line order.
type File struct {
	Notes    []Note
	Problems []Problem
	// MoreProblems counts the problems past the first 100, which are not kept one by
	// one; MoreDropped counts the dropped rows among them.
	MoreProblems, MoreDropped int
	// Rows is how many rows were read (notes and bad rows, without the header).
	Rows int
}

// Dropped is how many rows were left out.
func (f *File) Dropped() int {
	n := f.MoreDropped
	for _, p := range f.Problems {
		if p.Dropped {
			n++
		}
	}
	return n
}

// ErrNoNotes is returned, wrapped, for a file with no header and no note to read.
var ErrNoNotes = errors.New("no notes")

// Read reads a diary. Its error is for a file that cannot be read as a diary at all
// (empty, a header without a date column, an error of r); a bad row is a Problem.
func Read(r io.Reader) (*File, error) {
	limited := &io.LimitedReader{R: r, N: MaxBytes + 1}
	lr := &lineReader{br: bufio.NewReaderSize(limited, 64<<10)}
	f := &File{}
	var cols *columns
	for {
		rec, line, err := lr.record(f)
		if err == io.EOF {
			break
		}
		if err != nil {
			return f, err
		}
		if limited.N == 0 && lr.br.Buffered() == 0 {
			// The last line read may be cut short by the limit: one line says so,
			// in place of what was found wrong with it.
			p := Problem{Line: line, Reason: fmt.Sprintf("the file is longer than %d MB: this line and the rest are not read", MaxBytes>>20), Dropped: true}
			if n := len(f.Problems); n > 0 && f.Problems[n-1].Line == line {
				f.Problems[n-1] = p
			} else {
				f.problem(p)
			}
			break
		}
		if rec == nil {
			continue
		}
		if cols == nil {
			c, isHeader, reason := header(rec)
			if c == nil {
				return f, fmt.Errorf("line %d: %s", line, reason)
			}
			cols = c
			if reason != "" {
				f.problem(Problem{Line: line, Reason: reason})
			}
			if isHeader {
				continue
			}
		}
		if f.Rows == MaxRows {
			f.problem(Problem{Line: line, Reason: fmt.Sprintf("more than %d rows: this row and the rest are not read", MaxRows), Dropped: true})
			break
		}
		f.Rows++
		n, probs := cols.read(rec, line)
		for _, p := range probs {
			f.problem(p)
		}
		if n != nil {
			f.Notes = append(f.Notes, *n)
		}
	}
	if cols == nil {
		return f, fmt.Errorf("%w: the file is empty; a notes file starts with the header %s", ErrNoNotes, strings.Join(Columns, ","))
	}
	slices.SortStableFunc(f.Notes, func(a, b Note) int { return a.Date.Compare(b.Date) })
	sort.SliceStable(f.Problems, func(i, j int) bool { return f.Problems[i].Line < f.Problems[j].Line })
	return f, nil
}

func (f *File) problem(p Problem) {
	if len(f.Problems) < maxProblems {
		f.Problems = append(f.Problems, p)
		return
	}
	f.MoreProblems++
	if p.Dropped {
		f.MoreDropped++
	}
}

// columns is where each known column is in a row; -1 for a column not there.
type columns struct {
	date, site, during, morning, note int
	n                                 int // the header's width
}

// header reads the first row: the columns of a header, or the standard order for a
// file whose first row is already a note. It returns nil, with the reason, for a
// header that cannot be read; reason is also set for a header read with a part
// ignored.
func header(rec []string) (c *columns, isHeader bool, reason string) {
	if len(rec) > 0 {
		if _, err := parseDate(rec[0]); err == nil {
			return &columns{0, 1, 2, 3, 4, len(Columns)}, false,
				"no header: the columns are read as " + strings.Join(Columns, ",")
		}
	}
	c = &columns{-1, -1, -1, -1, -1, len(rec)}
	var unknown []string
	for i, name := range rec {
		key := strings.ToLower(strings.TrimSpace(name))
		key = strings.NewReplacer(" ", "_", "-", "_").Replace(key)
		var p *int
		switch key {
		case "date":
			p = &c.date
		case "site":
			p = &c.site
		case "pain_during":
			p = &c.during
		case "pain_next_morning":
			p = &c.morning
		case "note", "notes":
			p = &c.note
		}
		switch {
		case p == nil && key == "":
			unknown = append(unknown, fmt.Sprintf("column %d (no name)", i+1))
		case p == nil:
			unknown = append(unknown, strconv.Quote(clean(name, 30)))
		case *p >= 0:
			unknown = append(unknown, fmt.Sprintf("a second %q", key))
		default:
			*p = i
		}
	}
	var missing []string
	for i, at := range []int{c.date, c.site, c.during, c.morning, c.note} {
		if at < 0 {
			missing = append(missing, Columns[i])
		}
	}
	want := "the header must name " + strings.Join(Columns, ",")
	if c.date < 0 || (c.during < 0 && c.morning < 0) {
		return nil, true, "no " + strings.Join(missing, ", no ") + " column: " + want
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "no "+strings.Join(missing, ", no ")+" column (read as empty)")
	}
	if len(unknown) > 0 {
		parts = append(parts, strings.Join(unknown, ", ")+" not read")
	}
	return c, true, strings.Join(parts, "; ")
}

// note reads one row.
func (c *columns) read(rec []string, line int) (*Note, []Problem) {
	var probs []Problem
	bad := func(reason string) (*Note, []Problem) {
		return nil, append(probs, Problem{Line: line, Reason: reason, Dropped: true})
	}
	field := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	if len(rec) > c.n && strings.TrimSpace(strings.Join(rec[c.n:], "")) != "" {
		probs = append(probs, Problem{Line: line, Reason: fmt.Sprintf("%d fields, the header has %d: the extra ones are not read", len(rec), c.n)})
	}
	d := field(c.date)
	if d == "" {
		return bad("no date")
	}
	date, err := parseDate(d)
	if err != nil {
		return bad(err.Error())
	}
	n := &Note{Line: line, Date: date, Site: clean(field(c.site), MaxSiteRunes), Text: clean(field(c.note), MaxTextRunes)}
	if n.PainDuring, err = parsePain("pain_during", field(c.during)); err != nil {
		return bad(err.Error())
	}
	if n.PainNextMorning, err = parsePain("pain_next_morning", field(c.morning)); err != nil {
		return bad(err.Error())
	}
	if math.IsNaN(n.Pain()) && n.Text == "" {
		return bad("no pain score and no note")
	}
	return n, probs
}

// parseDate reads a calendar date written YYYY-MM-DD (a time after it, as a
// spreadsheet may add, is ignored) between 1900 and 2200.
func parseDate(s string) (time.Time, error) {
	d := s
	if len(d) > 10 && (d[10] == 'T' || d[10] == ' ') {
		d = d[:10]
	}
	t, err := time.Parse("2006-01-02", d)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, fmt.Errorf("date %q is not a date written YYYY-MM-DD", clean(s, 30))
	}
	return t, nil
}

// parsePain reads a score 0-10 ("4", "4.5" or "4/10"); NaN for an empty field.
func parsePain(col, s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "/10")), " "), 64)
	if err != nil || math.IsNaN(v) {
		return 0, fmt.Errorf("%s %q is not a number from 0 to 10", col, clean(s, 30))
	}
	if v < 0 || v > 10 {
		return 0, fmt.Errorf("%s %s is outside 0-10", col, strconv.FormatFloat(v, 'g', 4, 64))
	}
	return v, nil
}

// clean makes untrusted text safe on one line: invalid UTF-8 becomes U+FFFD, control
// and bidirectional characters become spaces, runs of spaces one, and the text is cut
// to max runes, ending in "…" when cut.
func clean(s string, max int) string {
	if plain(s, max) {
		return s
	}
	var out []rune
	space := false
	for _, r := range s { // ranging over a string yields U+FFFD for invalid UTF-8
		if unsafeRune(r) || unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, r)
		if len(out) > max {
			return strings.TrimRight(string(out[:max-1]), " ") + "…"
		}
	}
	return string(out)
}

// plain reports whether s is short printable ASCII with single spaces inside and none
// at its ends: what clean returns unchanged.
func plain(s string, max int) bool {
	if len(s) > max || s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return len(s) == 0
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

func unsafeRune(r rune) bool { return activity.HiddenRune(r) }

// lineReader reads CSV records line by line, so that a bad line costs that line.
type lineReader struct {
	br      *bufio.Reader
	line    int      // the number of the last line handed out
	pending []string // lines put back, to be handed out again (after line)
}

// readLine returns the next line without its end, and whether it was too long (its
// text then dropped).
func (lr *lineReader) readLine() (string, bool, error) {
	if len(lr.pending) > 0 {
		s := lr.pending[0]
		lr.pending = lr.pending[1:]
		lr.line++
		return s, false, nil
	}
	var buf []byte
	long := false
	for {
		frag, err := lr.br.ReadSlice('\n')
		if !long {
			if len(buf)+len(frag) > MaxLineBytes+2 {
				long, buf = true, nil
			} else {
				buf = append(buf, frag...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(frag) == 0 && len(buf) == 0 && !long {
			return "", false, io.EOF
		}
		if err != nil && err != io.EOF {
			return "", false, err
		}
		lr.line++
		buf = bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte("\n")), []byte("\r"))
		if lr.line == 1 {
			buf = bytes.TrimPrefix(buf, []byte("\ufeff"))
		}
		return string(buf), long, nil
	}
}

// record returns the fields of the next record and the line it starts on; nil
// fields for an empty line or a bad one, whose Problem it adds to f.
func (lr *lineReader) record(f *File) ([]string, int, error) {
	s, long, err := lr.readLine()
	if err != nil {
		return nil, 0, err
	}
	start := lr.line
	if long {
		f.problem(Problem{Line: start, Reason: fmt.Sprintf("longer than %d KB: not read", MaxLineBytes>>10), Dropped: true})
		return nil, start, nil
	}
	if strings.TrimSpace(s) == "" {
		return nil, start, nil
	}
	lines := []string{s}
	for {
		fields, open := splitCSV(strings.Join(lines, "\n"))
		if !open {
			return fields, start, nil
		}
		// A quoted field runs on to the next line, for at most maxJoin lines.
		var next string
		if len(lines) < maxJoin {
			next, long, err = lr.readLine()
		}
		if len(lines) == maxJoin || err != nil || long {
			if err != nil && err != io.EOF {
				return nil, start, err
			}
			// Go on at the line after the one that opened the quote.
			f.problem(Problem{Line: start, Reason: "a quote (\") is opened and never closed", Dropped: true})
			back := lines[1:]
			if err == nil && !long {
				back = append(back, next)
			}
			lr.pending = append(append([]string(nil), back...), lr.pending...)
			lr.line = start
			if long {
				// The long line is answered now; an empty line keeps its place.
				f.problem(Problem{Line: start + len(lines), Reason: fmt.Sprintf("longer than %d KB: not read", MaxLineBytes>>10), Dropped: true})
				lr.pending = append(lr.pending, "")
			}
			return nil, start, nil
		}
		lines = append(lines, next)
	}
}

// splitCSV splits one record into fields: commas between fields, a field in double
// quotes may hold commas, line ends and doubled quotes. open is true when a quote is
// not closed by the end of s. Text after a closing quote is kept as it is.
func splitCSV(s string) (fields []string, open bool) {
	if !strings.Contains(s, `"`) {
		return strings.Split(s, ","), false
	}
	var b strings.Builder
	inQuote, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQuote && c == '"' && i+1 < len(s) && s[i+1] == '"':
			b.WriteByte('"')
			i++
		case inQuote && c == '"':
			inQuote = false
		case inQuote:
			b.WriteByte(c)
		case c == ',':
			fields = append(fields, b.String())
			b.Reset()
			quoted = false
		case c == '"' && !quoted && strings.TrimSpace(b.String()) == "":
			b.Reset()
			inQuote, quoted = true, true
		default:
			b.WriteByte(c)
		}
	}
	if inQuote {
		return nil, true
	}
	return append(fields, b.String()), false
}
