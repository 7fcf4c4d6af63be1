package synth

import (
	"path"
	"time"
)

// Roster returns the files of a coach's folder, without writing them: for each name,
// Plan(n, start, seed+i) as FIT files under name/YEAR/ (named by local start time),
// so that the athletes' activities interleave on the same days, as a squad's do.
// Write them with WriteFile.
func Roster(names []string, n int, start time.Time, seed int64) []Written {
	var out []Written
	for i, name := range names {
		for _, s := range Plan(n, start, seed+int64(i)) {
			local := s.Start.In(s.zone())
			p := path.Join(name, local.Format("2006"), local.Format("2006-01-02-15-04-05")+".fit")
			out = append(out, Written{Spec: s, Path: p, Format: FormatFIT})
		}
	}
	return out
}
