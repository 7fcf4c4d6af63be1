package fitparse

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
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
			if m := median(got); math.Abs(m-w) > 1e-6 {
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

// podOracle is the FIT SDK's reading of the foot pods' running dynamics:
// testdata/pod-dynamics-fitsdk.jsonl, written by testdata/pod-dynamics-fitsdk.mjs over
// the corpus (fit/ and bad/) and the samples.
const podOracle = "pod-dynamics-fitsdk"

// podFiles gives the FIT files of the corpus and the samples, by base name (the
// corpus's copy where both have one).
func podFiles() map[string]string {
	files := map[string]string{}
	samples, _ := filepath.Glob(filepath.Join("..", "testdata", "sample", "*.fit"))
	fit, _ := filepath.Glob(filepath.Join(fitCorpus, "fit", "*.fit"))
	bad, _ := filepath.Glob(filepath.Join(fitCorpus, "bad", "*.fit"))
	for _, f := range slices.Concat(samples, fit, bad) {
		files[filepath.Base(f)] = f
	}
	return files
}

// TestPodDynamicsMatchFITSDK checks the running dynamics that foot pods write as
// developer fields (Stryd, RunScribe), read from every corpus and sample FIT file,
// against Garmin's FIT SDK decoding of the same records: per file and pod, the number
// of records with each value above zero and their median. The SDK's reading is
// testdata/pod-dynamics-fitsdk.jsonl; when CADENCE_PEERS names a copy of the shared
// tools/peers with the SDK installed (as .ci/run prepares it), the SDK is run again
// over the files and must give that file's lines. A file the SDK finds no pod in must
// give cadence none either.
func TestPodDynamicsMatchFITSDK(t *testing.T) {
	files := podFiles()
	stored, err := os.ReadFile(filepath.Join("testdata", podOracle+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if live, ok := podDynamicsSDK(t, files); ok {
		if want := strings.TrimSpace(string(stored)); live != want {
			t.Errorf("the FIT SDK now gives\n%s\nthe stored reading is\n%s", live, want)
		}
	}
	want := map[string]map[string]map[string]any{} // file, pod, key
	for _, line := range strings.Split(strings.TrimSpace(string(stored)), "\n") {
		var w map[string]any
		if err := json.Unmarshal([]byte(line), &w); err != nil {
			t.Fatal(err)
		}
		file, pod := w["file"].(string), w["source"].(string)
		if want[file] == nil {
			want[file] = map[string]map[string]any{}
		}
		want[file][pod] = w
	}
	checked := 0
	for name, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		acts, err := Parse(name, data)
		if err != nil {
			continue
		}
		got := map[string]map[string][]float64{}
		dropped := 0
		for _, a := range acts {
			for _, w := range a.Warnings {
				if n, ok := leftOut(w); ok {
					dropped = n
				}
			}
			for _, p := range a.PodDynamics {
				if len(p.Values) != len(a.Samples) {
					t.Fatalf("%s: %d %s dynamics for %d samples", name, len(p.Values), p.Source, len(a.Samples))
				}
				if got[p.Source] == nil {
					got[p.Source] = map[string][]float64{}
				}
				for _, d := range p.Values {
					for k, v := range map[string]float64{"ground_contact_ms": d.GroundContactMS, "vertical_oscillation_mm": d.VertOscMM} {
						if v > 0 {
							got[p.Source][k] = append(got[p.Source][k], v)
						}
					}
				}
			}
		}
		for pod := range got {
			if want[name][pod] == nil {
				t.Errorf("%s: %s's dynamics read; the SDK finds none", name, pod)
			}
		}
		for pod, w := range want[name] {
			for _, k := range []string{"ground_contact_ms", "vertical_oscillation_mm"} {
				wv, ok := w[k].(float64)
				g := got[pod][k]
				if !ok {
					if len(g) > 0 {
						t.Errorf("%s: %s %s in %d records; the SDK finds none", name, pod, k, len(g))
					}
					continue
				}
				if n := int(w[k+"_n"].(float64)); n != len(g) {
					if len(g) < n-dropped || len(g) > n {
						t.Errorf("%s: %s %s in %d records, the SDK %d", name, pod, k, len(g), n)
					}
					continue // the records left out of a multisport file: other sets
				}
				if m := median(g); math.Abs(m-wv) > 1e-9 {
					t.Errorf("%s: %s median %s %v, the SDK %v", name, pod, k, m, wv)
				}
				checked++
			}
		}
	}
	if checked < 8 {
		t.Skipf("only %d pod figures checked: is the corpus at %s?", checked, fitCorpus)
	}
	t.Logf("%d pod figures checked against the SDK", checked)
}

// median is the median of v (sorted in place).
func median(v []float64) float64 {
	slices.Sort(v)
	m := v[len(v)/2]
	if len(v)%2 == 0 {
		m = (v[len(v)/2-1] + m) / 2
	}
	return m
}

// podDynamicsSDK runs testdata/pod-dynamics-fitsdk.mjs over files with Garmin's FIT
// SDK from CADENCE_PEERS, and gives its lines sorted; false, with the reason logged,
// when the SDK or node is not installed, or the corpus is absent.
func podDynamicsSDK(t *testing.T, files map[string]string) (string, bool) {
	peers := os.Getenv("CADENCE_PEERS")
	entry := filepath.Join(peers, "node_modules", "@garmin", "fitsdk", "src", "index.js")
	node, err := exec.LookPath("node")
	switch {
	case peers == "":
		t.Log("CADENCE_PEERS is not set: checked against the stored SDK reading only (set it to a copy of tools/peers after npm ci, as .ci/run does)")
		return "", false
	case err != nil:
		t.Log("node not found: checked against the stored SDK reading only")
		return "", false
	case len(files) < 20:
		t.Log("no corpus: the FIT SDK is not run")
		return "", false
	}
	if _, err := os.Stat(entry); err != nil {
		t.Logf("no FIT SDK in CADENCE_PEERS (%v): checked against the stored SDK reading only", err)
		return "", false
	}
	args := []string{filepath.Join("testdata", podOracle+".mjs"), entry}
	for _, f := range files {
		args = append(args, f)
	}
	out, err := exec.Command(node, args...).Output()
	if err != nil {
		t.Fatalf("the FIT SDK failed: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	slices.Sort(lines)
	return strings.Join(slices.Compact(lines), "\n"), true
}
