package coach

import (
	"sort"
	"time"
)

// Shoes. The 300-500 miles (480-800 km) usually given for a shoe's life is
// convention, not trial evidence, so cadence only counts and lets the runner set a
// limit. Runners who rotated two or more pairs had fewer injuries (Malisoux2015 in
// the evidence table).

// A Shoe is one pair of shoes (or any gear the export names) with the runs in it.
type Shoe struct {
	Name      string    `json:"name"`
	Runs      int       `json:"runs"`
	DistanceM float64   `json:"distance_m"`
	First     time.Time `json:"first"`
	Last      time.Time `json:"last"`
	// OverLimit is true when DistanceM passed the limit the runner set.
	OverLimit bool `json:"over_limit"`
}

// Shoes sums the runs by gear, the most recently used first. limitM is the
// runner's own limit in metres, or 0 for none.
func Shoes(runs []Run, limitM float64) []Shoe {
	by := map[string]*Shoe{}
	for _, r := range runs {
		if r.Gear == "" {
			continue
		}
		s := by[r.Gear]
		if s == nil {
			s = &Shoe{Name: r.Gear, First: r.Start, Last: r.Start}
			by[r.Gear] = s
		}
		s.Runs++
		s.DistanceM += r.DistanceM
		if r.Start.Before(s.First) {
			s.First = r.Start
		}
		if r.Start.After(s.Last) {
			s.Last = r.Start
		}
	}
	out := make([]Shoe, 0, len(by))
	for _, s := range by {
		s.OverLimit = limitM > 0 && s.DistanceM > limitM
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Last.Equal(out[j].Last) {
			return out[i].Last.After(out[j].Last)
		}
		return out[i].Name < out[j].Name
	})
	return out
}
