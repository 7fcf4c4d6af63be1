package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/report"
)

// sdkWorkout is a workout file as Garmin's FIT SDK (JavaScript) reads it.
type sdkWorkout struct {
	Integrity bool     `json:"integrity"`
	Errors    []string `json:"errors"`
	FileID    []struct {
		Type         string `json:"type"`
		Manufacturer string `json:"manufacturer"`
	} `json:"fileId"`
	Workout []struct {
		Sport         string `json:"sport"`
		NumValidSteps int    `json:"numValidSteps"`
		WktName       string `json:"wktName"`
	} `json:"workout"`
	Steps []struct {
		Name          string   `json:"wktStepName"`
		DurationType  string   `json:"durationType"`
		DurationTime  *float64 `json:"durationTime"`
		TargetType    string   `json:"targetType"`
		Intensity     string   `json:"intensity"`
		CadenceLow    *int     `json:"customTargetCadenceLow"`
		CadenceHigh   *int     `json:"customTargetCadenceHigh"`
		CadenceZone   *int     `json:"targetCadenceZone"`
		MessageIndex  int      `json:"messageIndex"`
		CustomValueLo *int     `json:"customTargetValueLow"`
	} `json:"steps"`
}

// sdkDecoderScript prints what the SDK reads from the file argv[3], with the SDK's
// entry point at argv[2].
const sdkDecoderScript = `import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
const { Decoder, Stream } = await import(pathToFileURL(process.argv[2]).href);
const d = new Decoder(Stream.fromBuffer(fs.readFileSync(process.argv[3])));
const integrity = d.checkIntegrity();
const { messages, errors } = d.read();
console.log(JSON.stringify({ integrity, errors: errors.map(String), fileId: messages.fileIdMesgs,
  workout: messages.workoutMesgs, steps: messages.workoutStepMesgs }));
`

// decodeWithSDK reads a FIT file with Garmin's FIT SDK from CADENCE_PEERS, a copy of
// the shared tools/peers folder with its packages installed (npm ci), as .ci/run
// prepares it. Without it the test skips and says so.
func decodeWithSDK(t *testing.T, file string) sdkWorkout {
	t.Helper()
	peers := os.Getenv("CADENCE_PEERS")
	entry := filepath.Join(peers, "node_modules", "@garmin", "fitsdk", "src", "index.js")
	if peers == "" {
		t.Skip("CADENCE_PEERS is not set: skipping the check with Garmin's FIT SDK (set it to a copy of tools/peers after npm ci, as .ci/run does)")
	}
	if _, err := os.Stat(entry); err != nil {
		t.Skipf("no FIT SDK in CADENCE_PEERS (%v): run npm ci there", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: skipping the check with Garmin's FIT SDK")
	}
	script := filepath.Join(t.TempDir(), "decode.mjs")
	if err := os.WriteFile(script, []byte(sdkDecoderScript), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, script, entry, file).Output()
	if err != nil {
		t.Fatalf("the FIT SDK failed on %s: %v", file, err)
	}
	var w sdkWorkout
	if err := json.Unmarshal(out, &w); err != nil {
		t.Fatalf("reading the SDK's output %q: %v", out, err)
	}
	return w
}

// TestWorkoutGarminSDK writes a workout for 170 steps/min and reads it with Garmin's
// own FIT SDK: a workout file for running whose blocks hold 170-180 steps/min as the
// SDK's custom_target_cadence_low/high, in strides per minute (85-90), between a
// 10-minute warm-up and an open cool-down, as the advice prescribes.
func TestWorkoutGarminSDK(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cadence.fit")
	if _, errs, code := cli(t, "", "workout", "--spm", "170", "-o", file); code != exitOK {
		t.Fatalf("status %d: %s", code, errs)
	}
	w := decodeWithSDK(t, file)
	if !w.Integrity || len(w.Errors) > 0 {
		t.Fatalf("the SDK finds the file damaged: integrity %v, errors %v", w.Integrity, w.Errors)
	}
	if len(w.FileID) != 1 || w.FileID[0].Type != "workout" {
		t.Errorf("file_id %+v, want one of type workout", w.FileID)
	}
	if len(w.Workout) != 1 || w.Workout[0].Sport != "running" || w.Workout[0].WktName != "Cadence 170" || w.Workout[0].NumValidSteps != len(w.Steps) {
		t.Fatalf("workout %+v with %d steps, want running, \"Cadence 170\", num_valid_steps = steps", w.Workout, len(w.Steps))
	}
	wantSteps := 1 + report.WorkoutBlocks*2 - 1 + 1
	if len(w.Steps) != wantSteps {
		t.Fatalf("%d steps, want %d", len(w.Steps), wantSteps)
	}
	first, last := w.Steps[0], w.Steps[len(w.Steps)-1]
	if first.Intensity != "warmup" || first.DurationType != "time" || first.DurationTime == nil || *first.DurationTime != 600 || first.TargetType != "open" {
		t.Errorf("first step %+v, want a 600 s warm-up without a target", first)
	}
	if last.Intensity != "cooldown" || last.DurationType != "open" {
		t.Errorf("last step %+v, want an open cool-down", last)
	}
	blocks := 0
	for i, s := range w.Steps[1 : len(w.Steps)-1] {
		if s.MessageIndex != i+1 {
			t.Errorf("step %d has message_index %d", i+1, s.MessageIndex)
		}
		if i%2 == 1 {
			if s.Intensity != "recovery" || s.TargetType != "open" || s.DurationTime == nil || *s.DurationTime != 180 {
				t.Errorf("step %d %+v, want 180 s of easy running without a target", i+1, s)
			}
			continue
		}
		blocks++
		if s.Intensity != "active" || s.TargetType != "cadence" || s.DurationTime == nil || *s.DurationTime != 180 {
			t.Errorf("step %d %+v, want a 180 s block with a cadence target", i+1, s)
		}
		if s.CadenceLow == nil || s.CadenceHigh == nil || *s.CadenceLow != 85 || *s.CadenceHigh != 90 || s.CadenceZone == nil || *s.CadenceZone != 0 {
			t.Errorf("step %d: the SDK reads cadence %v-%v zone %v, want 85-90 strides/min (170-180 steps/min), zone 0", i+1, s.CadenceLow, s.CadenceHigh, s.CadenceZone)
		}
	}
	if blocks != report.WorkoutBlocks {
		t.Errorf("%d blocks, want %d", blocks, report.WorkoutBlocks)
	}
}

// TestWorkoutOddTarget checks that an odd target is written as the whole strides that
// hold it: 163-173 steps/min becomes 81-87 strides (162-174 steps/min).
func TestWorkoutOddTarget(t *testing.T) {
	file := filepath.Join(t.TempDir(), "w.fit")
	_, errs, code := cli(t, "", "workout", "-o", file, "--spm", "163")
	if code != exitOK || !strings.Contains(errs, "at 162-174 steps/min") {
		t.Fatalf("status %d, stderr %q; want the range 162-174 named", code, errs)
	}
	w := decodeWithSDK(t, file)
	if s := w.Steps[1]; s.CadenceLow == nil || *s.CadenceLow != 81 || *s.CadenceHigh != 87 {
		t.Errorf("the SDK reads %v-%v, want 81-87", s.CadenceLow, s.CadenceHigh)
	}
}

// TestWorkoutTargetFromRuns takes the target from the sample runs: they make a
// retraining plan (begun with the first run that got a target), and the workout holds
// the plan's current target, the one the trend gives its latest week.
func TestWorkoutTargetFromRuns(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "w.fit")
	_, errs, code := cli(t, "", "workout", "--no-history", "-o", file, samples)
	if code != exitOK {
		t.Fatalf("status %d: %s", code, errs)
	}
	out, _, code := cli(t, "", "trend", "--no-history", "--format", "json", samples)
	if code != exitOK {
		t.Fatalf("trend: status %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var last struct {
		TargetSPM *float64 `json:"target_spm"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || last.TargetSPM == nil {
		t.Fatalf("the trend's latest week has no target: %s (%v)", lines[len(lines)-1], err)
	}
	want := math.Round(*last.TargetSPM)
	if want < 150 || want > 170 {
		t.Errorf("the plan's target %g is not the sample's (about 156)", want)
	}
	if !strings.Contains(errs, fmt.Sprintf("target %g steps/min, from your plan (step 1, begun 2017-01-17)", want)) {
		t.Errorf("stderr %q does not name the plan's target %g", errs, want)
	}
	w := decodeWithSDK(t, file)
	if s := w.Steps[1]; s.CadenceLow == nil || float64(*s.CadenceLow) != math.Floor(want/2) {
		t.Errorf("the SDK reads a low end of %v, want %g strides/min (%g steps/min)", s.CadenceLow, math.Floor(want/2), want)
	}
}

// TestWorkoutTargetFromOneRun: a run judged likely overstriding begins a plan of its
// own, and the workout holds that plan's target, near the 162 its advice prescribes
// at the pace it was run.
func TestWorkoutTargetFromOneRun(t *testing.T) {
	file := filepath.Join(t.TempDir(), "w.fit")
	_, errs, code := cli(t, "", "workout", "--no-history", "-o", file, filepath.Join(samples, "workoutizer-garmin-connect-run.gpx"))
	if code != exitOK || !strings.Contains(errs, "target 161 steps/min, from your plan (step 1, begun 2019-11-16)") {
		t.Errorf("status %d, stderr %q; want the plan's target 161", code, errs)
	}
}

// TestWorkoutNoTarget: runs of which none got a target fail with the way out, and no
// file is written; a file that cannot be read is named, and the batch goes on.
func TestWorkoutNoTarget(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "w.fit")
	walk := filepath.Join(samples, "fitparse-garmin-fenix5-walk-short.fit")
	_, errs, code := cli(t, "", "workout", "--no-history", "-o", file, walk)
	if code != exitFailed || !strings.Contains(errs, "give --spm N") {
		t.Errorf("a walk: status %d, stderr %q; want 1 and the way out", code, errs)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a workout was written without a target")
	}
	bad := filepath.Join(dir, "bad.fit")
	if err := os.WriteFile(bad, []byte("not a FIT file"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code = cli(t, "", "workout", "--no-history", "-o", file, bad, filepath.Join(samples, "fitparse-stryd-run-devfields.fit"))
	if code != exitFailed || !strings.Contains(errs, "bad.fit") || !strings.Contains(errs, "cadence: wrote") {
		t.Errorf("a bad file and a run: status %d, stderr %q; want 1, the bad file named, the workout written", code, errs)
	}
	if _, err := os.Stat(file); err != nil {
		t.Errorf("no workout written: %v", err)
	}
}

// TestWorkoutUsage: -o is required, --spm must be a running cadence, and the target
// comes from --spm or the runs, not both, not neither; each is a usage error (2) and
// writes nothing.
func TestWorkoutUsage(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "w.fit")
	for _, args := range [][]string{
		{"workout", "--spm", "170"},
		{"workout", "-o", file},
		{"workout", "-o", file, "--spm", "119"},
		{"workout", "-o", file, "--spm", "221"},
		{"workout", "-o", file, "--spm", "0"},
		{"workout", "-o", file, "--spm", "-170"},
		{"workout", "-o", file, "--spm", "NaN"},
		{"workout", "-o", file, "--spm", "+Inf"},
		{"workout", "-o", file, "--spm", "fast"},
		{"workout", "-o", file, "--spm", "170", samples},
		{"workout", "-o", file, "--units", "furlongs", "--spm", "170"},
	} {
		out, errs, code := cli(t, "", args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, "cadence help workout") {
			t.Errorf("cadence %q: status %d, stdout %q, stderr %q; want a usage error", args, code, out, errs)
		}
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a workout was written")
	}
	if out, errs, code := cli(t, "", "workout", "-h"); code != exitOK || errs != "" || !strings.Contains(out, "GARMIN/NewFiles") {
		t.Errorf("cadence workout -h: status %d, stderr %q, stdout %q; want the help", code, errs, out)
	}
	for _, spm := range []string{"120", "220", "171.4"} {
		if _, errs, code := cli(t, "", "workout", "-o", file, "--spm", spm); code != exitOK {
			t.Errorf("--spm %s: status %d, %s", spm, code, errs)
		}
	}
}

// TestWorkoutAtomic: a workout that cannot be written leaves what was there, and a
// written one leaves no temporary file beside it.
func TestWorkoutAtomic(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "w.fit")
	if err := os.WriteFile(file, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(f func() time.Time) { now = f }(now)
	now = func() time.Time { return time.Time{} } // no creation time: the writer refuses
	if _, errs, code := cli(t, "", "workout", "-o", file, "--spm", "170"); code != exitFailed || !strings.Contains(errs, "w.fit") {
		t.Errorf("status %d, stderr %q; want 1 naming the file", code, errs)
	}
	if b, _ := os.ReadFile(file); string(b) != "old" {
		t.Errorf("the file holds %q after a failed write, want the old content", b)
	}
	now = func() time.Time { return time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC) }
	if _, errs, code := cli(t, "", "workout", "-o", file, "--spm", "170"); code != exitOK {
		t.Fatalf("status %d: %s", code, errs)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d entries in the folder, want only the workout", len(entries))
	}
	b, _ := os.ReadFile(file)
	if len(b) < 14 || string(b[8:12]) != ".FIT" {
		t.Errorf("the written file does not start with a FIT header: % x", b[:min(len(b), 14)])
	}
}
