package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/exportmeta"
	"github.com/cadence-run/cadence/fitparse"
	"github.com/cadence-run/cadence/history"
	"github.com/cadence-run/cadence/localtime"
	"github.com/schollz/progressbar/v3"
)

// common holds the flags that every command reading activities shares.
type common struct {
	units     string
	threshold float64
	jobs      int
	db        string
	noHistory bool
	// keepSeries is how many bytes of series readBatch may keep for drawing (report);
	// the rest are dropped, and made again from the file when they are drawn.
	keepSeries int64
}

func (c *common) define(fs *flag.FlagSet) {
	fs.StringVar(&c.units, "units", "metric", "units for distance and pace: metric (km) or imperial (miles)")
	fs.Float64Var(&c.threshold, "threshold", analysis.DefaultOptions.Threshold, "running cadence (steps/min) below which overstriding is likely")
	fs.IntVar(&c.jobs, "j", runtime.NumCPU(), "files to read in parallel")
	fs.StringVar(&c.db, "db", "", "the history database (default: your cache folder's cadence/history.db)")
	fs.BoolVar(&c.noHistory, "no-history", false, "read every file afresh and remember nothing")
}

// check validates the shared flags; it returns a usage message or "".
func (c *common) check() string {
	switch {
	case c.units != "metric" && c.units != "imperial":
		return fmt.Sprintf("--units must be metric or imperial, not %q", c.units)
	case !(c.threshold >= 100 && c.threshold <= 220): // also refuses NaN
		return fmt.Sprintf("--threshold %g is not a running cadence; use a value between 100 and 220 steps/min", c.threshold)
	case c.jobs < 1:
		return fmt.Sprintf("-j must be at least 1, not %d", c.jobs)
	case c.noHistory && c.db != "":
		return "--db and --no-history contradict each other"
	}
	return ""
}

func (c *common) options() analysis.Options {
	return analysis.Options{Threshold: c.threshold}
}

// openHistory opens the history the flags name, or returns nil for --no-history. A
// history that cannot be opened (damaged, from a newer cadence, on a full disk) is
// reported with the way out, and the command carries on without it: it is only a
// cache.
func (c *common) openHistory(e *env) *history.Store {
	if c.noHistory {
		return nil
	}
	path := c.db
	if path == "" {
		var err error
		if path, err = history.DefaultPath(); err != nil {
			fmt.Fprintf(e.stderr, "cadence: %v; carrying on without the history\n", err)
			return nil
		}
	}
	history.Version = version
	s, err := history.Open(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v; carrying on without it\n", err)
		return nil
	}
	return s
}

// An item is the outcome of one input: its activities analysed, a skip note, or an
// error. Exactly one of results/skip/err says what happened.
type item struct {
	name    string
	input   int // index into batch.inputs
	results []*analysis.Result
	sha256  string // of the input's bytes, "" if it was not read
	skip    *fitparse.SkipError
	err     error
	fresh   bool // read from the file in this run, not from the history
}

// A batch is every input under the paths a command was given, read once, with the
// activities that are copies of another marked.
type batch struct {
	inputs []fitparse.Input
	items  []*item
	exp    *fitparse.Expander // its archives stay open until exp.Close

}

// results calls f for every activity of the batch in input order.
func (b *batch) results(f func(it *item, r *analysis.Result)) {
	for _, it := range b.items {
		for _, r := range it.results {
			f(it, r)
		}
	}
}

// readBatch reads, parses and analyses every input under paths on c.jobs workers, or
// takes what the history already has of an unchanged input. The activities come back
// with copies of one activity marked (DuplicateOf), names from export metadata, and
// start times in local time; without their series, except, up to c.keepSeries bytes,
// those of runs and walks analysed now. The history store may be nil.
func readBatch(e *env, paths []string, c *common, store *history.Store) *batch {
	opt := c.options()
	fp := analysisFingerprint(opt)
	exp := &fitparse.Expander{Stdin: e.stdin}
	hist := historyUse{store: store, fp: fp}
	if store != nil {
		// What the history has of every input, at once; a file it read before with
		// the same identity need not even be sniffed.
		if recs, err := store.Records(); err != nil {
			hist.fail(err)
		} else {
			hist.known = recs
			exp.Known = func(id fitparse.Identity) bool {
				_, _, current := hist.record(&id)
				return current
			}
		}
	}
	b := &batch{exp: exp, inputs: exp.Expand(paths)}
	b.items = make([]*item, len(b.inputs))

	var keep atomic.Int64 // bytes of series that may still be kept
	keep.Store(c.keepSeries)
	bar := newProgress(e.stderr, len(b.inputs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(c.jobs, max(len(b.inputs), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				it := loadInput(b.inputs[i], opt, fp, &hist)
				it.input = i
				for _, r := range it.results {
					// Series are large: keep them only for what may be drawn, within
					// the budget; drawInput makes the others again.
					n := int64(len(r.Series)) * int64(unsafe.Sizeof(analysis.Point{}))
					if !drawable(r) || n == 0 || keep.Add(-n) < 0 {
						r.Series = nil
					}
				}
				b.items[i] = it
				if bar != nil {
					bar.Add(1)
				}
			}
		}()
	}
	for i := range b.inputs {
		next <- i
	}
	close(next)
	wg.Wait()
	if bar != nil {
		bar.Finish()
		bar.Clear()
	}
	if err := hist.failure(); err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v; carried on without the history\n", err)
	}
	if store != nil {
		forgetDeleted(store, paths, b.inputs)
	}
	applyNames(e, exp, b)
	localize(b)
	markDuplicates(b)
	markSpikes(e, b, store)
	return b
}

// markSpikes compares every counted run with the longest run of the 30 days before
// it, among the runs of the batch and those the history holds.
func markSpikes(e *env, b *batch, store *history.Store) {
	var priors []coach.Prior
	var first, last time.Time
	b.results(func(_ *item, r *analysis.Result) {
		if run, ok := coach.RunOf(r); ok {
			priors = append(priors, coach.Prior{Start: run.Start, DistanceM: run.DistanceM})
			if first.IsZero() || run.Start.Before(first) {
				first = run.Start
			}
			if run.Start.After(last) {
				last = run.Start
			}
		}
	})
	if len(priors) == 0 {
		return
	}
	if store != nil {
		known, err := store.Runs(first.Add(-coach.SpikeWindow), last)
		if err != nil {
			fmt.Fprintf(e.stderr, "cadence: %v; long-run spikes are judged on the files given only\n", err)
		}
		for _, k := range known {
			priors = append(priors, coach.Prior{Start: k.Start, DistanceM: k.DistanceM})
		}
	}
	longest := coach.NewLongest(priors)
	b.results(func(_ *item, r *analysis.Result) {
		if run, ok := coach.RunOf(r); ok {
			r.Spike = longest.SpikeOf(run.Start, run.DistanceM)
		}
	})
}

// historyUse is the history as the workers share it: after its first failure (a disk
// full, say) it is left alone, and the batch goes on reading files.
type historyUse struct {
	store *history.Store
	fp    string                    // the analysis fingerprint results must carry
	known map[string]history.Record // every input the history had at the start; read-only
	mu    sync.Mutex
	err   error
}

// record returns what the history had of the input id at the start, whether it had
// it, and whether it is current: the same stamp, analysed the same way.
func (h *historyUse) record(id *fitparse.Identity) (rec history.Record, have, current bool) {
	rec, have = h.known[id.Key]
	return rec, have, have && rec.Stamp == stampOf(id) && rec.Analysis == h.fp
}

func (h *historyUse) get() *history.Store {
	if h.store == nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err != nil {
		return nil
	}
	return h.store
}

func (h *historyUse) fail(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err == nil {
		h.err = err
	}
}

func (h *historyUse) failure() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.err
}

// analysisFingerprint names what an input's results depend on besides its bytes: the
// analysis version and the options. Units are not among them: a Result serves both.
func analysisFingerprint(opt analysis.Options) string {
	return fmt.Sprintf("analysis %s; threshold %g", analysis.Version, opt.Threshold)
}

func stampOf(id *fitparse.Identity) history.Stamp {
	return history.Stamp{Size: id.Size, ModNS: id.ModNS, CRC32: id.CRC32}
}

// loadInput returns the outcome of one input: from the history when its stamp (or,
// failing that, its content) is unchanged, else read, parsed and analysed, and then
// remembered. A panic in a reader is turned into an error for that file, so one bad
// file never stops the batch.
func loadInput(in fitparse.Input, opt analysis.Options, fp string, hist *historyUse) (it *item) {
	it = &item{name: in.Name}
	defer func() {
		if p := recover(); p != nil {
			it.results = nil
			it.err = fmt.Errorf("internal error while reading this file (please report it): %v", p)
		}
	}()
	store := hist.get()
	var rec history.Record
	have := false
	if store != nil && in.ID != nil {
		var current bool
		if rec, have, current = hist.record(in.ID); current && remembered(it, in, store, rec, hist) {
			return it
		}
	}
	// Load counts the bytes (and what they decompress to) against the process's
	// memory budget, so -j workers cannot together exhaust memory.
	ld, err := in.Load()
	defer ld.Release()
	if err != nil {
		it.err = err // not remembered: a file that cannot be opened may be readable later
		return it
	}
	data := ld.Data
	sum := sha256.Sum256(data)
	it.sha256 = hex.EncodeToString(sum[:])
	if store != nil && have && rec.SHA256 == it.sha256 && rec.Analysis == fp {
		// The same bytes with a new time (a copy, a touch): no need to decode.
		if err := store.Touch(in.ID.Key, stampOf(in.ID)); err != nil {
			hist.fail(err)
		} else if remembered(it, in, store, rec, hist) {
			return it
		}
	}
	it.fresh = true
	acts, err := ld.Parse()
	var skip *fitparse.SkipError
	var o history.Outcome
	switch {
	case errors.As(err, &skip):
		it.skip = skip
		o.Skip = skip.Reason
	case err != nil:
		it.err = err
		// Kept without the file's name, which is given anew each time.
		o.Err = strings.TrimPrefix(err.Error(), in.Name+": ")
	default:
		for _, a := range acts {
			zoneFromPosition(a)
			it.results = append(it.results, analysis.Analyze(a, opt))
		}
		o.Results = it.results
	}
	if store != nil && in.ID != nil {
		// The history names an input by its key, so that it serves whatever path
		// leads to the file; File is set again when it is read back.
		for _, r := range o.Results {
			r.File = in.ID.Key
		}
		err := store.Put(in.ID.Key, history.Record{Stamp: stampOf(in.ID), SHA256: it.sha256, Analysis: fp}, o)
		for _, r := range o.Results {
			r.File = in.Name
		}
		if err != nil && !errors.Is(err, history.ErrNotStored) {
			hist.fail(err)
		}
	}
	return it
}

// remembered fills it from the history's record of in; false if the history failed.
func remembered(it *item, in fitparse.Input, store *history.Store, rec history.Record, hist *historyUse) bool {
	o, err := store.Outcome(in.ID.Key)
	if err != nil {
		hist.fail(err)
		return false
	}
	it.sha256 = rec.SHA256
	switch {
	case o.Err != "":
		it.err = rememberedError{in.Name, o.Err}
	case o.Skip != "":
		it.skip = &fitparse.SkipError{File: in.Name, Reason: o.Skip}
	default:
		for _, r := range o.Results {
			r.File = in.Name
		}
		it.results = o.Results
	}
	return true
}

// A rememberedError is a file's error as the history kept it: the same words as when
// the file was read, with the file named as given now.
type rememberedError struct {
	name, msg string
}

func (e rememberedError) Error() string { return e.name + ": " + e.msg }

// zoneFromPosition gives an activity without a time zone of its own the zone of its
// first position.
func zoneFromPosition(a *activity.Activity) {
	if a.Zone != nil {
		return
	}
	for _, s := range a.Samples {
		if !math.IsNaN(s.Lat) && !math.IsNaN(s.Lon) {
			if z := localtime.Zone(s.Lat, s.Lon); z != nil {
				a.Zone, a.ZoneFrom = z, "position"
			}
			return
		}
	}
}

// localize shows activities whose file gives no zone in this machine's zone.
func localize(b *batch) {
	b.results(func(_ *item, r *analysis.Result) {
		if r.Start != nil && r.TimeZoneFrom == "" {
			st := r.Start.In(time.Local)
			r.Start = &st
			r.TimeZone, r.TimeZoneFrom = time.Local.String(), "machine"
		}
	})
}

// markDuplicates marks every activity that is a copy of another in the batch.
func markDuplicates(b *batch) {
	var copies []history.Copy
	b.results(func(it *item, r *analysis.Result) {
		copies = append(copies, history.Copy{Result: r, SHA256: it.sha256})
	})
	for i, j := range history.Dedupe(copies) {
		if j >= 0 {
			f := copies[j].Result.File
			copies[i].Result.DuplicateOf = &f
		}
	}
}

// forgetDeleted drops from the history the files under each folder argument that are
// gone, so it holds an activity only while a file holds it.
func forgetDeleted(store *history.Store, paths []string, inputs []fitparse.Input) {
	seen := map[string]bool{}
	for _, in := range inputs {
		if in.ID != nil {
			seen[in.ID.Key] = true
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil || !info.IsDir() {
			continue
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		store.Forget(abs, seen) // a failure only leaves stale rows that nothing reads
	}
}

// errorLine is the one line that names the file and the reason.
func errorLine(name string, err error) string {
	msg := err.Error()
	if !strings.Contains(msg, name) {
		msg = name + ": " + msg
	}
	return safe(strings.ReplaceAll(msg, "\n", " "))
}

// newProgress returns a progress bar on stderr for long batches when stderr is a
// terminal, else nil.
func newProgress(w io.Writer, n int) *progressbar.ProgressBar {
	w = rawStderr(w) // the bar's own \r must pass the guard that escapes file text
	f, ok := w.(*os.File)
	if !ok || n < 20 {
		return nil
	}
	if info, err := f.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("reading"),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100_000_000))
}

// applyNames names activities from the export metadata found beside them (Strava's
// activities.csv, a Garmin export's JSON): the name the runner gave, where the file
// itself has none or a generic one.
func applyNames(e *env, exp *fitparse.Expander, b *batch) {
	if len(exp.Sidecars) == 0 {
		return
	}
	var cat exportmeta.Catalog
	for _, sc := range exp.Sidecars {
		data, err := sc.Read()
		if err != nil {
			fmt.Fprintf(e.stderr, "cadence: %s\n", errorLine(sc.Name, err))
			continue
		}
		base := sc.Name[strings.LastIndexAny(sc.Name, `/\:`)+1:]
		if strings.EqualFold(base, "activities.csv") {
			err = cat.AddStravaCSV(strings.TrimSuffix(sc.Name, base), bytes.NewReader(data))
		} else {
			err = cat.AddGarminJSON(sc.Name, bytes.NewReader(data))
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "cadence: %s: no activity names read from it: %s\n", safe(sc.Name), safe(err.Error()))
		}
	}
	if cat.Len() == 0 {
		return
	}
	b.results(func(_ *item, r *analysis.Result) {
		var start time.Time
		if r.Start != nil {
			start = *r.Start
		}
		if m, ok := cat.Lookup(r.File, start); ok {
			if m.Name != "" {
				r.Name = m.Name
			}
			r.Gear = m.Gear
		}
	})
}
