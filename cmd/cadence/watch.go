package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/cadence-run/cadence/ingest"
)

// cmdWatch is the watch command: a report, kept up to date as files land.
func cmdWatch() *command {
	c := &command{
		Name:      "watch",
		UsageLine: "watch [--poll DURATION] [--units metric|imperial] [--threshold SPM] [-j N] -o DIR FOLDER...",
		Short:     "keep a report up to date while activity files land in folders",
		Long: `Watch writes the report of the folders into DIR, as report does, and then keeps it
up to date: when activity files appear in the folders or their subfolders (new ones
included), change, or are deleted, it updates DIR, drawing only the new runs, and says
so, one line per activity:

	new run 2026-03-08 13.0 km, 166 spm: report/index.html updated

A file still being written (a download, a copy) is read once its size and time have
stopped changing for a second. Files named as unfinished (.crdownload, .part, .tmp and
the like) start no update and are announced under the name they get when done; hidden
files are never read. Many files at once (an export unzipped into the folder) are read as one batch,
once they stop coming. A file that cannot be read gets a second look once it has
settled, and is then reported as report does; the watch goes on.

Changes are learnt from the system (inotify, kqueue, ReadDirectoryChangesW). Where
that fails (no support, too many folders to watch), and with --poll, watch looks at
every file's size and time every interval instead, and says so.

A watched folder that goes (deleted, renamed, unmounted) is announced, and its runs
stay in DIR; when it comes back, or another takes its name, it is read again.

With --athletes, watch keeps a coach's roster up to date, as report --athletes
writes it: a file landing in one athlete's folder redraws that athlete's report,
in DIR/NAME/, and the roster page DIR/index.html. An athlete's folder that appears
joins the roster.

Only one cadence may write into DIR at a time: a second watch on DIR stops at once,
and so does a report into DIR.
Ctrl-C or SIGTERM stops the watch once an update under way is done, which leaves DIR
complete, with status 0; a second Ctrl-C stops at once, leaving DIR as the last
update left it, for the next report or watch to complete.`,
	}
	c.Setup = func(fs *flag.FlagSet) func(e *env, args []string) int {
		var cm common
		cm.define(fs)
		out := fs.String("o", "", "the folder to write the report into (created if missing)")
		poll := fs.Duration("poll", 0, "look for changes every `DURATION` (e.g. 5s) instead of being told of them by the system")
		return func(e *env, args []string) int {
			if msg := cm.check(); msg != "" {
				return badUsage(e, c.Name, "%s", msg)
			}
			if *out == "" {
				return badUsage(e, c.Name, "-o DIR is required: the folder to write the report into")
			}
			if len(args) == 0 {
				return badUsage(e, c.Name, "no folders given")
			}
			if *poll < 0 || (*poll > 0 && *poll < minPoll) {
				return badUsage(e, c.Name, "--poll %v is too short; use %v or more", *poll, minPoll)
			}
			for _, a := range args {
				if info, err := os.Stat(a); err != nil || !info.IsDir() {
					return badUsage(e, c.Name, "%s is not a folder: watch watches folders (use report for single files)", a)
				}
			}
			ctx, force, stop := stopOnSignal()
			defer stop()
			return watchFolders(ctx, force, e, args, &cm, *out, *poll)
		}
	}
	return c
}

// The timing of a watch.
const (
	// settleTime is how long a file's size and time must stay the same before it is
	// read: long enough for a browser or a copy to write the next piece.
	settleTime = time.Second
	// quietTime is how long no change may come before an update starts, so that a
	// burst (an export unzipped) is one update, not thousands.
	quietTime = time.Second
	// maxHold is the longest a settled change waits for other files still changing
	// (a slow copy, a file that is written without end).
	maxHold = 30 * time.Second
	// retryDelay is how long after an update a new file that failed is looked at again:
	// if it changed meanwhile it is read again, else its error is reported.
	retryDelay = 2 * time.Second
	// watchTick is how often pending files are looked at.
	watchTick = 200 * time.Millisecond
	// fallbackPoll is the interval of polling when the system cannot tell of changes.
	fallbackPoll = 2 * time.Second
	// minPoll is the shortest --poll.
	minPoll = watchTick
)

// watchRendered, when set (by tests), is called after every update the watch makes.
var watchRendered func(initial bool)

// newNotifier returns the system's change notification; tests replace it to see the
// watch fall back to polling.
var newNotifier = fsnotify.NewWatcher

// stopOnSignal returns a context that ends at the first stop signal and a channel
// closed at the second; stop restores the default handling.
func stopOnSignal() (ctx context.Context, force <-chan struct{}, stop func()) {
	// Undo any handler installed before (one that would end the process at once):
	// the watch stops itself, once its folder is complete.
	signal.Reset(stopSignals...)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, stopSignals...)
	ctx, cancel := context.WithCancel(context.Background())
	f := make(chan struct{})
	quit := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-quit:
			return
		}
		select {
		case <-sigs:
			close(f)
		case <-quit:
		}
	}()
	return ctx, f, func() {
		signal.Stop(sigs)
		close(quit)
		cancel()
	}
}

// watchFolders writes the report of dirs into out and keeps it up to date until ctx
// ends, polling every poll when it is not zero. A close of force abandons an update
// under way. It returns the exit status.
func watchFolders(ctx context.Context, force <-chan struct{}, e *env, dirs []string, cm *common, out string, poll time.Duration) int {
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "cadence watch: %v\n", err)
		return exitFailed
	}
	unlock, holder, err := tryLockFolder(out)
	if errors.Is(err, errFolderBusy) {
		fmt.Fprintf(e.stderr, "cadence watch: %s is writing into %s; stop it first, or watch into another folder\n", holder, out)
		return exitFailed
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "cadence watch: %v\n", err)
		return exitFailed
	}
	defer unlock()
	if err := checkFolderKind(out, cm.athletes); err != nil {
		fmt.Fprintf(e.stderr, "cadence watch: %v\n", err)
		return exitFailed
	}
	w := &watcher{
		e: e, dirs: dirs, cm: cm, out: out, index: filepath.Join(out, "index.html"),
		locks:   &folderLocks{kind: "watch", e: e},
		pending: map[string]*pendingFile{}, touched: map[string]bool{},
		held: map[string]heldError{}, shown: map[string]bool{},
		done: make(chan renderResult, 1),
	}
	if w.outReal, err = realPath(out); err != nil {
		fmt.Fprintf(e.stderr, "cadence watch: %v\n", err)
		return exitFailed
	}
	for _, d := range dirs {
		info, err := os.Stat(d)
		if err != nil {
			fmt.Fprintf(e.stderr, "cadence watch: %v\n", err)
			return exitFailed
		}
		w.rootInfo = append(w.rootInfo, info)
		w.rootGone = append(w.rootGone, false)
		r, err := realPath(d)
		if err != nil {
			fmt.Fprintf(e.stderr, "cadence watch: %v\n", err)
			return exitFailed
		}
		if inFolder(r, w.outReal) {
			fmt.Fprintf(e.stderr, "cadence watch: the report folder %s holds the watched folder %s; write the report elsewhere\n", out, d)
			return exitUsage
		}
		w.roots = append(w.roots, r)
	}
	w.store = cm.openHistory(e)
	defer w.store.Close()
	defer w.locks.release()
	return w.run(ctx, force, poll)
}

// A watcher keeps one report folder up to date with the folders it watches. Its
// fields are used by the goroutine of run alone; an update runs in a goroutine of its
// own, which hands its outcome back on done.
type watcher struct {
	e     *env
	dirs  []string // as given
	roots []string // dirs, absolute, with symbolic links resolved
	// rootInfo is each of dirs as last seen, rootGone whether it is gone now.
	rootInfo []os.FileInfo
	rootGone []bool
	cm       *common
	out      string
	outReal  string
	index    string // out/index.html, as messages name it
	store    *ingest.History
	locks    *folderLocks // the athletes' folders of a roster (--athletes), held until the watch stops

	fsw      *fsnotify.Watcher    // nil when polling
	watched  map[string]bool      // the folders fsw watches
	poll     time.Duration        // polling interval; 0 with fsw
	snapshot map[string]fileStamp // what the last poll saw
	nextPoll time.Time

	pending    map[string]*pendingFile // files changed and not yet settled
	dirty      bool                    // a settled change awaits an update
	firstDirty time.Time               // when the oldest such change settled
	lastChange time.Time               // when the last change of any file was seen
	touched    map[string]bool         // files whose change awaits an update

	known     map[string]bool // the inputs and side files of the last update, and their folders
	counted   []countedRun    // the activities that counted in the last update
	held      map[string]heldError
	shown     map[string]bool // error lines already printed
	rendering bool
	started   bool // the first report is done
	done      chan renderResult
	queued    []string // messages held back while the first report prints
}

// A fileStamp says cheaply whether a file changed: its size and modification time.
type fileStamp struct {
	size  int64
	modNS int64
}

// stampOfInfo returns the stamp of the file that info describes.
func stampOfInfo(info fs.FileInfo) fileStamp {
	return fileStamp{size: info.Size(), modNS: info.ModTime().UnixNano()}
}

// A pendingFile is a file that changed: its stamp when last looked at, and since when
// it has had that stamp.
type pendingFile struct {
	stamp fileStamp
	since time.Time
}

// A heldError is the error of a new file, held back until the file had time to
// settle: reported if the file is then the same, forgotten if it changed.
type heldError struct {
	stamp fileStamp
	line  string
	due   time.Time
}

// A renderResult is the outcome of one update.
type renderResult struct {
	initial bool
	status  int
	b       *ingest.Batch
	log     []byte // what the update wrote on stderr, but for the first
	touched map[string]bool
}

// run is the watch's loop: the first report, then updates as changes settle, until
// ctx ends.
func (w *watcher) run(ctx context.Context, force <-chan struct{}, poll time.Duration) int {
	if poll > 0 {
		w.startPolling(poll, "")
	} else if err := w.startNotify(); err != nil {
		w.startPolling(fallbackPoll, notifyTrouble(err))
	}
	w.render(true)
	ticker := time.NewTicker(watchTick)
	defer ticker.Stop()
	defer func() {
		if w.fsw != nil {
			w.fsw.Close()
		}
	}()
	stopping := false
	for {
		var events chan fsnotify.Event
		var errs chan error
		if w.fsw != nil && !stopping {
			events, errs = w.fsw.Events, w.fsw.Errors
		}
		var stop <-chan struct{}
		if !stopping {
			stop = ctx.Done()
		}
		var abandon <-chan struct{}
		if stopping {
			abandon = force
		}
		select {
		case <-stop:
			if !w.rendering {
				return w.stopped()
			}
			stopping = true
			fmt.Fprintln(w.e.stderr, "cadence watch: stopping once this update is done (Ctrl-C again to stop at once)")
		case <-abandon:
			removeStaleTemps(w.out)
			fmt.Fprintf(w.e.stderr, "cadence watch: stopped during an update; %s is as the last update left it, and the next report or watch completes it\n", w.index)
			return exitFailed
		case res := <-w.done:
			w.rendering = false
			w.finish(res, time.Now())
			if stopping {
				return w.stopped()
			}
		case ev := <-events:
			w.event(ev, time.Now())
		case err := <-errs:
			w.notifyError(err, time.Now())
		case now := <-ticker.C:
			if stopping {
				continue
			}
			if w.poll > 0 && !now.Before(w.nextPoll) {
				w.scan(now)
				w.nextPoll = now.Add(w.poll)
			}
			w.checkRoots(now)
			w.settle(now)
			w.retry(now)
			if w.ready(now) {
				w.render(false)
			}
		}
	}
}

// stopped says that the watch ended, and how up to date the report is.
func (w *watcher) stopped() int {
	for _, h := range w.held {
		if !w.shown[h.line] {
			w.shown[h.line] = true
			fmt.Fprintln(w.e.stderr, h.line)
		}
	}
	if gone := w.goneRoots(); gone != "" {
		fmt.Fprintf(w.e.stderr, "cadence watch: stopped; %s is gone, and %s shows its runs as they were when it was last read\n", gone, w.index)
	} else if w.dirty || len(w.pending) > 0 {
		fmt.Fprintf(w.e.stderr, "cadence watch: stopped; the last changes are not in %s yet (the next report or watch adds them)\n", w.index)
	} else {
		fmt.Fprintf(w.e.stderr, "cadence watch: stopped; %s is up to date\n", w.index)
	}
	return exitOK
}

// say prints a line on stderr, or keeps it until the first report is done, which
// prints on stderr itself (with a progress bar on a terminal).
func (w *watcher) say(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !w.started {
		w.queued = append(w.queued, msg)
		return
	}
	fmt.Fprintln(w.e.stderr, msg)
}
