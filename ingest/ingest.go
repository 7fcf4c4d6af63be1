package ingest

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
	"github.com/cadence-run/cadence/history"
	"github.com/cadence-run/cadence/localtime"
)

// Options say how a batch is read.
type Options struct {
	// Analysis is what every activity is analysed with.
	Analysis analysis.Options
	// Jobs is how many inputs are read at once; at least 1.
	Jobs int
	// History is the cache of what earlier runs read; nil reads every file afresh
	// and remembers nothing.
	History *History
	// KeepSeries is how many bytes of series Read may keep for the results that Keep
	// accepts (a report draws them); the rest are dropped, and Batch.Series makes
	// them again from the file.
	KeepSeries int64
	// Keep says whose series may be kept; nil keeps none.
	Keep func(*analysis.Result) bool
	// Stdin is what the path "-" reads.
	Stdin io.Reader
	// Warn, when set, is given one line (without a trailing line feed) for each
	// problem that is not one input's own: a history that failed, export side files
	// that could not be read. The line may hold text from files: escape it.
	Warn func(line string)
	// Meter, when set, is asked for a progress meter of n steps; it may return nil.
	Meter func(n int, what string) Meter
	// Athlete names whose runs the inputs are; "" is the default athlete. It is not
	// used with Athletes.
	Athlete string
	// Athletes says that each folder or export zip inside each folder given is one
	// athlete's, named after it (athleteRoots).
	Athletes bool
}

// A Meter shows the progress of a batch: a step is one input. The progress bar of
// github.com/schollz/progressbar satisfies it.
type Meter interface {
	Add(n int) error
	Finish() error
	Clear() error
}

func (o *Options) warn(format string, args ...any) {
	if o.Warn != nil {
		o.Warn(fmt.Sprintf(format, args...))
	}
}

func (o *Options) meter(n int, what string) Meter {
	if o.Meter == nil {
		return nil
	}
	return o.Meter(n, what)
}

// An Item is the outcome of one input: its activities analysed, a skip note, or an
// error. Exactly one of Results, Skip and Err says what happened.
type Item struct {
	Name string
	// Athlete is whose input this is ("" for the default athlete); every result of
	// the item carries it too.
	Athlete string
	Input   int // index into the batch's inputs
	Results []*analysis.Result
	// SHA256 names the input's bytes, "" if they were not read: their SHA-256 in hex
	// with a history; without one a cheaper hash that tells copies apart (contentHash).
	SHA256 string
	Skip   *fitparse.SkipError
	Err    error
	Fresh  bool // read from the file in this run, not from the history
}

// A Batch is every input under the paths a command was given, read once, with the
// activities that are copies of another marked. Its archives stay open until Close.
type Batch struct {
	Items    []*Item
	inputs   []fitparse.Input
	athletes []string // of each input
	exp      *fitparse.Expander
	opt      analysis.Options
	// roster is every athlete a folder given with Options.Athletes holds, in order,
	// those without an input included.
	roster []string
	view   bool // a view of one athlete's inputs (Of), which closes nothing
	// views are the items of each athlete, made by the first Of: a batch's items
	// do not change once it is read.
	viewsOnce sync.Once
	views     map[string][]*Item
}

// Close closes the archives the batch read from; on a view (Of) it does nothing.
func (b *Batch) Close() error {
	if b.view {
		return nil
	}
	return b.exp.Close()
}

// Results calls f for every activity of the batch in input order.
func (b *Batch) Results(f func(it *Item, r *analysis.Result)) {
	for _, it := range b.Items {
		for _, r := range it.Results {
			f(it, r)
		}
	}
}

// Key returns the stable name of input i (its real path, with the archive member
// after a colon), or "" when it has none (standard input, or a file that could not
// be opened).
func (b *Batch) Key(i int) string {
	if id := b.inputs[i].ID; id != nil {
		return id.Key
	}
	return ""
}

// Name returns the name of input i as the paths given lead to it.
func (b *Batch) Name(i int) string { return b.inputs[i].Name }

// Inputs returns how many inputs the batch has.
func (b *Batch) Inputs() int { return len(b.inputs) }

// SidecarKeys returns the stable names of the export side files the batch met.
func (b *Batch) SidecarKeys() []string {
	var keys []string
	for _, in := range b.exp.Sidecars {
		if in.ID != nil {
			keys = append(keys, in.ID.Key)
		}
	}
	return keys
}

// Read reads, parses and analyses every input under paths on opt.Jobs workers, or
// takes what the history already has of an unchanged input. The activities come back
// with copies of one activity marked (DuplicateOf), names from export metadata, start
// times in local time and long-run spikes; without their series, except, up to
// opt.KeepSeries bytes, those that opt.Keep accepts of activities analysed now.
func Read(paths []string, opt Options) *Batch {
	fp := fingerprint(opt.Analysis)
	exp := &fitparse.Expander{Stdin: opt.Stdin}
	var store *history.Store
	if opt.History != nil {
		store = opt.History.s
		opt.History.noteReadOnly(opt.warn)
	}
	hist := historyUse{store: store, fp: fp}
	if store != nil {
		// What the history has of every input, at once; a file it read before with
		// the same identity need not even be sniffed.
		if recs, err := store.Records(); err != nil {
			hist.fail(err)
		} else {
			hist.known = recs
			hist.bySHA = make(map[string]string, len(recs))
			for k, r := range recs {
				if r.Analysis == fp {
					hist.bySHA[r.SHA256] = k
				}
			}
			exp.Known = func(id fitparse.Identity) bool {
				_, _, current := hist.record(&id)
				return current
			}
		}
	}
	b := &Batch{exp: exp, opt: opt.Analysis}
	prefetch, prefetched := hist.prefetchAsync()
	if !opt.Athletes {
		b.inputs = exp.Expand(paths)
		b.athletes = make([]string, len(b.inputs))
		for i := range b.athletes {
			b.athletes[i] = opt.Athlete
		}
		prefetch <- b.inputs
	} else {
		for _, r := range athleteRoots(paths, &opt) {
			b.roster = append(b.roster, r.athlete)
			ins := exp.Expand([]string{r.path})
			prefetch <- ins
			b.inputs = append(b.inputs, ins...)
			for range ins {
				b.athletes = append(b.athletes, r.athlete)
			}
		}
	}
	close(prefetch)
	prefetched()
	b.Items = make([]*Item, len(b.inputs))

	var keep atomic.Int64 // bytes of series that may still be kept
	keep.Store(opt.KeepSeries)
	bar := opt.meter(len(b.inputs), "reading")
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(max(opt.Jobs, 1), max(len(b.inputs), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				it := load(b.inputs[i], b.athletes[i], opt.Analysis, fp, &hist)
				it.Input = i
				it.Athlete = b.athletes[i]
				for _, r := range it.Results {
					r.Athlete = it.Athlete
					// Series are large: keep them only for what may be drawn, within
					// the budget; Series makes the others again.
					n := int64(len(r.Series)) * int64(unsafe.Sizeof(analysis.Point{}))
					if opt.Keep == nil || !opt.Keep(r) || n == 0 || keep.Add(-n) < 0 {
						r.Series = nil
					}
				}
				b.Items[i] = it
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
		opt.warn("%v; carried on without the history", err)
	}
	if store != nil {
		forgetDeleted(store, paths, b.inputs)
	}
	applyNames(&opt, exp, b)
	localize(b)
	markDuplicates(b)
	markSpikes(&opt, b, store, hist.known)
	return b
}

// historyUse is the history as the workers share it: after its first failure (a disk
// full, say) it is left alone, and the batch goes on reading files.
type historyUse struct {
	store *history.Store
	fp    string                    // the analysis fingerprint results must carry
	known map[string]history.Record // every input the history had at the start; read-only
	// stored is the outcome, still encoded, of every input that is current
	// (prefetch): read in one pass before the workers start; read-only.
	stored map[string]*history.Stored
	// bySHA names, for each content the history read with the same analysis, an input
	// that holds it: a copy at another path is taken from there; read-only.
	bySHA    map[string]string
	contents contents // what the batch's workers decoded, by content
	mu       sync.Mutex
	err      error
}

// record returns what the history had of the input id at the start, whether it had
// it, and whether it is current: the same stamp, analysed the same way.
func (h *historyUse) record(id *fitparse.Identity) (rec history.Record, have, current bool) {
	rec, have = h.known[id.Key]
	return rec, have, have && rec.Stamp == stampOf(id) && rec.Analysis == h.fp
}

// prefetch reads the stored outcomes of every input that is current, in one pass:
// a rerun over an unchanged folder then asks the history nothing more per file. An
// input left out (the history failed, or another cadence changed it meanwhile) is
// asked for on its own, or read again.
func (h *historyUse) prefetch(inputs []fitparse.Input) {
	if h.get() == nil {
		return
	}
	var keys []string
	for _, in := range inputs {
		if in.ID != nil {
			if _, _, current := h.record(in.ID); current {
				keys = append(keys, in.ID.Key)
			}
		}
	}
	if len(keys) == 0 {
		return
	}
	stored, err := h.store.Outcomes(keys)
	if err != nil {
		h.fail(err)
		return
	}
	if h.stored == nil {
		h.stored = stored
		return
	}
	for k, v := range stored {
		h.stored[k] = v
	}
}

// prefetchAsync starts prefetching on a goroutine of its own: each list of inputs
// sent to the channel returned is prefetched while the next is being listed (a
// roster lists each athlete's folder in turn). Close the channel, then call the
// wait function returned before reading h.stored.
func (h *historyUse) prefetchAsync() (chan<- []fitparse.Input, func()) {
	lists := make(chan []fitparse.Input, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ins := range lists {
			h.prefetch(ins)
		}
	}()
	return lists, func() { <-done }
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

// fingerprint names what an input's results depend on besides its bytes: the
// analysis version and the options. Units are not among them: a Result serves both.
func fingerprint(opt analysis.Options) string {
	return fmt.Sprintf("analysis %s; threshold %g", analysis.Version, opt.Threshold)
}

func stampOf(id *fitparse.Identity) history.Stamp {
	return history.Stamp{Size: id.Size, ModNS: id.ModNS, CRC32: id.CRC32}
}

// load returns the outcome of one input: from the history when its stamp (or,
// failing that, its content) is unchanged, else read, parsed and analysed, and then
// remembered. A panic in a reader is turned into an error for that file, so one bad
// file never stops the batch.
func load(in fitparse.Input, athlete string, opt analysis.Options, fp string, hist *historyUse) (it *Item) {
	it = &Item{Name: in.Name}
	panicked := true // until load returns
	defer func() {
		if p := recover(); p != nil {
			it.Results = nil
			it.Err = fmt.Errorf("internal error while reading this file (please report it): %v", p)
		}
	}()
	store := hist.get()
	var rec history.Record
	have := false
	if store != nil && in.ID != nil {
		var current bool
		rec, have, current = hist.record(in.ID)
		if have && rec.Athlete != athlete {
			// The same file, now said to be another athlete's (or read without
			// --athletes after with it): its runs move with it.
			if err := store.SetAthlete(in.ID.Key, athlete); err != nil {
				hist.fail(err)
			}
		}
		if current && remembered(it, in, store, rec, hist) {
			return it
		}
	}
	// Load counts the bytes (and what they decompress to) against the process's
	// memory budget, so the workers cannot together exhaust memory.
	ld, err := in.Load()
	defer ld.Release()
	if err != nil {
		it.Err = err // not remembered: a file that cannot be opened may be readable later
		return it
	}
	data := ld.Data
	it.SHA256 = contentHash(data, store != nil)
	if store != nil && have && rec.SHA256 == it.SHA256 && rec.Analysis == fp {
		// The same bytes with a new time (a copy, a touch): no need to decode.
		if err := store.Touch(in.ID.Key, stampOf(in.ID)); err != nil {
			hist.fail(err)
		} else if remembered(it, in, store, rec, hist) {
			return it
		}
	}
	if store != nil && in.ID != nil && hist.copyStored(it, in, athlete, store) {
		return it // the same bytes under another path that the history read
	}
	if c, first := hist.contents.claim(it.SHA256); !first {
		// A copy of a content another worker of this batch reads: wait for it, without
		// holding memory that it may need.
		ld.Release()
		if hist.contents.fill(c, it, in.Name) {
			if store != nil && in.ID != nil {
				remember(store, hist, in, history.Record{Stamp: stampOf(in.ID), SHA256: it.SHA256, Analysis: fp, Athlete: athlete},
					history.Outcome{Results: it.Results})
			}
			return it
		}
		// It had nothing to share (an error, a skip): read the file as it is.
		if ld, err = in.Load(); err != nil {
			it.Err = err
			return it
		}
		defer ld.Release()
		data = ld.Data
	} else {
		defer func() { hist.contents.publish(c, it.Results, it.Err == nil && it.Skip == nil && !panicked) }()
	}
	it.Fresh = true
	acts, err := ld.Parse()
	var skip *fitparse.SkipError
	var o history.Outcome
	switch {
	case errors.As(err, &skip):
		it.Skip = skip
		o.Skip = skip.Reason
	case err != nil:
		it.Err = err
		// Kept without the file's name, which is given anew each time.
		o.Err = strings.TrimPrefix(err.Error(), in.Name+": ")
	default:
		for _, a := range acts {
			zoneFromPosition(a)
			r := analysis.Analyze(a, opt)
			compact(r) // before copies of this content may take it (publish)
			it.Results = append(it.Results, r)
		}
		o.Results = it.Results
	}
	if store != nil && in.ID != nil {
		remember(store, hist, in, history.Record{Stamp: stampOf(in.ID), SHA256: it.SHA256, Analysis: fp, Athlete: athlete}, o)
	}
	panicked = false
	return it
}

// remember stores o, the outcome of reading in, in the history. The history names an
// input by its key, so that it serves whatever path leads to the file; File is set
// again when it is read back.
func remember(store *history.Store, hist *historyUse, in fitparse.Input, rec history.Record, o history.Outcome) {
	for _, r := range o.Results {
		r.File = in.ID.Key
	}
	err := store.Put(in.ID.Key, rec, o)
	for _, r := range o.Results {
		r.File = in.Name
	}
	if err != nil && !errors.Is(err, history.ErrNotStored) {
		hist.fail(err)
	}
}

// remembered fills it from the history's record of in; false if the history failed.
func remembered(it *Item, in fitparse.Input, store *history.Store, rec history.Record, hist *historyUse) bool {
	var o history.Outcome
	var err error
	if st, ok := hist.stored[in.ID.Key]; ok {
		o, err = store.Decode(in.ID.Key, st)
	} else {
		o, err = store.Outcome(in.ID.Key)
	}
	if err != nil {
		hist.fail(err)
		return false
	}
	it.SHA256 = rec.SHA256
	switch {
	case o.Err != "":
		it.Err = rememberedError{in.Name, o.Err}
	case o.Skip != "":
		it.Skip = &fitparse.SkipError{File: in.Name, Reason: o.Skip}
	default:
		for _, r := range o.Results {
			r.File = in.Name
			compact(r)
		}
		it.Results = o.Results
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

// ErrorLine is the one line that names the file and the reason, without line breaks.
// It may hold text from the file: escape it before it is shown.
func ErrorLine(name string, err error) string {
	msg := err.Error()
	if !strings.Contains(msg, name) {
		msg = name + ": " + msg
	}
	return strings.ReplaceAll(msg, "\n", " ")
}
