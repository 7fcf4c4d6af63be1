package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzPipeline runs whole commands on one fuzzed file: analyze in every format and
// the trend, from the file on disk, gzipped-or-not as the fuzzer makes it. Whatever
// the bytes, cadence must not panic, must exit 0 or 1 (never 2: the command line is
// fine), must name the file in any error, and its JSON must be valid JSON Lines.
func FuzzPipeline(f *testing.F) {
	for _, name := range []string{"heartandsole-garmin-fr220-run-tiny.fit", "heartandsole-garmin-fr220-run-tiny.gpx",
		"heartandsole-garmin-fr220-run-tiny.tcx"} {
		data, err := os.ReadFile(filepath.Join(samples, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Add([]byte("\x1f\x8b\x08\x00broken gzip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		file := filepath.Join(dir, "activity")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, stderr, code := cli(t, "", "analyze", "--no-history", "--format", "json", file)
		if code != 0 && code != 1 {
			t.Fatalf("analyze exit %d: %s", code, stderr)
		}
		if code == 1 && !strings.Contains(stderr, file) {
			t.Errorf("an error that does not name the file: %q", stderr)
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if line != "" && !json.Valid([]byte(line)) {
				t.Fatalf("invalid JSON line: %q", line)
			}
		}
		for _, args := range [][]string{
			{"analyze", "--no-history", file},
			{"analyze", "--no-history", "--format", "csv", file},
			{"trend", "--no-history", file},
		} {
			if _, stderr, code := cli(t, "", args...); code != 0 && code != 1 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
		}
	})
}
