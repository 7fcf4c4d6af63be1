package fitparse

// This file turns a decoded FIT file into activities: one per session, each with
// the records that fall within it.

import (
	"container/heap"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/cadence-run/cadence/activity"
)

// result gives the activities of a decoded file, or why it holds none.
func (l *fitListener) result(name string, warnings []string) ([]*activity.Activity, error) {
	if len(l.records) == 0 {
		return nil, &ParseError{File: name, Offset: -1, Err: noActivityErr(l.fileTypes)}
	}
	if l.backwards > 0 {
		warnings = append(warnings, fmt.Sprintf("record timestamps go backwards %d times", l.backwards))
	}
	if l.total > len(l.records) {
		warnings = append(warnings, tooManySamples(l.total))
	}
	return l.activities(name, warnings), nil
}

// fitSport maps a FIT sport name to an activity.Sport. "generic" and missing sports say
// nothing and map to Unknown.
func fitSport(name string) activity.Sport {
	switch name {
	case "", "generic", "all", "invalid":
		return activity.Unknown
	case "e_biking":
		return activity.Cycling
	case "fitness_equipment", "training":
		return activity.Sport(name)
	}
	return activity.ParseSport(name)
}

// activities splits the records into one Activity per session.
func (l *fitListener) activities(name string, warnings []string) []*activity.Activity {
	sessions := append([]fitSession(nil), l.sessions...)
	// Summary-first files put sessions before records; order by start time.
	sort.SliceStable(sessions, func(i, j int) bool {
		a, b := sessions[i].start, sessions[j].start
		if math.IsNaN(a) || math.IsNaN(b) {
			return sessions[i].order < sessions[j].order
		}
		return a < b
	})
	if len(sessions) == 0 {
		s := fitSession{start: math.NaN(), elapsed: math.NaN(), distance: math.NaN(),
			avgCad: math.NaN(), sport: l.sport, subSport: l.subSport}
		sessions = append(sessions, s)
		warnings = append(warnings, "no session summary in the file (truncated?): sport taken from the file's sport message")
		if l.sport == "" {
			warnings[len(warnings)-1] = "no session summary in the file (truncated?)"
		}
	}
	acts := make([]*activity.Activity, len(sessions))
	oneSport := true
	for i, s := range sessions {
		a := activity.New(name, "fit", i)
		a.Sport = fitSport(s.sport)
		if a.Sport == activity.Sport("fitness_equipment") {
			a.Sport = fitSport(s.subSport) // e.g. indoor_rowing, treadmill
			if a.Sport == activity.Sport("treadmill") {
				a.Sport = activity.Running
			}
		}
		if a.Sport != activity.Unknown {
			a.SportFrom = "file"
		}
		a.SubSport = s.subSport
		a.Indoor = strings.Contains(s.subSport, "treadmill") || strings.Contains(s.subSport, "indoor") || strings.Contains(s.subSport, "virtual")
		a.Device = l.device
		a.DynamicsFrom = l.dev.maker
		a.Zone = l.zone
		a.ElapsedS, a.DistanceM, a.AvgCadence = s.elapsed, s.distance, s.avgCad
		a.CadenceUnit = activity.CadencePerFoot
		a.Pauses = l.pauses
		a.Warnings = append(a.Warnings, warnings...)
		if !math.IsNaN(s.start) {
			a.Start = unixTime(s.start)
		}
		acts[i] = a
		if s.sport != sessions[0].sport {
			oneSport = false
		}
	}
	l.assignLaps(acts, sessions, oneSport)
	if len(acts) == 1 {
		acts[0].Samples, acts[0].Dynamics = l.records, l.dyn
		acts[0].PodDynamics = podList(l.dev.pods, func(d []activity.Dynamics) []activity.Dynamics { return d })
		if acts[0].Start.IsZero() {
			for _, r := range l.records {
				if !math.IsNaN(r.T) {
					acts[0].Start = unixTime(r.T)
					break
				}
			}
		}
		return acts
	}
	keys := assignRecords(l.records, sessions, oneSport)
	counts := make([]int, len(sessions))
	first := make([]int, len(sessions))
	end := make([]int, len(sessions))
	dropped := 0
	for i, k := range keys {
		if k < 0 {
			dropped++
			continue
		}
		if counts[k] == 0 {
			first[k] = i
		}
		counts[k]++
		end[k] = i + 1
	}
	for k, a := range acts {
		var pick func([]activity.Dynamics) []activity.Dynamics
		switch {
		case counts[k] == 0:
			continue
		case end[k]-first[k] == counts[k]:
			// The session's records lie together (the usual case): share them.
			pick = func(d []activity.Dynamics) []activity.Dynamics { return d[first[k]:end[k]:end[k]] }
			a.Samples = l.records[first[k]:end[k]:end[k]]
		default:
			a.Samples = make([]activity.Sample, 0, counts[k])
			for i, kk := range keys[first[k]:end[k]] {
				if int(kk) == k {
					a.Samples = append(a.Samples, l.records[first[k]+i])
				}
			}
			pick = func(d []activity.Dynamics) []activity.Dynamics {
				out := make([]activity.Dynamics, 0, counts[k])
				for i, kk := range keys[first[k]:end[k]] {
					if int(kk) == k {
						out = append(out, d[first[k]+i])
					}
				}
				return out
			}
		}
		if l.dyn != nil {
			a.Dynamics = pick(l.dyn)
		}
		a.PodDynamics = podList(l.dev.pods, pick)
	}
	if dropped > 0 {
		for _, a := range acts {
			a.Warn(fmt.Sprintf("%d records lie outside every session of this multisport file and were left out", dropped))
		}
	}
	return acts
}

// assignRecords returns, for each record, the index in sessions of the session it
// belongs to, or -1 when it belongs to none. A record belongs to the first session
// (in the order of sessions) whose span, from its start to its start plus its elapsed
// time (or to the next session's start when it has no elapsed time), holds the
// record's time; failing that, in a file of one sport, to the last session that
// started before it, or else the first. A record without a time goes with the record
// before it.
//
// It sweeps the records in time order, keeping the sessions started so far in a heap
// by index, so that it takes O((n + m) log m) for n records and m sessions rather than
// n times m.
func assignRecords(records []activity.Sample, sessions []fitSession, oneSport bool) []int32 {
	m := len(sessions)
	ends := make([]float64, m)
	var byStart []int32
	for i, s := range sessions {
		end := s.start + s.elapsed
		if math.IsNaN(s.elapsed) && i+1 < m {
			end = sessions[i+1].start
		}
		if math.IsNaN(end) {
			end = math.Inf(1)
		}
		ends[i] = end
		if !math.IsNaN(s.start) { // a session without a start holds no record
			byStart = append(byStart, int32(i))
		}
	}
	sort.SliceStable(byStart, func(a, b int) bool { return sessions[byStart[a]].start < sessions[byStart[b]].start })

	var order []int32 // the records with a time, in time order
	sorted := true
	for i, r := range records {
		if math.IsNaN(r.T) {
			continue
		}
		if n := len(order); n > 0 && r.T < records[order[n-1]].T {
			sorted = false
		}
		order = append(order, int32(i))
	}
	if !sorted {
		sort.SliceStable(order, func(a, b int) bool { return records[order[a]].T < records[order[b]].T })
	}

	keys := make([]int32, len(records))
	for i := range keys {
		keys[i] = -1
	}
	var started indexHeap // sessions started, not yet known to have ended
	next, lastStarted := 0, int32(-1)
	for _, r := range order {
		t := records[r].T
		for ; next < len(byStart) && sessions[byStart[next]].start <= t; next++ {
			i := byStart[next]
			heap.Push(&started, i)
			lastStarted = max(lastStarted, i)
		}
		// Times only grow, so a session that ended before t never holds a later
		// record: drop such sessions from the top until the top holds t.
		for started.Len() > 0 && ends[started[0]] < t {
			heap.Pop(&started)
		}
		switch {
		case started.Len() > 0:
			keys[r] = started[0]
		case oneSport && lastStarted >= 0:
			keys[r] = lastStarted
		case oneSport:
			keys[r] = 0
		}
	}
	last := int32(-1)
	for i, r := range records {
		if math.IsNaN(r.T) {
			keys[i] = last
		} else if keys[i] >= 0 {
			last = keys[i]
		}
	}
	return keys
}

// An indexHeap is a min-heap of session indices (container/heap).
type indexHeap []int32

func (h indexHeap) Len() int           { return len(h) }
func (h indexHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h indexHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *indexHeap) Push(x any)        { *h = append(*h, x.(int32)) }
func (h *indexHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
