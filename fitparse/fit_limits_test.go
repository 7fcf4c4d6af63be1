package fitparse

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
)

// A fitBuilder writes FIT files by hand: definition and data messages, the header and
// the CRC, so that tests can make files of any size quickly.
type fitBuilder struct{ b []byte }

// def writes a definition message for local message type local and global message
// global, with fields given as {number, size, base type}.
func (w *fitBuilder) def(local byte, global uint16, fields ...[3]byte) {
	w.b = append(w.b, 0x40|local, 0, 0)
	w.b = binary.LittleEndian.AppendUint16(w.b, global)
	w.b = append(w.b, byte(len(fields)))
	for _, f := range fields {
		w.b = append(w.b, f[:]...)
	}
}

func (w *fitBuilder) u32(v uint32) { w.b = binary.LittleEndian.AppendUint32(w.b, v) }

// fileID writes a file_id message of an activity file by Garmin.
func (w *fitBuilder) fileID() {
	w.def(0, 0, [3]byte{0, 1, 0x00}, [3]byte{1, 2, 0x84})
	w.b = append(w.b, 0, 4, 1, 0)
}

// session writes a running session (local type 3) from start for elapsed seconds.
func (w *fitBuilder) session(start, elapsed uint32) {
	w.def(3, 18, [3]byte{253, 4, 0x86}, [3]byte{2, 4, 0x86}, [3]byte{7, 4, 0x86}, [3]byte{5, 1, 0x00})
	w.b = append(w.b, 3)
	w.u32(start + elapsed)
	w.u32(start)
	w.u32(elapsed * 1000)
	w.b = append(w.b, 1) // running
}

// file returns the FIT file: a 14-byte header, the messages and the CRC.
func (w *fitBuilder) file() []byte {
	h := []byte{14, 0x20}
	h = binary.LittleEndian.AppendUint16(h, 2132)
	h = binary.LittleEndian.AppendUint32(h, uint32(len(w.b)))
	h = append(h, ".FIT"...)
	h = binary.LittleEndian.AppendUint16(h, fitCRC(0, h))
	out := append(h, w.b...)
	return binary.LittleEndian.AppendUint16(out, fitCRC(0, out))
}

// fitT0 is the FIT time of the first record of the built files.
const fitT0 = 1_000_000_000

// manyRecordsFIT returns a FIT file of n records at 1 Hz with cadence 85, all but the
// first with a compressed timestamp (2 bytes each), and one session.
func manyRecordsFIT(n int) []byte {
	w := &fitBuilder{}
	w.fileID()
	w.def(1, 20, [3]byte{253, 4, 0x86}, [3]byte{4, 1, 0x02})
	w.b = append(w.b, 1)
	w.u32(fitT0)
	w.b = append(w.b, 85)
	w.def(2, 20, [3]byte{4, 1, 0x02})
	for i := 1; i < n; i++ {
		w.b = append(w.b, 0x80|2<<5|byte((fitT0+i)&31), 85)
	}
	w.session(fitT0, uint32(n))
	return w.file()
}

// TestFITRecordCap reads a .fit.gz of five times MaxSamples records (10 million, 20 MB
// of FIT in 50 KB of gzip, as a hostile file is): the activity keeps the first
// MaxSamples with a warning, still knows its sport from the session at the end, and
// the memory it takes stays bounded. Under the race detector, which decodes ten times
// slower, the cap is lowered to 200,000 and the file is five times that.
func TestFITRecordCap(t *testing.T) {
	if raceEnabled {
		defer func(c int) { sampleCap = c }(sampleCap)
		sampleCap = 200_000
	}
	n := 5 * sampleCap
	if testing.Short() {
		n = sampleCap + 1000
	}
	data := gz(t, manyRecordsFIT(n))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	acts, err := Parse("many.fit.gz", data)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if err != nil || len(acts) != 1 {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	a := acts[0]
	if len(a.Samples) != sampleCap {
		t.Errorf("%d samples, want %d", len(a.Samples), sampleCap)
	}
	first, last := a.Samples[0], a.Samples[len(a.Samples)-1]
	if first.T != fitT0+fitEpoch || last.T != float64(fitT0+fitEpoch+sampleCap-1) || last.Cadence != 85 {
		t.Errorf("first %+v, last %+v", first, last)
	}
	if a.Sport != activity.Running {
		t.Errorf("sport %q, want running from the session", a.Sport)
	}
	want := "stopped after " + thousands(sampleCap) + " records: the file holds " + thousands(n) +
		", more than any real activity (23 days at one a second); the rest were left out"
	if !containsString(a.Warnings, want) {
		t.Errorf("warnings %q, want %q", a.Warnings, want)
	}
	// 64 bytes a sample: the 2,000,000 kept are 128 MB. Without the cap the samples of
	// 10 million records alone were 640 MB, and more while the slice grew.
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	allocated := int64(after.TotalAlloc - before.TotalAlloc)
	t.Logf("held %d MB, allocated %d MB", held>>20, allocated>>20)
	if limit := int64(sampleCap) * 100; held > limit {
		t.Errorf("%d MB held after parsing, want under %d", held>>20, limit>>20)
	}
	if limit := int64(sampleCap) * 300; allocated > limit {
		t.Errorf("%d MB allocated while parsing, want under %d", allocated>>20, limit>>20)
	}
	runtime.KeepAlive(acts)
}

// TestThousands checks the number format of the warnings.
func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 2000000: "2,000,000", -12345: "-12,345"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// manySessionsFIT returns a FIT file of m running sessions of k records each, at 1 Hz
// with 5 seconds between sessions; record i of session s has cadence 80 + s%10 and
// speed (i+1) m/s.
func manySessionsFIT(m, k int) []byte {
	w := &fitBuilder{}
	w.fileID()
	w.def(1, 20, [3]byte{253, 4, 0x86}, [3]byte{4, 1, 0x02}, [3]byte{6, 2, 0x84})
	t := uint32(fitT0)
	for s := 0; s < m; s++ {
		start := t
		for i := 0; i < k; i++ {
			w.b = append(w.b, 1)
			w.u32(t)
			w.b = append(w.b, byte(80+s%10))
			w.b = binary.LittleEndian.AppendUint16(w.b, uint16((i+1)*1000))
			t++
		}
		w.session(start, uint32(k))
		t += 5
	}
	return w.file()
}

// TestFITManySessions reads a file of 20,000 sessions of 10 records (as the issue's
// 32,000-session file): every session gets its own 10 records. Matching every record
// against every session took minutes under -race; the sweep takes well under a second.
func TestFITManySessions(t *testing.T) {
	const m, k = 20000, 10
	start := time.Now()
	acts, err := Parse("sessions.fit", manySessionsFIT(m, k))
	t.Logf("%d sessions in %v", m, time.Since(start))
	if err != nil || len(acts) != m {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	for s, a := range acts {
		if len(a.Samples) != k || a.Index != s {
			t.Fatalf("session %d: index %d, %d samples", s, a.Index, len(a.Samples))
		}
		t0 := float64(fitT0+fitEpoch) + float64(s*(k+5))
		for i, x := range a.Samples {
			if x.T != t0+float64(i) || x.Cadence != float64(80+s%10) || x.Speed != float64(i+1) {
				t.Fatalf("session %d sample %d: %+v", s, i, x)
			}
		}
		if want := time.Unix(int64(t0), 0).UTC(); !a.Start.Equal(want) {
			t.Fatalf("session %d starts %v, want %v", s, a.Start, want)
		}
	}
}

// assignSlow is the assignment of records to sessions as it was, matching every record
// against every session: the reference for assignRecords.
func assignSlow(records []activity.Sample, sessions []fitSession, oneSport bool) []int32 {
	keys := make([]int32, len(records))
	last := int32(-1)
	for j, r := range records {
		k := -1
		if !math.IsNaN(r.T) {
			for i, s := range sessions {
				end := s.start + s.elapsed
				if math.IsNaN(s.elapsed) && i+1 < len(sessions) {
					end = sessions[i+1].start
				}
				if r.T >= s.start && (r.T <= end || math.IsNaN(end)) {
					k = i
					break
				}
			}
			if k < 0 && oneSport {
				k = 0
				for i, s := range sessions {
					if s.start <= r.T {
						k = i
					}
				}
			}
		} else {
			k = int(last)
		}
		keys[j] = int32(k)
		if k >= 0 {
			last = int32(k)
		}
	}
	return keys
}

// TestAssignRecordsMatchesReference compares the sweep with the old quadratic match on
// random files: overlapping sessions, sessions without start or elapsed time, records
// out of order or without a time, before the first and after the last session.
func TestAssignRecordsMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	nan := math.NaN()
	for trial := range 3000 {
		m := 1 + rng.IntN(6)
		sessions := make([]fitSession, m)
		for i := range sessions {
			s := fitSession{start: float64(rng.IntN(100)), elapsed: float64(rng.IntN(40)), order: i}
			switch rng.IntN(8) {
			case 0:
				s.start = nan
			case 1:
				s.elapsed = nan
			}
			sessions[i] = s
		}
		if rng.IntN(2) == 0 { // sessions in time order, as activities() sorts them
			sortSessionsForTest(sessions)
		}
		records := make([]activity.Sample, rng.IntN(60))
		tm := float64(rng.IntN(20)) - 10
		for i := range records {
			r := activity.NewSample()
			switch rng.IntN(10) {
			case 0: // no time
			case 1: // a jump back
				r.T = tm - float64(rng.IntN(30))
			default:
				tm += float64(rng.IntN(4))
				r.T = tm
			}
			records[i] = r
		}
		for _, oneSport := range []bool{true, false} {
			got := assignRecords(records, sessions, oneSport)
			want := assignSlow(records, sessions, oneSport)
			if len(got) != len(want) {
				t.Fatalf("trial %d: %d keys, want %d", trial, len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("trial %d (one sport %t): record %d (T %v) in session %d, want %d\nsessions %+v", trial, oneSport, i, records[i].T, got[i], want[i], sessions)
				}
			}
		}
	}
}

func sortSessionsForTest(s []fitSession) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].start < s[j-1].start; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// TestFITMultisportSplitsShareRecords checks that sessions whose records lie together
// get them without a copy, and that a record between sessions of different sports is
// left out with a warning.
func TestFITMultisportSplitsShareRecords(t *testing.T) {
	w := &fitBuilder{}
	w.fileID()
	w.def(1, 20, [3]byte{253, 4, 0x86}, [3]byte{4, 1, 0x02})
	rec := func(t uint32) {
		w.b = append(w.b, 1)
		w.u32(t)
		w.b = append(w.b, 85)
	}
	for i := range uint32(5) {
		rec(fitT0 + i)
	}
	w.session(fitT0, 4) // running, records 0-4
	rec(fitT0 + 100)    // in no session
	for i := range uint32(3) {
		rec(fitT0 + 200 + i)
	}
	w.def(4, 18, [3]byte{2, 4, 0x86}, [3]byte{7, 4, 0x86}, [3]byte{5, 1, 0x00})
	w.b = append(w.b, 4)
	w.u32(fitT0 + 200)
	w.u32(2000)
	w.b = append(w.b, 2) // cycling
	acts, err := Parse("multi.fit", w.file())
	if err != nil || len(acts) != 2 {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	if len(acts[0].Samples) != 5 || len(acts[1].Samples) != 3 || acts[1].Sport != activity.Cycling {
		t.Fatalf("samples %d and %d, sport %q", len(acts[0].Samples), len(acts[1].Samples), acts[1].Sport)
	}
	if cap(acts[0].Samples) != 5 {
		t.Errorf("first session's samples have capacity %d: appending to them could overwrite the next", cap(acts[0].Samples))
	}
	if !strings.Contains(strings.Join(acts[0].Warnings, "\n"), "1 records lie outside every session") {
		t.Errorf("warnings %q", acts[0].Warnings)
	}
}
