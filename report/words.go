package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
)

// Words for numbers and sports that every output shares.

// FormatPace formats seconds per km as "m:ss/km", or per mile when imperial.
func FormatPace(sPerKm float64, imperial bool) string {
	if math.IsNaN(sPerKm) || sPerKm <= 0 || math.IsInf(sPerKm, 0) {
		return "-"
	}
	unit := "/km"
	if imperial {
		sPerKm *= analysis.MetresPerMile / 1000
		unit = "/mi"
	}
	s := int(math.Round(sPerKm))
	return fmt.Sprintf("%d:%02d%s", s/60, s%60, unit)
}

// ActivityNoun names one activity of sport s, without an article: "run", "walk",
// "ride"; "activity" for a sport without a word of its own.
func ActivityNoun(s activity.Sport) string {
	switch s {
	case activity.Running:
		return "run"
	case activity.Walking:
		return "walk"
	case activity.Hiking:
		return "hike"
	case activity.Cycling:
		return "ride"
	case activity.Swimming:
		return "swim"
	case activity.Rowing:
		return "row"
	}
	return "activity"
}

// SportNoun names an activity of a sport that is not on foot, with its article:
// "a ride", "a swim", "a cross country skiing activity".
func SportNoun(s activity.Sport) string {
	switch s {
	case activity.Cycling:
		return "a ride"
	case activity.Swimming:
		return "a swim"
	case activity.Rowing:
		return "a row or paddle"
	case activity.Sport("transition"):
		return "a transition between the sports of a multisport event"
	case activity.Other, activity.Unknown:
		return "an activity of another sport"
	}
	return "a " + strings.ReplaceAll(string(s), "_", " ") + " activity"
}
