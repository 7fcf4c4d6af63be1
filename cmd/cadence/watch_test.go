package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/internal/synth"
	"github.com/cadence-run/cadence/report"
)

// A syncBuffer is a bytes.Buffer that a watch writes while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls cond until it holds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// indexLists reports whether out/index.html lists the file named name.
func indexLists(out, name string) bool {
	data, err := os.ReadFile(filepath.Join(out, "index.html"))
	return err == nil && bytes.Contains(data, []byte(">"+name+"<"))
}

// synthRuns returns the encoded FIT runs of a small synthetic archive, oldest first.
func synthRuns(t *testing.T) [][]byte {
	t.Helper()
	var runs [][]byte
	for _, w := range synth.Layout(60, 5) {
		if w.Format != synth.FormatFIT || w.Sport != string(activity.Running) {
			continue
		}
		data, err := synth.Encode(w)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, data)
	}
	if len(runs) < 4 {
		t.Fatalf("only %d FIT runs in the synthetic archive", len(runs))
	}
	return runs
}

// watchEnv returns an env whose stderr the test can read while the watch runs.
func watchEnv() (*env, *syncBuffer) {
	errb := &syncBuffer{}
	return &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: errb}, errb
}

// startWatch runs watchFolders in a goroutine until ctx ends; the status comes on the
// returned channel.
func startWatch(ctx context.Context, e *env, out, db string, poll time.Duration, dirs ...string) <-chan int {
	done := make(chan int, 1)
	cm := &common{units: "metric", threshold: analysis.DefaultOptions.Threshold, jobs: 2, db: db}
	go func() { done <- watchFolders(ctx, nil, e, dirs, cm, out, poll) }()
	return done
}

// writeSlowly writes data into path in n pieces, pause apart.
func writeSlowly(t *testing.T, path string, data []byte, n int, pause time.Duration) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	step := (len(data) + n - 1) / n
	for i := 0; i < len(data); i += step {
		if _, err := f.Write(data[i:min(i+step, len(data))]); err != nil {
			t.Fatal(err)
		}
		time.Sleep(pause)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// noTemps fails the test if dir holds a temporary file of writeAtomic.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*"))
	deeper, _ := filepath.Glob(filepath.Join(dir, "*", ".*.tmp*"))
	if left = append(left, deeper...); len(left) > 0 {
		t.Errorf("temporary files left in %s: %v", dir, left)
	}
}

// errorsAbout returns the lines of stderr that report an error about name.
func errorsAbout(stderr, name string) []string {
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "cadence: ") && strings.Contains(l, name) {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestWatchSignal runs the watch command as the command line does (its flags, its
// signal handling) on a folder, drops runs in (whole, written slowly into a new
// subfolder, downloaded under a .crdownload name), deletes one, and stops it with
// SIGINT: every run must be listed without an error, and the watch must end with

// watchFolder returns the synthetic runs, and a temporary root holding dir (a folder
// of runs with the first of them as first.fit) and out (the report folder, not made).
func watchFolder(t *testing.T) (runs [][]byte, root, dir, out string) {
	t.Helper()
	runs = synthRuns(t)
	root = t.TempDir()
	dir, out = filepath.Join(root, "runs"), filepath.Join(root, "report")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "first.fit"), runs[0], 0o644); err != nil {
		t.Fatal(err)
	}
	return runs, root, dir, out
}

// status 0 and leave no temporary file.
func TestWatchSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("watches a folder for several seconds")
	}
	if runtime.GOOS == "windows" {
		t.Skip("sends SIGINT to itself")
	}
	runs, root, dir, out := watchFolder(t)

	e, stderr := watchEnv()
	c := cmdWatch()
	fs := newFlagSet(e, c)
	runCmd := c.Setup(fs)
	args, err := parseInterspersed(fs, []string{"--db", filepath.Join(root, "history.db"), "-j", "2", "-o", out, dir})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() { done <- runCmd(e, args) }()
	waitFor(t, 60*time.Second, "the first report", func() bool { return strings.Contains(stderr.String(), "cadence watch: watching ") })
	if !indexLists(out, "first.fit") {
		t.Fatalf("the first report does not list first.fit; stderr:\n%s", stderr)
	}

	// A run copied in at once.
	if err := os.WriteFile(filepath.Join(dir, "copied.fit"), runs[1], 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "copied.fit in the index", func() bool { return indexLists(out, "copied.fit") })
	waitFor(t, 5*time.Second, "a line for the new run", func() bool { return strings.Contains(stderr.String(), "new run ") })

	// A run written slowly, in 10 pieces 200 ms apart, into a new subfolder.
	sub := filepath.Join(dir, "2026", "03")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	writeSlowly(t, filepath.Join(sub, "slow.fit"), runs[2], 10, 200*time.Millisecond)
	waitFor(t, 30*time.Second, "slow.fit in the index", func() bool { return indexLists(out, "slow.fit") })

	// A browser download: written under a .crdownload name, renamed when done.
	part := filepath.Join(dir, "download.fit.crdownload")
	writeSlowly(t, part, runs[3], 5, 300*time.Millisecond)
	if err := os.Rename(part, filepath.Join(dir, "download.fit")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "download.fit in the index", func() bool { return indexLists(out, "download.fit") })

	// A deleted run leaves the index.
	if err := os.Remove(filepath.Join(dir, "copied.fit")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "copied.fit out of the index", func() bool { return !indexLists(out, "copied.fit") })
	waitFor(t, 5*time.Second, "a line for the removed run", func() bool { return strings.Contains(stderr.String(), "removed run ") })

	for _, name := range []string{"slow.fit", "download.fit", "crdownload"} {
		if lines := errorsAbout(stderr.String(), name); len(lines) > 0 {
			t.Errorf("errors reported for %s: %q", name, lines)
		}
	}
	if n := strings.Count(stderr.String(), "new run "); n != 3 {
		t.Errorf("%d lines for new runs, want 3; stderr:\n%s", n, stderr)
	}

	p, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("status %d after SIGINT, want 0", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the watch did not stop within 30 s of SIGINT")
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if last := lines[len(lines)-1]; last != "cadence watch: stopped; "+filepath.Join(out, "index.html")+" is up to date" {
		t.Errorf("last line %q", last)
	}
	noTemps(t, out)
	t.Logf("stderr:\n%s", stderr)
}

// TestWatchPoll watches by polling: a new run must be listed, and a damaged file be
// reported once, after its second look, while the watch goes on.
func TestWatchPoll(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("watches a folder for several seconds")
	}
	runs, root, dir, out := watchFolder(t)
	e, stderr := watchEnv()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := startWatch(ctx, e, out, filepath.Join(root, "history.db"), 300*time.Millisecond, dir)
	waitFor(t, 60*time.Second, "the first report", func() bool { return strings.Contains(stderr.String(), "cadence watch: watching ") })
	if !strings.Contains(stderr.String(), "looking every 300ms") {
		t.Errorf("the watch does not say it polls; stderr:\n%s", stderr)
	}

	// A file named as an activity that holds none: it cannot be read, and never will.
	if err := os.WriteFile(filepath.Join(dir, "broken.fit"), []byte("not an activity at all\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "polled.fit"), runs[2], 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "polled.fit in the index", func() bool { return indexLists(out, "polled.fit") })
	waitFor(t, 30*time.Second, "the error of broken.fit", func() bool { return len(errorsAbout(stderr.String(), "broken.fit")) > 0 })

	// Another update must not report it again.
	if err := os.WriteFile(filepath.Join(dir, "later.fit"), runs[3], 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "later.fit in the index", func() bool { return indexLists(out, "later.fit") })
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("status %d, want 0", code)
	}
	if lines := errorsAbout(stderr.String(), "broken.fit"); len(lines) != 1 {
		t.Errorf("broken.fit reported %d times, want once: %q", len(lines), lines)
	}
	noTemps(t, out)
}

// TestWatchFallback watches where the system cannot tell of changes: the watch must
// say so, poll instead, and list a new run.
func TestWatchFallback(t *testing.T) {
	if testing.Short() {
		t.Skip("watches a folder for several seconds")
	}
	newNotifier = func() (*fsnotify.Watcher, error) { return nil, errors.New("inotify is not here") }
	t.Cleanup(func() { newNotifier = fsnotify.NewWatcher })
	runs, root, dir, out := watchFolder(t)
	e, stderr := watchEnv()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := startWatch(ctx, e, out, filepath.Join(root, "history.db"), 0, dir)
	waitFor(t, 60*time.Second, "the first report", func() bool { return strings.Contains(stderr.String(), "cadence watch: watching ") })
	if want := "the system cannot tell of changes (inotify is not here); looking at the folders every 2s instead"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "polled.fit"), runs[1], 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "polled.fit in the index", func() bool { return indexLists(out, "polled.fit") })
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("status %d, want 0", code)
	}
}

// TestWatchSecondWatch starts two watches into one report folder: the second must
// stop at once, saying why, and the first go on.
func TestWatchSecondWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("watches a folder")
	}
	_, root, dir, out := watchFolder(t)
	db := filepath.Join(root, "history.db")
	e, stderr := watchEnv()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := startWatch(ctx, e, out, db, 0, dir)
	waitFor(t, 60*time.Second, "the first report", func() bool { return strings.Contains(stderr.String(), "cadence watch: watching ") })

	e2, stderr2 := watchEnv()
	select {
	case code := <-startWatch(context.Background(), e2, out, db, 0, dir):
		if code != exitFailed || !strings.Contains(stderr2.String(), "a cadence watch (process ") || !strings.Contains(stderr2.String(), "is writing into "+out) {
			t.Errorf("second watch: status %d, stderr %q", code, stderr2)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second watch waited for the first")
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("first watch: status %d", code)
	}
}

// TestWatchBurst writes a whole archive into a watched folder at once: it must be
// read in a few updates, not one per file, and every activity be announced once.
func TestWatchBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("watches a folder")
	}
	root := t.TempDir()
	dir, out := filepath.Join(root, "runs"), filepath.Join(root, "report")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var updates atomic.Int32
	watchRendered = func(initial bool) {
		if !initial {
			updates.Add(1)
		}
	}
	t.Cleanup(func() { watchRendered = nil })
	e, stderr := watchEnv()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := startWatch(ctx, e, out, filepath.Join(root, "history.db"), 0, dir)
	waitFor(t, 60*time.Second, "the first report", func() bool { return strings.Contains(stderr.String(), "cadence watch: watching ") })

	ws, err := synth.WriteArchive(filepath.Join(dir, "export"), 12, 9)
	if err != nil {
		t.Fatal(err)
	}
	newLines := func() int {
		n := 0
		for _, l := range strings.Split(stderr.String(), "\n") {
			if strings.HasPrefix(l, "new ") {
				n++
			}
		}
		return n
	}
	waitFor(t, 240*time.Second, strconv.Itoa(len(ws))+" new activities", func() bool { return newLines() >= len(ws) })
	cancel()
	<-done
	if n := newLines(); n != len(ws) {
		t.Errorf("%d activities announced, want %d", n, len(ws))
	}
	if n := updates.Load(); n > 5 {
		t.Errorf("%d updates for one burst of %d files, want at most 5", n, len(ws))
	}
	noTemps(t, out)
}

// TestUnfinishedName checks the names that say a file is still being written.
func TestUnfinishedName(t *testing.T) {
	for name, want := range map[string]bool{
		"run.fit": false, "run.fit.crdownload": true, "run.fit.part": true, "RUN.FIT.PART": true,
		"run.gpx.tmp": true, "run.tcx~": true, "export.zip.download": true, "run.fit.gz": false,
	} {
		if got := ingest.IsPartialName(filepath.Join("runs", name)); got != want {
			t.Errorf("IsPartialName(%q) = %t, want %t", name, got, want)
		}
	}
}

// TestDiffRuns checks which activities an update added, changed and removed.
func TestDiffRuns(t *testing.T) {
	at := func(min int) time.Time { return time.Date(2026, 3, 8, 7, min, 0, 0, time.UTC) }
	run := func(key string, start time.Time) countedRun {
		return countedRun{key: key, sport: string(activity.Running), start: start}
	}
	before := []countedRun{run("a#0", at(0)), run("b#0", at(30)), run("c#0", at(50))}
	after := []countedRun{
		run("a#0", at(0)),   // the same
		run("b2#0", at(30)), // b saved again, or a richer copy of it
		run("d#0", at(40)),  // new
	}
	added, changed, removed := diffRuns(before, after)
	keys := func(cs []countedRun) string {
		var k []string
		for _, c := range cs {
			k = append(k, c.key)
		}
		return strings.Join(k, ",")
	}
	if keys(added) != "d#0" || keys(changed) != "b2#0" || keys(removed) != "c#0" {
		t.Errorf("added %q, changed %q, removed %q", keys(added), keys(changed), keys(removed))
	}
}

// TestDescribeActivity checks the words that announce an activity.
func TestDescribeActivity(t *testing.T) {
	start := time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)
	d := 13040.0
	r := &analysis.Result{Sport: activity.Running, Start: &start, DistanceM: &d, Running: &analysis.Stats{Median: 166.4, Samples: 100},
		Cadence: &analysis.Stats{Median: 160, Samples: 120}, Verdict: analysis.Verdict{Kind: analysis.VerdictOK}}
	if got, want := describeActivity(r, false), "run 2026-03-08 13.0 km, 166 spm"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// A file that says running but was mostly walked is a walk at its cadence over
	// moving time, as the index and the page call it, not a run at the cadence of
	// its few running steps.
	walk := &analysis.Result{Sport: activity.Running, Start: &start, DistanceM: &d, Running: &analysis.Stats{Median: 155, Samples: 20},
		Cadence: &analysis.Stats{Median: 97, Samples: 900}, Verdict: analysis.Verdict{Kind: analysis.VerdictWalking, Basis: analysis.BasisWalkCadence}}
	if got, want := describeActivity(walk, false), "walk 2026-03-08 13.0 km, 97 spm"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	ride := &analysis.Result{Sport: activity.Cycling, Start: &start, DistanceM: &d, Verdict: analysis.Verdict{Kind: analysis.VerdictNotFoot}}
	if got, want := describeActivity(ride, true), "ride 2026-03-08 8.1 mi (not a run or walk: listed as skipped)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestWatchLatency measures, when CADENCE_WATCH_LATENCY=N is set, how long after a file
// lands in a watched folder of N synthetic activities the index lists it: for one run,
// and for a burst of 500 activities copied in at once.
func TestWatchLatency(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CADENCE_WATCH_LATENCY"))
	if n <= 0 {
		t.Skip("set CADENCE_WATCH_LATENCY=N to measure over an archive of N activities")
	}
	root := t.TempDir()
	dir, out, db := filepath.Join(root, "runs"), filepath.Join(root, "report"), filepath.Join(root, "history.db")
	if _, err := synth.WriteArchive(filepath.Join(dir, "archive"), n, 1); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if _, errs, code := cli(t, "", "report", "--db", db, "-o", out, dir); code != exitOK {
		t.Fatalf("report: status %d\n%s", code, errs)
	}
	t.Logf("report of %d activities from scratch: %v", n, time.Since(t0))

	var mu sync.Mutex
	var rendered []time.Time
	watchRendered = func(initial bool) {
		mu.Lock()
		defer mu.Unlock()
		rendered = append(rendered, time.Now())
	}
	t.Cleanup(func() { watchRendered = nil })
	renders := func() (int, time.Time) {
		mu.Lock()
		defer mu.Unlock()
		if len(rendered) == 0 {
			return 0, time.Time{}
		}
		return len(rendered), rendered[len(rendered)-1]
	}
	e, stderr := watchEnv()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cm := &common{units: "metric", threshold: analysis.DefaultOptions.Threshold, jobs: runtime.NumCPU(), db: db}
	done := make(chan int, 1)
	t0 = time.Now()
	go func() { done <- watchFolders(ctx, nil, e, []string{dir}, cm, out, 0) }()
	waitFor(t, 10*time.Minute, "the first report", func() bool { return strings.Contains(stderr.String(), "cadence watch: watching ") })
	t.Logf("watch start (an unchanged report of %d activities): %v", n, time.Since(t0))

	// One run, newer than the archive, so that index.html lists it among the latest.
	w := synth.Layout(1, 77)[0]
	w.Spec.Start = time.Now().Add(-2 * time.Hour).Truncate(time.Second)
	w.Format, w.Path = synth.FormatFIT, "new/one-run.fit"
	t0 = time.Now()
	if err := synth.WriteFile(dir, &w); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Minute, "one-run.fit in the index", func() bool { return indexLists(out, "one-run.fit") })
	t.Logf("one run: listed %v after it landed", time.Since(t0))

	// A burst: 500 activities written elsewhere, then copied in as fast as can be.
	stage := filepath.Join(root, "stage")
	ws, err := synth.WriteArchive(stage, 500, 2)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := renders()
	t0 = time.Now()
	for _, w := range ws {
		data, err := os.ReadFile(filepath.Join(stage, filepath.FromSlash(w.Path)))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "burst", filepath.FromSlash(w.Path))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copied := time.Since(t0)
	// Done when no update has come for 10 s since the last one after the copy.
	waitFor(t, 30*time.Minute, "the burst's updates", func() bool {
		k, last := renders()
		return k > before && time.Since(last) > 10*time.Second
	})
	k, last := renders()
	newLines := strings.Count(stderr.String(), "\nnew ")
	t.Logf("burst of %d: copied in %v; report complete %v after the first file landed, in %d update(s); %d activities announced",
		len(ws), copied, last.Sub(t0), k-before, newLines-1)
	cancel()
	<-done
}

// TestDescribeActivityCorpus reads every corpus file as watch does and checks that
// the line watch prints names each activity with the kind and the cadence the
// table, the index and the page show (report.HeadlineOf, which report's tests hold
// them to).
func TestDescribeActivityCorpus(t *testing.T) {
	files := corpusActivities(t)
	b := ingest.Read(files, ingest.Options{Analysis: analysis.DefaultOptions, Jobs: 2})
	defer b.Close()
	n := 0
	b.Results(func(it *ingest.Item, r *analysis.Result) {
		h := report.HeadlineOf(r)
		got := describeActivity(r, false)
		if !strings.HasPrefix(got, h.Noun+" ") {
			t.Errorf("%s: watch says %q, the pages a %s", r.File, got, h.Noun)
		}
		if h.Text() != "" && !strings.HasSuffix(strings.TrimSuffix(got, " (not a run or walk: listed as skipped)"), " "+h.Text()) {
			t.Errorf("%s: watch says %q, the pages %s", r.File, got, h.Text())
		}
		if h.Text() == "" && strings.Contains(got, " spm") {
			t.Errorf("%s: watch says %q, the pages show no step rate", r.File, got)
		}
		n++
	})
	if n < 80 {
		t.Errorf("only %d activities read", n)
	}
}
