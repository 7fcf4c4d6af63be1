package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
)

// Reason words the verdict of r in plain words, with its paces per km, or per mile
// when imperial: what was judged and what was found. The analysis gives the facts
// (Verdict.Basis and the Result's numbers); every place that shows a reason words it
// here, so the words are the same in the table, the JSON, the advice and the pages.
func Reason(r *analysis.Result, imperial bool) string {
	switch r.Verdict.Basis {
	case analysis.BasisJudged:
		s := judgedReason(r.Judged, r.Verdict.Kind, imperial)
		if w := r.Workout; w != nil {
			s = workoutWords(w, imperial) + "; " + s
		}
		if d, f := r.Verdict.DownhillSPM, r.Verdict.FlatSPM; d != nil && f != nil {
			s += fmt.Sprintf("; downhill it drops to %s (%s on the flat at the same pace)", adviceNum(math.Round(*d)), adviceNum(math.Round(*f)))
		}
		return s
	case analysis.BasisWalkSport:
		return fmt.Sprintf("a %s at a median %s steps/min, a normal walking rhythm; overstriding is judged on runs only", walkNoun(r.Sport), adviceNum(cadenceMedian(r)))
	case analysis.BasisWalkCadence:
		return fmt.Sprintf("mostly walking: median %s steps/min, below %d for %s of the moving time", adviceNum(cadenceMedian(r)), analysis.RunningMinSPM, walkShare(r))
	case analysis.BasisWalkShare:
		return fmt.Sprintf("mostly walking: %s of the moving samples are below %d steps/min", walkShare(r), analysis.RunningMinSPM)
	case analysis.BasisTooShort:
		n := 0
		if r.Running != nil {
			n = r.Running.Samples
		}
		return fmt.Sprintf("too few running samples to judge (%d)", n)
	case analysis.BasisUnknownSport:
		return "the file does not say which sport this is, and neither its speed nor its cadence makes it a run or a walk, so its cadence is not read as steps"
	case analysis.BasisOtherSport:
		return SportNoun(r.Sport) + ": its cadence counts " + analysis.OtherUnit(r.Sport) + ", not steps"
	case analysis.BasisOtherNoCadence:
		return SportNoun(r.Sport) + ", not a run"
	case analysis.BasisNoCadence:
		return "the file holds no cadence: wear a footpod or a watch that counts steps at the wrist, and export the original FIT file"
	}
	return r.Verdict.Kind
}

// workoutWords says that a run was judged as a workout, and on what: its reps and
// its steady running, not the recoveries between the reps; and when its laps told
// the reps from the recoveries, that they did.
func workoutWords(w *analysis.Workout, imperial bool) string {
	s := fmt.Sprintf("a workout of %d reps at %s", w.Reps, FormatPace(w.RepPaceSPerKm, imperial))
	if w.From == analysis.WorkoutFromLaps {
		s += ", told by the laps the watch recorded"
	}
	s += fmt.Sprintf(": judged on its %s of reps", adviceMinutes(w.RepS))
	if w.SteadyS > 0 {
		s += fmt.Sprintf(" and %s of steady running", adviceMinutes(w.SteadyS))
	}
	if w.RecoveryS > 0 {
		s += fmt.Sprintf(", not on the %s of recoveries and changes of pace between and around the reps", adviceMinutes(w.RecoveryS))
	}
	return s
}

// cadenceMedian is the median cadence over the moving time, or NaN without one.
func cadenceMedian(r *analysis.Result) float64 {
	if r.Cadence == nil {
		return math.NaN()
	}
	return r.Cadence.Median
}

// walkShare is the share of the moving samples below analysis.RunningMinSPM, as a
// percentage.
func walkShare(r *analysis.Result) string {
	if r.RunShare == nil {
		return "-"
	}
	return strconv.Itoa(int(math.Round((1-*r.RunShare)*100))) + "%"
}

// walkNoun names a walk or a hike.
func walkNoun(s activity.Sport) string {
	if s == activity.Hiking {
		return "hike"
	}
	return "walk"
}

// Consequence is what a run judged overstriding shows, in the words every place
// uses: cadence is a step rate, and a low one for the pace is a sign, not a sight,
// of where the foot lands.
const Consequence = "a lower step rate than is typical at this pace, which often goes with overstriding"

// judgedReason says in plain words what was judged and what was found: a run judged
// by parts, each at its own pace.
func judgedReason(parts []analysis.JudgedPart, kind string, imperial bool) string {
	over := kind == analysis.VerdictOverstride
	const consequence = Consequence
	if len(parts) == 1 {
		p := parts[0]
		if p.PaceSPerKm == nil {
			s := fmt.Sprintf("running cadence %s steps/min", adviceNum(p.MedianSPM))
			if over {
				s += fmt.Sprintf(" is below %s: %s", adviceNum(p.ThresholdSPM), consequence)
			} else {
				s += fmt.Sprintf(" is at or above %s", adviceNum(p.ThresholdSPM))
			}
			return s + fmt.Sprintf("; the file has no speed, so this is the threshold at a typical running pace (%s), not at the pace you ran", FormatPace(1000/analysis.TypicalSpeed, imperial))
		}
		s := fmt.Sprintf("running cadence %s steps/min at %s", adviceNum(p.MedianSPM), FormatPace(*p.PaceSPerKm, imperial))
		if over {
			return s + fmt.Sprintf(" is below %s, the threshold for that pace (typical there: about %s): %s", adviceNum(p.ThresholdSPM), adviceNum(math.Round(p.TypicalSPM)), consequence)
		}
		return s + " is " + fitWords(p) + fmt.Sprintf(" (about %s; below %s is low for that pace)", adviceNum(math.Round(p.TypicalSPM)), adviceNum(p.ThresholdSPM))
	}
	var below, fine []analysis.JudgedPart
	var total, belowS float64
	for _, p := range parts {
		total += p.Seconds
		if p.Below {
			below = append(below, p)
			belowS += p.Seconds
		} else {
			fine = append(fine, p)
		}
	}
	list := func(ps []analysis.JudgedPart) string {
		const most = 3
		var items []string
		rest := 0.0
		for i, p := range ps {
			if i >= most {
				rest += p.Seconds
				continue
			}
			items = append(items, fmt.Sprintf("%s steps/min at %s for %s (threshold %s)", adviceNum(p.MedianSPM), FormatPace(*p.PaceSPerKm, imperial), adviceMinutes(p.Seconds), adviceNum(p.ThresholdSPM)))
		}
		if rest > 0 {
			items = append(items, adviceMinutes(rest)+" at other paces")
		}
		return strings.Join(items, ", ")
	}
	share := adviceMinutes(belowS) + " of " + adviceMinutes(total)
	if belowS >= 59.5 {
		share = strings.TrimSuffix(adviceMinutes(belowS), " min") + " of " + adviceMinutes(total)
	}
	s := fmt.Sprintf("judged at %d paces: %s of running below the threshold for its pace", len(parts), share)
	if len(below) == 0 {
		s = fmt.Sprintf("judged at %d paces, each at or above the threshold for its pace", len(parts))
	}
	if over {
		s += ": " + consequence
	}
	if len(below) > 0 {
		s += "; below: " + list(below)
	}
	switch {
	case len(below) == 0:
		s += ": " + list(fine)
	case len(fine) > 0:
		s += "; at or above: " + list(fine)
	}
	return s
}

// fitWords places a cadence at or above its threshold against what is typical.
func fitWords(p analysis.JudgedPart) string {
	if p.MedianSPM >= p.TypicalSPM+3 {
		return "above what is typical for that pace"
	}
	return "about typical for that pace"
}

// paceBandsIn returns r's cadence by pace in bands of the chosen units: 30 s per
// mile wide when imperial, else 30 s per km.
func paceBandsIn(r *analysis.Result, imperial bool) []analysis.PaceBand {
	if imperial {
		return r.MilePaceBands
	}
	return r.PaceBands
}
