package report

import (
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// resultJSON is one result as `analyze --format json` writes it (the JSON contract in
// the design notes): the fields of analysis.Result in their order, but with the
// verdict's reason worded and the pace bands of the chosen units only. The history
// keeps the Result itself, with the verdict's facts and the bands of both units.
type resultJSON struct {
	SchemaVersion   int                   `json:"schema_version"`
	File            string                `json:"file"`
	Athlete         string                `json:"athlete"`
	Index           int                   `json:"index"`
	Format          string                `json:"format"`
	Sport           activity.Sport        `json:"sport"`
	SportFrom       string                `json:"sport_source"`
	SubSport        string                `json:"sub_sport,omitempty"`
	Device          string                `json:"device,omitempty"`
	Name            string                `json:"name,omitempty"`
	Start           *time.Time            `json:"start"`
	TimeZone        string                `json:"time_zone,omitempty"`
	TimeZoneFrom    string                `json:"time_zone_source,omitempty"`
	DuplicateOf     *string               `json:"duplicate_of"`
	MovingS         *float64              `json:"moving_s"`
	ElapsedS        *float64              `json:"elapsed_s"`
	DistanceM       *float64              `json:"distance_m"`
	PaceSPerKm      *float64              `json:"pace_s_per_km"`
	Cadence         *analysis.Stats       `json:"cadence_spm"`
	Running         *analysis.Stats       `json:"running_cadence_spm"`
	RunShare        *float64              `json:"running_share"`
	RunPace         *float64              `json:"running_pace_s_per_km"`
	StepLengthM     *float64              `json:"step_length_m"`
	CadenceUnit     string                `json:"cadence_unit"`
	WatchAvgSPM     *float64              `json:"watch_avg_cadence_spm"`
	OtherCad        *analysis.Stats       `json:"cadence_rpm,omitempty"`
	Overstride      bool                  `json:"overstride"`
	Verdict         verdictJSON           `json:"verdict"`
	TargetSPM       *float64              `json:"target_spm"`
	Threshold       float64               `json:"threshold_spm"`
	PaceBands       []analysis.PaceBand   `json:"pace_bands"`
	Grades          []analysis.GradeBand  `json:"grades"`
	PaceFit         *analysis.Fit         `json:"cadence_pace_fit"`
	Judged          []analysis.JudgedPart `json:"judged"`
	Workout         *analysis.Workout     `json:"workout"`
	SpeedBins       []analysis.SpeedBin   `json:"cadence_by_speed"`
	RunningM        *float64              `json:"running_m"`
	DownhillM       *float64              `json:"downhill_m"`
	Spike           *analysis.Spike       `json:"spike"`
	RunningDynamics []analysis.Dynamics   `json:"running_dynamics"`
	Gear            string                `json:"gear,omitempty"`
	Indoor          bool                  `json:"indoor"`
	Warnings        []string              `json:"warnings"`
}

// SchemaVersion is the version of the record analyze --format json writes, so that
// other engines can tell which keys to expect: 1 is the first that says so, with
// the athlete.
const SchemaVersion = 1

// targetOf is the run's cadence target (coach.Target), a whole number of steps/min,
// or nil when it gets none. The reduce over records (Records) needs it: the
// first run with a target begins the plan, and the worded reason alone cannot
// give it back.
func targetOf(r *analysis.Result) *float64 {
	if t := coach.Target(r); t > 0 {
		return &t
	}
	return nil
}

// verdictJSON is the verdict as the JSON output shows it: its kind and its reason.
type verdictJSON struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

// newResultJSON returns r as the JSON output shows it, in the chosen units. It words
// the reason from r's numbers as they are, so call it before rounding them.
func newResultJSON(r *analysis.Result, imperial bool) *resultJSON {
	return &resultJSON{
		SchemaVersion: SchemaVersion, File: r.File, Athlete: r.Athlete, Index: r.Index, Format: r.Format, Sport: r.Sport, SportFrom: r.SportFrom,
		SubSport: r.SubSport, Device: r.Device, Name: r.Name, Start: r.Start,
		TimeZone: r.TimeZone, TimeZoneFrom: r.TimeZoneFrom, DuplicateOf: r.DuplicateOf,
		MovingS: r.MovingS, ElapsedS: r.ElapsedS, DistanceM: r.DistanceM, PaceSPerKm: r.PaceSPerKm,
		Cadence: r.Cadence, Running: r.Running, RunShare: r.RunShare, RunPace: r.RunPace,
		StepLengthM: r.StepLengthM, CadenceUnit: r.CadenceUnit, WatchAvgSPM: r.WatchAvgSPM,
		OtherCad: r.OtherCad, Overstride: r.Overstride,
		Verdict: verdictJSON{Kind: r.Verdict.Kind, Reason: Reason(r, imperial)}, TargetSPM: targetOf(r),
		Threshold: r.Threshold, PaceBands: paceBandsIn(r, imperial), Grades: r.Grades,
		PaceFit: r.PaceFit, Judged: r.Judged, Workout: r.Workout, SpeedBins: r.SpeedBins, RunningM: r.RunningM,
		DownhillM: r.DownhillM, Spike: r.Spike, RunningDynamics: r.RunningDynamics, Gear: r.Gear, Indoor: r.Indoor, Warnings: r.Warnings,
	}
}
