package notes

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
)

func read(t *testing.T, s string) *File {
	t.Helper()
	f, err := Read(strings.NewReader(s))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return f
}

func problems(f *File) string {
	var b strings.Builder
	for _, p := range f.Problems {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

func TestReadGood(t *testing.T) {
	in := "\ufeffdate,site,pain_during,pain_next_morning,note\r\n" +
		"2026-03-02,left knee,2,4,\"easy 8k, knee sore on stairs\"\r\n" +
		"\r\n" +
		"2026-03-01,left knee,,1,\"said \"\"fine\"\"\"\r\n" +
		"2026-03-05,right shin,3/10,,\"two\nlines\"\r\n"
	f := read(t, in)
	if len(f.Problems) != 0 {
		t.Fatalf("problems: %s", problems(f))
	}
	if len(f.Notes) != 3 || f.Rows != 3 {
		t.Fatalf("%d notes, %d rows, want 3, 3", len(f.Notes), f.Rows)
	}
	n := f.Notes[0] // sorted by date
	if n.Date.Format("2006-01-02") != "2026-03-01" || n.Line != 4 || !math.IsNaN(n.PainDuring) || n.PainNextMorning != 1 || n.Text != `said "fine"` || n.Pain() != 1 {
		t.Errorf("first note %+v", n)
	}
	n = f.Notes[1]
	if n.Site != "left knee" || n.PainDuring != 2 || n.PainNextMorning != 4 || n.Pain() != 4 || n.Text != "easy 8k, knee sore on stairs" || n.Line != 2 {
		t.Errorf("second note %+v", n)
	}
	n = f.Notes[2]
	if n.PainDuring != 3 || n.Text != "two lines" || n.Line != 5 {
		t.Errorf("third note %+v", n)
	}
}

// TestReadMalformed holds each kind of bad input to one clear line, and checks that
// the good rows around it are kept.
func TestReadMalformed(t *testing.T) {
	const head = "date,site,pain_during,pain_next_morning,note\n"
	const good = "2026-03-02,knee,2,3,ok\n"
	cases := []struct {
		name, in string
		want     []string // the problems, in order
		notes    int
	}{
		{"pain 11", head + good + "2026-03-03,knee,11,2,x\n" + good, []string{"line 3: pain_during 11 is outside 0-10"}, 2},
		{"negative", head + "2026-03-03,knee,2,-1,x\n" + good, []string{"line 2: pain_next_morning -1 is outside 0-10"}, 1},
		{"not a number", head + "2026-03-03,knee,bad,2,x\n" + good, []string{`line 2: pain_during "bad" is not a number from 0 to 10`}, 1},
		{"not a date", head + "2026-02-30,knee,2,2,x\n" + "03/04/2026,knee,2,2,x\n" + good, []string{
			`line 2: date "2026-02-30" is not a date written YYYY-MM-DD`, `line 3: date "03/04/2026" is not a date written YYYY-MM-DD`}, 1},
		{"no date", head + ",knee,2,2,x\n" + good, []string{"line 2: no date"}, 1},
		{"nothing", head + "2026-03-03,knee,,,\n" + good, []string{"line 2: no pain score and no note"}, 1},
		{"extra fields", head + "2026-03-03,knee,2,2,x,y\n" + good, []string{"line 2: 6 fields, the header has 5: the extra ones are not read"}, 2},
		{"extra column", "date,site,pain_during,pain_next_morning,note,mood\n" + good, []string{`line 1: "mood" not read`}, 1},
		{"missing site and note", "date,pain_during,pain_next_morning\n2026-03-03,2,2\n", []string{"line 1: no site, no note column (read as empty)"}, 1},
		{"no header", good + good, []string{"line 1: no header: the columns are read as date,site,pain_during,pain_next_morning,note"}, 2},
		{"open quote", head + "2026-03-03,knee,2,2,\"never closed\n" + good + good, []string{`line 2: a quote (") is opened and never closed`}, 2},
		{"long line", head + "2026-03-03,knee,2,2," + strings.Repeat("x", MaxLineBytes+10) + "\n" + good, []string{"line 2: longer than 64 KB: not read"}, 1},
		{"short row", head + "2026-03-03,knee\n" + good, []string{"line 2: no pain score and no note"}, 1},
		{"spaces and case", "Date, Site ,Pain During,pain-next-morning,Notes\n2026-03-03 07:00,knee, 4 ,,x\n", nil, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := read(t, c.in)
			got := strings.Split(strings.TrimSpace(problems(f)), "\n")
			if len(c.want) == 0 && len(f.Problems) == 0 {
				got = nil
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if len(f.Notes) != c.notes {
				t.Errorf("%d notes, want %d", len(f.Notes), c.notes)
			}
		})
	}
}

func TestReadFatal(t *testing.T) {
	for in, want := range map[string]string{
		"":                                 "no notes: the file is empty",
		"\n\n":                             "no notes: the file is empty",
		"site,pain_during,note\n":          "line 1: no date, no pain_next_morning column",
		"date,site,note\n2026-01-01,a,b\n": "line 1: no pain_during, no pain_next_morning column",
		"when,where,how much\n":            "line 1: no date, no site, no pain_during, no pain_next_morning, no note column",
	} {
		_, err := Read(strings.NewReader(in))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Read(%q): %v, want %q...", in, err, want)
		}
	}
}

// TestReadMillionRows reads a million rows, every tenth bad: the first MaxRows are
// read, one line says the rest are not, and the problems past 100 are counted.
func TestReadMillionRows(t *testing.T) {
	pr, pw := io.Pipe()
	go func() {
		bw := bytes.NewBufferString("date,site,pain_during,pain_next_morning,note\n")
		for i := 0; i < 1_000_000; i++ {
			pain := i % 11
			if i%10 == 9 {
				pain = 11
			}
			fmt.Fprintf(bw, "2026-01-%02d,knee,%d,,run %d\n", 1+i%28, pain, i)
			if bw.Len() > 1<<16 {
				pw.Write(bw.Bytes())
				bw.Reset()
			}
		}
		pw.Write(bw.Bytes())
		pw.Close()
	}()
	f, err := Read(pr)
	pr.CloseWithError(io.ErrClosedPipe)
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows != MaxRows || len(f.Notes) != MaxRows*9/10 {
		t.Errorf("%d rows, %d notes, want %d, %d", f.Rows, len(f.Notes), MaxRows, MaxRows*9/10)
	}
	if len(f.Problems) != maxProblems || f.MoreProblems != MaxRows/10+1-maxProblems || f.Dropped() != MaxRows/10+1 {
		t.Errorf("%d problems + %d more, %d dropped", len(f.Problems), f.MoreProblems, f.Dropped())
	}
	if p := f.Problems[0].String(); p != "line 11: pain_during 11 is outside 0-10" {
		t.Errorf("first problem %q", p)
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"left\x1b[31m knee\u202e": "left [31m knee",
		"a\tb\r\nc":               "a b c",
		"\xff\xfe":                "\ufffd\ufffd",
		strings.Repeat("é", 70):   strings.Repeat("é", MaxSiteRunes-1) + "…",
		strings.Repeat("é", 60):   strings.Repeat("é", 60),
	} {
		if got := clean(in, MaxSiteRunes); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// zeros is an endless reader of one byte, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// TestReadEndless reads an endless file of one line: it stops at MaxBytes, with one
// line that says so.
func TestReadEndless(t *testing.T) {
	f, err := Read(io.MultiReader(strings.NewReader("date,site,pain_during,pain_next_morning,note\n2026-01-01,knee,2,,\n"), zeros{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Notes) != 1 || problems(f) != "line 3: the file is longer than 64 MB: this line and the rest are not read\n" {
		t.Errorf("%d notes, problems:\n%s", len(f.Notes), problems(f))
	}
}

// BenchmarkRead reads a diary of MaxRows notes (about 5 MB), the most a file holds.
func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("date,site,pain_during,pain_next_morning,note\n")
	for i := 0; i < MaxRows; i++ {
		fmt.Fprintf(&buf, "2026-%02d-%02d,left knee,%d,%d,\"easy run, sore on stairs %d\"\n", 1+i%12, 1+i%28, i%11, (i+3)%11, i)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := Read(bytes.NewReader(data))
		if err != nil || len(f.Notes) != MaxRows {
			b.Fatalf("%v, %d notes", err, len(f.Notes))
		}
	}
}
