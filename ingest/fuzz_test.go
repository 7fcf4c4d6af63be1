package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cadence-run/cadence/analysis"
)

// FuzzRead reads one fuzzed file through the whole pipeline, twice with a history
// (the second read comes from it). Whatever the bytes, every input has exactly one
// outcome, an error names the file, and the history gives back what was read.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"heartandsole-garmin-fr220-run-tiny.fit", "heartandsole-garmin-fr220-run-tiny.gpx",
		"heartandsole-garmin-fr220-run-tiny.tcx"} {
		data, err := os.ReadFile(filepath.Join(samples, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		file := filepath.Join(dir, "activity.fit")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		h, err := OpenHistory(filepath.Join(dir, "h.db"), "fuzz")
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		var outcomes [2]string
		for pass := range 2 {
			b := Read([]string{file}, Options{Analysis: analysis.DefaultOptions, Jobs: 1, History: h,
				Warn: func(s string) { t.Errorf("warning: %s", s) }})
			for _, it := range b.Items {
				n := 0
				if it.Err != nil {
					n++
					if !strings.Contains(ErrorLine(it.Name, it.Err), file) {
						t.Errorf("error without the file's name: %v", it.Err)
					}
					outcomes[pass] += "error " + ErrorLine(it.Name, it.Err) + ";"
				}
				if it.Skip != nil {
					n++
					outcomes[pass] += "skip " + it.Skip.Reason + ";"
				}
				if len(it.Results()) > 0 {
					n++
					for _, r := range it.Results() {
						outcomes[pass] += r.Verdict.Kind + ";"
					}
				}
				if n != 1 {
					t.Errorf("%d outcomes for one input: %+v", n, it)
				}
			}
			b.Close()
		}
		if outcomes[0] != outcomes[1] {
			t.Errorf("read afresh: %q; from the history: %q", outcomes[0], outcomes[1])
		}
		// The same bytes twice, set aside on disk as soon as read, give what a batch
		// holding them in memory gives: copies decided on the facts kept.
		if err := os.WriteFile(filepath.Join(dir, "copy.fit"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		ins := []string{file, filepath.Join(dir, "copy.fit")}
		held := Read(ins, Options{Analysis: analysis.DefaultOptions, Jobs: 1, HoldResults: -1})
		aside := Read(ins, Options{Analysis: analysis.DefaultOptions, Jobs: 1, HoldResults: 1})
		defer held.Close()
		defer aside.Close()
		for i, it := range held.Items {
			want, _ := json.Marshal(it.Results())
			got, _ := json.Marshal(aside.Items[i].Results())
			if string(got) != string(want) || (it.Err == nil) != (aside.Items[i].Err == nil) {
				t.Errorf("%s set aside: %s (%v); held: %s (%v)", it.Name, got, aside.Items[i].Err, want, it.Err)
			}
		}
	})
}
