package history

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cadence-run/cadence/analysis"
)

// The rules by which two activities are one, each with the reason for its value.
const (
	// sameStartS: exports of one recording start within a few seconds of each other
	// (a TCX lap time is rounded to the minute on some exporters: the fr945 treadmill
	// run starts at 11:19:00 in TCX and 11:19:33 in FIT): analysis.SameActivityWindow,
	// the one number coach uses too, in seconds.
	sameStartS = float64(analysis.SameActivityWindow / time.Second)
	// sameDistanceShare and sameDistanceM: GPX distance is recomputed from positions by
	// the exporter, so it differs from the watch's (4,395 m against 4,489 m on the
	// vivoactive HR run; 187 m against 159 m on the fr220 run of a few minutes).
	sameDistanceShare = 0.03
	sameDistanceM     = 50
	// sameElapsedShare and sameElapsedS compare durations where distance is unknown.
	sameElapsedShare = 0.03
	sameElapsedS     = 30
	// A copy whose clock was shifted (a file re-saved with the wrong time zone:
	// gc-garmin-vivoactivehr-run-resaved-invalid-basetype.fit starts exactly two hours
	// after the original, whose zone is UTC+02:00: both show 07:05 on the clock) is the
	// same activity only if the wall clocks the files give agree while the instants
	// are a zone offset apart (15 minutes to 14 hours), distance, duration and the
	// number of cadence records agree almost exactly (1,439 against 1,440 there: the
	// re-save lost a record), and each is the other's only such partner. A fixed
	// treadmill programme run at 07:00 and 18:00 agrees in all but the clock, and a
	// week of it once chained into one activity.
	shiftMinS          = 15*60 - sameStartS
	shiftMaxS          = 14*3600 + sameStartS
	shiftDistanceShare = 0.005
	shiftRecordsShare  = 0.01
	shiftRecords       = 2
	shiftElapsedS      = 5
)

// A Copy is one activity as Dedupe sees it.
type Copy struct {
	Result *analysis.Result
	// SHA256 is the hash of the bytes of the file it came from; copies with the same
	// hash and index are the same activity whatever their times say.
	SHA256 string
}

// Dedupe finds the activities that are copies of another: the same activity exported
// as FIT, GPX and TCX, downloaded twice, or copied byte for byte. Two activities are
// one when their content is identical, or when they are of the same sport, start
// within a minute of each other and cover the same distance within a few percent (the
// same duration where distance is unknown). A copy whose clock was shifted by a time
// zone (a re-save or an export in the wrong zone) is one with the other when the wall
// clocks the files give agree, distance, duration and records match almost exactly,
// and neither has another such partner: the rule never chains distinct sessions.
//
// Of each set of copies the richest counts: FIT before TCX before GPX, then the one
// with more cadence samples, then the first by file name. Dedupe returns, for each
// activity, the index of the copy that counts, or -1 for one that counts itself.
func Dedupe(cs []Copy) []int {
	fs := make([]Facts, len(cs))
	ps := make([]*Facts, len(cs))
	for i, c := range cs {
		fs[i] = FactsOf(c.Result, c.SHA256)
		ps[i] = &fs[i]
	}
	return DedupeFacts(ps)
}

// Facts are what Dedupe compares of one activity, taken from its Result by FactsOf.
// A batch keeps them for every activity, small beside the Result, while the Results
// themselves may be set aside on disk.
type Facts struct {
	Start time.Time // when HasStart, in the location the Result gave it
	// File, Format and Sport are the Result's; SHA256 the hash of its file's bytes,
	// "" when unknown or when there was no Result.
	File, Format, Sport, SHA256 string
	Index, Samples              int // the Result's index and its cadence records
	DistanceM, ElapsedS         float64
	HasStart                    bool
	HasDistance, HasElapsed     bool
	// FileZone says the start is in the zone the file gave (TimeZoneFrom "file").
	FileZone bool
}

// FactsOf returns what Dedupe compares of r, whose file's bytes hash to sha; the
// facts of a nil r match nothing.
func FactsOf(r *analysis.Result, sha string) Facts {
	if r == nil {
		return Facts{}
	}
	f := Facts{File: r.File, Format: r.Format, Sport: string(r.Sport), SHA256: sha, Index: r.Index,
		Samples: samples(r), FileZone: r.TimeZoneFrom == "file"}
	if r.Start != nil {
		f.Start, f.HasStart = *r.Start, true
	}
	if r.DistanceM != nil {
		f.DistanceM, f.HasDistance = *r.DistanceM, true
	}
	if r.ElapsedS != nil {
		f.ElapsedS, f.HasElapsed = *r.ElapsedS, true
	}
	return f
}

// DedupeFacts is Dedupe over the facts of each activity: for each, the index of the
// copy that counts, or -1 for one that counts itself. It takes pointers, so that a
// batch of many activities need not copy their facts, and keeps its own memory to a
// few words an activity.
func DedupeFacts(cs []*Facts) []int {
	n := len(cs)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		if ra, rb := find(a), find(b); ra != rb {
			parent[rb] = ra
		}
	}

	// Identical content: in the order of hash and index (then position), each is a
	// copy of the first of its run.
	var hashed []int
	for i, c := range cs {
		if c.SHA256 != "" {
			hashed = append(hashed, i)
		}
	}
	slices.SortFunc(hashed, func(a, b int) int {
		return cmp.Or(strings.Compare(cs[a].SHA256, cs[b].SHA256), cmp.Compare(cs[a].Index, cs[b].Index), cmp.Compare(a, b))
	})
	copyOf := make([]bool, n) // of an earlier activity, byte for byte
	for k := 1; k < len(hashed); k++ {
		j, i := hashed[k-1], hashed[k]
		if cs[i].SHA256 == cs[j].SHA256 && cs[i].Index == cs[j].Index {
			union(j, i)
			copyOf[i] = true
		}
	}

	// Same activity by time, sport and distance: compare each with those starting
	// within the window, in start order. Only the first of identical copies is
	// compared: the others are in its set and would compare the same, and a folder
	// of one file copied 40,000 times would otherwise take 800 million comparisons.
	var timed []int
	for i, c := range cs {
		if c.HasStart && !copyOf[i] {
			timed = append(timed, i)
		}
	}
	startOf := func(i int) float64 {
		return float64(cs[i].Start.UnixNano()) / 1e9
	}
	sort.Slice(timed, func(a, b int) bool { return startOf(timed[a]) < startOf(timed[b]) })
	starts := make([]float64, len(timed))
	for k, i := range timed {
		starts[k] = startOf(i)
	}
	for k, i := range timed {
		for m := k + 1; m < len(timed) && starts[m]-starts[k] <= sameStartS; m++ {
			if sameActivity(cs[i], cs[timed[m]]) {
				union(i, timed[m])
			}
		}
	}

	// The same activity with its clock shifted by a zone's offset: the wall clock the
	// files give agrees, the instants differ by 15 minutes to 14 hours. A pair of sets
	// found above is joined only when each is the other's one candidate, so that the
	// rule never chains distinct sessions.
	type walled struct {
		i           int
		wall, start float64
	}
	byWall := make([]walled, len(timed))
	for k, i := range timed {
		byWall[k] = walled{i, wallClock(cs[i]), starts[k]}
	}
	slices.SortFunc(byWall, func(a, b walled) int { return cmp.Compare(a.wall, b.wall) })
	cands := map[int]map[int]bool{}
	for k, wi := range byWall {
		for m := k + 1; m < len(byWall) && byWall[m].wall-wi.wall <= sameStartS; m++ {
			i, j := wi.i, byWall[m].i
			d := math.Abs(byWall[m].start - wi.start)
			if d < shiftMinS || d > shiftMaxS {
				continue
			}
			a, b := find(i), find(j)
			if a == b || !shiftedCopy(cs[i], cs[j]) {
				continue
			}
			for _, ab := range [][2]int{{a, b}, {b, a}} {
				if cands[ab[0]] == nil {
					cands[ab[0]] = map[int]bool{}
				}
				cands[ab[0]][ab[1]] = true
			}
		}
	}
	for a, set := range cands {
		for b := range set {
			if a < b && len(set) == 1 && len(cands[b]) == 1 {
				union(a, b)
			}
		}
	}

	// The richest of each set counts.
	best := make([]int, n) // of each set's root; -1 until one is met
	for i := range best {
		best[i] = -1
	}
	for i := range cs {
		r := find(i)
		if b := best[r]; b < 0 || richer(cs[i], cs[b]) {
			best[r] = i
		}
	}
	out := make([]int, n)
	for i := range cs {
		b := best[find(i)]
		if b == i {
			out[i] = -1
		} else {
			out[i] = b
		}
	}
	return out
}

func sameActivity(a, b *Facts) bool {
	if a.Sport != b.Sport {
		return false
	}
	if a.HasDistance && b.HasDistance {
		da, db := a.DistanceM, b.DistanceM
		return math.Abs(da-db) <= math.Max(sameDistanceShare*math.Max(da, db), sameDistanceM)
	}
	if a.HasElapsed && b.HasElapsed {
		ea, eb := a.ElapsedS, b.ElapsedS
		return math.Abs(ea-eb) <= math.Max(sameElapsedShare*math.Max(ea, eb), sameElapsedS)
	}
	return true
}

// shiftedCopy reports whether b may be a, its clock shifted: of one sport, and of
// the same distance, duration and number of cadence records, almost exactly.
func shiftedCopy(a, b *Facts) bool {
	if a.Sport != b.Sport || !a.HasDistance || !b.HasDistance || !a.HasElapsed || !b.HasElapsed {
		return false
	}
	da, db := a.DistanceM, b.DistanceM
	if da <= 0 || math.Abs(da-db) > shiftDistanceShare*math.Max(da, db) || math.Abs(a.ElapsedS-b.ElapsedS) > shiftElapsedS {
		return false
	}
	ra, rb := float64(a.Samples), float64(b.Samples)
	return math.Abs(ra-rb) <= math.Max(shiftRecordsShare*math.Max(ra, rb), shiftRecords)
}

// wallClock returns the start as the file's clock gives it, in seconds: the local
// time of a FIT file that records one (its zone comes from the file), else the UTC
// time the file holds. A file re-saved or exported with the wrong zone keeps the wall
// clock and moves the instant.
func wallClock(r *Facts) float64 {
	sec := float64(r.Start.UnixNano()) / 1e9
	if r.FileZone {
		_, off := r.Start.Zone()
		sec += float64(off)
	}
	return sec
}

// formatRank orders formats by how much they carry: FIT has the watch's own records,
// TCX its laps and cadence, GPX often only positions.
func formatRank(f string) int {
	if i := slices.Index([]string{"fit", "tcx", "gpx"}, f); i >= 0 {
		return i
	}
	return 3
}

// richer reports whether a is the better copy to count than b.
func richer(a, b *Facts) bool {
	if c := cmp.Compare(formatRank(a.Format), formatRank(b.Format)); c != 0 {
		return c < 0
	}
	if c := cmp.Compare(a.Samples, b.Samples); c != 0 {
		return c > 0
	}
	if c := cmp.Compare(a.File, b.File); c != 0 {
		return c < 0
	}
	return a.Index < b.Index
}

func samples(r *analysis.Result) int {
	switch {
	case r.Cadence != nil:
		return r.Cadence.Samples
	case r.OtherCad != nil:
		return r.OtherCad.Samples
	}
	return 0
}
