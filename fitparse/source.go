package fitparse

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/cadence-run/cadence/activity"
)

// MaxFileSize is the most bytes one activity file may hold, or decompress to. The
// largest real activity files (a day-long GPX with every extension) are tens of MB; the
// limit stops a zip bomb or an endless stream long before it exhausts memory.
const MaxFileSize = 256 << 20

// maxZipDepth bounds archives inside archives (Garmin exports nest one level).
const maxZipDepth = 4

// An Input is one activity file to read: a file on disk, standard input, or a member of
// an archive. Inputs are listed by Expand and read independently, so a batch can read
// them in parallel.
type Input struct {
	// Name is the path as given, an archive member as "archive.zip:inner/path.fit".
	Name string
	read func() ([]byte, error)
}

// Read returns the input's bytes, as stored (a .gz member is still compressed).
func (in Input) Read() ([]byte, error) { return in.read() }

// A SkipError says that an input is deliberately not analysed, and why. It is a note
// for the user, not a failure.
type SkipError struct {
	File   string
	Reason string
}

func (e *SkipError) Error() string { return e.File + ": skipped: " + e.Reason }

// Parse reads and parses the input. A Strava route (routes/*.gpx: a planned course
// without times) gives a *SkipError.
func (in Input) Parse() ([]*activity.Activity, error) {
	data, err := in.Read()
	if err != nil {
		return nil, err
	}
	acts, err := Parse(in.Name, data)
	if err != nil && errors.Is(err, ErrNoActivity) && inRoutesFolder(in.Name) {
		return nil, &SkipError{File: in.Name, Reason: "a route (planned course without times), not an activity"}
	}
	return acts, err
}

func inRoutesFolder(name string) bool {
	name = filepath.ToSlash(name)
	return strings.Contains(name, "routes/")
}

// isActivityName reports whether a file name in a folder or archive looks like an
// activity export that cadence reads.
func isActivityName(name string) bool {
	n := strings.ToLower(name)
	n = strings.TrimSuffix(n, ".gz")
	for _, ext := range []string{".fit", ".gpx", ".tcx", ".zip"} {
		if strings.HasSuffix(n, ext) {
			return true
		}
	}
	return false
}

// An Expander lists the inputs under a set of paths. Archives it opens stay open until
// Close, so the inputs can be read later and in parallel.
type Expander struct {
	// Stdin is read for the path "-".
	Stdin   io.Reader
	closers []io.Closer
}

// Close closes the archives that Expand opened.
func (e *Expander) Close() error {
	var first error
	for _, c := range e.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	e.closers = nil
	return first
}

// Expand lists the inputs under paths: a file is one input whatever its name; a folder
// is walked recursively for .fit, .gpx and .tcx files (also gzipped) and .zip archives,
// skipping hidden entries; an archive gives its members, nested archives included; "-"
// is standard input. A path that cannot be read becomes an input whose Read fails with
// the reason, so a batch reports it and goes on.
func (e *Expander) Expand(paths []string) []Input {
	var out []Input
	for _, p := range paths {
		if p == "-" {
			out = append(out, e.stdin()...)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			out = append(out, failed(p, err))
			continue
		}
		if !info.IsDir() {
			out = append(out, e.file(p, true)...)
			continue
		}
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, failed(q, err))
				return nil
			}
			if q != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && isActivityName(d.Name()) {
				out = append(out, e.file(q, false)...)
			}
			return nil
		})
		if err != nil {
			out = append(out, failed(p, err))
		}
	}
	return out
}

func failed(name string, err error) Input {
	return Input{Name: name, read: func() ([]byte, error) { return nil, err }}
}

// file lists one file on disk: itself, or its members if it is a zip archive.
func (e *Expander) file(p string, explicit bool) []Input {
	isZip := strings.HasSuffix(strings.ToLower(p), ".zip")
	if !isZip && explicit {
		isZip = hasZipMagic(p)
	}
	if !isZip {
		return []Input{{Name: p, read: func() ([]byte, error) { return readFile(p) }}}
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		return []Input{failed(p, fmt.Errorf("%s: not a readable zip archive: %w", p, err))}
	}
	e.closers = append(e.closers, zr)
	return zipInputs(p, &zr.Reader, 1)
}

func hasZipMagic(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [4]byte
	_, err = io.ReadFull(f, b[:])
	return err == nil && string(b[:]) == "PK\x03\x04"
}

// readFile reads a file on disk, refusing one larger than MaxFileSize.
func readFile(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(p, f, MaxFileSize)
}

// readLimited reads all of r, or fails with ErrTooLarge past limit bytes.
func readLimited(name string, r io.Reader, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if f, ok := r.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			if info.Size() > limit {
				return nil, &ParseError{File: name, Offset: -1, Err: fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, info.Size(), limit)}
			}
			buf.Grow(int(info.Size()) + 1)
		}
	}
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &ParseError{File: name, Offset: n, Err: err}
	}
	if n > limit {
		return nil, &ParseError{File: name, Offset: -1, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)}
	}
	return buf.Bytes(), nil
}

// gunzip decompresses data, failing past limit bytes of output.
func gunzip(data []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("bad gzip data: %w", err)
	}
	var buf bytes.Buffer
	buf.Grow(len(data) * 4)
	n, err := buf.ReadFrom(io.LimitReader(zr, limit+1))
	if n > limit {
		return nil, fmt.Errorf("%w: decompresses to more than %d bytes", ErrTooLarge, limit)
	}
	if err != nil {
		if n > 0 && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum)) {
			// A cut-off download: hand on what decompressed; the format reader
			// reports the truncation with what it recovered.
			return buf.Bytes(), nil
		}
		return nil, fmt.Errorf("bad gzip data: %w", err)
	}
	return buf.Bytes(), nil
}

// zipInputs lists the activity files in a zip archive, descending into nested archives.
func zipInputs(name string, zr *zip.Reader, depth int) []Input {
	var out []Input
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !isActivityName(f.Name) || strings.HasPrefix(path.Base(f.Name), ".") ||
			strings.HasPrefix(f.Name, "__MACOSX/") {
			continue
		}
		member := name + ":" + f.Name
		if strings.HasSuffix(strings.ToLower(f.Name), ".zip") {
			if depth >= maxZipDepth {
				out = append(out, failed(member, fmt.Errorf("%s: archives nested more than %d deep", member, maxZipDepth)))
				continue
			}
			data, err := readZipMember(member, f)
			if err != nil {
				out = append(out, failed(member, err))
				continue
			}
			inner, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				out = append(out, failed(member, fmt.Errorf("%s: not a readable zip archive: %w", member, err)))
				continue
			}
			out = append(out, zipInputs(member, inner, depth+1)...)
			continue
		}
		out = append(out, Input{Name: member, read: func() ([]byte, error) { return readZipMember(member, f) }})
	}
	return out
}

// readZipMember reads one member, bounded by MaxFileSize whatever its header claims.
func readZipMember(name string, f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, &ParseError{File: name, Offset: -1, Err: err}
	}
	defer rc.Close()
	return readLimited(name, rc, MaxFileSize)
}

// stdin reads standard input once and lists it as one input, or as the members of a
// zip archive.
func (e *Expander) stdin() []Input {
	if e.Stdin == nil {
		return []Input{failed("-", errors.New("-: no standard input"))}
	}
	data, err := readLimited("-", e.Stdin, MaxFileSize)
	if err != nil {
		return []Input{failed("-", err)}
	}
	if Sniff(data) == FormatZip {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return []Input{failed("-", fmt.Errorf("-: not a readable zip archive: %w", err))}
		}
		return zipInputs("-", zr, 1)
	}
	return []Input{{Name: "-", read: func() ([]byte, error) { return data, nil }}}
}
