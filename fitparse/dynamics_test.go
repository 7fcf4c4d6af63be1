package fitparse

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestDynamicsMatchFITSDK checks the running dynamics read from every corpus and
// sample FIT file that has them against Garmin's FIT SDK decoding of the same records:
// testdata/dynamics-fitsdk.jsonl holds, per file, the SDK's median of each field over
// the records where it is above zero, and how many such records there are (see
// testdata/README.md for how it was made). Both decoders (fitfast and muktihari's)
// are held to give the same as each other by TestFITFactoryMatchesStandard.
func TestDynamicsMatchFITSDK(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "dynamics-fitsdk.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checked := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var want map[string]any
		if err := json.Unmarshal(sc.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		name := want["file"].(string)
		path := filepath.Join(fitCorpus, "fit", name)
		if _, err := os.Stat(path); err != nil {
			path = filepath.Join("..", "testdata", "sample", name)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			continue // the corpus is absent: only the samples are checked
		}
		acts, err := Parse(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fields := map[string][]float64{}
		dropped := 0 // records of a multisport file outside every session, left out
		for _, a := range acts {
			for _, w := range a.Warnings {
				if n, ok := leftOut(w); ok {
					dropped = n
				}
			}
			if len(a.Dynamics) != 0 && len(a.Dynamics) != len(a.Samples) {
				t.Fatalf("%s: %d dynamics for %d samples", name, len(a.Dynamics), len(a.Samples))
			}
			for _, d := range a.Dynamics {
				for k, v := range map[string]float64{"ground_contact_ms": d.GroundContactMS, "vertical_oscillation_mm": d.VertOscMM,
					"vertical_ratio_pct": d.VertRatioPct, "ground_contact_balance_pct": d.BalancePct, "step_length_mm": d.StepLengthM * 1000} {
					if v > 0 {
						fields[k] = append(fields[k], v)
					}
				}
			}
		}
		for _, k := range []string{"ground_contact_ms", "vertical_oscillation_mm", "vertical_ratio_pct", "ground_contact_balance_pct", "step_length_mm"} {
			w, ok := want[k].(float64)
			got := fields[k]
			if !ok {
				if len(got) > 0 {
					t.Errorf("%s: %s read from %d records; the SDK finds none", name, k, len(got))
				}
				continue
			}
			if n := int(want[k+"_n"].(float64)); n != len(got) {
				if len(got) >= n-dropped && len(got) < n {
					continue // the records left out: the medians are of other sets
				}
				t.Errorf("%s: %s in %d records, the SDK %d", name, k, len(got), n)
				continue
			}
			slices.Sort(got)
			m := got[len(got)/2]
			if len(got)%2 == 0 {
				m = (got[len(got)/2-1] + m) / 2
			}
			if math.Abs(m-w) > 1e-6 {
				t.Errorf("%s: median %s %v, the SDK %v", name, k, m, w)
			}
			checked++
		}
	}
	if checked < 10 {
		t.Skipf("only %d fields checked: is the corpus at %s?", checked, fitCorpus)
	}
	t.Logf("%d fields checked against the SDK", checked)
}

// leftOut reads the number of records a multisport file's warning says were left out.
func leftOut(w string) (int, bool) {
	var n int
	if _, err := fmt.Sscanf(w, "%d records lie outside every session", &n); err == nil {
		return n, true
	}
	return 0, false
}
