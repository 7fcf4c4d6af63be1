package main

import (
	"os"
	"strings"
	"time"
)

// A watched folder may go (deleted, renamed, a drive unmounted) and come back, or be
// replaced by another of the same name (rm -rf runs && unzip export.zip -d runs),
// which the system's notification does not tell: it follows the folder that was.
// checkRoots looks at every watched folder by its name at every tick: when one goes,
// the watch says so and keeps the report (a report keeps the runs of an input it
// cannot read); when one comes back or is replaced, it watches it anew and reads it
// again.

// checkRoots compares each watched folder with what it was at the last tick.
func (w *watcher) checkRoots(now time.Time) {
	for i, d := range w.dirs {
		info, err := os.Stat(d)
		here := err == nil && info.IsDir()
		switch {
		case !here && !w.rootGone[i]:
			w.rootLost(i)
		case here && (w.rootGone[i] || !os.SameFile(info, w.rootInfo[i])):
			back := w.rootGone[i]
			w.rootGone[i], w.rootInfo[i] = false, info
			w.unwatch(w.roots[i])
			if r, err := realPath(d); err == nil {
				w.roots[i] = r
			}
			if back {
				w.say("cadence watch: %s is back; reading it again", d)
			} else {
				w.say("cadence watch: %s was replaced by another folder of that name; reading it again", d)
			}
			if w.fsw != nil {
				if err := w.addTree(w.roots[i], true, now); err != nil {
					w.startPolling(fallbackPoll, notifyTrouble(err))
				}
			}
			w.lastChange = now
			w.markDirty(now)
		}
	}
}

// rootLost notes that the watched folder i is gone, and says so.
func (w *watcher) rootLost(i int) {
	w.rootGone[i] = true
	for p := range w.pending {
		if inFolder(p, w.roots[i]) {
			delete(w.pending, p)
		}
	}
	w.unwatch(w.roots[i])
	w.say("cadence watch: %s is gone (deleted, renamed or unmounted); %s keeps its runs, and the watch reads the folder again when it comes back", w.dirs[i], w.index)
}

// rootEvent takes in the system's word that the watched folder at p was removed or
// renamed away; a folder made at once in its place (even with the same inode number,
// which the system may reuse) is then watched anew at the next tick.
func (w *watcher) rootEvent(p string) bool {
	for i, r := range w.roots {
		if r == p {
			if !w.rootGone[i] {
				w.rootLost(i)
			}
			return true
		}
	}
	return false
}

// unwatch stops the system's notification for root and every folder under it.
func (w *watcher) unwatch(root string) {
	if w.fsw == nil {
		return
	}
	for d := range w.watched {
		if inFolder(d, root) {
			w.fsw.Remove(d)
			delete(w.watched, d)
		}
	}
}

// allGone reports whether every watched folder is gone: then no update is made.
func (w *watcher) allGone() bool {
	for _, g := range w.rootGone {
		if !g {
			return false
		}
	}
	return len(w.rootGone) > 0
}

// goneRoots names the watched folders that are gone.
func (w *watcher) goneRoots() string {
	var gone []string
	for i, g := range w.rootGone {
		if g {
			gone = append(gone, w.dirs[i])
		}
	}
	return strings.Join(gone, ", ")
}
