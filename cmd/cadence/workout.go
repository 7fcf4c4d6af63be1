package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/report"
)

// now is the clock the workout command stamps its files with; tests replace it.
var now = time.Now

func cmdWorkout() *command {
	c := &command{
		Name:      "workout",
		UsageLine: "workout -o FILE.fit (--spm N | PATH...)",
		Short:     "write a watch workout (FIT) with your cadence target",
		Long: fmt.Sprintf(`Workout writes a structured running workout as a FIT file, so that the watch
holds the cadence target and alerts when you drift below it: a %d-minute warm-up,
%d blocks of %d minutes at the target with %d minutes of easy running between them,
and a cool-down that ends with the lap button. This is the practice the advice
prescribes.

The target is --spm N (%d-%d steps per minute). Without --spm, give your runs, as
to analyze (files, folders, exports; from the history where it can): the target is
the current step of your retraining plan, the one 'cadence trend' shows (the plan
begins with your first run that got a target, or on --plan-start), else the target
your latest run that got one was given.

Each block's range runs from the target to %d steps/min above it. FIT holds a
running cadence target in strides per minute, half the steps, so an odd target is
written one step lower (163 becomes 162-174).

Loading it:
  Garmin: connect the watch by USB and copy the file into its GARMIN/NewFiles
  folder; the watch takes new workouts in from there.
  Other watches: build the same workout in the watch maker's own app; this file
  follows Garmin's FIT workout format, and cadence has not been tried with
  other makers' watches.`,
			report.WorkoutWarmupMinutes, report.WorkoutBlocks, report.WorkoutBlockMinutes, report.WorkoutEasyMinutes,
			report.WorkoutMinSPM, report.WorkoutMaxSPM, report.WorkoutBandSPM),
	}
	c.Setup = func(fs *flag.FlagSet) func(e *env, args []string) int {
		var cm common
		cm.define(fs)
		spm := fs.Float64("spm", 0, fmt.Sprintf("the target cadence, steps per minute (%d-%d); default: from the runs given", report.WorkoutMinSPM, report.WorkoutMaxSPM))
		out := fs.String("o", "", "the FIT file to write")
		cm.definePlan(fs)
		return func(e *env, args []string) int {
			spmSet := false
			fs.Visit(func(f *flag.Flag) { spmSet = spmSet || f.Name == "spm" })
			if msg := cm.check(); msg != "" {
				return badUsage(e, c.Name, "%s", msg)
			}
			switch {
			case *out == "":
				return badUsage(e, c.Name, "-o FILE.fit is required")
			case spmSet && !(*spm >= report.WorkoutMinSPM && *spm <= report.WorkoutMaxSPM): // also refuses NaN
				return badUsage(e, c.Name, "--spm %g: give a running cadence between %d and %d steps per minute", *spm, report.WorkoutMinSPM, report.WorkoutMaxSPM)
			case spmSet && len(args) > 0:
				return badUsage(e, c.Name, "give --spm or the runs to take the target from, not both")
			case !spmSet && len(args) == 0:
				return badUsage(e, c.Name, "give --spm N, or the runs to take the target from")
			case cm.athletes:
				return badUsage(e, c.Name, "a workout is one athlete's target: give --athlete NAME and their runs, not --athletes")
			}
			status := exitOK
			target := *spm
			if !spmSet {
				var from string
				target, from, status = cm.latestTarget(e, args)
				if target == 0 {
					fmt.Fprintf(e.stderr, "cadence: none of the runs in %s got a cadence target (a target is given only to runs judged likely overstriding); give --spm N to choose one\n", safe(strings.Join(args, ", ")))
					return exitFailed
				}
				fmt.Fprintf(e.stderr, "cadence: target %g steps/min, from %s\n", target, safe(from))
			}
			if err := writeAtomic(*out, func(w io.Writer) error { return report.WriteWorkout(w, target, now()) }); err != nil {
				fmt.Fprintf(e.stderr, "cadence: %s: %v\n", safe(*out), err)
				return exitFailed
			}
			lo, hi := report.WorkoutRange(target)
			fmt.Fprintf(e.stderr, "cadence: wrote %s: %d blocks of %d min at %d-%d steps/min; copy it to GARMIN/NewFiles on the watch\n",
				safe(*out), report.WorkoutBlocks, report.WorkoutBlockMinutes, lo, hi)
			return status
		}
	}
	return c
}

// latestTarget reads the runs under paths and returns the target in force: the
// current step of the runner's retraining plan (coach.PlanOfRuns, begun with the
// first run that got a target) where the runs make one, else the cadence target of
// the latest run that got one (coach.Target). It also returns where the target came
// from, and exitFailed if any file could not be read. Copies and results without a
// start time are skipped. It returns a target of 0 when no run got one.
func (cm *common) latestTarget(e *env, paths []string) (spm float64, from string, status int) {
	store := cm.openHistory(e)
	defer store.Close()
	b := cm.read(e, paths, store)
	defer b.Close()
	status = exitOK
	var latest time.Time
	for _, it := range b.Items {
		if it.Err != nil {
			status = exitFailed
			fmt.Fprintf(e.stderr, "cadence: %s\n", errorLine(it.Name, it.Err))
		}
	}
	var runs []coach.Run
	b.Results(func(it *ingest.Item, r *analysis.Result) {
		if run, ok := coach.RunOf(r); ok {
			runs = append(runs, run)
		}
		if r.DuplicateOf != nil || r.Start == nil {
			return
		}
		t := coach.Target(r)
		if t == 0 || math.IsNaN(t) {
			return
		}
		if spm == 0 || r.Start.After(latest) {
			spm, from, latest = t, it.Name, *r.Start
		}
	})
	if plan, ok := coach.PlanOfRuns(runs, cm.planStart); ok && plan.TargetSPM > 0 {
		return math.Round(plan.TargetSPM), fmt.Sprintf("your plan (step %d, begun %s)", min(plan.Step, 2), plan.Start.Format("2006-01-02")), status
	}
	return spm, from, status
}
