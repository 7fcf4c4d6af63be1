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

// renderVersion names the drawing code: change it whenever the same result would be
// drawn differently, so that every dashboard is drawn again.
const renderVersion = "2"

// manifestName is the report folder's record of what it holds: which run each output
// belongs to and what it was drawn from. Only files it names are ever removed.
const manifestName = ".cadence-report.json"

// maxManifest is the largest manifest read: about 100 times that of 5,000 runs.
const maxManifest = 64 << 20

type manifest struct {
	Version string `json:"version"`
	// Key names what the whole report was written from (reportKey), set only when
	// everything was written without a fault: a report of the same key finds its
	// files in place and writes nothing. It, the pages and the click tracks come
	// before the runs, so that readManifestHead need not read the runs.
	Key    string                 `json:"key,omitempty"`
	Pages  []string               `json:"pages"`
	Clicks []string               `json:"clicks"`
	Runs   map[string]manifestRun `json:"runs"` // by output base name
}

type manifestRun struct {
	// Fingerprint is what the run's pictures were drawn from: its result, the bytes of
	// its file, and the drawing code; "" when they could not be drawn.
	Fingerprint string   `json:"fingerprint"`
	Files       []string `json:"files"`
	// Sources are the keys of the input the run came from and of every folder and
	// archive it lies under (see sourceKeys); none if unknown.
	Sources []string `json:"sources,omitempty"`
	// Source is the input's path itself, as a manifest written before Sources named
	// it; readManifest turns it into Sources, and it is never written.
	Source string `json:"source,omitempty"`
	// PageKey names what the run's advice (.md) and page (.html) were written
	// from (pageKey): a rerun that would write the same finds them in place and
	// neither renders the page nor reads them back to compare.
	PageKey string `json:"page_key,omitempty"`
}

// A plannedRun is one run or walk of the report: its result, its output names, and
// whether its pictures must be drawn.
type plannedRun struct {
	it          *ingest.Item
	r           *analysis.Result
	base        string
	fingerprint string
	folder      string // the run's folder in the report, a slash path: 2024, 2024/03
	png, thumb  string // set when the pictures exist (drawn now or before), slash paths under the report
	draw        bool
}

func readManifest(dir string) manifest {
	m := manifest{Runs: map[string]manifestRun{}}
	data, err := readRegular(filepath.Join(dir, manifestName), maxManifest)
	if err != nil {
		return m
	}
	if json.Unmarshal(data, &m) != nil || m.Version != renderVersion || m.Runs == nil {
		// Unreadable or from another drawing code: draw everything again, and remove
		// nothing it names (it may be damaged).
		return manifest{Runs: map[string]manifestRun{}}
	}
	for base, r := range m.Runs {
		if r.Source != "" {
			r.Sources, r.Source = sourceKeys(r.Source), ""
			m.Runs[base] = r
		}
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
// the order files were read in), gives each its folder (see assignFolders) and makes
// the folders, and decides which must be drawn: those whose fingerprint is not the
// one the folder's manifest has, or whose pictures are gone. Pictures still right but
// in another folder (a report from before folders, or a year split by month since)
// are moved, not drawn again, and so are those of a run whose output name changed
// (found by its fingerprint). The runs kept (from inputs that could not be read) keep
// their names and files. It returns the manifest to write once the report is done.
func planRuns(runs []*plannedRun, old manifest, dir string, imperial bool, kept map[string]manifestRun) (manifest, error) {
	next := manifest{Version: renderVersion, Runs: map[string]manifestRun{}}
	names := nameRuns(runs, kept)
	for _, pr := range runs {
		pr.fingerprint = fingerprint(pr, imperial)
	}
	for base, m := range kept {
		if len(m.Sources) > 0 {
			next.Runs[base] = m
		}
	}
	// A kept run of unknown source (see keptRuns) yields its name to a run read now:
	// most likely that is the run itself, read again.
	for base, m := range kept {
		if len(m.Sources) == 0 {
			if names.seen[base] > 0 {
				delete(kept, base)
			} else {
				next.Runs[base] = m
			}
		}
	}
	renamed := map[string]string{} // the last report's runs by fingerprint
	for base, m := range old.Runs {
		if m.Fingerprint != "" {
			renamed[m.Fingerprint] = base
		}
	}
	if err := makeFolders(dir, runs); err != nil {
		return next, err
	}
	for _, pr := range runs {
		at := pr.folder + "/" + pr.base
		files := []string{at + ".md", at + ".html"}
		if pr.r.Cadence != nil {
			png, thumb := at+".png", at+".thumb.png"
			files = append(files, png, thumb)
			ob := pr.base
			if o := old.Runs[ob]; o.Fingerprint != pr.fingerprint {
				// Renamed (the public names of files with an e-mail address in them):
				// the pictures drawn under the old name are moved.
				if b, ok := renamed[pr.fingerprint]; ok {
					ob = b
				}
			}
			o, ok := old.Runs[ob]
			have := func(name, to string) bool {
				return exists(dir, to) || moveFile(dir, oldFile(o.Files, name), to)
			}
			if ok && o.Fingerprint == pr.fingerprint && have(ob+".png", png) && have(ob+".thumb.png", thumb) {
				pr.png, pr.thumb = png, thumb
			} else {
				pr.draw = true
			}
		}
		next.Runs[pr.base] = manifestRun{Fingerprint: pr.fingerprint, Files: files, Sources: sourceKeys(sourceOf(pr.it.Name))}
	}
	return next, nil
}

// nameRuns sorts runs by start (so that names do not depend on the order files
// were read in) and gives each its output name, after the names of the kept runs
// of known source, and its folder (assignFolders). It returns the names given.
func nameRuns(runs []*plannedRun, kept map[string]manifestRun) *uniqueNames {
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
	for base, m := range kept {
		if len(m.Sources) > 0 {
			names.seen[base]++
		}
	}
	for _, pr := range runs {
		pr.base = names.next(baseName(pr.r))
	}
	assignFolders(runs)
	return names
}

// exists reports whether dir/name is a regular file, not a symbolic link to one.
func exists(dir, name string) bool {
	info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name)))
	return err == nil && info.Mode().IsRegular()
}

// fingerprint names what a run's pictures show: its result (without series), the
// bytes it was read from and its name, the units, and the versions of the analysis
// and the drawing code.
func fingerprint(pr *plannedRun, imperial bool) string {
	js, _ := json.Marshal(pr.r)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%t\x00%s\x00", renderVersion, analysis.Version, pr.it.SHA256, imperial, pr.it.Name)
	h.Write(js)
	return hex.EncodeToString(h.Sum(nil))
}

// drawRuns draws the dashboards and thumbnails of the runs that need them, from the
// series the batch kept or else from their files read again (Batch.Series), on
// cm.jobs workers. It returns how many runs it drew.
func drawRuns(e *env, b *ingest.Batch, cm *common, dir string, runs []*plannedRun, imperial bool, old, next manifest) int {
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
	var mu sync.Mutex // guards stderr, next, drawn and progress
	drawn := 0
	progress := newProgressManifest(dir, old)
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
						progress.drew(pr, next.Runs[pr.base])
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
		if stopDrawing.Load() {
			break // interrupted: the index is written with what is drawn
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, pr := range runs {
		if pr.draw && pr.png == "" {
			// Not drawn (failed, or interrupted first): draw it next time.
			m := next.Runs[pr.base]
			m.Fingerprint = ""
			next.Runs[pr.base] = m
		}
	}
	progress.flush()
	if bar != nil {
		bar.Finish()
		bar.Clear()
	}
	return drawn
}

// stopDrawing, once set (by the first Ctrl-C of a report), makes drawRuns start no
// more inputs.
var stopDrawing atomic.Bool

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
		target := coach.Target(r)
		png, thumb := pr.folder+"/"+pr.base+".png", pr.folder+"/"+pr.base+".thumb.png"
		err := writeAtomic(filepath.Join(dir, filepath.FromSlash(png)), func(w io.Writer) error {
			return report.Dashboard(w, r, report.DashboardOptions{Imperial: imperial, Target: target})
		})
		if err == nil {
			err = writeAtomic(filepath.Join(dir, filepath.FromSlash(thumb)), func(w io.Writer) error {
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
// runs whose files were deleted or became copies of another, pages of years gone,
// files of runs moved to another folder; then the run folders left empty. Only names
// that cadence writes (reportPath) are removed, whatever the manifest says.
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
	var removed []string
	for _, f := range gone {
		if keep[f] || !reportPath(f) {
			continue
		}
		if os.Remove(filepath.Join(dir, filepath.FromSlash(f))) == nil {
			removed = append(removed, f)
		}
	}
	removeEmptyFolders(dir, removed)
}

// tempName matches the names of writeAtomic's temporary files and no others: a dot,
// the name of a file cadence writes, ".tmp" and the digits os.CreateTemp adds.
var tempName = regexp.MustCompile(`^\.[A-Za-z0-9._-]+\.(png|html|md|wav|json)\.tmp[0-9]+$`)

// removeStaleTemps removes the temporary files that an interrupted cadence left in
// dir and in the report's own folders under it (writeAtomic's ".NAME.tmpDIGITS"),
// and nothing else. It runs under the folder's lock.
// It returns the regular files it left in them, by slash path under dir, which
// tells a report found in place whether its files are all still there.
func removeStaleTemps(dir string) map[string]bool {
	files := map[string]bool{}
	sweepTemps(dir, "", 0, files)
	return files
}

func sweepTemps(dir, at string, depth int, files map[string]bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, d := range entries {
		n := d.Name()
		switch {
		case d.Type().IsRegular() && strings.HasPrefix(n, ".") && tempName.MatchString(n):
			os.Remove(filepath.Join(dir, n))
		case d.Type().IsRegular():
			files[at+n] = true
		case d.IsDir() && depth < maxFolderDepth && runFolderPart.MatchString(n):
			sweepTemps(filepath.Join(dir, n), at+n+"/", depth+1, files)
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
	if old, err := readRegular(path, int64(buf.Len())); err == nil && bytes.Equal(old, buf.Bytes()) {
		return nil
	}
	return writeBytesAtomic(path, buf.Bytes())
}

// A progressManifest is the manifest as the drawing goes: the last one, with the runs
// drawn so far recorded, written (atomically) every progressRuns runs or
// progressEvery, so that a report killed before it ends (a laptop suspended, a time
// limit) resumes by drawing only what was not drawn. A run's entry names its files
// of before as well as its new ones, so that none of them is ever left unnamed.
type progressManifest struct {
	dir     string
	m       manifest
	pending int
	last    time.Time
}

// How often drawing progress is written into the manifest.
const (
	progressRuns  = 50
	progressEvery = 500 * time.Millisecond
)

func newProgressManifest(dir string, old manifest) *progressManifest {
	m := manifest{Version: renderVersion, Runs: make(map[string]manifestRun, len(old.Runs)), Pages: old.Pages, Clicks: old.Clicks}
	for k, v := range old.Runs {
		m.Runs[k] = v
	}
	return &progressManifest{dir: dir, m: m, last: time.Now()}
}

// drew records the run pr, drawn, whose entry in the final manifest is now.
func (p *progressManifest) drew(pr *plannedRun, now manifestRun) {
	files := append([]string(nil), now.Files...)
	for _, f := range p.m.Runs[pr.base].Files {
		if !slices.Contains(files, f) {
			files = append(files, f)
		}
	}
	now.Files = files
	p.m.Runs[pr.base] = now
	p.pending++
	if p.pending >= progressRuns || time.Since(p.last) >= progressEvery {
		p.flush()
	}
}

// flush writes the manifest if runs were drawn since it was last written.
func (p *progressManifest) flush() {
	if p.pending == 0 {
		return
	}
	writeManifest(p.dir, p.m) // a failure costs only a redraw after a kill
	p.pending, p.last = 0, time.Now()
}
