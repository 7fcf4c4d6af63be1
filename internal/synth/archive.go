package synth

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// The formats WriteArchive writes, as Written.Format names them.
const (
	FormatFIT   = "fit"
	FormatFITGz = "fit.gz"
	FormatGPX   = "gpx"
	FormatTCX   = "tcx"
)

// ArchiveStart is the day of the first activity in an archive that WriteArchive writes.
var ArchiveStart = time.Date(2018, 3, 5, 0, 0, 0, 0, time.UTC)

// Written is one activity of an archive and the file it went to.
type Written struct {
	Spec
	Path   string // relative to the archive folder, with forward slashes
	Format string // FormatFIT, FormatFITGz, FormatGPX or FormatTCX
	Size   int64  // bytes written
}

// Layout returns the files that WriteArchive(dir, n, seed) writes, without writing
// them: Plan(n, ArchiveStart, seed), with about 70% of the activities as loose FIT files
// in year folders (2021/2021-06-13-07-42-10.fit, named by local start time), 15% as
// Strava-style activities/ID.fit.gz, 10% as GPX and 5% as TCX in the year folders.
// Sizes are zero. Layout(n+1, seed) begins with Layout(n, seed).
func Layout(n int, seed int64) []Written {
	specs := Plan(n, ArchiveStart, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6172_6368_6976_6531))
	out := make([]Written, len(specs))
	for i, s := range specs {
		w := Written{Spec: s}
		local := s.Start.In(s.zone())
		stem := path.Join(local.Format("2006"), local.Format("2006-01-02-15-04-05"))
		switch u := rng.Float64(); {
		case u < 0.70:
			w.Format, w.Path = FormatFIT, stem+".fit"
		case u < 0.85:
			// Strava's activity ids grow with time.
			w.Format, w.Path = FormatFITGz, fmt.Sprintf("activities/%d.fit.gz", 1_400_000_000+int64(i)*104_729)
		case u < 0.95:
			w.Format, w.Path = FormatGPX, stem+".gpx"
		default:
			w.Format, w.Path = FormatTCX, stem+".tcx"
		}
		out[i] = w
	}
	return out
}

// Encode returns the file content of w, in w.Format.
func Encode(w Written) ([]byte, error) {
	switch w.Format {
	case FormatFIT:
		return FIT(w.Spec)
	case FormatFITGz:
		data, err := FIT(w.Spec)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf) // no name, no time: the bytes depend on data alone
		if _, err := zw.Write(data); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	case FormatGPX:
		return GPX(w.Spec), nil
	case FormatTCX:
		return TCX(w.Spec), nil
	}
	return nil, fmt.Errorf("synth: unknown format %q", w.Format)
}

// WriteFile writes w under dir, creating its folder, and sets the file's modification
// time to the activity's end, so that the archive is the same on every run.
func WriteFile(dir string, w *Written) error {
	data, err := Encode(*w)
	if err != nil {
		return fmt.Errorf("synth: %s: %w", w.Path, err)
	}
	name := filepath.Join(dir, filepath.FromSlash(w.Path))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return err
	}
	end := w.End()
	if err := os.Chtimes(name, end, end); err != nil {
		return err
	}
	w.Size = int64(len(data))
	return nil
}

// WriteArchive writes n activities under dir, as Layout(n, seed) lays them out, on all
// CPUs; the files are the same whatever the number of CPUs. It returns the activities
// in order with the file each went to and its size.
func WriteArchive(dir string, n int, seed int64) ([]Written, error) {
	ws := Layout(n, seed)
	return ws, WriteAll(dir, ws)
}

// WriteAll writes every file of ws under dir on all CPUs, setting their sizes, and
// returns the first error.
func WriteAll(dir string, ws []Written) error {
	jobs := make(chan int)
	errs := make([]error, len(ws))
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), len(ws))) {
		wg.Go(func() {
			for i := range jobs {
				errs[i] = WriteFile(dir, &ws[i])
			}
		})
	}
	for i := range ws {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
