package ingest

import (
	"unique"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
)

// A batch held every Result until its output was written, so what a Result holds
// was what a large folder cost: 50,000 tiny runs held 1.5 KB each. It now holds a
// bounded amount of them (spill.go), but a report still keeps the runs it draws. Much of it was
// text that many results share but each had built or decoded anew: the cadence
// unit and its warning ("one foot per minute in the file, doubled to steps/min
// (median 83 per minute, ...)", 112 bytes each), and, read back from the history,
// every format, sport, device, zone and verdict word. compact makes a Result share
// them.

// compact makes the strings of r that repeat across activities share one copy
// with every other Result that holds the same text. Names and files, which are
// each activity's own, are left alone. It is called where a Result enters the batch
// (analysed, read back from the history, copied from another input's), before a
// worker reading a copy of the same content may look at it, and where one set aside
// on disk is read back (spill.go).
func compact(r *analysis.Result) {
	for _, p := range []*string{&r.Format, &r.SportFrom, &r.SubSport, &r.Device, &r.TimeZone,
		&r.TimeZoneFrom, &r.CadenceUnit, &r.Verdict.Kind, &r.Verdict.Basis, &r.Gear} {
		*p = shared(*p)
	}
	r.Sport = activity.Sport(shared(string(r.Sport)))
	for i := range r.Warnings {
		r.Warnings[i] = shared(r.Warnings[i])
	}
	for i := range r.Grades {
		r.Grades[i].Name = shared(r.Grades[i].Name)
	}
	for i := range r.RunningDynamics {
		r.RunningDynamics[i].Source = shared(r.RunningDynamics[i].Source)
	}
}

// shared returns the canonical copy of s (unique keeps one while it is in use).
func shared(s string) string {
	if s == "" {
		return ""
	}
	return unique.Make(s).Value()
}
