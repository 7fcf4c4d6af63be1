package history

import (
	"path/filepath"
	"testing"

	"github.com/cadence-run/cadence/analysis"
)

// TestRunsOfOneAthlete: Runs and FirstRun give one athlete's runs only, and
// SetAthlete moves an input's runs to another athlete.
func TestRunsOfOneAthlete(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, who := range []string{"anna", "ben", ""} {
		key := "/coach/" + who + "/a.fit"
		r := sampleResult(key, 0)
		st := r.Start.AddDate(0, 0, i) // ben's a day after anna's, the default athlete's two
		r.Start = &st
		if err := s.Put(key, Record{SHA256: key, Analysis: "a", Athlete: who}, Outcome{Results: []*analysis.Result{r}}); err != nil {
			t.Fatal(err)
		}
	}
	first := sampleResult("", 0).Start
	from, to := first.AddDate(0, 0, -1), first.AddDate(0, 0, 5)
	for who, want := range map[string]string{"anna": "/coach/anna/a.fit", "ben": "/coach/ben/a.fit", "": "/coach//a.fit"} {
		runs, err := s.Runs(who, from, to)
		if err != nil || len(runs) != 1 || runs[0].Input != want {
			t.Errorf("Runs(%q) = %+v, %v; want only %s", who, runs, err, want)
		}
	}
	if t0, ok, err := s.FirstRun("ben"); err != nil || !ok || !t0.Equal(first.AddDate(0, 0, 1)) {
		t.Errorf("FirstRun(ben) = %v, %v, %v", t0, ok, err)
	}
	if _, ok, _ := s.FirstRun("nobody"); ok {
		t.Error("FirstRun(nobody) found a run")
	}
	if err := s.SetAthlete("/coach/ben/a.fit", "anna"); err != nil {
		t.Fatal(err)
	}
	if runs, _ := s.Runs("anna", from, to); len(runs) != 2 {
		t.Errorf("after SetAthlete: anna has %d runs, want 2", len(runs))
	}
	if rec, _, _ := s.Lookup("/coach/ben/a.fit"); rec.Athlete != "anna" {
		t.Errorf("Lookup after SetAthlete: %+v", rec)
	}
}
