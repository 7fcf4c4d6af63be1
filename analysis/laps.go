package analysis

import (
	"math"
	"sort"

	"github.com/cadence-run/cadence/activity"
)

// Workouts from laps. Many watches end a lap at each rep and each recovery (the lap
// button, or a structured workout's steps), and some say which is which (a FIT lap's
// intensity: active, rest, recovery, warmup, cooldown). The laps then say where the
// reps and the recoveries are better than the speed profile can: a recovery jog is a
// recovery even when the GPS blurs its speed, and a window never averages a rep with
// the jog after it. A file's laps decide when they mark a workout, in one of two ways:
//
//   - Laps marked rest or recovery between active laps: the watch ran a workout, and
//     the laps it marks rest or recovery are left out; warm-up and cool-down laps are
//     steady running, and the active laps next to a recovery are the reps.
//   - A clear alternation of lap speeds: at least workoutMinReps laps of at most
//     workoutMaxRepS within workoutRepBandMS of the fastest, each two separated by a
//     lap at least workoutRepGapMS slower than both. Laps of a kilometre at an even
//     pace (auto-laps) never alternate so, and a steady run stays one.
//
// Otherwise the speed profile decides (workoutSteady), as it does for files without
// laps.
const (
	// lapBlipS is the shortest lap that counts in an alternation of lap speeds: a
	// lap of a few seconds is a double press of the lap button.
	lapBlipS = 20
	// lapMinRecoveryReps is the least number of reps for a workout the watch marks:
	// two active laps with a recovery between them are a session of reps.
	lapMinRecoveryReps = 2
)

// Kinds of lap, by what the verdict makes of them.
const (
	lapSteady   = iota // judged as steady running (warm-up, cool-down, a block between reps)
	lapRep             // judged as a rep
	lapRecovery        // left out
)

// lapSpeed returns the lap's average speed (m/s): as the file states it, else its
// distance over its timer time; NaN when neither is known.
func lapSpeed(l activity.Lap) float64 {
	if l.SpeedMS > 0 && !math.IsInf(l.SpeedMS, 0) {
		return l.SpeedMS
	}
	if l.DistanceM > 0 && l.TimerS > 0 {
		return l.DistanceM / l.TimerS
	}
	return math.NaN()
}

// lapKinds returns the kind of each lap and the number of reps when the laps mark a
// workout, or nil and 0 when they do not.
func lapKinds(laps []activity.Lap) ([]int, int) {
	if kinds, reps := lapKindsMarked(laps); kinds != nil {
		return kinds, reps
	}
	return lapKindsBySpeed(laps)
}

// lapKindsMarked reads a workout from laps marked rest or recovery: those are left
// out, and every run of other laps (warm-up and cool-down laps aside) next to one of
// them is a rep.
func lapKindsMarked(laps []activity.Lap) ([]int, int) {
	kinds := make([]int, len(laps))
	recoveries := 0
	for i, l := range laps {
		if l.IsRecovery() {
			kinds[i] = lapRecovery
			recoveries++
		}
	}
	if recoveries == 0 {
		return nil, 0
	}
	reps := 0
	for i := 0; i < len(laps); {
		if kinds[i] == lapRecovery || laps[i].Intensity == "warmup" || laps[i].Intensity == "cooldown" {
			i++
			continue
		}
		j := i
		for j < len(laps) && kinds[j] != lapRecovery && laps[j].Intensity != "warmup" && laps[j].Intensity != "cooldown" {
			j++
		}
		if i > 0 && kinds[i-1] == lapRecovery || j < len(laps) && kinds[j] == lapRecovery {
			reps++
			for k := i; k < j; k++ {
				kinds[k] = lapRep
			}
		}
		i = j
	}
	if reps < lapMinRecoveryReps {
		return nil, 0
	}
	return kinds, reps
}

// lapKindsBySpeed reads a workout from a clear alternation of lap speeds (see the
// comment above): the longest chain of reps each two separated by a recovery lap.
// Between two reps of the chain, laps that last workoutSteadyS or more together may
// hold steady running (as between the reps the speed profile shows), and shorter
// ones are recoveries; after the last rep,
// the laps at recovery pace shorter than workoutSteadyS are its recovery; before the
// first rep and after that, laps of workoutWarmS or more are steady running.
func lapKindsBySpeed(laps []activity.Lap) ([]int, int) {
	speed := make([]float64, len(laps))
	fastest := math.Inf(-1)
	for i, l := range laps {
		speed[i] = lapSpeed(l)
		if l.TimerS >= lapBlipS && l.TimerS <= workoutMaxRepS && speed[i] > fastest {
			fastest = speed[i]
		}
	}
	isRep := func(i int) bool {
		return laps[i].TimerS >= lapBlipS && laps[i].TimerS <= workoutMaxRepS && speed[i] >= fastest-workoutRepBandMS
	}
	slowerThan := func(i int, v float64) bool { return speed[i] <= v-workoutRepGapMS }
	// Chains of reps: consecutive rep laps are one rep; two reps with laps between
	// them are in one chain when one of those laps is a recovery.
	bestFirst, bestLast, bestReps := -1, -1, 0
	first, last, reps := -1, -1, 0
	for i := range laps {
		if !isRep(i) {
			continue
		}
		switch {
		case last < 0:
			first, reps = i, 1
		case last == i-1:
		default:
			v := math.Min(speed[last], speed[i])
			recovered := false
			for k := last + 1; k < i; k++ {
				recovered = recovered || laps[k].TimerS >= lapBlipS && slowerThan(k, v)
			}
			if recovered {
				reps++
			} else {
				first, reps = i, 1
			}
		}
		last = i
		if reps > bestReps {
			bestFirst, bestLast, bestReps = first, last, reps
		}
	}
	if bestReps < workoutMinReps {
		return nil, 0
	}
	kinds := make([]int, len(laps))
	minRep := math.Inf(1)
	for i := bestFirst; i <= bestLast; i++ {
		if isRep(i) {
			minRep = math.Min(minRep, speed[i])
		}
	}
	// between[i] is the time of the laps between the two reps around lap i.
	between := make([]float64, len(laps))
	for i := bestFirst + 1; i < bestLast; {
		if isRep(i) {
			i++
			continue
		}
		j, secs := i, 0.0
		for ; j < bestLast && !isRep(j); j++ {
			secs += math.Max(laps[j].TimerS, 0)
		}
		for k := i; k < j; k++ {
			between[k] = secs
		}
		i = j
	}
	end := bestLast
	for end+1 < len(laps) && laps[end+1].TimerS < workoutSteadyS && !(speed[end+1] > minRep-workoutRepGapMS) {
		end++
	}
	for i := range laps {
		switch {
		case i >= bestFirst && i <= bestLast && isRep(i):
			kinds[i] = lapRep
		case i > bestFirst && i < bestLast: // between two reps
			kinds[i] = lapRecovery
			if between[i] >= workoutSteadyS {
				kinds[i] = lapSteady // a block long enough to hold steady running
			}
		case i > bestLast && i <= end: // the recovery after the last rep
			kinds[i] = lapRecovery
		case laps[i].TimerS >= workoutWarmS: // warm-up and cool-down
			kinds[i] = lapSteady
		default: // a short lap before the first rep or after the cool-down: a change of pace
			kinds[i] = lapRecovery
		}
	}
	return kinds, bestReps
}

// lapIndexer finds the lap of a time: laps run from their start to the next lap's
// start, the first from the start of the session and the last to its end.
type lapIndexer struct {
	starts []float64 // the start of each lap but the first, in seconds since the session's start
}

// newLapIndexer indexes laps (in order of time) for a session whose first sample is
// at t0 (Unix seconds). Laps without a start are not told apart: it returns nil
// when any lap lacks one or the starts go backwards.
func newLapIndexer(laps []activity.Lap, t0 float64) *lapIndexer {
	x := &lapIndexer{}
	for i, l := range laps {
		if math.IsNaN(l.Start) || i > 0 && l.Start < laps[i-1].Start {
			return nil
		}
		if i > 0 {
			x.starts = append(x.starts, l.Start-t0)
		}
	}
	return x
}

// at returns the index of the lap that holds time t (seconds since the start).
func (x *lapIndexer) at(t float64) int {
	return sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > t })
}

// lapPlan is a workout the laps mark: the lap of each point of the series, the kind
// and the stated speed of each lap, where its reps begin and end, and the number of
// reps.
type lapPlan struct {
	lap               []int     // the lap of each point
	kinds             []int     // the kind of each lap
	speed             []float64 // the speed of each lap (lapSpeed)
	firstRep, lastRep int       // the first and the last rep lap
	reps              int
}

// planFromLaps returns the workout the laps of a session mark, for its series pts
// whose first sample is at t0 (Unix seconds), or nil.
func planFromLaps(laps []activity.Lap, pts []Point, t0 float64) *lapPlan {
	if len(laps) < 3 || len(pts) == 0 || math.IsNaN(t0) {
		return nil
	}
	kinds, reps := lapKinds(laps)
	if kinds == nil {
		return nil
	}
	x := newLapIndexer(laps, t0)
	if x == nil {
		return nil
	}
	p := &lapPlan{lap: make([]int, len(pts)), kinds: kinds, speed: make([]float64, len(laps)), firstRep: -1, reps: reps}
	for i, l := range laps {
		p.speed[i] = lapSpeed(l)
		if kinds[i] == lapRep {
			if p.firstRep < 0 {
				p.firstRep = i
			}
			p.lastRep = i
		}
	}
	for i := range pts {
		p.lap[i] = x.at(pts[i].T)
	}
	return p
}

// sameKind reports whether two windows lie in laps of the same kind; always true
// without a plan.
func (p *lapPlan) sameKind(a, b *judgeWin) bool {
	return p == nil || p.kinds[a.lap] == p.kinds[b.lap]
}

// lapWorkout judges a workout its laps mark, as workoutSteady judges one the speed
// profile shows, but with the laps saying which running is reps and which
// recoveries: it keeps the stretches of the rep laps at about the lap's pace
// (within judgeMergeMS of its stated speed; the start of a rep and the slowing at
// its end are changes of pace), and the stretches of the other laps that are not
// recoveries and last workoutWarmS before the first rep or after the last, or
// workoutSteadyS between reps. It returns the stretches to judge and the workout;
// or nil when none is left to judge.
func lapWorkout(stretches []*judgeWin, plan *lapPlan) ([]*judgeWin, *Workout) {
	w := &Workout{Reps: plan.reps, From: WorkoutFromLaps}
	var keep []*judgeWin
	var repDist float64
	for _, s := range stretches {
		switch lap := s.lap; {
		case plan.kinds[lap] == lapRep && !(s.speed() < plan.speed[lap]-judgeMergeMS):
			w.RepS += s.secs
			repDist += s.dist
			keep = append(keep, s)
		case plan.kinds[lap] == lapSteady && s.secs >= workoutSteadyS,
			plan.kinds[lap] == lapSteady && (lap < plan.firstRep || lap > plan.lastRep) && s.secs >= workoutWarmS:
			w.SteadyS += s.secs
			keep = append(keep, s)
		default:
			w.RecoveryS += s.secs
		}
	}
	if len(keep) == 0 {
		return nil, nil
	}
	if repDist > 0 {
		w.RepPaceSPerKm = 1000 * w.RepS / repDist
	}
	return keep, w
}
