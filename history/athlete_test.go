package history

import (
	"path/filepath"
	"testing"

	"github.com/cadence-run/cadence/analysis"
)

// TestRunsOfOneAthlete: Runs and FirstRuns name each run's athlete, and SetAthlete
// moves an input's runs to another athlete.
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
	byAthlete := func() map[string][]string {
		runs, err := s.Runs(from, to)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]string{}
		for _, r := range runs {
			out[r.Athlete] = append(out[r.Athlete], r.Input)
		}
		return out
	}
	got := byAthlete()
	for who, want := range map[string]string{"anna": "/coach/anna/a.fit", "ben": "/coach/ben/a.fit", "": "/coach//a.fit"} {
		if len(got[who]) != 1 || got[who][0] != want {
			t.Errorf("Runs of %q = %q; want only %s", who, got[who], want)
		}
	}
	firsts, err := s.FirstRuns()
	if err != nil || len(firsts) != 3 || !firsts["ben"].Equal(first.AddDate(0, 0, 1)) {
		t.Errorf("FirstRuns() = %v, %v", firsts, err)
	}
	if err := s.SetAthlete("/coach/ben/a.fit", "anna"); err != nil {
		t.Fatal(err)
	}
	if runs := byAthlete()["anna"]; len(runs) != 2 {
		t.Errorf("after SetAthlete: anna has %d runs, want 2", len(runs))
	}
	if rec, _, _ := s.Lookup("/coach/ben/a.fit"); rec.Athlete != "anna" {
		t.Errorf("Lookup after SetAthlete: %+v", rec)
	}
}
