//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cadence-run/cadence/internal/synth"
)

// generated matches what differs between two reports of the same runs: when each was
// made.
var generated = regexp.MustCompile(`(?s)<p class="gen">.*?</p>|Generated [^<]*`)

// TestKillDuringReport kills cadence with SIGKILL in the middle of a report, then runs
// it again: the result must be complete and the same as a report made in one go, with
// no temporary file left in the folder.
func TestKillDuringReport(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the command and runs it on a synthetic archive")
	}
	bin := buildCadence(t)
	root := t.TempDir()
	runs := filepath.Join(root, "runs")
	if _, err := synth.WriteArchive(runs, 40, 7); err != nil {
		t.Fatal(err)
	}

	cacheEnv := func(name string) []string {
		return append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(root, name))
	}

	// A report made in one go, for comparison.
	whole := filepath.Join(root, "whole")
	cmd := exec.Command(bin, "report", "-j", "2", "-o", whole, runs)
	cmd.Env = cacheEnv("cache-whole")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}

	// The same, killed once some dashboards are written.
	cut := filepath.Join(root, "cut")
	var stderr bytes.Buffer
	cmd = exec.Command(bin, "report", "-j", "2", "-o", cut, runs)
	cmd.Env = cacheEnv("cache-cut")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		pngs, _ := filepath.Glob(filepath.Join(cut, "*", "*.png"))
		if len(pngs) >= 6 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err := cmd.Wait()
	if err == nil {
		t.Skip("the report finished before it could be killed; nothing to test on this machine")
	}
	if _, err := os.Stat(filepath.Join(cut, "index.html")); err == nil {
		t.Log("killed after the index was written")
	}

	cmd = exec.Command(bin, "report", "-j", "2", "-o", cut, runs)
	cmd.Env = cacheEnv("cache-cut")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("rerun after kill: %v\n%s", err, out)
	}
	a, b := listDir(t, whole), listDir(t, cut)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Fatalf("files differ after kill and rerun:\nwhole: %v\ncut:   %v", a, b)
	}
	for _, name := range a {
		if strings.HasPrefix(path.Base(name), ".") && name != manifestName && name != lockName {
			t.Errorf("temporary file left behind: %s", name)
		}
		if name == lockName {
			continue
		}
		x, _ := os.ReadFile(filepath.Join(whole, name))
		y, _ := os.ReadFile(filepath.Join(cut, name))
		if strings.HasSuffix(name, ".html") {
			x, y = generated.ReplaceAll(x, nil), generated.ReplaceAll(y, nil)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs after kill and rerun", name)
		}
	}
}

// TestTwoReportsIntoOneFolder runs two reports into one folder at once: both must
// succeed, and the index must list every run.
func TestTwoReportsIntoOneFolder(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the command and runs it on a synthetic archive")
	}
	bin := buildCadence(t)
	root := t.TempDir()
	runs := filepath.Join(root, "runs")
	ws, err := synth.WriteArchive(runs, 12, 3)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out")
	var cmds []*exec.Cmd
	var errs []*bytes.Buffer
	for i := 0; i < 2; i++ {
		cmd := exec.Command(bin, "report", "-o", out, runs)
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(root, "cache"))
		var b bytes.Buffer
		cmd.Stderr = &b
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, errs = append(cmds, cmd), append(errs, &b)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("report %d: %v\n%s", i, err, errs[i])
		}
	}
	foot := 0
	for _, w := range ws {
		if w.Spec.Sport != "cycling" {
			foot++
		}
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if n := strings.Count(string(index), "<tr><td"); n != foot {
		t.Errorf("index lists %d runs and walks, want %d", n, foot)
	}
}

// TestKillResumes kills a report once it has recorded some of its drawing in the
// manifest: the report run again draws only what was not drawn, and its summary says
// how many runs it drew and how many it kept unchanged, together every run.
func TestKillResumes(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the command and runs it on a synthetic archive")
	}
	bin := buildCadence(t)
	root := t.TempDir()
	runs := filepath.Join(root, "runs")
	if _, err := synth.WriteArchive(runs, 150, 3); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out")
	cmd := exec.Command(bin, "report", "--no-history", "-j", "2", "-o", out, runs)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(120 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(out, manifestName)); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	if cmd.Wait() == nil {
		t.Skip("the report finished before it could be killed; nothing to test on this machine")
	}
	again, err := exec.Command(bin, "report", "--no-history", "-j", "2", "-o", out, runs).CombinedOutput()
	if err != nil {
		t.Fatalf("resumed: %v\n%s", err, again)
	}
	m := summaryCounts.FindSubmatch(again)
	if m == nil {
		t.Fatalf("no summary:\n%s", again)
	}
	drawn, _ := strconv.Atoi(string(m[1]))
	unchanged, _ := strconv.Atoi(string(m[2]))
	t.Logf("resumed: %d drawn, %d unchanged", drawn, unchanged)
	if unchanged == 0 {
		t.Error("the resumed report drew every run again")
	}
	whole, err := exec.Command(bin, "report", "--no-history", "-j", "2", "-o", filepath.Join(root, "whole"), runs).CombinedOutput()
	if err != nil {
		t.Fatal(err)
	}
	w := summaryCounts.FindSubmatch(whole)
	if w == nil || string(w[1]) != strconv.Itoa(drawn+unchanged) {
		t.Errorf("a whole report draws %s runs; the resumed one drew %d and kept %d", w[1], drawn, unchanged)
	}
	checkReportFolder(t, out, nil)
}
