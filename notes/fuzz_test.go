package notes

import (
	"bytes"
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzRead checks what every read must satisfy, whatever the bytes: no panic, good
// notes only (a date, scores within 0-10, safe and short text), and a line for every
// problem within the file.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"date,site,pain_during,pain_next_morning,note\n2026-03-02,knee,2,4,\"a, b\"\n",
		"\ufeffdate,site,pain_during,pain_next_morning,note\r\n2026-03-02,knee,11,4,x\r\n\r\n",
		"2026-03-02,knee,2,4,\"open\n2026-03-03,knee,1,1,y\n",
		"note,date,pain_next_morning,extra\n\"q\"\"q\",2026-02-30,3/10,z\n",
		"date,pain_during\n2026-01-01,\n,3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(bytes.NewReader(data))
		if file == nil {
			t.Fatal("nil file")
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		if err != nil && len(file.Notes) > 0 {
			t.Fatalf("error %v with %d notes", err, len(file.Notes))
		}
		if file.Rows > MaxRows || len(file.Notes) > file.Rows {
			t.Fatalf("%d notes of %d rows", len(file.Notes), file.Rows)
		}
		for i, n := range file.Notes {
			if i > 0 && n.Date.Before(file.Notes[i-1].Date) {
				t.Fatal("notes not in date order")
			}
			if n.Line < 1 || n.Line > lines || n.Date.IsZero() {
				t.Fatalf("note %+v of %d lines", n, lines)
			}
			for _, p := range []float64{n.PainDuring, n.PainNextMorning} {
				if !math.IsNaN(p) && !(p >= 0 && p <= 10) {
					t.Fatalf("pain %v", p)
				}
			}
			if math.IsNaN(n.Pain()) && n.Text == "" {
				t.Fatal("a note with neither pain nor text")
			}
			for s, max := range map[string]int{n.Site: MaxSiteRunes, n.Text: MaxTextRunes} {
				if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
					t.Fatalf("text %q", s)
				}
				for _, r := range s {
					if unsafeRune(r) || r == '\n' || r == '\r' || r == '\t' {
						t.Fatalf("text %q holds %U", s, r)
					}
				}
			}
		}
		for _, p := range file.Problems {
			if p.Line < 1 || p.Line > lines || p.Reason == "" {
				t.Fatalf("problem %+v of %d lines", p, lines)
			}
		}
	})
}
