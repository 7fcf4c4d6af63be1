package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/cadence-run/cadence/fitwrite"
)

// The practice session the advice prescribes (How to practise, in the advice page):
// "after a 10-minute warm-up, 3-5 blocks of 2-3 minutes in time with the clicks, with
// easy running between". WriteWorkout puts it on the watch with these choices.
const (
	// WorkoutWarmupMinutes is the easy running before the first block.
	WorkoutWarmupMinutes = 10
	// WorkoutBlocks is how many blocks at the target: the middle of 3-5.
	WorkoutBlocks = 4
	// WorkoutBlockMinutes is the length of a block: the upper end of 2-3 minutes.
	WorkoutBlockMinutes = 3
	// WorkoutEasyMinutes is the easy running between two blocks, as long as a block.
	WorkoutEasyMinutes = 3
	// WorkoutBandSPM is the width of a block's cadence range above the target: the
	// watch alerts below the target, and only 10 steps/min above it, so a runner at
	// or a little above the target is left in peace.
	WorkoutBandSPM = 10
	// WorkoutMinSPM and WorkoutMaxSPM bound the target WriteWorkout takes.
	WorkoutMinSPM, WorkoutMaxSPM = 120, 220
)

// WriteWorkout writes to w a FIT running workout for practising a cadence of spm
// steps per minute (rounded to a whole number), made at created: a warm-up of
// WorkoutWarmupMinutes, then WorkoutBlocks blocks of WorkoutBlockMinutes with a
// cadence target from spm to spm+WorkoutBandSPM, with WorkoutEasyMinutes of easy
// running between them, then a cool-down that lasts until the lap button. The watch
// holds the range in strides per minute, half the steps (package fitwrite tells
// why). It returns an error, writing nothing, unless WorkoutMinSPM <= spm <=
// WorkoutMaxSPM.
func WriteWorkout(w io.Writer, spm float64, created time.Time) error {
	if math.IsNaN(spm) || spm < WorkoutMinSPM || spm > WorkoutMaxSPM {
		return fmt.Errorf("report: workout cadence %v steps/min is outside %d-%d", spm, WorkoutMinSPM, WorkoutMaxSPM)
	}
	target := int(math.Round(spm))
	n := strconv.Itoa(target)
	steps := []fitwrite.Step{{
		Name: "Warm up", Notes: "Easy running", Intensity: fitwrite.Warmup, Seconds: WorkoutWarmupMinutes * 60,
	}}
	for i := range WorkoutBlocks {
		if i > 0 {
			steps = append(steps, fitwrite.Step{Name: "Easy", Notes: "Easy running, your own rhythm", Intensity: fitwrite.Recovery, Seconds: WorkoutEasyMinutes * 60})
		}
		steps = append(steps, fitwrite.Step{
			Name:      n + " spm",
			Notes:     "Quicker, shorter steps at " + n + "/min, same easy pace",
			Intensity: fitwrite.Active, Seconds: WorkoutBlockMinutes * 60,
			LowSPM: target, HighSPM: target + WorkoutBandSPM,
		})
	}
	steps = append(steps, fitwrite.Step{Name: "Cool down", Notes: "Easy running; lap button ends", Intensity: fitwrite.Cooldown})
	return fitwrite.Write(w, fitwrite.Workout{Name: "Cadence " + n, Created: created, Steps: steps})
}

// WorkoutRange returns the cadence range WriteWorkout gives the blocks for spm, in
// steps per minute as the watch holds it: whole strides, so even numbers that hold
// the range asked for (fitwrite.StepsToRPM).
func WorkoutRange(spm float64) (low, high int) {
	t := int(math.Round(spm))
	lo, hi := fitwrite.StepsToRPM(t, t+WorkoutBandSPM)
	return int(lo) * 2, int(hi) * 2
}
