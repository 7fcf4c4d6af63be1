package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/cadence-run/cadence/coach"
	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
)

// TestWorkoutMatchesAdvice checks that the watch workout is the practice the advice
// page prescribes for an overstriding run: the same warm-up, a number of blocks and
// a block length within the ranges the advice gives, and its target.
func TestWorkoutMatchesAdvice(t *testing.T) {
	r := advOverstrider()
	md := Advice(r, AdviceOptions{})
	m := regexp.MustCompile(`after a (\d+)-minute warm-up, (\d+)-(\d+) blocks of (\d+)-(\d+) minutes`).FindStringSubmatch(md)
	if m == nil {
		t.Fatalf("the advice prescribes no blocks:\n%s", md)
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	if n(1) != WorkoutWarmupMinutes || WorkoutBlocks < n(2) || WorkoutBlocks > n(3) || WorkoutBlockMinutes < n(4) || WorkoutBlockMinutes > n(5) {
		t.Errorf("the advice says %q; the workout has a %d-minute warm-up and %d blocks of %d minutes", m[0], WorkoutWarmupMinutes, WorkoutBlocks, WorkoutBlockMinutes)
	}
	target := coach.Target(r)
	if !bytes.Contains([]byte(md), []byte(fmt.Sprintf("A metronome at %s bpm", adviceNum(target)))) {
		t.Fatalf("the advice does not prescribe the target %v", target)
	}

	var buf bytes.Buffer
	if err := WriteWorkout(&buf, target, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	fit, err := decoder.New(&buf).Decode()
	if err != nil {
		t.Fatal(err)
	}
	var steps []*mesgdef.WorkoutStep
	for i := range fit.Messages {
		if fit.Messages[i].Num == mesgnum.WorkoutStep {
			steps = append(steps, mesgdef.NewWorkoutStep(&fit.Messages[i]))
		}
	}
	var warm, block, easy, cool int
	for _, s := range steps {
		switch s.Intensity {
		case typedef.IntensityWarmup:
			warm++
			if s.DurationValue != WorkoutWarmupMinutes*60000 {
				t.Errorf("warm-up of %d ms", s.DurationValue)
			}
		case typedef.IntensityActive:
			block++
			lo, hi := WorkoutRange(target)
			if s.TargetType != typedef.WktStepTargetCadence || int(s.CustomTargetValueLow)*2 != lo || int(s.CustomTargetValueHigh)*2 != hi || float64(lo) > target {
				t.Errorf("block target %v %d-%d strides/min, want cadence %d-%d steps/min, from at most %v", s.TargetType, s.CustomTargetValueLow, s.CustomTargetValueHigh, lo, hi, target)
			}
		case typedef.IntensityRecovery:
			easy++
		case typedef.IntensityCooldown:
			cool++
		}
	}
	if warm != 1 || block != WorkoutBlocks || easy != WorkoutBlocks-1 || cool != 1 || steps[0].Intensity != typedef.IntensityWarmup || steps[len(steps)-1].Intensity != typedef.IntensityCooldown {
		t.Errorf("%d warm-ups, %d blocks, %d easy, %d cool-downs; want 1, %d, %d, 1 in that order", warm, block, easy, cool, WorkoutBlocks, WorkoutBlocks-1)
	}
}

// TestWriteWorkoutRefuses checks the target's bounds: nothing is written outside them.
func TestWriteWorkoutRefuses(t *testing.T) {
	for _, spm := range []float64{0, 119.4, 220.6, -170, 1e9} {
		var buf bytes.Buffer
		if err := WriteWorkout(&buf, spm, time.Now()); err == nil || buf.Len() > 0 {
			t.Errorf("WriteWorkout(%v): err %v, %d bytes; want an error and nothing", spm, err, buf.Len())
		}
	}
}
