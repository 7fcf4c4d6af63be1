package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/report"
)

// What watch does with a settled folder: the report written again, files that failed
// held until they change, and one line for each activity added, changed or removed.

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
		status, b := reportLocked(e, w.dirs, w.cm, w.out, w.store, w.locks)
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
			// The neighbouring minutes hold every start within coach.SameStart's
			// window while it is at most a minute (analysis.SameActivityWindow).
			m := c.start.Unix() / 60
			for d := int64(-1); d <= 1 && !found; d++ {
				for _, i := range bySlot[slot{c.sport, m + d}] {
					if !matched[i] && coach.SameStart(lost[i].start, c.start) {
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

// reportChanges prints one line for every activity an update added, changed or
// removed.
func (w *watcher) reportChanges(before, after []countedRun) {
	added, changed, removed := diffRuns(before, after)
	imperial := w.cm.units == "imperial"
	var folders map[string]string
	if w.cm.athletes {
		rf, _ := readRosterFile(w.out)
		folders = rf.Athletes
	}
	// where names the pages an activity changed: the report's index, or in a roster
	// the athlete's index and the roster's.
	where := func(c countedRun) string {
		if f, ok := folders[c.r.Athlete]; ok {
			return fmt.Sprintf("%s's %s and %s", safe(c.r.Athlete), filepath.Join(w.out, f, report.IndexPage), w.index)
		}
		return w.index
	}
	for _, c := range added {
		fmt.Fprintf(w.e.stderr, "new %s: %s updated\n", describeActivity(c.r, imperial), where(c))
	}
	for _, c := range changed {
		fmt.Fprintf(w.e.stderr, "changed %s: %s updated\n", describeActivity(c.r, imperial), where(c))
	}
	for _, c := range removed {
		fmt.Fprintf(w.e.stderr, "removed %s: %s updated\n", describeActivity(c.r, imperial), where(c))
	}
}

// describeActivity names an activity in a few words: "run 2026-03-08 13.0 km, 166
// spm", and says when the report lists it as skipped (a ride).
func describeActivity(r *analysis.Result, imperial bool) string {
	var b strings.Builder
	h := report.HeadlineOf(r) // the kind and the cadence the table, the index and the page show
	b.WriteString(h.Noun)
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
	if t := h.Text(); t != "" {
		parts = append(parts, t)
	}
	if len(parts) > 0 {
		b.WriteString(" " + strings.Join(parts, ", "))
	}
	if k := r.Verdict.Kind; k == analysis.VerdictNotFoot || k == analysis.VerdictUnknown {
		b.WriteString(" (not a run or walk: listed as skipped)")
	}
	return b.String()
}
