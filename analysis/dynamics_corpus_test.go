package analysis_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
)

// TestRunningDynamicsCorpus: every corpus FIT run whose records carry running
// dynamics gets exactly one entry, from the watch's standard fields, with figures in
// the range of running; a run without them, and every walk or ride, gets none.
func TestRunningDynamicsCorpus(t *testing.T) {
	needCorpus(t)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "fit", "*.fit"))
	with := 0
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
			if r.Sport != activity.Running || r.Running == nil || a.Dynamics == nil {
				if len(r.RunningDynamics) != 0 && (r.Sport != activity.Running || a.Dynamics == nil) {
					t.Errorf("%s (%s): dynamics %+v without a run that carries them", name, r.Sport, r.RunningDynamics)
				}
				continue
			}
			if r.Running.Samples < 100 {
				continue
			}
			if len(r.RunningDynamics) != 1 || r.RunningDynamics[0].Source != "watch" {
				t.Errorf("%s: %+v, want one entry from the watch", name, r.RunningDynamics)
				continue
			}
			with++
			d := r.RunningDynamics[0]
			in := func(what string, v *float64, lo, hi float64) {
				if v != nil && !(*v >= lo && *v <= hi) {
					t.Errorf("%s: %s %v outside %v-%v", name, what, *v, lo, hi)
				}
			}
			if d.GroundContactMS == nil {
				t.Errorf("%s: no ground contact time: %+v", name, d)
			}
			in("ground contact", d.GroundContactMS, 150, 400)
			in("vertical oscillation", d.VerticalOscillationMM, 40, 150)
			in("vertical ratio", d.VerticalRatioPct, 4, 14)
			in("balance", d.GroundContactBalancePct, 45, 55)
			in("step length", d.StepLengthM, 0.6, 2)
		}
	}
	if with < 15 {
		t.Errorf("only %d corpus runs with running dynamics", with)
	}
}
