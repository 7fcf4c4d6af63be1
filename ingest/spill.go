package ingest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"
	"unsafe"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/exportmeta"
	"github.com/cadence-run/cadence/fitparse"
	"github.com/cadence-run/cadence/history"
)

// A batch must not hold every Result of a large folder until its output is written:
// 100,000 tiny files held 365 MB. So while Read reads, once the results it holds pass
// Options.HoldResults, the results of the items read first are encoded (the history's
// binary form, with the start time's location kept beside it) into one temporary
// file of the batch, counted against its temporary space (fitparse.Spool), and
// Item.Results reads them back when a command asks for them. What stays in memory of
// such an item is its name, its hash, where its results lie in the file, and for each
// result the few facts (fact) that the steps over the whole batch need: copies,
// long-run spikes, overlaps. Those steps work on the facts alone; what they decide
// (DuplicateOf, Spike), with the names from export side files and the local time, is
// put on each result as it is read back (settle), exactly as on the results that stayed
// in memory.
//
// When the temporary space is used up (or the disk is full), one warning says so and
// the results of the items read from then on stay in memory: nothing is dropped, but
// memory grows with the number of files again. An item whose results hold series (a
// report keeps some to draw) or a value the binary form cannot hold stays in memory.

// DefaultHoldResults is how many bytes of results (as resultBytes estimates them) a
// batch holds in memory while it reads before it sets the oldest aside on disk: tens
// of thousands of tiny runs, a few thousand long ones.
const DefaultHoldResults = 24 << 20

// A fact is what the batch keeps of one result of an item wherever the result lies:
// what Dedupe compares, with the start in local time as localize gives it, and what the
// steps over the whole batch decided of it.
type fact struct {
	history.Facts
	durS  float64         // elapsed, else moving seconds, else 0: how long a run took (spanOf)
	dup   *string         // DuplicateOf, as the result had it, then as markDuplicates sets it
	spike *analysis.Spike // Spike, as the result had it, then as markSpikes sets it
}

// factOf returns the fact of r, whose file's bytes hash to sha.
func factOf(r *analysis.Result, sha string) fact {
	f := fact{Facts: history.FactsOf(r, sha), dup: r.DuplicateOf, spike: r.Spike}
	if f.HasStart && r.TimeZoneFrom == "" {
		f.Start = f.Start.In(time.Local) // as localize will show it
	}
	switch {
	case r.ElapsedS != nil:
		f.durS = *r.ElapsedS
	case r.MovingS != nil:
		f.durS = *r.MovingS
	}
	return f
}

// run returns the counted run that f is, as coach.RunOf gives its start and distance.
func (f *fact) run() (start time.Time, distanceM float64, ok bool) {
	if f.dup != nil || f.Sport != string(activity.Running) || !f.HasStart || !f.HasDistance {
		return time.Time{}, 0, false
	}
	return f.Start, analysis.Round3(f.DistanceM), true
}

// aside says where an item's results lie in its batch's spool.
type aside struct {
	sp  *spill
	off int64
	n   int
}

// A spill is what a batch sets aside on disk, and what it needs to give the results
// back as the steps over the whole batch left them.
type spill struct {
	mu    sync.Mutex
	exp   *fitparse.Expander
	limit int64 // bytes of results held in memory before the oldest are set aside; < 0 for no limit
	warn  func(format string, args ...any)
	held  int64
	queue []*Item // items whose results are in memory and may be set aside, oldest first
	spool *fitparse.Spool
	full  bool // setting aside failed: hold the rest in memory
	locs  []*time.Location
	locOf map[*time.Location]int
	// names is the catalog of export side files, set once the batch is read.
	names *exportmeta.Catalog
	// aside counts the items set aside.
	aside int
	// scratch is where a result is encoded before it is copied to the record.
	scratch []byte
}

// resultBytes estimates the memory r holds: its struct and what its lists and
// pointers hold.
func resultBytes(r *analysis.Result) int64 {
	n := int(unsafe.Sizeof(*r)) + len(r.File) + len(r.Name) + 3*int(unsafe.Sizeof(analysis.Stats{})) + 16*8 +
		(len(r.PaceBands)+len(r.MilePaceBands))*int(unsafe.Sizeof(analysis.PaceBand{})) +
		len(r.Grades)*int(unsafe.Sizeof(analysis.GradeBand{})) +
		len(r.Judged)*int(unsafe.Sizeof(analysis.JudgedPart{})) +
		len(r.SpeedBins)*int(unsafe.Sizeof(analysis.SpeedBin{})) +
		len(r.RunningDynamics)*int(unsafe.Sizeof(analysis.Dynamics{})) +
		len(r.Warnings)*16
	return int64(n)
}

// add counts the results of it, just read, and sets the oldest items aside while the
// batch holds more than its limit.
func (sp *spill) add(it *Item) {
	if len(it.results) == 0 {
		return
	}
	var n int64
	for _, r := range it.results {
		n += resultBytes(r)
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sp.held += n
	if sp.limit < 0 || sp.full {
		return
	}
	sp.queue = append(sp.queue, it)
	for sp.held > sp.limit && len(sp.queue) > 0 && !sp.full {
		old := sp.queue[0]
		sp.queue[0] = nil
		sp.queue = sp.queue[1:]
		sp.setAside(old)
	}
	if len(sp.queue) == 0 {
		sp.queue = nil // let the array the queue slid along go
	}
}

// setAside writes the results of it to the spool and lets them go; an item that
// cannot be set aside stays as it is. sp.mu is held.
func (sp *spill) setAside(it *Item) {
	var buf []byte
	buf = binary.AppendUvarint(buf, uint64(len(it.results)))
	var n int64
	for _, r := range it.results {
		if r.Series != nil {
			return // kept to be drawn
		}
		data, err := history.AppendResult(sp.scratch[:0], r)
		if err != nil {
			return // a value the form cannot hold: it stays in memory
		}
		sp.scratch = data
		var loc *time.Location
		if r.Start != nil {
			loc = r.Start.Location()
		}
		buf = binary.AppendUvarint(buf, uint64(sp.location(loc)))
		buf = binary.AppendUvarint(buf, uint64(len(data)))
		buf = append(buf, data...)
		n += resultBytes(r)
	}
	if sp.spool == nil {
		s, err := sp.exp.NewSpool()
		if err != nil {
			sp.stop(err)
			return
		}
		sp.spool = s
	}
	off, err := sp.spool.Append(buf)
	if err != nil {
		sp.stop(err)
		return
	}
	it.aside = &aside{sp: sp, off: off, n: len(buf)}
	it.results = nil
	sp.held -= n
	sp.aside++
}

// stop says once that results can no longer be set aside, and why.
func (sp *spill) stop(err error) {
	sp.full = true
	sp.queue = nil
	if sp.warn != nil {
		sp.warn("setting results aside on disk: %v; the results of the files read from now on are held in memory, which grows with their number", err)
	}
}

// location returns the index of loc in the spill's table. sp.mu is held.
func (sp *spill) location(loc *time.Location) int {
	if i, ok := sp.locOf[loc]; ok {
		return i
	}
	if sp.locOf == nil {
		sp.locOf = map[*time.Location]int{}
	}
	sp.locs = append(sp.locs, loc)
	sp.locOf[loc] = len(sp.locs) - 1
	return len(sp.locs) - 1
}

// load reads back the results of it as they were set aside: as Read found them,
// before the steps over the whole batch.
func (a *aside) load(it *Item) ([]*analysis.Result, error) {
	buf := make([]byte, a.n)
	if _, err := a.sp.spool.ReadAt(buf, a.off); err != nil {
		return nil, err
	}
	a.sp.mu.Lock()
	locs := a.sp.locs
	a.sp.mu.Unlock()
	bad := errors.New("damaged record")
	k, m := binary.Uvarint(buf)
	if m <= 0 || k > uint64(len(buf)) {
		return nil, bad
	}
	buf = buf[m:]
	rs := make([]*analysis.Result, 0, k)
	for range k {
		li, m1 := binary.Uvarint(buf)
		if m1 <= 0 || li >= uint64(len(locs)) {
			return nil, bad
		}
		buf = buf[m1:]
		size, m2 := binary.Uvarint(buf)
		if m2 <= 0 || size > uint64(len(buf)-m2) {
			return nil, bad
		}
		r, err := history.DecodeResult(buf[m2 : m2+int(size)])
		if err != nil {
			return nil, err
		}
		buf = buf[m2+int(size):]
		if r.Start != nil {
			st := r.Start.In(locs[li])
			r.Start = &st
		}
		r.Athlete = it.Athlete
		compact(r) // a report keeps what it draws: as small as what stayed in memory
		rs = append(rs, r)
	}
	return rs, nil
}

// raw returns the results of it as Read found them, from memory or from the spool,
// for a copy of its content to take: while Read reads, another worker may set it aside.
func (sp *spill) raw(it *Item) ([]*analysis.Result, error) {
	sp.mu.Lock()
	rs, a := it.results, it.aside
	sp.mu.Unlock()
	if a == nil {
		return rs, nil
	}
	return a.load(it)
}

// settle puts on r, a result of the batch, what the steps over the whole batch
// decided of it (f): the names of export side files, the local time, copies, spikes.
// It does what applyNames, localize, markDuplicates and markSpikes did to the results
// held in memory, in the same order.
func (sp *spill) settle(r *analysis.Result, f *fact) {
	if sp.names != nil {
		nameOne(sp.names, r)
	}
	localizeOne(r)
	r.DuplicateOf = f.dup
	r.Spike = f.spike
}

// Results returns the item's activities. Those set aside on disk while the batch was
// read are read back, as fresh Results each time; if that fails (the temporary file
// cannot be read), Results returns none and sets Err to say so: call it before
// looking at Err.
func (it *Item) Results() []*analysis.Result {
	if it.aside == nil {
		return it.results
	}
	rs, err := it.aside.load(it)
	if err != nil {
		it.Err = fmt.Errorf("%s: its results, set aside in a temporary file while the batch was read, could not be read back: %w", it.Name, err)
		return nil
	}
	for i, r := range rs {
		it.aside.sp.settle(r, &it.facts[i])
	}
	return rs
}

// SetAside returns how many items of the batch had their results set aside on disk.
func (b *Batch) SetAside() int {
	if b.spill == nil {
		return 0
	}
	b.spill.mu.Lock()
	defer b.spill.mu.Unlock()
	return b.spill.aside
}
