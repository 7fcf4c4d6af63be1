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

// An Identity says cheaply which bytes an input holds: enough for the history to tell an
// unchanged input from a new or changed one without reading it.
type Identity struct {
	Key   string // absolute path with symlinks resolved; an archive member as the archive's Key + ":" + member name
	Size  int64  // bytes on disk; for a zip member its uncompressed size
	ModNS int64  // modification time in Unix nanoseconds; for a zip member the archive's ModNS
	CRC32 uint32 // for a zip member the CRC-32 from the archive's directory; 0 for a file
}

// An Input is one activity file to read: a file on disk, standard input, or a member of
// an archive. Inputs are listed by Expand and read independently, so a batch can read
// them in parallel.
type Input struct {
	// Name is the path as given, an archive member as "archive.zip:inner/path.fit".
	Name string
	// ID identifies the bytes without reading them; it is nil for standard input, pipes
	// and inputs that could not be opened.
	ID *Identity
	// size is how many bytes read returns, as far as is known before reading: what
	// Load first asks of MemoryBudget.
	size int64
	read func() ([]byte, error)
}

// Size returns how many bytes the input holds as far as is known before reading it:
// a file's size on disk, an archive member's declared size; what Load first asks of
// MemoryBudget.
func (in Input) Size() int64 { return in.size }

// Read returns the input's bytes, as stored (a .gz member is still compressed). It
// waits for room under MemoryBudget while reading, but the bytes it returns are not
// counted afterwards: a batch that reads in parallel should use Load.
func (in Input) Read() ([]byte, error) {
	l := &lease{b: memory}
	l.resize(in.size)
	defer l.resize(0)
	return in.read()
}

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
	ld, err := in.Load()
	defer ld.Release()
	if err != nil {
		return nil, err
	}
	return ld.Parse()
}

func inRoutesFolder(name string) bool {
	name = filepath.ToSlash(name)
	return strings.Contains(name, "routes/")
}

// hiddenMember reports whether an archive member lies in a hidden folder, is a hidden
// file, or is macOS resource-fork litter.
func hiddenMember(name string) bool {
	if strings.HasPrefix(name, "__MACOSX/") {
		return true
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") && part != "." && part != ".." {
			return true
		}
	}
	return false
}

// An Expander lists the inputs under a set of paths. Archives it opens stay open until
// Close, so the inputs can be read later and in parallel; archives nested in archives,
// standard input and pipes are copied to temporary files, not held in memory, and
// Close removes them.
type Expander struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Sidecars lists the side files that Expand met in folders and archives
	// (activities.csv, *_summarizedActivities.json, gear.json, *_gear.json), so that
	// another package can read activity names and gear from them. They are not
	// activities and are not among the inputs.
	Sidecars []Input
	// Known, when set, tells Expand that a file in a folder was read before with
	// exactly this identity (a cache has it): Expand then lists it without opening it
	// to sniff its format, which on a rerun over a large folder is most of the work.
	Known func(id Identity) bool
	// TempBudget is the most bytes its temporary files may hold at once; 0 means
	// DefaultTempBudget.
	TempBudget int64
	closers    []io.Closer
	temp       *tempBudget
}

// tempSpace returns what is left of the Expander's temporary space.
func (e *Expander) tempSpace() *tempBudget {
	if e.temp == nil {
		size := e.TempBudget
		if size <= 0 {
			size = DefaultTempBudget
		}
		e.temp = &tempBudget{size: size, left: size}
	}
	return e.temp
}

// Close closes the archives that Expand opened and removes its temporary files.
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

// Expand lists the inputs under paths.
//
// A regular file given by path is one input whatever its name, or the members of a zip
// archive. A folder is walked recursively, following symbolic links (a folder met
// twice, a loop included, is walked once), skipping hidden entries; each file in it is
// judged by its first bytes, not its name: FIT, GPX and TCX files (also gzipped) are
// inputs, zip archives give their members (nested archives included, judged the same
// way), side files are listed in Sidecars, and anything else is skipped silently unless
// its name says it is an activity (run.fit), so that a damaged one is reported. A pipe
// or device (a process substitution, /dev/stdin) and "-" (standard input) are read once,
// whole, into a temporary file, and give one input or the members of a zip archive; a
// pipe or device whose writer stays silent for 30 seconds (none opens it, or it sends
// nothing more) is an error, not a hang.
//
// An archive given by the user, with the archives nested in it, is refused whole, as
// one failed input, when it is not what an export looks like: when it would
// decompress to more than MaxArchiveExpansion, holds more than 250,000 files, or
// nests archives more than 4 deep.
//
// A path that cannot be read becomes an input whose Read fails with the reason, and a
// folder or archive in which no activity is found becomes one whose Read fails with
// "no FIT, GPX or TCX activity found under PATH", so a batch reports it and goes on.
func (e *Expander) Expand(paths []string) []Input {
	var out []Input
	w := &walker{e: e, dirs: map[string]bool{}, files: map[string]bool{}}
	for _, p := range paths {
		var ins []Input
		container := false // a folder or archive, which must hold an activity
		if p == "-" {
			ins, container = e.stdin()
		} else {
			ins, container = e.path(p, w)
		}
		if container && len(ins) == 0 {
			ins = []Input{failed(p, notFoundError(p))}
		}
		out = append(out, ins...)
	}
	return out
}

// notFoundError says that a folder or archive holds no activity.
func notFoundError(p string) error {
	return errors.New("no FIT, GPX or TCX activity found under " + p)
}

func failed(name string, err error) Input {
	return Input{Name: name, read: func() ([]byte, error) { return nil, err }}
}

// path lists the inputs under one path given by the user, and whether it is a folder
// or an archive.
func (e *Expander) path(p string, w *walker) ([]Input, bool) {
	info, err := os.Stat(p)
	if err != nil {
		return []Input{failed(p, err)}, false
	}
	switch {
	case info.IsDir():
		real, err := resolve(p)
		if err != nil {
			return []Input{failed(p, err)}, false
		}
		if w.dirs[real] {
			return nil, false // listed already through another path
		}
		w.dirs[real] = true
		w.out = nil
		w.dir(p, real)
		return w.out, true
	case info.Mode().IsRegular():
		real, err := resolve(p)
		if err != nil {
			return []Input{failed(p, err)}, false
		}
		id := fileIdentity(real, info)
		f, err := sniffFile(p)
		if err != nil {
			return []Input{failed(p, err)}, false
		}
		if f != FormatZip {
			return []Input{diskInput(p, id)}, false
		}
		ins, err := e.archive(p, id)
		if err != nil {
			return []Input{failed(p, err)}, false
		}
		return ins, true
	}
	// A pipe, a character device or a socket: read it once, like standard input, but
	// never wait forever for a writer that does not come.
	fh, err := openPipe(p, pipeIdle)
	if err != nil {
		return []Input{failed(p, err)}, false
	}
	defer fh.Close()
	return e.stream(p, &idleReader{f: fh, idle: pipeIdle})
}

// resolve returns the absolute path of p with every symbolic link resolved.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// fileIdentity returns the identity of the regular file at the resolved path real.
func fileIdentity(real string, info fs.FileInfo) *Identity {
	return &Identity{Key: real, Size: info.Size(), ModNS: info.ModTime().UnixNano()}
}

// diskInput is the input of a file on disk, read when asked.
func diskInput(p string, id *Identity) Input {
	return Input{Name: p, ID: id, size: id.Size, read: func() ([]byte, error) { return readFile(p) }}
}

// A walker lists the files under folders. dirs and files hold the resolved paths
// already listed, so that symbolic links neither loop nor list a file twice.
type walker struct {
	e     *Expander
	dirs  map[string]bool
	files map[string]bool
	out   []Input
}

// dir walks the folder p, whose resolved path is real.
func (w *walker) dir(p, real string) {
	ents, err := os.ReadDir(p)
	if err != nil {
		w.out = append(w.out, failed(p, err))
	}
	for _, d := range ents {
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		q := filepath.Join(p, name)
		qreal := q // one string for the name and the identity's key when they agree
		if real != p {
			qreal = filepath.Join(real, name)
		}
		var info fs.FileInfo
		var err error
		if d.Type()&fs.ModeSymlink != 0 {
			if qreal, err = filepath.EvalSymlinks(q); err == nil {
				info, err = os.Stat(qreal)
			}
			if err != nil {
				if isActivityName(name) { // a broken link named like an activity
					w.out = append(w.out, failed(q, err))
				}
				continue
			}
		} else if info, err = d.Info(); err != nil {
			w.out = append(w.out, failed(q, err))
			continue
		}
		switch {
		case info.IsDir():
			if !w.dirs[qreal] {
				w.dirs[qreal] = true
				w.dir(q, qreal)
			}
		case info.Mode().IsRegular():
			if !w.files[qreal] {
				w.files[qreal] = true
				w.file(q, fileIdentity(qreal, info))
			}
		}
		// Pipes, sockets and devices inside a folder are never opened: reading one
		// could block forever.
	}
}

// file lists one regular file met in a folder, by its content.
func (w *walker) file(p string, id *Identity) {
	if IsPartialName(p) {
		return // a download or copy still under way; read once it has its own name
	}
	if IsSidecarName(p) {
		w.e.Sidecars = append(w.e.Sidecars, diskInput(p, id))
		return
	}
	if id != nil && w.e.Known != nil && w.e.Known(*id) {
		w.out = append(w.out, diskInput(p, id))
		return
	}
	f, err := sniffFile(p)
	switch {
	case err != nil:
		if isActivityName(p) {
			w.out = append(w.out, failed(p, err))
		}
	case f == FormatZip:
		ins, err := w.e.archive(p, id)
		if err != nil {
			if errors.Is(err, ErrRefused) || strings.HasSuffix(strings.ToLower(p), ".zip") {
				w.out = append(w.out, failed(p, err))
			}
			return
		}
		w.out = append(w.out, ins...)
	case f != FormatUnknown || isActivityName(p):
		w.out = append(w.out, diskInput(p, id))
	}
}

// IsPartialName reports whether a file's name says it is still being written: a
// browser's download ("run.fit.crdownload", .part, .partial, .download, .opdownload),
// a copy or an editor's temporary file (.tmp, .temp, .swp, a trailing "~").
func IsPartialName(p string) bool {
	n := strings.ToLower(path.Base(filepath.ToSlash(p)))
	if strings.HasSuffix(n, "~") {
		return true
	}
	for _, ext := range []string{".crdownload", ".part", ".partial", ".download", ".opdownload", ".tmp", ".temp", ".swp"} {
		if strings.HasSuffix(n, ext) {
			return true
		}
	}
	return false
}

// sniffLen is how many leading bytes (of a gzip stream: decompressed bytes) Expand
// reads to decide what a file is.
const sniffLen = 1024

// sniffFile decides the format of the file at p from its first bytes; see sniffStream.
func sniffFile(p string) (Format, error) {
	f, err := os.Open(p)
	if err != nil {
		return FormatUnknown, err
	}
	defer f.Close()
	return sniffStream(f)
}

// sniffStream decides what the stream r holds from its first bytes: FormatFIT,
// FormatGPX or FormatTCX; FormatZip for a zip archive; FormatGzip for a gzip stream
// whose first decompressed bytes are one of these; FormatUnknown for anything else.
// An error means r could not be read.
func sniffStream(r io.Reader) (Format, error) {
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return FormatUnknown, err
	}
	head = head[:n]
	f := Sniff(head)
	if f != FormatGzip {
		return f, nil
	}
	zr, err := gzip.NewReader(io.MultiReader(bytes.NewReader(head), r))
	if err != nil {
		return FormatUnknown, nil
	}
	inner := make([]byte, sniffLen)
	n, _ = io.ReadFull(zr, inner)
	switch Sniff(inner[:n]) {
	case FormatFIT, FormatGPX, FormatTCX, FormatZip:
		return FormatGzip, nil
	}
	return FormatUnknown, nil
}

// archive opens the zip archive at p, whose identity is id, and lists its members.
func (e *Expander) archive(p string, id *Identity) ([]Input, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	zr, err := zip.NewReader(f, info.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: not a readable zip archive: %w", p, err)
	}
	return e.topArchive(p, id, zr, f, f)
}

// topArchive lists the members of the archive zr, read from ra, given by the user as
// name, whose identity is id (nil for standard input), within the limits on archives.
// c closes the archive; it is kept open until Close when a member may be read later.
func (e *Expander) topArchive(name string, id *Identity, zr *zip.Reader, ra io.ReaderAt, c io.Closer) ([]Input, error) {
	side := len(e.Sidecars)
	a := &archiveWalk{top: name, left: MaxArchiveExpansion, temp: e.tempSpace()}
	ins, err := e.zipInputs(a, name, id, zr, ra, 1)
	if err != nil {
		// Refused whole: nothing of it is read, and its temporary files go now.
		e.Sidecars = e.Sidecars[:side]
		a.close()
		c.Close()
		return nil, err
	}
	if len(ins) == 0 && len(e.Sidecars) == side {
		a.close() // nothing will read it: a folder of office documents keeps no files open
		c.Close()
		return nil, nil
	}
	e.closers = append(e.closers, c)
	e.closers = append(e.closers, a.closers...)
	return ins, nil
}

// An archiveWalk is the state of listing one archive given by the user: what is left
// of its MaxArchiveExpansion, how many members were met, and the temporary files
// holding its nested archives.
type archiveWalk struct {
	top     string
	left    int64
	members int
	closers []io.Closer
	temp    *tempBudget
}

// take counts n bytes that reading the archive will decompress, and fails when they
// exceed what is left of MaxArchiveExpansion.
func (a *archiveWalk) take(n uint64) error {
	if n > uint64(a.left) {
		a.left = -1
		return refused(a.top, "expands to more than "+gib(MaxArchiveExpansion))
	}
	a.left -= int64(n)
	return nil
}

// close closes the walk's temporary files.
func (a *archiveWalk) close() {
	for _, c := range a.closers {
		c.Close()
	}
	a.closers = nil
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

// readLimited reads all of r, or fails with ErrTooLarge past limit bytes. A regular
// file is read into one buffer of its size (and a byte to see its end): a growing
// buffer took three times the size of each small file.
func readLimited(name string, r io.Reader, limit int64) ([]byte, error) {
	var buf []byte
	if f, ok := r.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			if info.Size() > limit {
				return nil, &ParseError{File: name, Offset: -1, Err: fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, info.Size(), limit)}
			}
			buf = make([]byte, 0, info.Size()+1)
		}
	}
	if buf == nil {
		buf = make([]byte, 0, 512)
	}
	lr := io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the file grew, or its size was unknown
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &ParseError{File: name, Offset: int64(len(buf)), Err: err}
		}
	}
	if int64(len(buf)) > limit {
		return nil, &ParseError{File: name, Offset: -1, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)}
	}
	return buf, nil
}

// gunzip decompresses data, failing past limit bytes of output.
func gunzip(data []byte, limit int64) ([]byte, error) {
	return gunzipCounted(data, limit, nil)
}

// gunzipCounted decompresses data as gunzip does. Before the output buffer grows to n
// bytes it calls reserve(n), when reserve is not nil, so that the caller can count
// the memory (reserve may wait). The buffer starts at the size the gzip trailer
// claims, when that is within limit, so that an honest file is decompressed into one
// buffer of the right size.
func gunzipCounted(data []byte, limit int64, reserve func(n int64)) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("bad gzip data: %w", err)
	}
	size := gzipSizeHint(data)
	if size <= 0 || size >= limit {
		size = 4 * int64(len(data))
	}
	size = min(size+bytes.MinRead, limit+1)
	if reserve != nil {
		reserve(size)
	}
	buf := make([]byte, 0, size)
	for int64(len(buf)) <= limit {
		if len(buf) == cap(buf) {
			n := min(2*int64(cap(buf)), limit+1)
			if reserve != nil {
				reserve(n)
			}
			buf = append(make([]byte, 0, n), buf...)
		}
		m, rerr := zr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			if len(buf) > 0 && (errors.Is(rerr, io.ErrUnexpectedEOF) || errors.Is(rerr, gzip.ErrChecksum)) {
				// A cut-off download: hand on what decompressed; the format reader
				// reports the truncation with what it recovered.
				return buf, nil
			}
			return nil, fmt.Errorf("bad gzip data: %w", rerr)
		}
	}
	if int64(len(buf)) > limit {
		return nil, fmt.Errorf("%w: decompresses to more than %d bytes", ErrTooLarge, limit)
	}
	return buf, nil
}

// zipInputs lists the activity files in a zip archive named name, judging each member
// by its content as Expand judges files in a folder, and descending into nested
// archives: one stored uncompressed is read in place, one compressed is copied to a
// temporary file. zr reads from ra. id is the archive's identity, nil when it has none
// (standard input); the members' identities chain from it. Side files go to
// e.Sidecars. An error means the archive given by the user (a.top) is refused whole.
func (e *Expander) zipInputs(a *archiveWalk, name string, id *Identity, zr *zip.Reader, ra io.ReaderAt, depth int) ([]Input, error) {
	var out []Input
	for _, f := range zr.File {
		if a.members++; a.members > maxArchiveMembers {
			return nil, refused(a.top, fmt.Sprintf("holds more than %s files", thousands(maxArchiveMembers)))
		}
		if f.FileInfo().IsDir() || hiddenMember(f.Name) {
			continue
		}
		member := name + ":" + f.Name
		var mid *Identity
		if id != nil {
			mid = &Identity{Key: id.Key + ":" + f.Name, Size: int64(f.UncompressedSize64), ModNS: id.ModNS, CRC32: f.CRC32}
		}
		// archive/zip never yields more bytes than a member declares, so declared
		// sizes bound what reading decompresses.
		size := f.UncompressedSize64
		in := Input{Name: member, ID: mid, size: int64(min(size, MaxFileSize)), read: func() ([]byte, error) { return readZipMember(member, f) }}
		if size > MaxFileSize {
			in.read = func() ([]byte, error) {
				return nil, &ParseError{File: member, Offset: -1, Err: fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, size, MaxFileSize)}
			}
		}
		if IsSidecarName(f.Name) {
			if err := a.take(size); err != nil {
				return nil, err
			}
			e.Sidecars = append(e.Sidecars, in)
			continue
		}
		format, err := sniffZipMember(f)
		switch {
		case err != nil:
			if isActivityName(f.Name) {
				out = append(out, failed(member, &ParseError{File: member, Offset: -1, Err: err}))
			}
		case format == FormatZip:
			if depth >= maxZipDepth {
				return nil, refused(a.top, fmt.Sprintf("nests archives more than %d deep (%s)", maxZipDepth, member))
			}
			inner, innerRA, err := a.nested(member, f, ra)
			if errors.Is(err, ErrRefused) {
				return nil, err
			}
			if err != nil {
				out = append(out, failed(member, err))
				continue
			}
			ins, err := e.zipInputs(a, member, mid, inner, innerRA, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, ins...)
		case format != FormatUnknown || isActivityName(f.Name):
			if err := a.take(size); err != nil {
				return nil, err
			}
			out = append(out, in)
		}
	}
	return out, nil
}

// nested opens the nested archive f, named member, of the archive read from ra. Stored
// uncompressed (as exports often store archives in archives), it is read in place;
// compressed, it counts against the expansion budget and is copied to a temporary
// file that the walk closes. It returns the archive and what it reads from.
func (a *archiveWalk) nested(member string, f *zip.File, ra io.ReaderAt) (*zip.Reader, io.ReaderAt, error) {
	if f.Method == zip.Store && f.CompressedSize64 == f.UncompressedSize64 {
		if off, err := f.DataOffset(); err == nil {
			sr := io.NewSectionReader(ra, off, int64(f.UncompressedSize64))
			zr, err := zip.NewReader(sr, sr.Size())
			if err != nil {
				return nil, nil, fmt.Errorf("%s: not a readable zip archive: %w", member, err)
			}
			return zr, sr, nil
		}
	}
	if err := a.take(f.UncompressedSize64); err != nil {
		return nil, nil, err
	}
	if need := f.UncompressedSize64; need > uint64(max(a.temp.remaining(), 0)) {
		// Refused before a byte is written: a small archive can carry a nested one
		// padded to gigabytes.
		return nil, nil, refused(a.top, fmt.Sprintf("holds a nested archive, %s, that %s; extract it and give its folder",
			f.Name, a.temp.tooLarge(int64(min(need, 1<<62)))))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, &ParseError{File: member, Offset: -1, Err: err}
	}
	defer rc.Close()
	t, err := newTemp(a.temp)
	if err != nil {
		return nil, nil, &ParseError{File: member, Offset: -1, Err: err}
	}
	n, err := t.fill(member, rc, int64(min(f.UncompressedSize64, MaxArchiveExpansion)))
	if err == nil {
		var zr *zip.Reader
		if zr, err = zip.NewReader(t, n); err == nil {
			a.closers = append(a.closers, t)
			return zr, t, nil
		}
		err = fmt.Errorf("%s: not a readable zip archive: %w", member, err)
	}
	t.Close()
	return nil, nil, err
}

// sniffZipMember decides the format of an archive member from its first bytes.
func sniffZipMember(f *zip.File) (Format, error) {
	if f.UncompressedSize64 == 0 {
		return FormatUnknown, nil
	}
	rc, err := f.Open()
	if err != nil {
		return FormatUnknown, err
	}
	defer rc.Close()
	return sniffStream(rc)
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
// zip archive; the bool says it was an archive.
func (e *Expander) stdin() ([]Input, bool) {
	if e.Stdin == nil {
		return []Input{failed("-", errors.New("-: no standard input"))}, false
	}
	return e.stream("-", e.Stdin)
}

// stream lists what r, standard input or a pipe named name, holds: one input, or the
// members of a zip archive (then the bool is true). Its bytes are copied to a
// temporary file, up to MaxFileSize for one activity and MaxArchiveExpansion for an
// archive; content that is no activity (random bytes, /dev/zero) fails after its
// first bytes. Such inputs have no identity.
func (e *Expander) stream(name string, r io.Reader) ([]Input, bool) {
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return []Input{failed(name, &ParseError{File: name, Offset: int64(n), Err: err})}, false
	}
	head = head[:n]
	format := Sniff(head)
	switch {
	case n == 0:
		return []Input{failed(name, &ParseError{File: name, Offset: -1, Err: ErrEmpty})}, false
	case format == FormatUnknown:
		return []Input{failed(name, &ParseError{File: name, Offset: -1, Err: ErrUnknownFormat})}, false
	}
	limit := int64(MaxFileSize)
	if format == FormatZip {
		limit = MaxArchiveExpansion
	}
	t, err := newTemp(e.tempSpace())
	if err != nil {
		return []Input{failed(name, &ParseError{File: name, Offset: -1, Err: err})}, false
	}
	size, err := t.fill(name, io.MultiReader(bytes.NewReader(head), r), limit)
	if err != nil {
		t.Close()
		return []Input{failed(name, err)}, false
	}
	if format == FormatZip {
		zr, err := zip.NewReader(t, size)
		if err != nil {
			t.Close()
			return []Input{failed(name, fmt.Errorf("%s: not a readable zip archive: %w", name, err))}, false
		}
		ins, err := e.topArchive(name, nil, zr, t, t)
		if err != nil {
			return []Input{failed(name, err)}, false
		}
		return ins, true
	}
	e.closers = append(e.closers, t)
	read := func() ([]byte, error) { return readLimited(name, io.NewSectionReader(t, 0, size), MaxFileSize) }
	return []Input{{Name: name, size: size, read: read}}, false
}
