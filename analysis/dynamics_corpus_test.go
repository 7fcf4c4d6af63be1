package analysis_test

import (
	"cmp"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
)

// TestRunningDynamicsCorpus: every corpus FIT run whose records carry running
// dynamics gets one entry from the watch's standard fields and one per foot pod that
// wrote its own (podRuns names them), in that order, with figures in the range of
// running; a run without them, and every walk or ride, gets none.
func TestRunningDynamicsCorpus(t *testing.T) {
	needCorpus(t)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "fit", "*.fit"))
	with := 0
	pods := maps.Clone(podRuns)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		acts, err := fitparse.Parse(f, data)
		if err != nil {
			continue
		}
		for _, a := range acts {
			r := analysis.Analyze(a, analysis.DefaultOptions)
			name := filepath.Base(f)
			if r.RunningDynamics == nil {
				t.Fatalf("%s: running_dynamics is null, want a list", name)
			}
			var want []string
			if a.Dynamics != nil {
				want = append(want, cmp.Or(podMade[name], "watch"))
			}
			want = append(want, podRuns[name]...)
			if r.Sport != activity.Running || r.Running == nil || len(want) == 0 {
				if len(r.RunningDynamics) != 0 && (r.Sport != activity.Running || len(want) == 0) {
					t.Errorf("%s (%s): dynamics %+v without a run that carries them", name, r.Sport, r.RunningDynamics)
				}
				continue
			}
			if r.Running.Samples < 100 {
				continue
			}
			var got []string
			for _, d := range r.RunningDynamics {
				got = append(got, d.Source)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: sources %v, want %v", name, got, want)
				continue
			}
			with += len(got)
			for _, d := range r.RunningDynamics {
				in := func(what string, v *float64, lo, hi float64) {
					if v != nil && !(*v >= lo && *v <= hi) {
						t.Errorf("%s (%s): %s %v outside %v-%v", name, d.Source, what, *v, lo, hi)
					}
				}
				if d.GroundContactMS == nil {
					t.Errorf("%s (%s): no ground contact time: %+v", name, d.Source, d)
				}
				in("ground contact", d.GroundContactMS, 150, 400)
				in("vertical oscillation", d.VerticalOscillationMM, 40, 150)
				in("vertical ratio", d.VerticalRatioPct, 4, 14)
				in("balance", d.GroundContactBalancePct, 45, 55)
				in("step length", d.StepLengthM, 0.6, 2)
			}
			delete(pods, name)
		}
	}
	if with < 22 {
		t.Errorf("only %d entries of running dynamics in the corpus runs", with)
	}
	for name := range pods {
		t.Errorf("%s: no run with its pod's dynamics", name)
	}
}

// podRuns names the corpus runs whose foot pods wrote running dynamics as developer
// fields, and the pods: Stryd by its Connect IQ application id (660a581e…, 18fb2cf0…)
// or its field names ("Ground Time", "Vertical Oscillation" in centimetres) under
// another or no id, RunScribe Plus by its id (c1f5c80a…). RunScribe Light's file
// (runalyze-garmin-fenix3-run-runscribe.fit) describes its fields without names and
// gives no contact time, so it has none.
// podMade names the runs that a foot pod recorded itself: their standard fields are
// the pod's (fitparse-stryd-run-devfields.fit: file_id manufacturer stryd).
var podMade = map[string]string{"fitparse-stryd-run-devfields.fit": "stryd"}

var podRuns = map[string][]string{
	"fitparserjs-garmin-fenix5x-run-devfields.fit":         {"stryd"},
	"gc-garmin-fr920xt-run-firstbeat-ciq.fit":              {"stryd"},
	"gc-garmin-vivoactivehr-run-stryd-ciq.fit":             {"stryd"},
	"runalyze-garmin-fr920xt-run-stryd-devfields.fit":      {"stryd"},
	"sportslib-garmin-fr945-treadmill-stryd.fit":           {"stryd"},
	"sportslib-garmin-fr945-triathlon-chained.fit":         {"stryd"},
	"runalyze-garmin-fr735xt-run-pauses-ciq-devfields.fit": {"runscribe"},
	"runalyze-garmin-fr920xt-treadmill-runscribe.fit":      {"runscribe"},
}
