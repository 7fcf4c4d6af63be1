package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/report"
)

// renderVersion names the drawing code: change it whenever the same result would be
// drawn differently, so that every dashboard is drawn again.
const renderVersion = "2"

// manifestName is the report folder's record of what it holds: which run each output
// belongs to and what it was drawn from. Only files it names are ever removed.
const manifestName = ".cadence-report.json"

type manifest struct {
	Version string                 `json:"version"`
	Runs    map[string]manifestRun `json:"runs"` // by output base name
	Pages   []string               `json:"pages"`
	Clicks  []string               `json:"clicks"`
}

type manifestRun struct {
	// Fingerprint is what the run's pictures were drawn from: its result, the bytes of
	// its file, and the drawing code; "" when they could not be drawn.
	Fingerprint string   `json:"fingerprint"`
	Files       []string `json:"files"`
}

// A plannedRun is one run or walk of the report: its result, its output names, and
// whether its pictures must be drawn.
type plannedRun struct {
	it          *ingest.Item
	r           *analysis.Result
	base        string
	fingerprint string
	png, thumb  string // set when the pictures exist (drawn now or before)
	draw        bool
}

func readManifest(dir string) manifest {
	m := manifest{Runs: map[string]manifestRun{}}
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return m
	}
	if json.Unmarshal(data, &m) != nil || m.Version != renderVersion || m.Runs == nil {
		// Unreadable or from another drawing code: draw everything again, and remove
		// nothing it names (it may be damaged).
		return manifest{Runs: map[string]manifestRun{}}
	}
	return m
}

func writeManifest(dir string, m manifest) error {
	return writeAtomic(filepath.Join(dir, manifestName), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(m)
	})
}

// planRuns names every run's outputs (in order of start, so names do not depend on
// the order files were read in) and decides which must be drawn: those whose
// fingerprint is not the one the folder's manifest has, or whose pictures are gone.
// It returns the manifest to write once the report is done.
func planRuns(runs []*plannedRun, old manifest, dir string, imperial bool) manifest {
	sort.SliceStable(runs, func(i, j int) bool {
		a, b := runs[i].r, runs[j].r
		if sa, sb := startOf(a), startOf(b); !sa.Equal(sb) {
			return sa.Before(sb)
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Index < b.Index
	})
	names := &uniqueNames{seen: map[string]int{}}
	next := manifest{Version: renderVersion, Runs: map[string]manifestRun{}}
	for _, pr := range runs {
		pr.base = names.next(baseName(pr.r))
		pr.fingerprint = fingerprint(pr, imperial)
		files := []string{pr.base + ".md", pr.base + ".html"}
		if pr.r.Cadence != nil {
			png, thumb := pr.base+".png", pr.base+".thumb.png"
			files = append(files, png, thumb)
			if o, ok := old.Runs[pr.base]; ok && o.Fingerprint == pr.fingerprint && exists(dir, png) && exists(dir, thumb) {
				pr.png, pr.thumb = png, thumb
			} else {
				pr.draw = true
			}
		}
		next.Runs[pr.base] = manifestRun{Fingerprint: pr.fingerprint, Files: files}
	}
	return next
}

func exists(dir, name string) bool {
	info, err := os.Stat(filepath.Join(dir, name))
	return err == nil && info.Mode().IsRegular()
}

// fingerprint names what a run's pictures show: its result (without series), the
// bytes it was read from, the units and the drawing code.
func fingerprint(pr *plannedRun, imperial bool) string {
	js, _ := json.Marshal(pr.r)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%t\x00%s\x00", renderVersion, analysis.Version, pr.it.SHA256, imperial, pr.it.Name)
	h.Write(js)
	return hex.EncodeToString(h.Sum(nil))
}

// drawRuns draws the dashboards and thumbnails of the runs that need them, reading
// their files again for the series (the batch keeps none), on cm.jobs workers. It
// returns how many runs it drew.
func drawRuns(e *env, b *ingest.Batch, cm *common, dir string, runs []*plannedRun, imperial bool, next manifest) int {
	byInput := map[int][]*plannedRun{}
	var order []int
	for _, pr := range runs {
		if !pr.draw {
			continue
		}
		if byInput[pr.it.Input] == nil {
			order = append(order, pr.it.Input)
		}
		byInput[pr.it.Input] = append(byInput[pr.it.Input], pr)
	}
	if len(order) == 0 {
		return 0
	}
	bar := newProgress(e.stderr, len(order))
	if bar != nil {
		bar.Describe("drawing")
	}
	var mu sync.Mutex // guards stderr, next and drawn
	drawn := 0
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(cm.jobs, len(order)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				err := drawInput(b, i, byInput[i], dir, imperial)
				mu.Lock()
				if err != nil {
					if bar != nil {
						bar.Clear()
					}
					fmt.Fprintf(e.stderr, "cadence: %s\n", errorLine(b.Name(i), err))
				}
				for _, pr := range byInput[i] {
					if pr.png != "" {
						drawn++
					} else {
						// Not drawn: draw it again next time.
						m := next.Runs[pr.base]
						m.Fingerprint = ""
						next.Runs[pr.base] = m
					}
				}
				if bar != nil {
					bar.Add(1)
				}
				mu.Unlock()
			}
		}()
	}
	for _, i := range order {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if bar != nil {
		bar.Finish()
		bar.Clear()
	}
	return drawn
}

// drawHook, when set (by tests), is called before an input's pictures are drawn.
var drawHook func(name string)

// drawInput draws the pictures of input i's runs in prs, from the series the batch
// kept, or else from the file read and analysed again (Batch.Series). A panic (a bug in drawing) is
// that file's error; the batch goes on.
func drawInput(b *ingest.Batch, i int, prs []*plannedRun, dir string, imperial bool) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error while drawing this file (please report it): %v", p)
		}
	}()
	if drawHook != nil {
		drawHook(b.Name(i))
	}
	rs := make([]*analysis.Result, len(prs))
	for k, pr := range prs {
		rs[k] = pr.r
	}
	if err := b.Series(i, rs); err != nil {
		return err
	}
	for _, pr := range prs {
		r := pr.r
		target := report.Target(r)
		png, thumb := pr.base+".png", pr.base+".thumb.png"
		err := writeAtomic(filepath.Join(dir, png), func(w io.Writer) error {
			return report.Dashboard(w, r, report.DashboardOptions{Imperial: imperial, Target: target})
		})
		if err == nil {
			err = writeAtomic(filepath.Join(dir, thumb), func(w io.Writer) error {
				return report.Thumbnail(w, r, report.IndexThumbWidth*2, report.IndexThumbHeight*2)
			})
		}
		r.Series = nil
		if err != nil {
			return fmt.Errorf("dashboard: %w", err)
		}
		pr.png, pr.thumb = png, thumb
	}
	return nil
}

// removeOld removes the outputs that the old manifest names and the new one does not:
// runs whose files were deleted or became copies of another, pages of years gone.
// Only plain file names in dir are removed, whatever the manifest says.
func removeOld(dir string, old, next manifest) {
	keep := map[string]bool{manifestName: true}
	for _, m := range next.Runs {
		for _, f := range m.Files {
			keep[f] = true
		}
	}
	for _, f := range append(next.Pages, next.Clicks...) {
		keep[f] = true
	}
	var gone []string
	for _, m := range old.Runs {
		gone = append(gone, m.Files...)
	}
	gone = append(gone, old.Pages...)
	gone = append(gone, old.Clicks...)
	for _, f := range gone {
		if keep[f] || f != filepath.Base(f) || f == "." || f == ".." || strings.HasPrefix(f, ".") {
			continue
		}
		os.Remove(filepath.Join(dir, f))
	}
}

// removeStaleTemps removes the temporary files that an interrupted cadence left in
// dir (writeAtomic's ".NAME.tmp…"). It runs under the folder's lock.
func removeStaleTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, d := range entries {
		n := d.Name()
		if strings.HasPrefix(n, ".") && strings.Contains(n, ".tmp") && d.Type().IsRegular() {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

// writeIfChanged writes a file atomically unless it already holds exactly these
// bytes, so that a rerun leaves unchanged outputs untouched.
func writeIfChanged(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, buf.Bytes()) {
		return nil
	}
	return writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}
