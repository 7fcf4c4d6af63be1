package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"
	"golang.org/x/text/unicode/norm"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/report"
)

// A coach's report (report --athletes, watch --athletes) is a roster: OUT/index.html
// lists the athletes, and each athlete's own report, exactly what report writes for
// one runner, lies in a folder of its own, OUT/<folder>/. The folder's name is the
// athlete's name made safe (athleteFolder) and is kept, once given, in
// OUT/.cadence-roster.json, so that it stays the same when another athlete joins.
//
// A folder holds either a roster or one runner's report, never a mix: a report
// without --athletes into a roster's folder, or with --athletes into one runner's
// report, is refused with a line that says so (checkFolderKind). Each athlete's
// folder is locked while it is written, as any report folder is, so that a report
// into one athlete's folder alone waits for the roster.

// rosterName is the roster's record of its athletes' folders.
const rosterName = ".cadence-roster.json"

// rosterVersion is the version of the roster's record.
const rosterVersion = 1

// maxRosterFile is the largest roster record read: far more than 10,000 athletes.
const maxRosterFile = 4 << 20

// rosterFile is the roster's record: each athlete's folder by name.
type rosterFile struct {
	Version  int               `json:"version"`
	Athletes map[string]string `json:"athletes"`
}

// readRosterFile reads dir's roster record, and reports whether there is one. A
// record that cannot be read, or that names a folder no roster makes, names no
// athlete.
func readRosterFile(dir string) (rosterFile, bool) {
	rf := rosterFile{Version: rosterVersion, Athletes: map[string]string{}}
	data, err := readRegular(filepath.Join(dir, rosterName), maxRosterFile)
	if err != nil {
		return rf, !errors.Is(err, fs.ErrNotExist)
	}
	var got rosterFile
	if json.Unmarshal(data, &got) != nil || got.Version != rosterVersion {
		return rf, true
	}
	for name, folder := range got.Athletes {
		if safeFolder(folder) {
			rf.Athletes[name] = folder
		}
	}
	return rf, true
}

// checkFolderKind refuses to write a roster (athletes) into a folder that holds one
// runner's report, or one runner's report into a roster's folder: either would leave
// a mix of two reports that link to each other's pages wrongly.
func checkFolderKind(dir string, athletes bool) error {
	_, roster := readRosterFile(dir)
	_, err := os.Lstat(filepath.Join(dir, manifestName))
	plain := err == nil
	switch {
	case athletes && plain:
		return fmt.Errorf("%s holds one runner's report (written without --athletes); write the roster into another folder, or remove %s first", dir, dir)
	case !athletes && roster:
		return fmt.Errorf("%s holds a coach's roster (written with --athletes); give --athletes to update it, or write this report into another folder (an athlete's own folder in it, %s, takes a report of that athlete alone)",
			dir, filepath.Join(dir, "NAME"))
	}
	return nil
}

// maxFolderName is the longest readable part of an athlete's folder name.
const maxFolderName = 40

// reservedNames are names a folder cannot safely have on Windows.
var reservedNames = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true}

// folderSlug is the readable part of an athlete's folder name: the name in lower
// case without accents (é is e), its ASCII letters and digits kept, every other run of characters one dash,
// at most maxFolderName long. It reports whether the slug can stand alone: not
// empty, not a name Windows reserves, and from a name without control or invisible
// characters (which two names could differ by unseen).
func folderSlug(name string) (slug string, whole bool) {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		if unicode.Is(unicode.Mn, r) {
			continue // an accent, decomposed from its letter
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	slug = b.String()
	if len(slug) > maxFolderName {
		slug = strings.TrimRight(slug[:maxFolderName], "-")
	}
	hidden := strings.ContainsFunc(name, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError })
	return slug, slug != "" && !reservedNames[slug] && !hidden
}

// hashSuffix is the short, stable suffix that tells apart two athletes whose names
// make the same folder name.
func hashSuffix(name string) string {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:3])
}

// safeFolder reports whether folder is a name athleteFolders gives: lower-case
// letters, digits and dashes, not empty, nothing that leads out of the report.
func safeFolder(folder string) bool {
	if folder == "" || len(folder) > maxFolderName+8 || strings.HasPrefix(folder, "-") {
		return false
	}
	for _, r := range folder {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// athleteFolders gives every athlete of names a folder: the one the roster's record
// gives them, else their name made safe (folderSlug), with a short hash of the name
// after it when that is empty, reserved, or taken by another athlete.
func athleteFolders(names []string, known map[string]string) map[string]string {
	out := map[string]string{}
	taken := map[string]bool{}
	for _, f := range known {
		taken[f] = true
	}
	for _, name := range names {
		if f, ok := known[name]; ok {
			out[name] = f
		}
	}
	for _, name := range names {
		if _, ok := out[name]; ok {
			continue
		}
		slug, whole := folderSlug(name)
		f := slug
		if !whole || taken[f] {
			f = strings.TrimPrefix(slug+"-"+hashSuffix(name), "-")
			for n := 2; taken[f]; n++ { // two names of one hash: vanishingly rare
				f = fmt.Sprintf("%s-%s-%d", slug, hashSuffix(name), n)
				f = strings.TrimPrefix(f, "-")
			}
		}
		taken[f] = true
		out[name] = f
	}
	return out
}

// makeAthleteFolder makes dir/folder, refusing a path there that is not a folder (a
// file, or a symbolic link, which could lead outside the report).
func makeAthleteFolder(dir, folder string) (string, error) {
	p := filepath.Join(dir, folder)
	if err := os.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", err
	}
	info, err := os.Lstat(p)
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		return "", fmt.Errorf("%s is not a folder cadence made (a file or a symbolic link); move it away, and run again", p)
	}
	return p, nil
}

// folderLocks holds the locks of a roster's athlete folders: a report takes each as
// it writes the folder, waiting behind another report; a watch takes each without
// waiting and holds it until it stops.
type folderLocks struct {
	kind string // "report" or "watch"
	e    *env
	held map[string]func()
}

// lock takes the lock of the report folder dir, unless it is held already.
func (l *folderLocks) lock(dir string) error {
	if l.held[dir] != nil {
		return nil
	}
	var unlock func()
	var err error
	if l.kind == "watch" {
		var holder string
		if unlock, holder, err = tryLockFolder(dir); errors.Is(err, errFolderBusy) {
			return fmt.Errorf("%s is writing into %s; this athlete is left out until it stops", holder, dir)
		}
	} else {
		unlock, err = lockFolder(l.e, dir)
	}
	if err != nil {
		return err
	}
	if l.held == nil {
		l.held = map[string]func(){}
	}
	l.held[dir] = unlock
	return nil
}

// drop releases the lock of dir, if held.
func (l *folderLocks) drop(dir string) {
	if u := l.held[dir]; u != nil {
		u()
		delete(l.held, dir)
	}
}

// release releases every lock held.
func (l *folderLocks) release() {
	for dir := range l.held {
		l.drop(dir)
	}
}

// athleteNotes is the pain diary of athlete under the folder notes (--notes with
// --athletes): NAME.csv, "" when there is none.
func athleteNotes(notes, athlete string) string {
	if notes == "" || athlete == "" || strings.ContainsAny(athlete, `/\`) || athlete == "." || athlete == ".." {
		return ""
	}
	p := filepath.Join(notes, athlete+".csv")
	if info, err := os.Stat(p); err != nil || !info.Mode().IsRegular() {
		return ""
	}
	return p
}

// reportRoster writes the roster of the athletes under args into dir: each athlete's
// report into their folder (reportBatch over their view of the batch), then the
// roster page. The folders of athletes gone from the inputs are removed, unless an
// input failed (it may hold them); when nothing could be read, dir is left as it was.
func reportRoster(e *env, args []string, cm *common, dir string, store *ingest.History, locks *folderLocks) (int, *ingest.Batch) {
	removeStaleTemps(dir)
	b := cm.read(e, args, store)
	old, _ := readRosterFile(dir)
	failedIn, all := failedInputs(b)
	if all && len(old.Athletes) > 0 {
		fmt.Fprintf(e.stderr, "cadence: nothing could be read, so %s is left as it was\n", dir)
		return exitFailed, b
	}
	status := exitOK
	imperial := cm.units == "imperial"
	names := b.Athletes()
	folders := athleteFolders(names, old.Athletes)
	ro := report.Roster{Title: "Cadence roster", Generated: time.Now(), Imperial: imperial}
	var total reportDone
	// Each athlete's report is a job: first, at once on cm.jobs workers, every
	// folder is looked at and those found in place (the report over an unchanged
	// folder) are done; then the others are written, one after another.
	type job struct {
		name, folder, sub string
		key               string // reportInPlace's, for the long way
		view              *ingest.Batch
		acm               common
		done              reportDone
		found             bool
		row               report.RosterAthlete
	}
	var jobs []*job
	for _, name := range names {
		view := b.Of(name)
		if name == "" {
			// Only a folder given that could not be listed reads as nobody's.
			for _, it := range view.Items {
				if it.Err != nil {
					status = exitFailed
					ro.Failed = append(ro.Failed, report.IndexNote{File: it.Name, Reason: it.Err.Error()})
				}
			}
			reportFailed(e, view)
			delete(folders, name)
			continue
		}
		if _, known := old.Athletes[name]; !known && allFailed(view) {
			// A path given that cannot be read (a typo) is an error, not an athlete.
			status = exitFailed
			for _, it := range view.Items {
				ro.Failed = append(ro.Failed, report.IndexNote{File: it.Name, Reason: it.Err.Error()})
			}
			delete(folders, name)
			reportFailed(e, view)
			continue
		}
		folder := folders[name]
		sub, err := makeAthleteFolder(dir, folder)
		if err == nil {
			err = locks.lock(sub)
		}
		if err == nil {
			err = checkFolderKind(sub, false)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "cadence: %s: %v\n", safe(name), err)
			status = exitFailed
			ro.Athletes = append(ro.Athletes, report.RosterAthlete{Name: name, Problem: err.Error()})
			continue
		}
		j := &job{name: name, folder: folder, sub: sub, view: view, acm: *cm}
		j.acm.notes = athleteNotes(cm.notes, name)
		jobs = append(jobs, j)
	}
	var look errgroup.Group
	look.SetLimit(max(cm.jobs, 1))
	for _, j := range jobs {
		look.Go(func() error {
			if j.done, j.key, j.found = reportInPlace(j.view, &j.acm, j.sub, ro.Generated); j.found {
				j.row = rosterAthlete(j.name, j.folder, j.view, j.done, cm, ro.Generated)
			}
			return nil
		})
	}
	look.Wait()
	for _, j := range jobs {
		if !j.found {
			j.done = reportLong(e, j.view, &j.acm, j.sub, ro.Generated, j.key)
			if !j.done.written {
				// Nothing of theirs could be read: their report is as it was.
				status = max(status, j.done.status)
				ro.Athletes = append(ro.Athletes, report.RosterAthlete{Name: j.name, Index: j.folder + "/" + report.IndexPage, Kept: true})
				continue
			}
			j.row = rosterAthlete(j.name, j.folder, j.view, j.done, cm, ro.Generated)
		}
		status = max(status, j.done.status)
		total.rows = append(total.rows, j.done.rows...)
		total.drawn += j.done.drawn
		total.unchanged += j.done.unchanged
		total.copies += j.done.copies
		ro.Athletes = append(ro.Athletes, j.row)
	}
	for name, folder := range old.Athletes {
		if _, ok := folders[name]; ok {
			continue
		}
		if len(failedIn) > 0 {
			// Perhaps in an input that failed: keep the folder, and say so.
			folders[name] = folder
			ro.Athletes = append(ro.Athletes, report.RosterAthlete{Name: name, Index: folder + "/" + report.IndexPage, Kept: true})
			continue
		}
		removeAthlete(dir, folder, locks)
	}
	byAttention(ro.Athletes)
	if err := writeIfChanged(filepath.Join(dir, report.IndexPage), func(w io.Writer) error {
		return report.WriteRosterPage(w, ro)
	}); err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v\n", err)
		return exitFailed, b
	}
	if err := writeIfChanged(filepath.Join(dir, rosterName), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(rosterFile{Version: rosterVersion, Athletes: folders})
	}); err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v\n", err)
		status = exitFailed
	}
	n := len(ro.Athletes)
	msg := total.summary(dir)
	msg = strings.Replace(msg, "cadence: ", fmt.Sprintf("cadence: %d %s, ", n, plural(n, "athlete", "athletes")), 1)
	fmt.Fprintf(e.stderr, "%s; open %s\n", msg, filepath.Join(dir, report.IndexPage))
	return status, b
}

// allFailed reports whether every input of b failed (and there is one).
func allFailed(b *ingest.Batch) bool {
	_, all := failedInputs(b)
	return all
}

// reportFailed prints the error of every input of b that failed.
func reportFailed(e *env, b *ingest.Batch) {
	for _, it := range b.Items {
		if it.Err != nil {
			fmt.Fprintf(e.stderr, "cadence: %s\n", errorLine(it.Name, it.Err))
		}
	}
}

// removeAthlete removes the report of an athlete no longer in the inputs: the files
// its manifest names, the manifest, the lock, and the folder when that leaves it
// empty. Anything else in the folder stays.
func removeAthlete(dir, folder string, locks *folderLocks) {
	sub := filepath.Join(dir, folder)
	if info, err := os.Lstat(sub); err != nil || !info.IsDir() {
		return
	}
	old := readManifest(sub)
	removeOld(sub, old, manifest{})
	os.Remove(filepath.Join(sub, manifestName))
	locks.drop(sub)
	os.Remove(filepath.Join(sub, lockName))
	os.Remove(sub)
}

// rosterAthlete is the roster's row of one athlete: their status as of now
// (coach.StatusOf over their counted runs), a link to their report, and the page of
// each of their runs, for the flags to link to.
func rosterAthlete(name, folder string, view *ingest.Batch, done reportDone, cm *common, now time.Time) report.RosterAthlete {
	ra := report.RosterAthlete{Name: name, Index: folder + "/" + report.IndexPage, Pages: map[string]string{}, Activities: len(done.rows)}
	for _, row := range done.rows {
		if row.Advice != "" && row.Result != nil {
			if _, ok := ra.Pages[row.Result.File]; !ok {
				ra.Pages[row.Result.File] = folder + "/" + row.Advice
			}
		}
	}
	var runs []coach.Run
	view.Results(func(it *ingest.Item, r *analysis.Result) {
		if run, ok := coach.RunOf(r); ok {
			runs = append(runs, run)
		}
	})
	for _, it := range view.Items {
		if it.Err != nil {
			ra.Unreadable++
		}
	}
	st := coach.StatusOf(name, runs, coach.StatusOptions{Weeks: coach.WeeksOptions{PlanStart: cm.planStart}, ShoeLimitM: cm.shoeLimitM, Now: now})
	ra.Status = &st
	return ra
}

// byAttention orders the roster's athletes by what needs attention
// (coach.Attention), those without a status (kept, or not written) last, by name.
func byAttention(as []report.RosterAthlete) {
	var sts []coach.Status
	for _, a := range as {
		if a.Status != nil {
			sts = append(sts, *a.Status)
		}
	}
	coach.Attention(sts)
	rank := map[string]int{}
	for i, st := range sts {
		rank[st.Athlete] = i
	}
	slices.SortStableFunc(as, func(a, b report.RosterAthlete) int {
		switch {
		case a.Status != nil && b.Status != nil:
			return rank[a.Name] - rank[b.Name]
		case a.Status != nil:
			return -1
		case b.Status != nil:
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
}
