package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/exportmeta"
	"github.com/cadence-run/cadence/fitparse"
	"github.com/cadence-run/cadence/history"
)

// What Read does once every input is read: the steps that look at the whole batch.

// markSpikes compares every counted run with the longest run of the 30 days before
// it, among the runs of the same athlete in the batch and in the history, and says
// when two of an athlete's runs overlap in time. The history is asked once for the
// whole batch's window, whatever the number of athletes, and not at all when every
// input it knew at the start is one of the batch's (beyond is false): a rerun over the
// same folders.
func markSpikes(opt *Options, b *Batch, store *history.Store, beyond bool) {
	athletes, items := b.byAthlete()
	var first, last time.Time
	for _, it := range b.Items {
		for k := range it.facts {
			if start, _, ok := it.facts[k].run(); ok {
				if first.IsZero() || start.Before(first) {
					first = start
				}
				if start.After(last) {
					last = start
				}
			}
		}
	}
	if first.IsZero() {
		return
	}
	rows := map[string][]history.RunRow{}
	var firsts map[string]time.Time
	var inBatch map[string]bool
	if store != nil && beyond {
		inBatch = make(map[string]bool, len(b.inputs))
		for i := range b.inputs {
			if k := b.Key(i); k != "" {
				inBatch[k] = true
			}
		}
		runs, err := store.Runs(first.Add(-coach.SpikeWindow), last)
		if err != nil {
			opt.warn("%v; long-run spikes are judged on the files given only", err)
		}
		for _, r := range runs {
			rows[r.Athlete] = append(rows[r.Athlete], r)
		}
		// How far back each runner is known: the earliest run the history holds,
		// which may lie before the 30 days looked at.
		firsts, _ = store.FirstRuns()
	}
	for _, a := range athletes {
		t, ok := firsts[a]
		markAthleteSpikes(opt, a, items[a], historyRuns(items[a], inBatch, rows[a]), t, ok)
	}
}

// markAthleteSpikes marks the spikes of one athlete's items (in their facts) against
// their own runs and those of the history (hist), known from firstRun on when
// haveFirst.
func markAthleteSpikes(opt *Options, athlete string, items []*Item, hist []*analysis.Result, firstRun time.Time, haveFirst bool) {
	var priors []coach.Prior
	var spans []coach.Span
	for _, it := range items {
		for k := range it.facts {
			f := &it.facts[k]
			if start, dist, ok := f.run(); ok {
				priors = append(priors, coach.Prior{Start: start, DistanceM: dist})
				spans = append(spans, coach.Span{Start: start, End: start.Add(time.Duration(f.durS * float64(time.Second))), File: f.File})
			}
		}
	}
	if len(priors) == 0 {
		return
	}
	for _, r := range hist {
		if run, ok := coach.RunOf(r); ok {
			priors = append(priors, coach.Prior{Start: run.Start, DistanceM: run.DistanceM})
			if sp, ok := spanOf(r); ok {
				spans = append(spans, sp)
			}
		}
	}
	if haveFirst {
		// A Prior without a distance only dates the history.
		priors = append(priors, coach.Prior{Start: firstRun})
	}
	warnOverlap(opt, athlete, spans)
	longest := coach.NewLongest(priors)
	for _, it := range items {
		for k := range it.facts {
			if start, dist, ok := it.facts[k].run(); ok {
				it.facts[k].spike = longest.SpikeOf(start, dist)
			}
		}
	}
}

// historyRuns returns the runs of the history (known, one athlete's) that count
// beside that athlete's items: not those of the batch's own inputs (inBatch: the
// batch has them, with its copies marked), not copies of an activity of the batch,
// and of each set of copies among the rest only the one Dedupe counts, so that the
// distance used is that of the counted copy, as without the history.
func historyRuns(items []*Item, inBatch map[string]bool, known []history.RunRow) []*analysis.Result {
	if len(known) == 0 {
		return nil
	}
	var cs []*history.Facts
	for _, it := range items {
		for k := range it.facts {
			cs = append(cs, &it.facts[k].Facts)
		}
	}
	batch := len(cs)
	var rows []*analysis.Result // of each fact past batch
	for _, k := range known {
		if !inBatch[k.Input] {
			c := k.Copy()
			f := history.FactsOf(c.Result, c.SHA256)
			cs = append(cs, &f)
			rows = append(rows, c.Result)
		}
	}
	if len(cs) == batch {
		return nil
	}
	dup := history.DedupeFacts(cs)
	root := func(i int) int {
		if dup[i] >= 0 {
			return dup[i]
		}
		return i
	}
	hasBatch := map[int]bool{}
	for i := 0; i < batch; i++ {
		hasBatch[root(i)] = true
	}
	var out []*analysis.Result
	for i := batch; i < len(cs); i++ {
		if dup[i] < 0 && !hasBatch[i] {
			out = append(out, rows[i-batch])
		}
	}
	return out
}

// localizeOne shows an activity whose file gives no zone in this machine's zone.
func localizeOne(r *analysis.Result) {
	if r.Start != nil && r.TimeZoneFrom == "" {
		st := r.Start.In(time.Local)
		r.Start = &st
		r.TimeZone, r.TimeZoneFrom = time.Local.String(), "machine"
	}
}

// markDuplicates marks (in the facts) every activity that is a copy of another of
// the same athlete in the batch: two athletes' watches on one group run are two runs.
func markDuplicates(b *Batch) {
	athletes, items := b.byAthlete()
	for _, a := range athletes {
		var copies []*history.Facts
		var of []*fact
		for _, it := range items[a] {
			for k := range it.facts {
				copies = append(copies, &it.facts[k].Facts)
				of = append(of, &it.facts[k])
			}
		}
		for i, j := range history.DedupeFacts(copies) {
			if j >= 0 {
				f := copies[j].File
				of[i].dup = &f
			}
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

// maxSidecarBytes is the largest export side file whose names are read. A Strava
// activities.csv holds one row of about 1.5 KB an activity and a Garmin summary a
// few KB, so 32 MB is tens of thousands of activities; a larger one (a million rows
// of a generated or broken file) would take gigabytes once parsed, and its names are
// not worth losing every activity of the batch to an out-of-memory crash. The
// catalog holds at most exportmeta.MaxEntries besides. A variable so that tests can
// lower it.
var maxSidecarBytes int64 = 32 << 20

// catalog reads the export metadata found beside the activities (Strava's
// activities.csv, a Garmin export's JSON), which names them (nameOne); nil when there
// is none. A side file over maxSidecarBytes is not read, with one line saying so; one
// that is read counts against fitparse's memory budget while it is parsed.
func catalog(opt *Options, exp *fitparse.Expander) *exportmeta.Catalog {
	if len(exp.Sidecars) == 0 {
		return nil
	}
	var cat exportmeta.Catalog
	for _, sc := range exp.Sidecars {
		if n := sc.Size(); n > maxSidecarBytes {
			opt.warn("%s: %d MB, more than the %d MB a side file may hold: activity names and gear from it are not read",
				sc.Name, (n+(1<<20)-1)>>20, maxSidecarBytes>>20)
			continue
		}
		ld, err := sc.Load()
		if err != nil {
			ld.Release()
			opt.warn("%s", ErrorLine(sc.Name, err))
			continue
		}
		base := sc.Name[strings.LastIndexAny(sc.Name, `/\:`)+1:]
		if strings.EqualFold(base, "activities.csv") {
			err = cat.AddStravaCSV(strings.TrimSuffix(sc.Name, base), bytes.NewReader(ld.Data))
		} else {
			err = cat.AddGarminJSON(sc.Name, bytes.NewReader(ld.Data))
		}
		ld.Release()
		switch {
		case errors.Is(err, exportmeta.ErrTooMany):
			opt.warn("%s: holds %s", sc.Name, exportmeta.ErrTooMany.Error())
		case err != nil:
			opt.warn("%s: no activity names read from it: %s", sc.Name, err.Error())
		}
	}
	if cat.Len() == 0 {
		return nil
	}
	return &cat
}

// nameOne gives r the name the runner gave it and its gear, from cat: where the file
// itself has none or a generic one.
func nameOne(cat *exportmeta.Catalog, r *analysis.Result) {
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
}

// Copies finds the copies among results (the same activity exported as FIT, GPX
// and TCX, or downloaded twice), by the rule the batch marks them with
// (duplicate_of): for each result, the index of the copy that counts, or -1 for one
// that counts itself. It is for results read back from records made file by file,
// which cannot know each other; the bytes are not known, so copies are found by
// time, sport and distance.
func Copies(results []*analysis.Result) []int {
	cs := make([]history.Copy, len(results))
	for i, r := range results {
		cs[i] = history.Copy{Result: r}
	}
	return history.Dedupe(cs)
}
