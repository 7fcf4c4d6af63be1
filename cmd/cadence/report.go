package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/report"
)

func cmdReport() *command {
	c := &command{
		Name:      "report",
		UsageLine: "report [--units metric|imperial] [--threshold SPM] [--plan-start DATE] [--notes FILE.csv] [--shoe-limit N] [--athlete NAME | --athletes] [-j N] -o DIR PATH...",
		Short:     "write cadence plots, advice and click tracks, with an index.html",
		Long: `Report reads the same inputs as analyze and writes, into DIR, for every run or
walk with cadence, in the folder of its year (YEAR/, or YEAR/MM/ when a year would
hold more than 1,000 files):

	NAME.png     a dashboard: cadence over time, its distribution, cadence against
	             pace, and cadence on uphill, flat and downhill (or step length)
	NAME.md      personal advice: your cadence and pace, the verdict and why, your
	             next target, a practice plan, the evidence, and when to see a physio
	NAME.html    the dashboard and the same advice on one page
	click-N.wav  a metronome click track at your target of N steps per minute

and DIR/index.html, one page that opens from the disk without a network: every
activity newest first, skipped activities (rides, swims) with the reason, and
files that could not be read with their errors.

A file, folder or zip whose name carries an e-mail address or a long account id
(as a Garmin export's do) is named in DIR, in output names and on pages, only by
what is left of its name and a short stable id, with the activity's own name.

With --notes FILE.csv (a pain diary, as for trend), DIR/clinic.html is a
printable one-page summary for a physio: cadence at a matched pace by week,
the load, and every pain note beside the 7 and 30 days before it. It holds no
GPS position and no file name. A report without --notes removes it.

With --athletes (a coach's folder: one folder or export zip per athlete),
DIR/index.html is a roster instead: one row per athlete, those with something
worth a look first (a long-run spike, a week well above their own usual, most
recent runs with a step rate low for the pace, more downhill running, shoes
past --shoe-limit, gaps in the data), each flag linking to the run behind it. Each athlete's own report,
all of the above, is in DIR/NAME/, NAME their name in lower case letters, digits
and dashes (with a short code after it when two names would share one), kept in
DIR/.cadence-roster.json. --notes then names a folder of diaries, NAME.csv per
athlete, NAME the athlete's name as the roster shows it. A folder holds a roster
or one runner's report, never both: report refuses to write one over the other.

Only files in DIR are written, each atomically (a temporary file, then a rename);
a rerun replaces its own outputs. Reports for a folder render in parallel. A path
that cannot be read is an error, and what it gave before stays in DIR. Behind a
cadence watch on DIR, report stops at once; behind another report, it waits at most
10 minutes.`,
	}
	c.Setup = func(fs *flag.FlagSet) func(e *env, args []string) int {
		var cm common
		cm.define(fs)
		out := fs.String("o", "", "the folder to write the report into (created if missing)")
		cm.definePlan(fs)
		cm.defineShoes(fs)
		fs.StringVar(&cm.notes, "notes", "", notesHelp)
		return func(e *env, args []string) int {
			if msg := cm.check(); msg != "" {
				return badUsage(e, c.Name, "%s", msg)
			}
			if *out == "" {
				return badUsage(e, c.Name, "-o DIR is required: the folder to write the report into")
			}
			if len(args) == 0 {
				return badUsage(e, c.Name, "no files or folders given")
			}
			if cm.athletes && cm.notes != "" {
				if info, err := os.Stat(cm.notes); err != nil || !info.IsDir() {
					return badUsage(e, c.Name, "with --athletes, --notes names a folder of pain diaries, one NAME.csv per athlete (NAME the athlete's name as the roster shows it)")
				}
			}
			return writeReport(e, args, &cm, *out)
		}
	}
	return c
}

// writeReport writes the report of the inputs under args into dir. Under a lock on the
// folder it reads the batch (from the history where it can), draws the dashboards of
// the runs that are new or changed since the folder's last report, rewrites the pages
// whose text changed, removes the outputs of runs no longer there, and writes the
// index. Unchanged outputs are left untouched.
func writeReport(e *env, args []string, cm *common, dir string) int {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v\n", err)
		return exitFailed
	}
	unlock, err := lockFolder(e, dir)
	if err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v\n", err)
		return exitFailed
	}
	defer unlock()
	if err := checkFolderKind(dir, cm.athletes); err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v\n", err)
		return exitFailed
	}
	locks := &folderLocks{kind: "report", e: e}
	defer locks.release()
	store := cm.openHistory(e)
	defer store.Close()
	var stopSig atomic.Value
	soft := func(sig os.Signal) {
		stopSig.Store(sig)
		stopDrawing.Store(true)
	}
	softInterrupt.Store(&soft)
	defer func() {
		softInterrupt.Store(nil)
		stopDrawing.Store(false)
	}()
	status, b := reportLocked(e, args, cm, dir, store, locks)
	b.Close()
	if sig, ok := stopSig.Load().(os.Signal); ok {
		fmt.Fprintf(e.stderr, "cadence: interrupted; %s lists what was drawn, and the next report draws the rest\n", filepath.Join(dir, report.IndexPage))
		return signalStatus(sig)
	}
	return status
}

// reportLocked writes the report as writeReport does, under the folder's lock, which
// the caller holds (cadence watch holds it for as long as it watches). It returns the
// exit status and the batch it read, whose archives stay open until b.Close.
func reportLocked(e *env, args []string, cm *common, dir string, store *ingest.History, locks *folderLocks) (status int, b *ingest.Batch) {
	cm.keepSeries = reportKeepSeries
	if cm.athletes {
		return reportRoster(e, args, cm, dir, store, locks)
	}
	b = cm.read(e, args, store)
	done := reportBatch(e, b, cm, dir)
	if done.written {
		fmt.Fprintf(e.stderr, "%s; open %s\n", done.summary(dir), filepath.Join(dir, report.IndexPage))
	}
	return done.status, b
}

// A reportDone is what reportBatch did: the exit status, the index's rows (each
// run's pages), and the counts its summary line gives.
type reportDone struct {
	status                   int
	written                  bool // the folder was written (not left as it was)
	rows                     []report.IndexRow
	drawn, unchanged, copies int
}

// summary is the line that says what the report of dir holds.
func (d reportDone) summary(dir string) string {
	msg := fmt.Sprintf("cadence: %d %s in %s (%d drawn, %d unchanged)", len(d.rows), plural(len(d.rows), "report", "reports"),
		dir, d.drawn, d.unchanged)
	if d.copies > 0 {
		msg += fmt.Sprintf("; %d %s of other activities left out", d.copies, plural(d.copies, "copy", "copies"))
	}
	return msg
}

// reportBatch writes the report of the batch b (a whole batch, or one athlete's view
// of it) into dir, as reportLocked describes, and says what it did.
func reportBatch(e *env, b *ingest.Batch, cm *common, dir string) reportDone {
	now := time.Now()
	done, key, found := reportInPlace(b, cm, dir, now)
	if found {
		return done
	}
	return reportLong(e, b, cm, dir, now, key)
}

// reportLong writes the report of b into dir the long way, when it was not found in
// place (reportInPlace, which also swept the folder's stale temporary files), and
// records key (reportInPlace's, "" for none) once everything is written.
func reportLong(e *env, b *ingest.Batch, cm *common, dir string, now time.Time, key string) (done reportDone) {
	imperial := cm.units == "imperial"
	status := exitOK
	done.status = exitFailed
	idx := report.Index{Title: "Cadence report", Generated: now, Imperial: imperial}
	var runs []*plannedRun
	copies := 0
	for _, it := range b.Items {
		rs := it.Results() // first: a failure to read them back sets Err
		switch {
		case it.Err != nil:
			status = exitFailed
			fmt.Fprintf(e.stderr, "cadence: %s\n", errorLine(it.Name, it.Err))
			idx.Failed = append(idx.Failed, report.IndexNote{File: it.Name, Reason: it.Err.Error()})
		case it.Skip != nil:
			idx.Skipped = append(idx.Skipped, report.IndexNote{File: it.Name, Reason: it.Skip.Reason})
		default:
			for _, r := range rs {
				switch {
				case r.DuplicateOf != nil:
					copies++
				case !drawable(r):
					idx.Skipped = append(idx.Skipped, report.IndexNote{File: displayName(r), Reason: report.Reason(r, imperial)})
				default:
					runs = append(runs, &plannedRun{it: it, r: r})
				}
			}
		}
	}
	failed, all := failedInputs(b)
	old := readManifest(dir)
	if all && len(old.Runs) > 0 {
		fmt.Fprintf(e.stderr, "cadence: nothing could be read, so %s is left as it was\n", dir)
		return done
	}
	if old.Key != "" {
		// What is written from here on is not what the key names: a report killed
		// midway must not leave the key behind to find its files in place.
		unkeyed := old
		unkeyed.Key = ""
		if err := writeManifest(dir, unkeyed); err != nil {
			fmt.Fprintf(e.stderr, "cadence: %v\n", err)
			return done
		}
	}
	kept := keptRuns(old, failed)
	linkKept(idx.Failed, kept)
	weekly := writeTrend(e, dir, b, imperial, cm.planStart)
	idx.Weekly = weekly
	if !writeClinic(e, dir, b, cm, weekly, &idx) {
		status = exitFailed
	}
	next, err := planRuns(runs, old, dir, imperial, kept)
	if err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v\n", err)
		return done
	}
	// Free the series kept for runs that are not drawn (unchanged, copies, rides).
	drawing := map[*analysis.Result]bool{}
	for _, pr := range runs {
		drawing[pr.r] = pr.draw
	}
	b.Results(func(_ *ingest.Item, r *analysis.Result) {
		if !drawing[r] {
			r.Series = nil
		}
	})
	clicks := &clickTracks{dir: dir, done: map[int]string{}}
	drawn := drawRuns(e, b, cm, dir, runs, imperial, old, next)
	var trend *coach.Trend
	if weekly != nil {
		trend = &weekly.Trend
	}
	whole := weekly == nil || weekly.PNG != "" // everything written, so far
	for _, pr := range runs {
		row := writePages(e, dir, pr, imperial, clicks, trend, old, &next)
		if row.PNG != "" || row.Advice != "" {
			idx.Rows = append(idx.Rows, row)
		}
		whole = whole && row.Advice == pr.folder+"/"+pr.base+".html" && (pr.r.Cadence == nil || row.PNG != "")
	}
	if clicks.err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v\n", clicks.err)
		status = exitFailed
	}
	sort.SliceStable(idx.Rows, func(i, j int) bool { return startOf(idx.Rows[i].Result).After(startOf(idx.Rows[j].Result)) })
	pages, err := report.WriteIndexPages(idx, func(name string, render func(io.Writer) error) error {
		return writeIfChanged(filepath.Join(dir, name), render)
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v\n", err)
		return done
	}
	next.Pages = pages
	if idx.Clinic != "" {
		next.Pages = append(next.Pages, idx.Clinic)
	}
	if weekly != nil && weekly.PNG != "" {
		next.Pages = append(next.Pages, weekly.PNG)
	}
	for _, name := range clicks.done {
		if name != "" {
			next.Clicks = append(next.Clicks, name)
		}
	}
	if len(kept) > 0 {
		// The kept runs' advice may link any click track of the last report.
		next.Clicks = append(next.Clicks, old.Clicks...)
	}
	sort.Strings(next.Clicks)
	next.Clicks = slices.Compact(next.Clicks)
	removeOld(dir, old, next)
	if whole && status == exitOK && !stopDrawing.Load() {
		next.Key = key
		if inPlaceHook != nil {
			inPlaceHook(dir, false)
		}
	}
	if err := writeManifest(dir, next); err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v\n", err)
		status = exitFailed
	}
	for _, pr := range runs {
		if !pr.draw && pr.png != "" {
			done.unchanged++ // runs whose pictures were kept as they were
		}
	}
	done.status, done.written, done.rows, done.drawn, done.copies = status, true, idx.Rows, drawn, copies
	return done
}

// reportKeepSeries is how many bytes of series a report keeps from its first reading
// for drawing, so that those runs need not be read and analysed a second time: 32 MB
// is about 145 hours of running recorded every second (a Point is 64 bytes), all of a
// small archive. Each kept byte costs about two of peak memory (the collector's
// headroom): a cold report over 2,000 activities peaked at 265 MB keeping none,
// 325-350 MB keeping 32 MB, and 870 MB keeping 128 MB, with no gain in time.
var reportKeepSeries int64 = 32 << 20

// drawable reports whether r is a run or walk whose pictures a report draws: not a
// ride or another sport, nor an activity of no known sport.
func drawable(r *analysis.Result) bool {
	return r.Verdict.Kind != analysis.VerdictNotFoot && r.Verdict.Kind != analysis.VerdictUnknown
}

// trendPNG is the report's picture of the runner over the weeks.
const trendPNG = "trend.png"

// writeTrend draws the weeks of the batch's counted runs into dir and returns the
// index's trend section, or nil when there are no runs.
func writeTrend(e *env, dir string, b *ingest.Batch, imperial bool, planStart time.Time) *report.IndexWeekly {
	var runs []coach.Run
	b.Results(func(_ *ingest.Item, r *analysis.Result) {
		if run, ok := coach.RunOf(r); ok {
			runs = append(runs, run)
		}
	})
	if len(runs) == 0 {
		return nil
	}
	tr := coach.WeeksOf(runs, coach.WeeksOptions{PlanStart: planStart})
	w := &report.IndexWeekly{PNG: trendPNG, Trend: tr,
		Lines: report.TrendLines(tr, runs, report.TrendOptions{Imperial: imperial, Now: time.Now()})}
	if err := writeIfChanged(filepath.Join(dir, trendPNG), func(out io.Writer) error {
		return report.TrendDashboard(out, tr, imperial)
	}); err != nil {
		fmt.Fprintf(e.stderr, "cadence: trend picture: %v\n", err)
		w.PNG = ""
	}
	return w
}

func startOf(r *analysis.Result) time.Time {
	if r.Start == nil {
		return time.Time{}
	}
	return *r.Start
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writePages writes the advice of one run, as Markdown and as a page with its
// dashboard, each only if its text changed, and returns its row in the index. The
// trend (nil without counted runs) gives the advice the runner's cadence at a matched
// pace over the weeks before.
func writePages(e *env, dir string, pr *plannedRun, imperial bool, clicks *clickTracks, trend *coach.Trend, old manifest, next *manifest) report.IndexRow {
	r := pr.r
	row := report.IndexRow{Result: r, PNG: pr.png, Thumb: pr.thumb}
	target := coach.Target(r)
	click := ""
	if target > 0 {
		if click = clicks.get(int(math.Round(target))); click != "" {
			row.Click = click
			click = upTo(pr.folder, click)
		}
	}
	opt := report.AdviceOptions{Imperial: imperial, ClickTrack: click, Progress: coach.ProgressOf(trend, r)}
	if wk, ok := coach.PlanWeekOf(trend, r); ok {
		opt.PlanWeek = &wk
	}
	text := report.Advice(r, opt)
	at := pr.folder + "/" + pr.base
	md := at + ".md"
	page := report.RunPage{Title: "Cadence: " + pageTitle(r, pr.base), Advice: text, MD: pr.base + ".md", Index: upTo(pr.folder, report.IndexPage)}
	if pr.png != "" {
		page.PNG = pr.base + ".png"
	}
	key := pageKey(page, at)
	if m, ok := next.Runs[pr.base]; ok {
		m.PageKey = key
		next.Runs[pr.base] = m
	}
	if o, ok := old.Runs[pr.base]; ok && o.PageKey == key && regularFile(filepath.Join(dir, filepath.FromSlash(md))) &&
		regularFile(filepath.Join(dir, filepath.FromSlash(at+".html"))) {
		row.Advice = at + ".html" // written from the same words before
		return row
	}
	if err := writeIfChanged(filepath.Join(dir, filepath.FromSlash(md)), func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	}); err != nil {
		fmt.Fprintf(e.stderr, "cadence: %s: advice: %v\n", safe(displayName(r)), err)
		return row
	}
	// The same advice as a page with the dashboard: what the index links to, since a
	// browser shows a .md file as raw text. The page lies beside the run's other
	// files, in its folder.
	row.Advice = at + ".html"
	if err := writeIfChanged(filepath.Join(dir, filepath.FromSlash(row.Advice)), func(w io.Writer) error { return report.WriteRunPage(w, page) }); err != nil {
		fmt.Fprintf(e.stderr, "cadence: %s: advice page: %v\n", safe(displayName(r)), err)
		row.Advice = md
	}
	return row
}

// pageKey names what a run's advice and page are written from, at the path at: the
// words, the title, the links and the page template's version (report.RunPageVersion
// changes whenever WriteRunPage writes other bytes from the same page).
func pageKey(p report.RunPage, at string) string {
	h := sha256.New()
	for _, s := range []string{report.RunPageVersion, at, p.Title, p.Advice, p.MD, p.Index, p.PNG} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// regularFile reports whether path is a regular file, not a link or anything planted.
func regularFile(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode().IsRegular()
}

// pageTitle is the run's name where it has one, else its output name.
func pageTitle(r *analysis.Result, base string) string {
	if r.Name != "" {
		return r.Name
	}
	return base
}

func displayName(r *analysis.Result) string {
	if r.Index > 0 {
		return fmt.Sprintf("%s#%d", r.File, r.Index)
	}
	return r.File
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// baseName names an activity's outputs: its start time and its file's name, so that
// names sort by date and a rerun replaces the same files. A file name that carries an
// e-mail address or an account id ("jane.doe@example.com_123456789.fit") gives
// instead the activity's own name, if it has one, and the public form of the file
// name, a short stable id (report.PublicFile): no output name holds either.
func baseName(r *analysis.Result) string {
	f := r.File
	if i := strings.LastIndexAny(f, `/\:`); i >= 0 {
		f = f[i+1:]
	}
	name := ""
	if pub := report.PublicFile(f); pub != f {
		f = pub
		name = outputWords(report.PublicFile(r.Name), 40)
	}
	f = outputWords(f, 60)
	date := "undated"
	if r.Start != nil {
		date = r.Start.Format("2006-01-02_1504") // local time, as the runner remembers it
	}
	base := date + "_"
	if name != "" {
		base += name + "_"
	}
	base += f
	if r.Index > 0 {
		base += fmt.Sprintf("_%d", r.Index)
	}
	return base
}

// outputWords makes a file's name, or an activity's, part of an output name: at most
// max bytes of letters, digits and "-", its extension kept as a word (run.fit and
// run.gpx are different files) but without ".gz".
func outputWords(f string, max int) string {
	f = strings.TrimSuffix(strings.TrimSuffix(f, ".gz"), ".GZ")
	f = strings.Trim(unsafeChars.ReplaceAllString(strings.ReplaceAll(f, ".", "-"), "-"), "-")
	if len(f) > max {
		f = f[:max]
	}
	return f
}

// uniqueNames keeps two activities from sharing output names.
type uniqueNames struct{ seen map[string]int }

func (u *uniqueNames) next(base string) string {
	n := u.seen[base]
	u.seen[base] = n + 1
	if n == 0 {
		return base
	}
	for ; ; n++ {
		// Not a name taken already, by another activity's own base name or a kept run.
		if name := fmt.Sprintf("%s_%d", base, n+1); u.seen[name] == 0 {
			u.seen[name] = 1
			return name
		}
	}
}

// clickMinutes is the length of the report's click tracks: one practice block, to
// loop in any player.
const clickMinutes = 2

// clickTracks writes one click track per target cadence, shared by every run that
// has that target, once.
type clickTracks struct {
	dir  string
	mu   sync.Mutex
	done map[int]string
	err  error
}

func (c *clickTracks) get(spm int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if name, ok := c.done[spm]; ok {
		return name
	}
	name := fmt.Sprintf("click-%d.wav", spm)
	if err := writeIfChanged(filepath.Join(c.dir, name), func(w io.Writer) error {
		return report.WriteMetronome(w, float64(spm), clickMinutes)
	}); err != nil {
		c.err = err
		name = ""
	}
	c.done[spm] = name
	return name
}

// writeAtomic writes a file through a temporary file in the same folder and a rename,
// so a reader never sees half a file and an interrupted run leaves the old one.
func writeAtomic(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return writeBytesAtomic(path, buf.Bytes())
}

// writeBytesAtomic writes data to path as writeAtomic does: a temporary file in the
// same folder, then a rename.
func writeBytesAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		// Only a failed write leaves the temporary file behind: a rename moved it.
		os.Remove(tmp.Name())
	}
	return err
}
