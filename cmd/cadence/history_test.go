package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyFile copies a file, keeping nothing of its time.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(to), 0o755)
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRerunComesFromHistory checks that output read back from the history is the
// output of a fresh read, byte for byte, as JSON and as the table. (What is decoded
// again and when is tested in package ingest.)
func TestRerunComesFromHistory(t *testing.T) {
	dir := t.TempDir()
	runs := filepath.Join(dir, "runs")
	for _, f := range []string{"workoutizer-garmin-fr25-run-pauses.fit", "workoutizer-garmin-connect-run.gpx", "heartandsole-garmin-fr220-run-tiny.tcx"} {
		copyFile(t, filepath.Join(samples, f), filepath.Join(runs, f))
	}
	db := filepath.Join(dir, "h.db")
	cold, _, _ := cli(t, "", "analyze", "--format", "json", "--no-history", runs)
	cli(t, "", "analyze", "--format", "json", "--db", db, runs)
	warm, _, code := cli(t, "", "analyze", "--format", "json", "--db", db, runs)
	if code != 0 || cold != warm || !strings.Contains(cold, `"kind":"overstride"`) {
		t.Errorf("output from the history differs from a fresh read:\n%s\n%s", cold, warm)
	}
	text1, _, _ := cli(t, "", "analyze", "--no-history", runs)
	text2, _, _ := cli(t, "", "analyze", "--db", db, runs)
	if text1 != text2 || !strings.Contains(text1, "likely overstriding") {
		t.Errorf("text output from the history differs:\n%s\n%s", text1, text2)
	}
}

// TestUnitsSwitchDecodesNothing: with one history, a folder analysed in metric units
// and then in imperial units is decoded once. The second run reads every result from
// the history, and its output is what a fresh imperial read prints.
func TestUnitsSwitchDecodesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	read := func(units string) (items, fresh int) {
		t.Helper()
		var errb bytes.Buffer
		e := &env{stdout: &bytes.Buffer{}, stderr: &errb}
		c := &common{units: units, threshold: 165, jobs: 2, db: db}
		store := c.openHistory(e)
		if store == nil {
			t.Fatalf("no history: %s", errb.String())
		}
		defer store.Close()
		b := c.read(e, []string{samples}, store)
		defer b.Close()
		for _, it := range b.Items {
			if it.Fresh {
				fresh++
			}
		}
		return len(b.Items), fresh
	}
	if n, fresh := read("metric"); fresh == 0 || fresh != n {
		t.Fatalf("metric: %d of %d inputs decoded, want all", fresh, n)
	}
	if n, fresh := read("imperial"); fresh != 0 || n == 0 {
		t.Errorf("imperial after metric: %d of %d inputs decoded, want 0", fresh, n)
	}
	for _, format := range []string{"json", "text"} {
		cold, _, _ := cli(t, "", "analyze", "--format", format, "--units", "imperial", "--no-history", samples)
		warm, _, code := cli(t, "", "analyze", "--format", format, "--units", "imperial", "--db", db, samples)
		if code != 0 || cold != warm || !strings.Contains(warm, "/mi") {
			t.Errorf("%s: imperial output from the history differs from a fresh read:\n%s\n%s", format, cold, warm)
		}
	}
}

// TestCopiesCountOnce checks duplicate_of in JSON and the text table's "same as".
func TestCopiesCountOnce(t *testing.T) {
	out, _, code := cli(t, "", "analyze", "--format", "json", "--no-history", samples)
	if code != 0 {
		t.Fatalf("status %d", code)
	}
	dups := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct {
			File        string  `json:"file"`
			DuplicateOf *string `json:"duplicate_of"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if r.DuplicateOf != nil {
			dups[filepath.Base(r.File)] = filepath.Base(*r.DuplicateOf)
		}
	}
	want := map[string]string{
		"heartandsole-garmin-fr220-run-tiny.gpx": "heartandsole-garmin-fr220-run-tiny.fit",
		"heartandsole-garmin-fr220-run-tiny.tcx": "heartandsole-garmin-fr220-run-tiny.fit",
	}
	if len(dups) != len(want) || dups["heartandsole-garmin-fr220-run-tiny.gpx"] != want["heartandsole-garmin-fr220-run-tiny.gpx"] ||
		dups["heartandsole-garmin-fr220-run-tiny.tcx"] != want["heartandsole-garmin-fr220-run-tiny.tcx"] {
		t.Errorf("duplicate_of: %v, want %v", dups, want)
	}
	// A byte-identical copy in another folder is a copy too.
	dir := t.TempDir()
	copyFile(t, filepath.Join(samples, "fitparse-stryd-run-devfields.fit"), filepath.Join(dir, "a", "run.fit"))
	copyFile(t, filepath.Join(samples, "fitparse-stryd-run-devfields.fit"), filepath.Join(dir, "b", "again.fit"))
	text, _, _ := cli(t, "", "analyze", "--no-history", dir)
	if !strings.Contains(text, "same as run.fit, not counted") || !strings.Contains(text, "1 run with cadence") ||
		!strings.Contains(text, "1 copy of another activity not counted") {
		t.Errorf("table:\n%s", text)
	}
}

// TestNamesFromStravaExport checks that activities.csv names the runs beside it.
func TestNamesFromStravaExport(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(samples, "workoutizer-garmin-connect-run.gpx"), filepath.Join(dir, "activities", "2841123456.gpx"))
	csv := "\ufeffActivity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Filename,Distance\n" +
		"2841123456,\"Nov 16, 2019, 8:58:30 AM\",\"Tempo by the river, windy\",Run,,2304,5.32,activities/2841123456.gpx,5318.4\n"
	if err := os.WriteFile(filepath.Join(dir, "activities.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := cli(t, "", "analyze", "--format", "json", "--no-history", dir)
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	if !strings.Contains(out, `"name":"Tempo by the river, windy"`) {
		t.Errorf("the name from activities.csv is missing:\n%s", out)
	}
	// The GPX start is in Mannheim: shown in Berlin time.
	if !strings.Contains(out, `"start":"2019-11-16T09:58:30+01:00","time_zone":"Europe/Berlin","time_zone_source":"position"`) {
		t.Errorf("start not in local time:\n%s", out)
	}
}

func TestNothingFound(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "photo.jpg"), []byte("\xff\xd8\xff\xe0 not a run"), 0o644)
	_, stderr, code := cli(t, "", "analyze", "--no-history", dir)
	if code != 1 || !strings.Contains(stderr, "no FIT, GPX or TCX activity found under "+dir) {
		t.Errorf("status %d, stderr %q", code, stderr)
	}
}

// TestDamagedHistoryCarriesOn checks that a damaged database is named with the way
// out, and the files are still analysed.
func TestDamagedHistoryCarriesOn(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	os.WriteFile(db, bytes.Repeat([]byte("junk junk junk "), 500), 0o644)
	out, stderr, code := cli(t, "", "analyze", "--db", db, samples+"/workoutizer-garmin-fr25-run-pauses.fit")
	if code != 0 || !strings.Contains(out, "a workout of 6 reps by its laps") {
		t.Errorf("status %d, out:\n%s", code, out)
	}
	if !strings.Contains(stderr, db+" is damaged") || !strings.Contains(stderr, "delete it and run again to rebuild it") {
		t.Errorf("stderr: %s", stderr)
	}
}
