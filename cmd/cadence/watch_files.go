package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/cadence-run/cadence/ingest"
)

// How watch sees its folders: notifications where the system gives them, polling
// where it does not, and the files that have settled since they last changed.

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
		if w.rootEvent(p) {
			return
		}
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
	if w.rendering || !w.dirty || w.allGone() {
		return false
	}
	if now.Sub(w.firstDirty) >= maxHold {
		return true
	}
	return len(w.pending) == 0 && now.Sub(w.lastChange) >= quietTime
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
