package analysis

import (
	"fmt"
	"math"
	"strconv"

	"github.com/cadence-run/cadence/activity"
)

// verdict judges an on-foot activity with cadence. Walks and hikes are reported as
// such; a run is judged on its running samples, not on its walking breaks.
func verdict(r *Result, opt Options) Verdict {
	c := r.Cadence
	if r.Sport == activity.Walking || r.Sport == activity.Hiking {
		return Verdict{VerdictWalking, fmt.Sprintf("a %s at a median %s steps/min, a normal walking rhythm; overstriding is judged on runs only", sportNoun(r.Sport), fmtNum(c.Median))}
	}
	if r.Running == nil || r.Running.Samples < minVerdictSamples {
		if r.RunShare != nil && *r.RunShare < 0.5 && c.Samples >= minVerdictSamples {
			return Verdict{VerdictWalking, fmt.Sprintf("mostly walking: median %s steps/min, below %d for %s of the moving time", fmtNum(c.Median), RunningMinSPM, pct(1-*r.RunShare))}
		}
		return Verdict{VerdictTooShort, fmt.Sprintf("too few running samples to judge (%d)", runningSamples(r))}
	}
	if r.RunShare != nil && *r.RunShare < 0.3 {
		return Verdict{VerdictWalking, fmt.Sprintf("mostly walking: %s of the moving samples are below %d steps/min", pct(1-*r.RunShare), RunningMinSPM)}
	}
	med := r.Running.Median
	pace := ""
	if r.RunPace != nil {
		pace = " at a median pace of " + FormatPace(*r.RunPace, opt.Imperial)
	}
	slope := downhillNote(r)
	if med < opt.Threshold {
		reason := fmt.Sprintf("running cadence %s steps/min%s is below %s: likely overstriding, with the foot landing ahead of the body", fmtNum(med), pace, fmtNum(opt.Threshold))
		if r.RunPace != nil && *r.RunPace > 400 {
			reason += "; at an easy pace like this a lower cadence is partly expected"
		}
		return Verdict{VerdictOverstride, reason + slope}
	}
	return Verdict{VerdictOK, fmt.Sprintf("running cadence %s steps/min%s is at or above %s", fmtNum(med), pace, fmtNum(opt.Threshold)) + slope}
}

// downhillNote mentions a downhill cadence clearly lower than on the flat.
func downhillNote(r *Result) string {
	var flat, down *GradeBand
	for i := range r.Grades {
		switch r.Grades[i].Name {
		case "flat":
			flat = &r.Grades[i]
		case "downhill":
			down = &r.Grades[i]
		}
	}
	if flat != nil && down != nil && down.MedianSPM < flat.MedianSPM-2 {
		return fmt.Sprintf("; downhill it drops to %s (flat %s)", fmtNum(down.MedianSPM), fmtNum(flat.MedianSPM))
	}
	return ""
}

func runningSamples(r *Result) int {
	if r.Running == nil {
		return 0
	}
	return r.Running.Samples
}

func sportNoun(s activity.Sport) string {
	if s == activity.Hiking {
		return "hike"
	}
	return "walk"
}

// FormatPace formats seconds per km as "m:ss/km", or per mile when imperial.
func FormatPace(sPerKm float64, imperial bool) string {
	if math.IsNaN(sPerKm) || sPerKm <= 0 || math.IsInf(sPerKm, 0) {
		return "-"
	}
	unit := "/km"
	if imperial {
		sPerKm *= MetresPerMile / 1000
		unit = "/mi"
	}
	s := int(math.Round(sPerKm))
	return fmt.Sprintf("%d:%02d%s", s/60, s%60, unit)
}

// MetresPerMile is the length of an international mile.
const MetresPerMile = 1609.344

func fmtNum(v float64) string {
	if math.Abs(v-math.Round(v)) < 0.05 {
		return strconv.Itoa(int(math.Round(v)))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func fmtInt(n int) string { return strconv.Itoa(n) }

func fmtSpeed(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + " m/s" }

func pct(f float64) string { return strconv.Itoa(int(math.Round(f*100))) + "%" }
