package coach

import (
	"sort"
	"time"
)

// A Span is the time one counted run took, and the file it came from.
type Span struct {
	Start, End time.Time
	File       string
}

// FirstOverlap returns the earliest two runs of spans that overlap in time, which one
// person cannot run: the later starts more than SameActivityWindow after the earlier
// (closer starts are one activity recorded twice, which the history's copies rule
// judges) and more than SameActivityWindow before the earlier ends. It is false when
// no two overlap. spans is not changed.
func FirstOverlap(spans []Span) (Span, Span, bool) {
	s := append([]Span(nil), spans...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].Start.Before(s[j].Start) })
	// The run that ends last so far: any later start before its end overlaps it.
	reach := -1
	for i := range s {
		if reach >= 0 && s[i].Start.Sub(s[reach].Start) > SameActivityWindow &&
			s[reach].End.Sub(s[i].Start) > SameActivityWindow {
			return s[reach], s[i], true
		}
		if reach < 0 || s[i].End.After(s[reach].End) {
			reach = i
		}
	}
	return Span{}, Span{}, false
}
