package fitparse

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cadence-run/cadence/activity"
	"golang.org/x/sync/semaphore"
)

// The limits below keep hostile or broken inputs (zip bombs, archives of archives,
// files of millions of tiny records, pipes that never speak) from exhausting memory,
// disk or time. Each is far beyond what a real export holds.

// MaxSamples is the most samples one activity keeps, and the most records read from
// one FIT file. 2,000,000 samples are 23 days at one a second: longer than any
// activity a watch records (a multi-day ultra of 150 hours is 540,000 at 1 Hz), and
// at 64 bytes a sample at most 128 MB. A file with more keeps the first MaxSamples,
// with a warning.
const MaxSamples = 2_000_000

// sampleCap is MaxSamples, a variable so that tests under the race detector, which
// decodes ten times slower, can lower it.
var sampleCap = MaxSamples

// MaxArchiveExpansion is the most bytes that reading one archive given by the user
// (with every archive nested in it) may decompress: the declared sizes of its nested
// archives, which are copied out to temporary files, and of its activity files and
// side files, which are read when analysed. Photos and other members that are never
// read do not count. The largest real exports (a Garmin Connect export of decades of
// activities) expand to a few GB. An archive that declares more is refused whole,
// before anything is decompressed, with one error naming it.
const MaxArchiveExpansion = 16 << 30

// maxArchiveMembers is the most members one archive given by the user may hold, its
// nested archives included. A Garmin export of a lifetime of activities holds tens of
// thousands; each member listed costs a few hundred bytes of memory.
const maxArchiveMembers = 250_000

// maxZipDepth bounds archives inside archives (Garmin exports nest one level). An
// archive that nests deeper is refused whole.
const maxZipDepth = 4

// DefaultTempBudget is the most bytes of temporary files that one Expander (one
// batch) holds at once unless its TempBudget says otherwise: the nested archives it
// copies out of archives and what it spools from standard input and pipes. A real
// export nests archives of a few hundred MB (Garmin splits its uploaded files into
// parts) or stores them uncompressed, read in place at no cost. An archive whose
// nested archives would need more is refused whole before they are written, with
// one error naming it; standard input larger than what is left fails the same way.
const DefaultTempBudget = 2 << 30

// MemoryBudget is the most bytes that loads in flight (Input.Load, until Release) may
// hold at once, shared by every goroutine of the process, so that reading in parallel
// never multiplies the memory one input may take. A load larger than the whole
// budget waits until it is alone.
const MemoryBudget = 1 << 30

// pipeIdle is how long reading a named pipe or a device given by path waits for a
// writer to open it, and for its next bytes. A pipe that stays silent longer is an
// error, not a hang. A variable so that tests can shorten it.
var pipeIdle = 30 * time.Second

// refused returns the error for the archive named top that exceeds a limit.
func refused(top, what string) error {
	return &ParseError{File: top, Offset: -1, Err: fmt.Errorf("archive %s: %w", what, ErrRefused)}
}

// gib formats a byte count of whole GiB, e.g. "16 GiB".
func gib(n int64) string { return strconv.FormatInt(n>>30, 10) + " GiB" }

// thousands formats n with commas between groups of three digits: 2,000,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// capSamples keeps at most MaxSamples samples of a, copied into a slice of their own
// so that the rest can be freed, and says so in a warning.
func capSamples(a *activity.Activity) {
	if len(a.Samples) <= sampleCap {
		return
	}
	n := len(a.Samples)
	a.Samples = append([]activity.Sample(nil), a.Samples[:sampleCap]...)
	a.Warn(tooManySamples(n))
}

// tooManySamples is the warning for a file or activity of n samples, over MaxSamples.
func tooManySamples(n int) string {
	return fmt.Sprintf("stopped after %s records: the file holds %s, more than any real activity (23 days at one a second); the rest were left out",
		thousands(sampleCap), thousands(n))
}

// A budget is a weighted semaphore of bytes (x/sync's semaphore.Weighted): acquire
// waits until the bytes asked for are free. Waiters are served in order, so a large
// load is not starved by small ones.
type budget struct {
	sem  *semaphore.Weighted
	size int64
	used atomic.Int64 // bytes taken, for inUse: never more than sem holds
}

// newBudget returns a budget of size bytes.
func newBudget(size int64) *budget {
	return &budget{sem: semaphore.NewWeighted(size), size: size}
}

// memory is the budget that every Input.Load in the process shares.
var memory = newBudget(MemoryBudget)

// acquire waits until n bytes (clamped to the budget's size, so that no request
// waits forever: the semaphore never grants more than its size) are free, takes
// them, and returns how many it took.
func (b *budget) acquire(n int64) int64 {
	n = min(max(n, 0), b.size)
	// The context is never done, so Acquire only returns once it holds n.
	if err := b.sem.Acquire(context.Background(), n); err != nil {
		panic("fitparse: memory budget: " + err.Error())
	}
	b.used.Add(n)
	return n
}

// tryAcquire takes n bytes if they are free now and nobody waits, and reports
// whether it did.
func (b *budget) tryAcquire(n int64) bool {
	if !b.sem.TryAcquire(n) {
		return false
	}
	b.used.Add(n)
	return true
}

// release gives back n bytes and wakes the waiters that now fit, in order.
func (b *budget) release(n int64) {
	b.used.Add(-n)
	b.sem.Release(n)
}

// inUse returns the bytes taken now.
func (b *budget) inUse() int64 {
	return b.used.Load()
}

// A lease is the part of a budget that one load holds.
type lease struct {
	b    *budget
	mu   sync.Mutex
	held int64
}

// resize makes the lease hold n bytes (clamped to the budget's size). Growing takes
// the difference when it is free now; otherwise the lease gives back all it holds
// and waits for n as a whole, so that no load ever waits while holding part of the
// budget (two such loads could wait for each other forever).
func (l *lease) resize(n int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n = min(max(n, 0), l.b.size)
	switch {
	case n < l.held:
		l.b.release(l.held - n)
		l.held = n
	case n > l.held:
		if l.b.tryAcquire(n - l.held) {
			l.held = n
			return
		}
		l.b.release(l.held)
		l.held = 0
		l.held = l.b.acquire(n)
	}
}

// size returns the bytes the lease holds.
func (l *lease) size() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held
}

// A Loaded is an input's bytes in memory, as stored (a .gz member still compressed),
// counted against MemoryBudget until Release. Parse parses them, counting what it
// decompresses and the samples it makes against the same lease.
type Loaded struct {
	// Name is the input's name.
	Name string
	// Data is the input's bytes. They must not be used after Release.
	Data  []byte
	lease *lease
	once  sync.Once
}

// Load reads the input's bytes, first waiting until the loads in flight in the
// process leave room for them under MemoryBudget. The caller must call Release once it
// no longer holds the bytes or anything parsed from them (the samples), also after
// an error; Release may be called more than once. A goroutine must not Load while it
// holds another Loaded: the second load could wait for the first forever.
func (in Input) Load() (*Loaded, error) {
	l := &lease{b: memory}
	ld := &Loaded{Name: in.Name, lease: l}
	l.resize(in.size)
	data, err := in.read()
	if err != nil {
		return ld, err
	}
	ld.Data = data
	l.resize(loadWeight(data, gzipSizeHint(data)))
	return ld, nil
}

// Release gives the loaded bytes' share of MemoryBudget back.
func (ld *Loaded) Release() {
	ld.once.Do(func() {
		ld.lease.resize(0)
		ld.Data = nil
	})
}

// Parse parses the loaded bytes as Input.Parse does. What it decompresses and the
// samples it makes count against the load's share of MemoryBudget, which may wait
// for room.
func (ld *Loaded) Parse() ([]*activity.Activity, error) {
	data := ld.Data
	grow := func(inflated int64) { ld.lease.resize(loadWeight(data, inflated)) }
	acts, err := parseInput(ld.Name, data, grow)
	n := 0
	for _, a := range acts {
		n += len(a.Samples)
	}
	if w := int64(len(data)) + int64(n)*sampleBytes; w > ld.lease.size() {
		ld.lease.resize(w)
	}
	return acts, err
}

// sampleBytes is the size of one activity.Sample.
const sampleBytes = 64

// loadWeight estimates the memory that reading and parsing data takes: the bytes
// themselves, what they decompress to (inflated, 0 when not compressed), and twice
// the content again for the samples (a real FIT record is 25 to 40 bytes, one
// sample 64; GPX and TCX spend far more bytes a point).
func loadWeight(data []byte, inflated int64) int64 {
	content := int64(len(data))
	if inflated > 0 {
		content = inflated
	}
	return int64(len(data)) + inflated + 2*content
}

// gzipSizeHint returns the size that a gzip stream says (in its last four bytes) it
// decompresses to, clamped to MaxFileSize, or 0 when data is not gzip. The trailer can
// lie or be cut off; it is a first guess, which decompressing corrects.
func gzipSizeHint(data []byte) int64 {
	if len(data) < 18 || data[0] != 0x1f || data[1] != 0x8b {
		return 0
	}
	return min(int64(binary.LittleEndian.Uint32(data[len(data)-4:])), MaxFileSize)
}

// A tempBudget is what is left of an Expander's TempBudget: bytes its temporary
// files may still hold.
type tempBudget struct {
	mu   sync.Mutex
	size int64
	left int64
}

// remaining returns the bytes left.
func (b *tempBudget) remaining() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.left
}

// take counts n bytes written.
func (b *tempBudget) take(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.left -= n
}

// give returns n bytes of files removed.
func (b *tempBudget) give(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.left += n
}

// tooLarge says that need bytes (at least) of temporary space are more than the
// rest of the budget.
func (b *tempBudget) tooLarge(need int64) string {
	return fmt.Sprintf("needs %s of temporary space (TMPDIR), more than the %s left of the %s a batch may use",
		mib(need), mib(max(b.remaining(), 0)), mib(b.size))
}

// mib formats a byte count in MB, rounded up: "2,048 MB".
func mib(n int64) string { return thousands(int((n+(1<<20)-1)>>20)) + " MB" }

// A tempFile is a nested archive or a stream copied to disk. On systems that allow it
// the file is unlinked as soon as it is created, so that nothing is left behind even
// if the process is killed; Close closes it (and removes it elsewhere). What it holds
// counts against its Expander's temporary space until Close.
type tempFile struct {
	*os.File
	path    string
	budget  *tempBudget
	charged int64
}

// removeOpen says whether an open file can be removed (not on Windows).
var removeOpen = runtime.GOOS != "windows"

// newTemp creates a temporary file counted against b.
func newTemp(b *tempBudget) (*tempFile, error) {
	f, err := os.CreateTemp("", "cadence-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot make a temporary file: %w", err)
	}
	t := &tempFile{File: f, path: f.Name(), budget: b}
	if removeOpen {
		os.Remove(t.path)
	}
	return t, nil
}

// Close closes and removes the temporary file, and gives its bytes back to the budget.
func (t *tempFile) Close() error {
	err := t.File.Close()
	if !removeOpen {
		if rerr := os.Remove(t.path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
			err = rerr
		}
	}
	if t.charged > 0 {
		t.budget.give(t.charged)
		t.charged = 0
	}
	return err
}

// fill copies r into the temporary file, failing with ErrTooLarge past limit bytes
// or past what is left of the temporary space, and returns how many bytes it wrote.
func (t *tempFile) fill(name string, r io.Reader, limit int64) (int64, error) {
	room := t.budget.remaining()
	n, err := io.Copy(t.File, io.LimitReader(r, min(limit, room)+1))
	t.budget.take(n)
	t.charged += n
	if err != nil {
		return n, &ParseError{File: name, Offset: n, Err: err}
	}
	if n > limit {
		return n, &ParseError{File: name, Offset: -1, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)}
	}
	if n > room {
		return n, &ParseError{File: name, Offset: -1, Err: fmt.Errorf("%w: more than the %s of temporary space (TMPDIR) left of the %s a batch may use; give it by path",
			ErrTooLarge, mib(room), mib(t.budget.size))}
	}
	return n, nil
}

// openPipe opens the pipe or device at p for reading, waiting at most wait for the
// open to finish: opening a named pipe blocks until a writer opens it too, maybe
// never. When the wait is over, a named pipe's open is released (see unblockFIFO) so
// that no thread stays blocked.
func openPipe(p string, wait time.Duration) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	var mu sync.Mutex
	late := false
	go func() {
		f, err := os.Open(p)
		mu.Lock()
		defer mu.Unlock()
		if late {
			if f != nil {
				f.Close()
			}
			return
		}
		done <- opened{f, err}
	}()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.f, o.err
	case <-timer.C:
	}
	mu.Lock()
	select {
	case o := <-done: // opened just now
		mu.Unlock()
		return o.f, o.err
	default:
		late = true
	}
	mu.Unlock()
	unblockFIFO(p)
	return nil, &ParseError{File: p, Offset: -1, Err: fmt.Errorf("nothing opened this pipe for writing within %v: gave up waiting", wait)}
}

// An idleReader reads a pipe or device, failing when no bytes arrive for idle. Files
// that take no deadline (some devices) are read without one.
type idleReader struct {
	f    *os.File
	idle time.Duration
}

func (r *idleReader) Read(b []byte) (int, error) {
	r.f.SetReadDeadline(time.Now().Add(r.idle)) // an error means no deadlines: read plainly
	n, err := r.f.Read(b)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = fmt.Errorf("nothing arrived for %v: gave up waiting", r.idle)
	}
	return n, err
}

// A Spool is a temporary file of an Expander's that another package writes to (the
// pipeline sets a large batch's results aside in one): what it holds counts against
// the Expander's TempBudget, and Expander.Close removes it. Append and ReadAt may be
// called from several goroutines.
type Spool struct {
	mu   sync.Mutex
	t    *tempFile
	size int64
}

// NewSpool creates an empty spool in the Expander's temporary space (TMPDIR). It
// must not be called while Close runs.
func (e *Expander) NewSpool() (*Spool, error) {
	t, err := newTemp(e.tempSpace())
	if err != nil {
		return nil, err
	}
	e.closers = append(e.closers, t)
	return &Spool{t: t}, nil
}

// Append writes p at the end of the spool and returns the offset it begins at. When
// p is more than what is left of the Expander's temporary space it writes nothing and
// returns an error that wraps ErrTooLarge; a failed write (a full disk) returns that
// error.
func (s *Spool) Append(p []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if need := int64(len(p)); need > s.t.budget.remaining() {
		return 0, fmt.Errorf("%w: %s", ErrTooLarge, s.t.budget.tooLarge(need))
	}
	off := s.size
	n, err := s.t.WriteAt(p, off)
	s.t.budget.take(int64(n))
	s.t.charged += int64(n)
	s.size += int64(n)
	return off, err
}

// ReadAt reads len(p) bytes of the spool from off.
func (s *Spool) ReadAt(p []byte, off int64) (int, error) { return s.t.ReadAt(p, off) }

// Size returns the bytes written to the spool.
func (s *Spool) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}
