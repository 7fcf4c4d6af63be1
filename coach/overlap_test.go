package coach

import (
	"testing"
	"time"
)

// TestFirstOverlap: runs that overlap in time are found, the earliest pair first;
// runs one after another, and one activity recorded twice (starts within a
// minute), are not overlaps.
func TestFirstOverlap(t *testing.T) {
	at := func(h, m int, minutes int, file string) Span {
		s := time.Date(2026, 3, 1, h, m, 0, 0, time.UTC)
		return Span{Start: s, End: s.Add(time.Duration(minutes) * time.Minute), File: file}
	}
	for _, c := range []struct {
		name  string
		spans []Span
		a, b  string
	}{
		{"one after another", []Span{at(7, 0, 60, "a"), at(8, 0, 30, "b"), at(18, 0, 45, "c")}, "", ""},
		{"a copy", []Span{at(7, 0, 60, "a"), at(7, 0, 59, "a-copy")}, "", ""},
		{"within a minute of the end", []Span{at(7, 0, 60, "a"), at(7, 59, 30, "b")}, "", ""},
		{"two people", []Span{at(18, 0, 45, "c"), at(7, 30, 60, "b"), at(7, 0, 60, "a")}, "a", "b"},
		{"inside a long one", []Span{at(6, 0, 240, "long"), at(7, 0, 10, "short"), at(9, 0, 10, "later")}, "long", "short"},
	} {
		a, b, ok := FirstOverlap(c.spans)
		if ok != (c.a != "") || ok && (a.File != c.a || b.File != c.b) {
			t.Errorf("%s: %q and %q (%v), want %q and %q", c.name, a.File, b.File, ok, c.a, c.b)
		}
	}
}
