package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/report"
)

// A report over a folder that has not changed since the last one would write the
// same bytes into every file, yet rendering and comparing them (every index and
// year page, every run's advice, the click tracks, the trend picture) is most of
// the work of a rerun: 7 CPU-seconds for a roster of 50 athletes with two years of
// runs each. So a report that wrote everything without a fault records a key of
// what it was written from (reportKey) in its manifest, and a report whose key is
// the same finds its files in place (foundInPlace) and writes nothing.
//
// The key covers everything a report's files are made from: the batch (its
// digest: every input's bytes, errors and results, copies and spikes included),
// the options that change what is written, the pain diary's bytes, the day and the
// next long run as of now (the only words that change with the time), and the
// program itself (the versions of the analysis and of the drawing, and the binary
// running, so that a new build checks everything once).

// reportInPlace sweeps the stale temporary files of dir (removeStaleTemps) and
// reports whether the report of b with cm's options is found in place there: when
// it is, done is what reportBatch would say, and nothing need be written. key is
// the report's key, "" when it has none (an input failed, say), for the manifest
// of a report written the long way. It writes nothing else and prints nothing, so
// a roster looks at its athletes' folders at once.
func reportInPlace(b *ingest.Batch, cm *common, dir string, now time.Time) (done reportDone, key string, found bool) {
	present := removeStaleTemps(dir)
	var runs []*plannedRun
	for _, it := range b.Items {
		if it.Err != nil {
			return done, "", false
		}
		for _, r := range it.Results {
			switch {
			case it.Skip != nil:
			case r.DuplicateOf != nil:
				done.copies++
			case drawable(r):
				runs = append(runs, &plannedRun{it: it, r: r})
			}
		}
	}
	if failed, _ := failedInputs(b); len(failed) > 0 {
		return done, "", false
	}
	key = reportKey(b, cm, now)
	head, ok := readManifestHead(dir)
	if !ok || key == "" || head.Key != key {
		return done, key, false
	}
	rows, found := foundInPlace(runs, head, present)
	if !found {
		return done, key, false
	}
	// Written from exactly this before, and all still there: nothing to do.
	if inPlaceHook != nil {
		inPlaceHook(dir, true)
	}
	for _, row := range rows {
		if row.PNG != "" {
			done.unchanged++
		}
	}
	done.status, done.written, done.rows = exitOK, true, rows
	return done, key, true
}

// reportKey is the key of the report of b with cm's options, or "" when there is
// none (a result the history cannot hold, a diary that cannot be read, a binary
// that cannot be named), and the report is then written the long way.
func reportKey(b *ingest.Batch, cm *common, now time.Time) string {
	bin := buildID()
	if bin == "" {
		return ""
	}
	digest, ok := b.Digest()
	if !ok {
		return ""
	}
	diary := ""
	if cm.notes != "" {
		data, err := readRegular(cm.notes, maxDiaryKey)
		if err != nil {
			return ""
		}
		sum := sha256.Sum256(data)
		diary = hex.EncodeToString(sum[:])
	}
	// The index words the next long run as of now, by the 30 days to the minute.
	var runs []coach.Run
	b.Results(func(_ *ingest.Item, r *analysis.Result) {
		if run, ok := coach.RunOf(r); ok {
			runs = append(runs, run)
		}
	})
	lr, ok := coach.NextLongRun(runs, now)
	longRun := fmt.Sprint(ok, lr.AsOf.Format(time.DateOnly), lr.LongestM)
	h := sha256.New()
	for _, s := range []string{renderVersion, analysis.Version, report.RunPageVersion, bin,
		now.Format(time.DateOnly + " Z07:00"), longRun, cm.units, fmt.Sprint(cm.threshold),
		cm.planStart.Format(time.RFC3339), fmt.Sprint(cm.shoeLimitM), diary, digest} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// inPlaceHook, when set (by tests), is called for each report folder dir whose
// key is recorded (written the long way) or found (inPlace, nothing written).
var inPlaceHook func(dir string, inPlace bool)

// maxDiaryKey is the largest pain diary a report's key reads; a larger one is
// read the long way, where it gets its own clear line.
const maxDiaryKey = 16 << 20

// buildID names the program running: its build's version control state, and its
// binary's path, size and time, so that a report kept by one build is written again,
// once, by the next. It is "" when the binary cannot be found.
var buildID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	info, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	id := fmt.Sprintf("%s|%d|%d", exe, info.Size(), info.ModTime().UnixNano())
	if bi, ok := debug.ReadBuildInfo(); ok {
		id += "|" + bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				id += "|" + s.Value
			}
		}
	}
	return id
})

// readManifestHead reads the head of dir's manifest: its version, key, pages and
// click tracks, without the runs, whose decoding is most of reading a manifest. ok
// is false when it has no key of this drawing code's version, or cannot be read.
func readManifestHead(dir string) (m manifest, ok bool) {
	data, err := readRegular(filepath.Join(dir, manifestName), maxManifest)
	if err != nil {
		return m, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return m, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return m, false
		}
		var dst any
		switch t {
		case "version":
			dst = &m.Version
		case "key":
			dst = &m.Key
		case "pages":
			dst = &m.Pages
		case "clicks":
			dst = &m.Clicks
		default: // the runs, after the head
			return m, m.Version == renderVersion && m.Key != ""
		}
		if dec.Decode(dst) != nil {
			return m, false
		}
	}
	return m, m.Version == renderVersion && m.Key != ""
}

// foundInPlace gives the index's rows of a report whose key is head's, when every
// file of it is still in place: each run's pages and pictures under the names and
// folders the last report gave them (the names planRuns gives the same runs), and
// the pages and click tracks head names; present holds the report's regular files
// (removeStaleTemps). A file removed by hand makes it false, and the report is
// written again.
func foundInPlace(runs []*plannedRun, head manifest, present map[string]bool) ([]report.IndexRow, bool) {
	if !present[report.IndexPage] {
		return nil, false
	}
	for _, f := range append(head.Pages, head.Clicks...) {
		if !present[f] {
			return nil, false
		}
	}
	nameRuns(runs, nil)
	rows := make([]report.IndexRow, 0, len(runs))
	for _, pr := range runs {
		at := pr.folder + "/" + pr.base
		row := report.IndexRow{Result: pr.r, Advice: at + ".html"}
		if !present[at+".md"] || !present[row.Advice] {
			return nil, false
		}
		if pr.r.Cadence != nil {
			row.PNG, row.Thumb = at+".png", at+".thumb.png"
			if !present[row.PNG] || !present[row.Thumb] {
				return nil, false
			}
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool { return startOf(rows[i].Result).After(startOf(rows[j].Result)) })
	return rows, true
}
