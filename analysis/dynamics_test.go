package analysis

import (
	"math"
	"testing"

	"github.com/cadence-run/cadence/activity"
)

// TestRunningDynamicsZeros: zeros while standing and dropouts are left out, and the
// medians are over the running samples only.
func TestRunningDynamicsZeros(t *testing.T) {
	a := run{n: 600, dt: 1, speed: 3, cad: 85, unit: activity.CadencePerFoot, sport: activity.Running}.build()
	a.Dynamics = make([]activity.Dynamics, len(a.Samples))
	for i := range a.Dynamics {
		a.Dynamics[i] = activity.Dynamics{GroundContactMS: 250, VertOscMM: 80, VertRatioPct: 7, BalancePct: 50, StepLengthM: 1.05}
		if i%5 == 0 {
			a.Dynamics[i] = activity.Dynamics{} // a zero in every field, as while standing
		}
	}
	a.Dynamics[7].StepLengthM = math.NaN()
	r := Analyze(a, DefaultOptions)
	if len(r.RunningDynamics) != 1 {
		t.Fatalf("%+v", r.RunningDynamics)
	}
	d := r.RunningDynamics[0]
	if *d.GroundContactMS != 250 || *d.VerticalOscillationMM != 80 || *d.VerticalRatioPct != 7 || *d.GroundContactBalancePct != 50 || *d.StepLengthM != 1.05 || d.Samples != 480 {
		t.Errorf("%+v", d)
	}
	// A foot pod's own figures are a second entry, never mixed into the watch's.
	pod := make([]activity.Dynamics, len(a.Samples))
	for i := range pod {
		pod[i] = activity.NoDynamics
		pod[i].GroundContactMS, pod[i].VertOscMM = 220, 70
		if i%3 == 0 {
			pod[i].GroundContactMS, pod[i].VertOscMM = 0, 0 // standing
		}
	}
	a.PodDynamics = []activity.PodDynamics{{Source: "stryd", Values: pod}}
	r = Analyze(a, DefaultOptions)
	if len(r.RunningDynamics) != 2 || r.RunningDynamics[0].Source != "watch" || *r.RunningDynamics[0].GroundContactMS != 250 {
		t.Fatalf("%+v", r.RunningDynamics)
	}
	if s := r.RunningDynamics[1]; s.Source != "stryd" || *s.GroundContactMS != 220 || *s.VerticalOscillationMM != 70 ||
		s.VerticalRatioPct != nil || s.StepLengthM != nil || s.Samples != 400 {
		t.Errorf("%+v", s)
	}
	a.PodDynamics = nil
	// Without dynamics: an empty list.
	a.Dynamics = nil
	if r := Analyze(a, DefaultOptions); r.RunningDynamics == nil || len(r.RunningDynamics) != 0 {
		t.Errorf("%+v", r.RunningDynamics)
	}
}
