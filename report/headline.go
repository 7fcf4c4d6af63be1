package report

import (
	"math"
	"strconv"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
)

// A Headline is the one cadence and the one kind of activity that every place shows
// for a result: the table's CADENCE column, the index, the dashboard's subtitle and
// the lines watch prints. They all take it from HeadlineOf, so that a walk is never a
// run in one place and a walk in another, nor 97 steps/min here and 155 there.
type Headline struct {
	// Noun names the activity as its verdict sees it: "run" for a run that was
	// judged (or was too short to judge), "walk" or "hike" for one judged to be
	// walking whatever its file says, else the file's sport ("ride", "activity").
	Noun string
	// SPM is the cadence shown, NaN when there is none: the running cadence of a
	// run, the cadence over moving time of a walk, the revolutions of a ride.
	SPM float64
	// Unit is "spm", or "rpm" for a ride's pedal revolutions; empty without a
	// cadence.
	Unit string
	// Running reports whether SPM is the running cadence (walking breaks left out)
	// rather than the cadence over all the moving time.
	Running bool
}

// HeadlineOf returns the headline cadence and kind of r.
func HeadlineOf(r *analysis.Result) Headline {
	h := Headline{Noun: ActivityNoun(r.Sport), SPM: math.NaN()}
	run := r.Verdict.IsRun()
	switch {
	case r.Verdict.Kind == analysis.VerdictWalking:
		h.Noun = walkNoun(r.Sport)
	case run:
		h.Noun = "run"
	}
	switch {
	case run && r.Running != nil && r.Running.Samples > 0:
		h.SPM, h.Unit, h.Running = r.Running.Median, "spm", true
	case r.Cadence != nil && r.Cadence.Samples > 0 && r.Verdict.Kind != analysis.VerdictUnknown && r.Verdict.Kind != analysis.VerdictNotFoot:
		h.SPM, h.Unit = r.Cadence.Median, "spm"
	case r.OtherCad != nil && r.OtherCad.Samples > 0 && r.Sport == activity.Cycling:
		h.SPM, h.Unit = r.OtherCad.Median, "rpm"
	}
	return h
}

// Number is the headline cadence rounded to a whole number, or "" without one.
func (h Headline) Number() string {
	if math.IsNaN(h.SPM) || math.IsInf(h.SPM, 0) {
		return ""
	}
	return strconv.Itoa(int(math.Round(h.SPM)))
}

// Text is the headline cadence with its unit, "160 spm", or "" without one.
func (h Headline) Text() string {
	if n := h.Number(); n != "" {
		return n + " " + h.Unit
	}
	return ""
}
