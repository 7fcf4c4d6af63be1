package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The collector's budget. A batch keeps little alive between files but allocates
// every record it decodes: with Go's default (collect when the heap has doubled) the
// collector took a third of analyze's time (66 MB/s over corpus/fit, 112 MB/s with
// five times). But a folder of many small files keeps every result until the output
// is written, and five times that is what it cost: 50,000 tiny GPX files held 75 MB
// and peaked at 390 MB. So the heap may grow to five times the live data while that
// is small, and by at most gcHeadroom beyond it (never by less than half the live
// data) once it is larger: the first keeps the speed, the second bounds what each
// file held costs. A batch now sets its results aside on disk, but still holds a
// few hundred bytes a file (its name, hash and the facts that copies and spikes are
// judged on): with Go's default as the floor, 200,000 tiny files peaked at 455-490
// MB, with half the live data 325-335 MB, at the same CPU time.
const (
	gcPercentMax = 400
	gcPercentMin = 50
	gcHeadroom   = 64 << 20
)

var gcTuner sync.Once

// tuneGC sets the collector's budget above, with a 2 GiB ceiling, unless GOGC or
// GOMEMLIMIT say otherwise. After each collection it sets the percentage for the
// live heap that collection found.
func tuneGC() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(2 << 30)
	}
	if os.Getenv("GOGC") != "" {
		return
	}
	gcTuner.Do(func() {
		debug.SetGCPercent(gcPercentMax)
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		percent := gcPercentMax
		var arm func()
		arm = func() {
			// A finalizer runs once the collection that found its object unreachable
			// is done: set the percentage, and arm the next one.
			runtime.SetFinalizer(new([16]byte), func(*[16]byte) {
				metrics.Read(live)
				if live[0].Value.Kind() == metrics.KindUint64 {
					if p := gcPercent(live[0].Value.Uint64()); p != percent {
						percent = p
						debug.SetGCPercent(p)
					}
				}
				arm()
			})
		}
		arm()
	})
}

// gcPercent is the GOGC for a live heap of live bytes: gcPercentMax while the
// headroom it gives is within gcHeadroom, then less, down to gcPercentMin.
func gcPercent(live uint64) int {
	if live == 0 {
		return gcPercentMax
	}
	return int(max(gcPercentMin, min(gcPercentMax, uint64(gcHeadroom)*100/live)))
}
