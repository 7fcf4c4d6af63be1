package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/cadence-run/cadence/analysis"
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

Only one cadence may write into DIR at a time: a second watch on DIR stops at once.
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

// errFolderBusy says that another cadence holds a report folder's lock.
var errFolderBusy = errors.New("another cadence is writing a report into")

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
	unlock, err := tryLockFolder(out)
	if errors.Is(err, errFolderBusy) {
		fmt.Fprintf(e.stderr, "cadence watch: another cadence is writing into %s (another watch, or a report under way); stop it first, or watch into another folder\n", out)
		return exitFailed
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "cadence watch: %v\n", err)
		return exitFailed
	}
	defer unlock()
	w := &watcher{
		e: e, dirs: dirs, cm: cm, out: out, index: filepath.Join(out, "index.html"),
		pending: map[string]*pendingFile{}, touched: map[string]bool{},
		held: map[string]heldError{}, shown: map[string]bool{},
		done: make(chan renderResult, 1),
	}
	if w.outReal, err = realPath(out); err != nil {
		fmt.Fprintf(e.stderr, "cadence watch: %v\n", err)
		return exitFailed
	}
	for _, d := range dirs {
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
	return w.run(ctx, force, poll)
}

// A watcher keeps one report folder up to date with the folders it watches. Its
// fields are used by the goroutine of run alone; an update runs in a goroutine of its
// own, which hands its outcome back on done.
type watcher struct {
	e       *env
	dirs    []string // as given
	roots   []string // dirs, absolute, with symbolic links resolved
	cm      *common
	out     string
	outReal string
	index   string // out/index.html, as messages name it
	store   *ingest.History

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
	if w.dirty || len(w.pending) > 0 {
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

// startNotify watches every folder under the roots with the system's notification.
func (w *watcher) startNotify() error {
	fsw, err := newNotifier()
	if err != nil {
		return err
	}
	w.fsw, w.watched = fsw, map[string]bool{}
	for _, r := range w.roots {
		if err := w.addTree(r, false, time.Time{}); err != nil {
			fsw.Close()
			w.fsw, w.watched = nil, nil
			return err
		}
	}
	return nil
}

// startPolling looks for changes every interval from now on; why, when not empty,
// says why the system's notification is not used.
func (w *watcher) startPolling(interval time.Duration, why string) {
	if w.fsw != nil {
		w.fsw.Close()
		w.fsw, w.watched = nil, nil
	}
	w.poll = interval
	w.snapshot = w.files()
	w.nextPoll = time.Now().Add(interval)
	if w.started {
		// Changes may have been missed between the notification's end and now: look
		// again at everything, after files written lately settle.
		now := time.Now()
		w.touchRecent(w.snapshot, now)
		w.markDirty(now)
	}
	if why != "" {
		w.say("cadence watch: the system cannot tell of changes (%s); looking at the folders every %v instead", why, interval)
	}
}

// addTree watches the folder p and every folder under it. With fresh (a folder that
// just appeared), the files in it are pending, since they may have come before the
// watch.
func (w *watcher) addTree(p string, fresh bool, now time.Time) error {
	return w.walk(p, func(dir string) error {
		if w.watched[dir] {
			return nil
		}
		if err := w.fsw.Add(dir); err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
				return nil // gone already, or unreadable (the report names what it cannot read)
			}
			return fmt.Errorf("%s: %w", dir, err)
		}
		w.watched[dir] = true
		return nil
	}, func(file string, info fs.FileInfo) {
		if fresh {
			w.touch(file, stampOfInfo(info), now)
		}
	})
}

// files returns the stamp of every file under the roots.
func (w *watcher) files() map[string]fileStamp {
	m := map[string]fileStamp{}
	for _, r := range w.roots {
		w.walk(r, nil, func(p string, info fs.FileInfo) { m[p] = stampOfInfo(info) })
	}
	return m
}

// walk calls dir for the folder root and every folder under it, and file for every
// regular file, as Expand lists them: following symbolic links (each folder once),
// skipping hidden entries, and here also the report folder. Paths have their links
// resolved. An error from dir ends the walk.
func (w *watcher) walk(root string, dir func(string) error, file func(string, fs.FileInfo)) error {
	seen := map[string]bool{}
	var visit func(p string) error
	visit = func(p string) error {
		if seen[p] || inFolder(p, w.outReal) {
			return nil
		}
		seen[p] = true
		if dir != nil {
			if err := dir(p); err != nil {
				return err
			}
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil // gone, or unreadable: the report names it
		}
		for _, d := range ents {
			if strings.HasPrefix(d.Name(), ".") {
				continue
			}
			q := filepath.Join(p, d.Name())
			if d.Type()&fs.ModeSymlink != 0 {
				if q, err = filepath.EvalSymlinks(q); err != nil {
					continue
				}
			}
			info, err := os.Stat(q)
			if err != nil {
				continue
			}
			switch {
			case info.IsDir():
				if err := visit(q); err != nil {
					return err
				}
			case info.Mode().IsRegular():
				if file != nil {
					file(q, info)
				}
			}
		}
		return nil
	}
	return visit(root)
}

// ignored reports whether a change at p cannot matter: in the report folder, or
// hidden (a hidden file or folder under a watched folder).
func (w *watcher) ignored(p string) bool {
	if inFolder(p, w.outReal) || strings.HasPrefix(filepath.Base(p), ".") {
		return true
	}
	for _, r := range w.roots {
		if rel, err := filepath.Rel(r, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			for _, part := range strings.Split(rel, string(filepath.Separator)) {
				if strings.HasPrefix(part, ".") && part != "." {
					return true
				}
			}
			return false
		}
	}
	return false
}

// event takes in one change the system told of.
func (w *watcher) event(ev fsnotify.Event, now time.Time) {
	p := ev.Name
	if w.ignored(p) {
		return
	}
	w.lastChange = now
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.gone(p, now)
		return
	}
	info, err := os.Stat(p)
	if err != nil {
		w.gone(p, now)
		return
	}
	switch {
	case info.IsDir():
		if ev.Has(fsnotify.Create) {
			if err := w.addTree(p, true, now); err != nil {
				w.startPolling(fallbackPoll, notifyTrouble(err))
			}
		}
	case info.Mode().IsRegular():
		w.touch(p, stampOfInfo(info), now)
	}
}

// notifyError handles an error of the system's notification: after lost events it
// looks at every file; after anything else it falls back to polling.
func (w *watcher) notifyError(err error, now time.Time) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		w.lastChange = now
		for _, r := range w.roots {
			if err := w.addTree(r, false, now); err != nil {
				w.startPolling(fallbackPoll, notifyTrouble(err))
				return
			}
		}
		w.touchRecent(w.files(), now)
		w.markDirty(now)
		return
	}
	w.startPolling(fallbackPoll, notifyTrouble(err))
}

// touchRecent makes pending the files of m that changed in the last minute, which
// may still be being written.
func (w *watcher) touchRecent(m map[string]fileStamp, now time.Time) {
	for p, st := range m {
		if now.Sub(time.Unix(0, st.modNS)) < time.Minute {
			w.touch(p, st, now)
		}
	}
}

// scan polls: it compares every file's stamp with the last poll's.
func (w *watcher) scan(now time.Time) {
	cur := w.files()
	for p, st := range cur {
		if old, ok := w.snapshot[p]; !ok || old != st {
			w.lastChange = now
			w.touch(p, st, now)
		}
	}
	for p := range w.snapshot {
		if _, ok := cur[p]; !ok {
			w.lastChange = now
			w.gone(p, now)
		}
	}
	w.snapshot = cur
}

// touch notes that the file p changed; it is read once it settles.
func (w *watcher) touch(p string, st fileStamp, now time.Time) {
	delete(w.held, p)
	if pf := w.pending[p]; pf != nil {
		pf.stamp, pf.since = st, now
		return
	}
	w.pending[p] = &pendingFile{stamp: st, since: now}
}

// gone notes that p was removed or renamed away: a file or a folder.
func (w *watcher) gone(p string, now time.Time) {
	delete(w.pending, p)
	delete(w.held, p)
	if w.known[p] {
		w.markDirty(now)
	}
	if w.fsw != nil && w.watched[p] {
		// A folder renamed away is watched no more (the system keeps telling of
		// it under its old name otherwise); its new name, if watched, comes anew.
		for d := range w.watched {
			if inFolder(d, p) {
				w.fsw.Remove(d)
				delete(w.watched, d)
			}
		}
	}
}

// markDirty notes that a change settled at now and awaits an update.
func (w *watcher) markDirty(now time.Time) {
	if !w.dirty {
		w.dirty, w.firstDirty = true, now
	}
}

// settle looks at the pending files: a file whose stamp has not changed for
// settleTime is ready to read, and marks the report for an update when it matters.
func (w *watcher) settle(now time.Time) {
	for p, pf := range w.pending {
		info, err := os.Stat(p)
		if err != nil {
			w.gone(p, now)
			continue
		}
		if st := stampOfInfo(info); st != pf.stamp {
			pf.stamp, pf.since = st, now
			w.lastChange = now
			continue
		}
		if now.Sub(pf.since) < settleTime {
			continue
		}
		delete(w.pending, p)
		if ingest.IsPartialName(p) {
			continue // read under the name it gets when done
		}
		if w.known[p] || ingest.MayHoldActivities(p) {
			w.touched[p] = true
			w.markDirty(now)
		}
	}
}

// ready reports whether an update should start: a change settled, no change came
// for quietTime, and no file is still changing (unless the change waited maxHold).
func (w *watcher) ready(now time.Time) bool {
	if w.rendering || !w.dirty {
		return false
	}
	if now.Sub(w.firstDirty) >= maxHold {
		return true
	}
	return len(w.pending) == 0 && now.Sub(w.lastChange) >= quietTime
}

// render starts an update: reportLocked over the watched folders, in a goroutine.
// The first one prints on stderr as report does; the others' output is sifted by
// finish.
func (w *watcher) render(initial bool) {
	w.rendering = true
	w.dirty, w.firstDirty = false, time.Time{}
	touched := w.touched
	w.touched = map[string]bool{}
	e := &env{stdin: w.e.stdin, stdout: io.Discard, stderr: w.e.stderr}
	var log *bytes.Buffer
	if !initial {
		log = new(bytes.Buffer)
		e.stderr = log
	}
	go func() {
		status, b := reportLocked(e, w.dirs, w.cm, w.out, w.store)
		res := renderResult{initial: initial, status: status, b: b, touched: touched}
		if log != nil {
			res.log = log.Bytes()
		}
		w.done <- res
	}()
}

// finish takes in the outcome of an update: it prints its errors (those of files
// just changed only once they had time to settle, and each only once) and a line
// for every activity it added, changed or removed.
func (w *watcher) finish(res renderResult, now time.Time) {
	b := res.b
	defer b.Close()
	if res.initial {
		for _, it := range b.Items {
			if it.Err != nil {
				w.shown[watchErrorLine(it)] = true
			}
		}
		w.started = true
		for _, msg := range w.queued {
			fmt.Fprintln(w.e.stderr, msg)
		}
		w.queued = nil
	} else {
		w.sift(res, now)
	}
	after := countedRuns(b)
	if !res.initial {
		w.reportChanges(w.counted, after)
	}
	w.counted = after
	w.known = knownPaths(b)
	if res.initial {
		how := "as the system tells of changes"
		if w.poll > 0 {
			how = fmt.Sprintf("looking every %v", w.poll)
		}
		fmt.Fprintf(w.e.stderr, "cadence watch: watching %s for activity files (%s); Ctrl-C stops\n", strings.Join(w.dirs, ", "), how)
	}
	if watchRendered != nil {
		watchRendered(res.initial)
	}
}

// sift prints what an update wrote on stderr, but its summary, errors already
// printed, errors of unfinished files, and errors of files just changed, which are
// held for a second look.
func (w *watcher) sift(res renderResult, now time.Time) {
	failed := map[string]*ingest.Item{}
	for _, it := range res.b.Items {
		if it.Err != nil {
			failed[watchErrorLine(it)] = it
		}
	}
	summary := "; open " + w.index
	sc := bufio.NewScanner(bytes.NewReader(res.log))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "cadence: ") && strings.HasSuffix(line, summary) {
			continue
		}
		if it := failed[line]; it != nil && !w.shown[line] {
			if ingest.IsPartialName(it.Name) {
				continue
			}
			p, ok := itemFile(res.b, it, func(p string) bool { return res.touched[p] || w.held[p].line != "" })
			if ok && w.held[p].line != "" {
				continue // its second look is due later
			}
			if ok {
				if info, err := os.Stat(p); err == nil {
					w.held[p] = heldError{stamp: stampOfInfo(info), line: line, due: now.Add(retryDelay)}
					continue
				}
			}
		}
		if !w.shown[line] {
			w.shown[line] = true
			fmt.Fprintln(w.e.stderr, line)
		}
	}
}

// retry gives the held errors their second look: a file unchanged since it failed is
// reported; one that changed is read again by the next update.
func (w *watcher) retry(now time.Time) {
	for p, h := range w.held {
		if now.Before(h.due) {
			continue
		}
		delete(w.held, p)
		info, err := os.Stat(p)
		if err != nil || stampOfInfo(info) != h.stamp || w.pending[p] != nil {
			continue
		}
		if !w.shown[h.line] {
			w.shown[h.line] = true
			fmt.Fprintln(w.e.stderr, h.line)
		}
	}
}

// watchErrorLine is the line reportLocked prints for a failed item.
func watchErrorLine(it *ingest.Item) string {
	return "cadence: " + errorLine(it.Name, it.Err)
}

// itemFile returns the file on disk that holds the item, if it is one that match
// accepts: the file itself, or the archive it is a member of.
func itemFile(b *ingest.Batch, it *ingest.Item, match func(string) bool) (string, bool) {
	var key string
	if k := b.Key(it.Input); k != "" {
		key = k
	} else if r, err := realPath(it.Name); err == nil {
		key = r
	} else {
		return "", false
	}
	if match(key) {
		return key, true
	}
	for i := range key {
		if key[i] == ':' && match(key[:i]) {
			return key[:i], true
		}
	}
	return "", false
}

// knownPaths returns the files the batch read (an archive for its members), the side
// files it met, and the folders that hold them: the paths whose removal changes the
// report.
func knownPaths(b *ingest.Batch) map[string]bool {
	known := map[string]bool{}
	add := func(key string) {
		for i := range key {
			if key[i] == ':' { // an archive member: the archive counts too
				known[key[:i]] = true
			}
		}
		for p := key; !known[p]; p = filepath.Dir(p) {
			known[p] = true
			if filepath.Dir(p) == p {
				break
			}
		}
	}
	for i := range b.Inputs() {
		if k := b.Key(i); k != "" {
			add(k)
		} else if p, err := realPath(b.Name(i)); err == nil {
			add(p) // one that could not be read, listed with its error
		}
	}
	for _, k := range b.SidecarKeys() {
		add(k)
	}
	return known
}

// A countedRun is an activity that counts in the report (no copy of another): what
// tells it from others, and its result.
type countedRun struct {
	key   string // the hash of its file's bytes and its index in the file
	sport string
	start time.Time
	r     *analysis.Result
}

// countedRuns returns the activities of b that count, oldest first, but those of
// files still being written (by their names), which come again under their own.
func countedRuns(b *ingest.Batch) []countedRun {
	out := []countedRun{}
	b.Results(func(it *ingest.Item, r *analysis.Result) {
		if r.DuplicateOf != nil || ingest.IsPartialName(it.Name) {
			return
		}
		key := it.SHA256
		if key == "" {
			key = it.Name
		}
		out = append(out, countedRun{key: key + "#" + strconv.Itoa(r.Index), sport: string(r.Sport), start: startOf(r), r: r})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].start.Before(out[j].start) })
	return out
}

// sameRunWindow is how far apart two starts of one sport may be for one activity that
// changed (a richer copy, a file saved again), not two.
const sameRunWindow = time.Minute

// diffRuns compares the activities that counted before an update with those after:
// those new, those changed (other bytes, the same sport and start), and those gone.
func diffRuns(before, after []countedRun) (added, changed, removed []countedRun) {
	had := map[string]bool{}
	for _, c := range before {
		had[c.key] = true
	}
	has := map[string]bool{}
	for _, c := range after {
		has[c.key] = true
	}
	// The activities on each side that the other lacks, by sport and minute.
	type slot struct {
		sport string
		min   int64
	}
	var lost []countedRun
	bySlot := map[slot][]int{}
	for _, c := range before {
		if !has[c.key] {
			if !c.start.IsZero() {
				s := slot{c.sport, c.start.Unix() / 60}
				bySlot[s] = append(bySlot[s], len(lost))
			}
			lost = append(lost, c)
		}
	}
	matched := make([]bool, len(lost))
	for _, c := range after {
		if had[c.key] {
			continue
		}
		found := false
		if !c.start.IsZero() {
			m := c.start.Unix() / 60
			for d := int64(-1); d <= 1 && !found; d++ {
				for _, i := range bySlot[slot{c.sport, m + d}] {
					if !matched[i] && absDuration(lost[i].start.Sub(c.start)) <= sameRunWindow {
						matched[i], found = true, true
						break
					}
				}
			}
		}
		if found {
			changed = append(changed, c)
		} else {
			added = append(added, c)
		}
	}
	for i, c := range lost {
		if !matched[i] {
			removed = append(removed, c)
		}
	}
	return added, changed, removed
}

// absDuration returns the length of d, whatever its sign.
func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// reportChanges prints one line for every activity an update added, changed or
// removed.
func (w *watcher) reportChanges(before, after []countedRun) {
	added, changed, removed := diffRuns(before, after)
	imperial := w.cm.units == "imperial"
	for _, c := range added {
		fmt.Fprintf(w.e.stderr, "new %s: %s updated\n", describeActivity(c.r, imperial), w.index)
	}
	for _, c := range changed {
		fmt.Fprintf(w.e.stderr, "changed %s: %s updated\n", describeActivity(c.r, imperial), w.index)
	}
	for _, c := range removed {
		fmt.Fprintf(w.e.stderr, "removed %s: %s updated\n", describeActivity(c.r, imperial), w.index)
	}
}

// describeActivity names an activity in a few words: "run 2026-03-08 13.0 km, 166
// spm", and says when the report lists it as skipped (a ride).
func describeActivity(r *analysis.Result, imperial bool) string {
	var b strings.Builder
	b.WriteString(analysis.ActivityNoun(r.Sport))
	if r.Start != nil {
		b.WriteString(" " + r.Start.Format("2006-01-02"))
	} else {
		b.WriteString(" (undated)")
	}
	var parts []string
	if r.DistanceM != nil {
		if imperial {
			parts = append(parts, fmt.Sprintf("%.1f mi", *r.DistanceM/analysis.MetresPerMile))
		} else {
			parts = append(parts, fmt.Sprintf("%.1f km", *r.DistanceM/1000))
		}
	}
	switch {
	case r.Running != nil && r.Running.Samples > 0:
		parts = append(parts, fmt.Sprintf("%.0f spm", r.Running.Median))
	case r.Cadence != nil && r.Cadence.Samples > 0:
		parts = append(parts, fmt.Sprintf("%.0f spm", r.Cadence.Median))
	}
	if len(parts) > 0 {
		b.WriteString(" " + strings.Join(parts, ", "))
	}
	if k := r.Verdict.Kind; k == analysis.VerdictNotFoot || k == analysis.VerdictUnknown {
		b.WriteString(" (not a run or walk: listed as skipped)")
	}
	return b.String()
}

// realPath returns p absolute, with symbolic links resolved.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// inFolder reports whether p is dir or lies under it.
func inFolder(p, dir string) bool {
	if p == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(p, dir)
}
