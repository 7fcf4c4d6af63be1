package analysis

import (
	"cmp"
	"slices"
)

// Workouts. A session of fast reps with slow recoveries between them is not steady
// running: the recoveries are a jog or a shuffle chosen to recover, and the windows
// that straddle a rep and a recovery average two paces into one that was never run.
// Judged like steady running, the recoveries of a session of short reps and long
// recoveries make it "overstriding" as soon as they pass half of its time. So a
// workout is judged on its steady running (the warm-up, the cool-down, steady
// stretches of a few minutes between reps) and its reps, never on what lies between
// the reps.
const (
	// workoutRepGapMS is how much faster (m/s) than the session's slower running
	// (the quarter of its time at the lowest speeds) a stretch must be to be a rep:
	// reps and recoveries differ by 1 m/s or more (3:15/km against 5:30/km is
	// 2.1), while the swings of a steady run stay within about ±15%.
	workoutRepGapMS = 1.0
	// workoutMaxRepS is the longest a rep can be: a stretch faster than the rest
	// for more than 10 minutes is a tempo block, judged as steady running.
	workoutMaxRepS = 600
	// workoutMinReps is the least number of reps for a session to be a workout:
	// one or two surges are a hill or a sprint for a light, not a session.
	workoutMinReps = 3
	// workoutSteadyS is the least time a stretch between reps must last to be
	// steady running (a block at one pace) rather than a recovery.
	workoutSteadyS = 300
	// workoutWarmS is the least time a stretch of the warm-up or the cool-down
	// must last to be steady running: a few minutes at one pace. Shorter ones are
	// strides, the jog after the last rep, or changes of pace.
	workoutWarmS = 180
	// workoutRepGapS is the longest break (s) between two rep stretches that keeps
	// them one rep: the gap between two records.
	workoutRepGapS = 10
	// workoutSlowQuantile is the share of the time, from the slowest, at which the
	// session's slower running is read, and workoutFastQuantile its faster running.
	workoutSlowQuantile = 0.25
	workoutFastQuantile = 0.9
	// workoutRepBandMS is how far below the faster running (m/s) a rep can be:
	// reps are the fastest running of a session, not a brisk warm-up.
	workoutRepBandMS = 1.0
)

// A Workout is a session recognised as reps with recoveries between them. Only its
// steady running and its reps are judged; the recoveries are left out.
type Workout struct {
	Reps int `json:"reps"` // the number of reps
	// RepS is the time in reps, SteadyS the time of steady running judged besides
	// (warm-up, cool-down, steady blocks between reps), and RecoveryS the time
	// left out of the judgement (the recoveries between reps, and the changes of
	// pace shorter than a few minutes around them), all in seconds of running with
	// a speed.
	RepS      float64 `json:"rep_s"`
	SteadyS   float64 `json:"steady_s"`
	RecoveryS float64 `json:"recovery_s"`
	// RepPaceSPerKm is the reps' time-weighted pace.
	RepPaceSPerKm float64 `json:"rep_pace_s_per_km"`
	// From says what told the reps from the recoveries: WorkoutFromLaps or
	// WorkoutFromSpeed.
	From string `json:"from"`
}

// What a workout was recognised from (Workout.From).
const (
	// WorkoutFromLaps is a workout its laps mark: laps marked rest or recovery, or
	// a clear alternation of lap speeds.
	WorkoutFromLaps = "laps"
	// WorkoutFromSpeed is a workout recognised from the speed profile.
	WorkoutFromSpeed = "speed"
)

// workoutSteady recognises a workout among the stretches of steady pace of a run, in
// order of time: at least workoutMinReps stretches of at most workoutMaxRepS that are
// workoutRepGapMS faster than the session's slower running and within
// workoutRepBandMS of its faster running. It returns the stretches to judge: the reps,
// the stretches of the warm-up and the cool-down of at least workoutWarmS, and those
// between reps of at least workoutSteadyS; or all of them, and a nil Workout, for a
// run that is not a workout.
func workoutSteady(stretches []*judgeWin) ([]*judgeWin, *Workout) {
	if len(stretches) < 2*workoutMinReps-1 {
		return stretches, nil
	}
	// The slower and the faster running: the speeds below which a quarter and
	// nine tenths of the time were run.
	slow, fast := stretchSpeedAt(stretches, workoutSlowQuantile), stretchSpeedAt(stretches, workoutFastQuantile)
	isRep := func(s *judgeWin) bool {
		return s.secs <= workoutMaxRepS && s.speed() >= slow+workoutRepGapMS && s.speed() >= fast-workoutRepBandMS
	}
	// A rep is a run of rep stretches one straight after another: a window across
	// the start or the end of a rep can make a stretch of its own. A pause (a
	// watch that stops during recoveries) or a recovery between two of them makes
	// two reps.
	first, last, reps := -1, -1, 0
	for i, s := range stretches {
		if isRep(s) {
			if first < 0 {
				first = i
			}
			if reps == 0 || last < i-1 || s.t0-stretches[last].t1 > workoutRepGapS {
				reps++
			}
			last = i
		}
	}
	if reps < workoutMinReps {
		return stretches, nil
	}
	// The recovery after the last rep: stretches at the pace of the slower
	// running, each shorter than a steady block, before the cool-down proper.
	end := last
	for end+1 < len(stretches) && stretches[end+1].secs < workoutSteadyS && stretches[end+1].speed() <= slow+judgeMergeMS {
		end++
	}
	w := &Workout{Reps: reps, From: WorkoutFromSpeed}
	var keep []*judgeWin
	var repDist float64
	for i, s := range stretches {
		switch {
		case i >= first && i <= last && isRep(s):
			w.RepS += s.secs
			repDist += s.dist
			keep = append(keep, s)
		case (i < first || i > end) && s.secs >= workoutWarmS, s.secs >= workoutSteadyS:
			w.SteadyS += s.secs
			keep = append(keep, s)
		default:
			w.RecoveryS += s.secs
		}
	}
	if repDist > 0 {
		w.RepPaceSPerKm = 1000 * w.RepS / repDist
	}
	return keep, w
}

// stretchSpeedAt returns the speed below which the share q of the stretches' time
// was run.
func stretchSpeedAt(stretches []*judgeWin, q float64) float64 {
	bySpeed := slices.Clone(stretches)
	slices.SortFunc(bySpeed, func(a, b *judgeWin) int { return cmp.Compare(a.speed(), b.speed()) })
	total := 0.0
	for _, s := range stretches {
		total += s.secs
	}
	v, acc := 0.0, 0.0
	for _, s := range bySpeed {
		acc += s.secs
		v = s.speed()
		if acc >= q*total {
			break
		}
	}
	return v
}

// markLeftOut marks LeftOut the running points of a workout's series pts that lie in
// none of the windows of the stretches kept for its judgement.
func markLeftOut(pts []Point, kept []*judgeWin) {
	for i := range pts {
		pts[i].LeftOut = pts[i].Running
	}
	for _, s := range kept {
		for _, sp := range s.spans {
			for i := sp[0]; i <= sp[1]; i++ {
				pts[i].LeftOut = false
			}
		}
	}
}
