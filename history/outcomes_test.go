package history

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cadence-run/cadence/analysis"
)

// TestOutcomesInOnePass checks that Outcomes reads many inputs across query chunks,
// with their activities in index order, their errors and skips, and leaves out the
// keys the store lacks.
func TestOutcomesInOnePass(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var keys []string
	n := outcomesChunk + 7
	for i := range n {
		k := fmt.Sprintf("/runs/%04d.fit", i)
		keys = append(keys, k)
		var o Outcome
		switch i % 3 {
		case 0:
			o.Results = []*analysis.Result{sampleResult(k, 0), sampleResult(k, 1)}
			o.Results[1].Name = fmt.Sprintf("second of %d", i)
		case 1:
			o.Err = "damaged"
		case 2:
			o.Skip = "a course, not an activity"
		}
		if err := s.Put(k, Record{SHA256: fmt.Sprint(i), Analysis: "a"}, o); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Outcomes(append(keys, "/runs/missing.fit"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d outcomes, want %d", len(got), n)
	}
	for i, k := range keys {
		o, err := s.Decode(k, got[k])
		if err != nil {
			t.Fatal(err)
		}
		switch i % 3 {
		case 0:
			if len(o.Results) != 2 || o.Results[0].Index != 0 || o.Results[1].Name != fmt.Sprintf("second of %d", i) || o.Err != "" {
				t.Errorf("%s: %+v", k, o)
			}
		case 1:
			if o.Err != "damaged" || len(o.Results) != 0 {
				t.Errorf("%s: %+v", k, o)
			}
		case 2:
			if o.Skip != "a course, not an activity" || len(o.Results) != 0 {
				t.Errorf("%s: %+v", k, o)
			}
		}
	}
}

// TestCopy checks that Copy records a byte-identical copy under its own key with the
// activities of the original, and refuses when the original holds other bytes, was
// analysed otherwise, or gave an error.
func TestCopy(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := Record{Stamp: Stamp{Size: 10, ModNS: 1}, SHA256: "abc", Analysis: "a"}
	if err := s.Put("/a.fit", rec, Outcome{Results: []*analysis.Result{sampleResult("/a.fit", 0)}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Put("/bad.fit", Record{SHA256: "bad", Analysis: "a"}, Outcome{Err: "damaged"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		from, sha, analysis string
	}{{"/a.fit", "other", "a"}, {"/a.fit", "abc", "b"}, {"/bad.fit", "bad", "a"}, {"/none.fit", "abc", "a"}} {
		ok, err := s.Copy("/copy.fit", Record{SHA256: c.sha, Analysis: c.analysis}, c.from)
		if ok || err != nil {
			t.Errorf("Copy from %s (%s, %s) = %v, %v; want false", c.from, c.sha, c.analysis, ok, err)
		}
		if _, have, _ := s.Lookup("/copy.fit"); have {
			t.Errorf("a refused copy from %s is stored", c.from)
		}
	}
	want := Record{Stamp: Stamp{Size: 10, ModNS: 99}, SHA256: "abc", Analysis: "a"}
	if ok, err := s.Copy("/copy.fit", want, "/a.fit"); !ok || err != nil {
		t.Fatalf("Copy = %v, %v", ok, err)
	}
	if got, have, _ := s.Lookup("/copy.fit"); !have || got != want {
		t.Errorf("copy's record %+v, want %+v", got, want)
	}
	o, err := s.Outcome("/copy.fit")
	if err != nil || len(o.Results) != 1 || o.Results[0].Name != "Sunday long run" || *o.Results[0].DistanceM != 13012.5 {
		t.Errorf("copy's outcome %+v, %v", o, err)
	}
}
