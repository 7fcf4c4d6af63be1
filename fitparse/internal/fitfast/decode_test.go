package fitfast

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a Listener that notes every call, with its raw values.
type recorder struct {
	calls []string
	descs []FieldDescription // of the sequence, by slot: it reads the first MaxDev
}

func (r *recorder) Record(x *Record) {
	r.calls = append(r.calls, fmt.Sprintf("record t=%d espeed=%d ealt=%d dist=%d lat=%d lon=%d speed=%d alt=%d cad=%d frac=%d hr=%d",
		x.T, x.ESpeed, x.EAlt, x.Dist, x.Lat, x.Lon, x.Speed, x.Alt, x.Cad, x.Frac, x.HR))
	for i := range MaxDev {
		if x.DevSet&(1<<i) != 0 {
			r.calls = append(r.calls, fmt.Sprintf("  dev %d/%d = %#x", r.descs[i].Index, r.descs[i].Num, x.Dev[i]))
		}
	}
}

func (r *recorder) Event(event, eventType uint8, ts uint32) {
	r.calls = append(r.calls, fmt.Sprintf("event %d type %d t=%d", event, eventType, ts))
}

func (r *recorder) Session(s *Session) {
	r.calls = append(r.calls, fmt.Sprintf("session start=%d elapsed=%d dist=%d sport=%d sub=%d cad=%d frac=%d",
		s.Start, s.Elapsed, s.Distance, s.Sport, s.SubSport, s.AvgCad, s.AvgFrac))
}

func (r *recorder) FileID(fileType uint8, manufacturer, product uint16, productName func() string) {
	r.calls = append(r.calls, fmt.Sprintf("file_id type %d mf %d product %d name %q", fileType, manufacturer, product, productName()))
}

func (r *recorder) Activity(ts, local uint32) {
	r.calls = append(r.calls, fmt.Sprintf("activity t=%d local=%d", ts, local))
}

func (r *recorder) Sport(sport, subSport uint8) {
	r.calls = append(r.calls, fmt.Sprintf("sport %d sub %d", sport, subSport))
}

func (r *recorder) Lap(l *Lap) {
	r.calls = append(r.calls, fmt.Sprintf("lap end=%d start=%d timer=%d dist=%d espeed=%d speed=%d step=%d intensity=%d trigger=%d",
		l.End, l.Start, l.Timer, l.Distance, l.ESpeed, l.Speed, l.StepIndex, l.Intensity, l.Trigger))
}

// fitFile wraps data, the messages of one sequence, in a 14-byte header and a CRC
// (zero: Decode does not check CRCs).
func fitFile(data []byte) []byte {
	h := []byte{14, 0x20, 0x08, 0x08, 0, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0}
	binary.LittleEndian.PutUint32(h[4:8], uint32(len(data)))
	return append(append(h, data...), 0, 0)
}

// le32, le16, be32 and be16 encode a value.
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func be16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// testMessages is a sequence of a file_id, records (little-endian, with a compressed
// timestamp header, and big-endian), a timer event, a sport, a session, an activity
// and a lap message.
var testMessages = cat(
	// file_id (0): type, manufacturer, product.
	[]byte{0x45, 0, 0, 0, 0, 3, 0, 1, 0x00, 1, 2, 0x84, 2, 2, 0x84}, []byte{0x05, 4}, le16(1), le16(1623),
	// record (20), little-endian: timestamp, cadence, speed, heart rate.
	[]byte{0x40, 0, 0, 20, 0, 4, 253, 4, 0x86, 4, 1, 0x02, 6, 2, 0x84, 3, 1, 0x02},
	[]byte{0x00}, le32(1000), []byte{85}, le16(3000), []byte{150},
	// record without a timestamp field, local 1, read with a compressed timestamp
	// header whose offset (10) is 2 seconds after the last timestamp (1000 & 31 = 8).
	[]byte{0x41, 0, 0, 20, 0, 2, 4, 1, 0x02, 3, 1, 0x02},
	[]byte{0x80 | 1<<5 | 10, 86, 151},
	// event (21): timestamp, event (timer), event_type (stop).
	[]byte{0x42, 0, 0, 21, 0, 3, 253, 4, 0x86, 0, 1, 0x00, 1, 1, 0x00},
	[]byte{0x02}, le32(1005), []byte{0, 1},
	// record, big-endian: timestamp, altitude, position.
	[]byte{0x43, 0, 1, 0, 20, 4, 253, 4, 0x86, 2, 2, 0x84, 0, 4, 0x85, 1, 4, 0x85},
	[]byte{0x03}, be32(2000), be16(2600), be32(0x10000000), be32(0xF0000000),
	// sport (12): sport, sub_sport.
	[]byte{0x44, 0, 0, 12, 0, 2, 0, 1, 0x00, 1, 1, 0x00}, []byte{0x04, 1, 1},
	// session (18): start_time, total_elapsed_time, sport, avg_cadence.
	[]byte{0x46, 0, 0, 18, 0, 4, 2, 4, 0x86, 7, 4, 0x86, 5, 1, 0x00, 18, 1, 0x02},
	[]byte{0x06}, le32(1000), le32(5000), []byte{1, 85},
	// activity (34): timestamp, local_timestamp (two hours ahead).
	[]byte{0x47, 0, 0, 34, 0, 2, 253, 4, 0x86, 5, 4, 0x86}, []byte{0x07}, le32(2001), le32(2001+7200),
	// lap (19), big-endian: timestamp, start_time, total_timer_time, total_distance,
	// avg_speed, intensity (rest), lap_trigger (manual), wkt_step_index.
	[]byte{0x48, 0, 1, 0, 19, 8, 253, 4, 0x86, 2, 4, 0x86, 8, 4, 0x86, 9, 4, 0x86, 13, 2, 0x84, 23, 1, 0x00, 24, 1, 0x00, 71, 2, 0x84},
	[]byte{0x08}, be32(1060), be32(1000), be32(60000), be32(9000), be16(1500), []byte{1, 0}, be16(3),
)

// TestDecodeValues checks the raw values Decode hands its listener, in file order:
// absent fields invalid, speed and altitude expanded into their enhanced fields, a
// compressed timestamp resolved against the last timestamp, big-endian values.
func TestDecodeValues(t *testing.T) {
	var fd Decoder
	var r recorder
	if !fd.Decode(&r, fitFile(testMessages)) {
		t.Fatalf("declined: %s", fd.Why())
	}
	want := []string{
		`file_id type 4 mf 1 product 1623 name ""`,
		"record t=1000 espeed=3000 ealt=4294967295 dist=4294967295 lat=2147483647 lon=2147483647 speed=3000 alt=65535 cad=85 frac=255 hr=150",
		"record t=1002 espeed=4294967295 ealt=4294967295 dist=4294967295 lat=2147483647 lon=2147483647 speed=65535 alt=65535 cad=86 frac=255 hr=151",
		"event 0 type 1 t=1005",
		"record t=2000 espeed=4294967295 ealt=2600 dist=4294967295 lat=268435456 lon=-268435456 speed=65535 alt=2600 cad=255 frac=255 hr=255",
		"sport 1 sub 1",
		"session start=1000 elapsed=5000 dist=4294967295 sport=1 sub=255 cad=85 frac=255",
		"activity t=2001 local=9201",
		"lap end=1060 start=1000 timer=60000 dist=9000 espeed=1500 speed=1500 step=3 intensity=1 trigger=0",
	}
	if strings.Join(r.calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls\n%s\nwant\n%s", strings.Join(r.calls, "\n"), strings.Join(want, "\n"))
	}
	// Two sequences, one after the other, are read as one file.
	r.calls = nil
	if !fd.Decode(&r, append(fitFile(testMessages), fitFile(testMessages)...)) || len(r.calls) != 2*len(want) {
		t.Errorf("chained: %d calls (%s), want %d", len(r.calls), fd.Why(), 2*len(want))
	}
}

// TestDecodeDeclines checks that Decode leaves to muktihari's decoder what it does not
// read itself, and says why.
func TestDecodeDeclines(t *testing.T) {
	good := fitFile(testMessages)
	badType := fitFile(cat([]byte{0x40, 0, 0, 20, 0, 1, 3, 1, 0x06}, []byte{0x00, 1}))
	shortTS := fitFile(cat([]byte{0x40, 0, 0, 20, 0, 1, 253, 2, 0x84}, []byte{0x00, 1, 2}))
	twice := fitFile(cat([]byte{0x40, 0, 0, 20, 0, 2, 3, 1, 0x02, 3, 1, 0x02}, []byte{0x00, 1, 2}))
	csd := fitFile(cat([]byte{0x40, 0, 0, 20, 0, 1, 8, 3, 0x0D}, []byte{0x00, 1, 2, 3}))
	for _, c := range []struct {
		name string
		data []byte
		why  string
	}{
		{"empty", nil, "no data"},
		{"trailing bytes", append(append([]byte(nil), good...), 0, 0), "bytes after the last sequence"},
		{"not FIT", []byte("0123456789abcdef"), "not a FIT header"},
		{"cut short", good[:len(good)-10], "a sequence without data or cut short"},
		{"undefined", fitFile([]byte{0x03, 1, 2, 3}), "a message without a definition"},
		{"message cut short", fitFile(cat(testMessages, []byte{0x00, 1, 2})), "a message cut short"},
		{"bad base type", badType, "an invalid base type"},
		{"timestamp of 2 bytes", shortTS, "a timestamp not of 4 bytes, or two"},
		{"field twice", twice, "a field read twice, or shorter than its type"},
		{"compressed_speed_distance", csd, "compressed_speed_distance"},
	} {
		var fd Decoder
		if fd.Decode(&recorder{}, c.data) || fd.Why() != c.why {
			t.Errorf("%s: declined for %q, want %q", c.name, fd.Why(), c.why)
		}
	}
}

const corpus = "../../../../shared/corpus"

// TestDecodeCorpus checks which corpus files Decode decodes itself: every good
// file but the three whose records need what it leaves to muktihari's decoder, and none
// of the damaged ones. That both give the same results is checked by
// fitparse's TestFITFactoryMatchesStandard.
func TestDecodeCorpus(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpus, "MANIFEST.tsv")); err != nil {
		t.Skipf("corpus not found at %s: skipping real-file tests", corpus)
	}
	declined := map[string]string{
		"fit/fitparse-garmin-fr70-run-compressed-speed-distance.fit":  "compressed_speed_distance",
		"fit/runalyze-garmin-fr70-run-intervals-footpod-nogps.fit":    "compressed_speed_distance",
		"fit/gc-apple-watch-pool-swim-1.fit":                          "a timestamp not of 4 bytes, or two",
		"bad/fitparse-nick-truncated-crc-mismatch.fit":                "a message cut short",
		"bad/fitsdk-chained-activity-settings-corrupt-header.fit":     "not a FIT header",
		"bad/gc-garmin-fr55-walk-resaved-invalid-basetype.fit":        "an invalid base type",
		"bad/gc-garmin-vivoactivehr-run-resaved-invalid-basetype.fit": "an invalid base type",
		"bad/sportslib-empty-activities-bad-header.fit":               "a sequence without data or cut short",
		"bad/sportslib-garmin-virtual-ride-bad-basetype.fit":          "an invalid base type",
	}
	files, _ := filepath.Glob(filepath.Join(corpus, "*", "*.fit"))
	fast := 0
	for _, f := range files {
		rel := filepath.ToSlash(strings.TrimPrefix(f, corpus+string(filepath.Separator)))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var fd Decoder
		ok := fd.Decode(&recorder{}, data)
		why := fd.Why()
		want, decline := declined[rel]
		switch {
		case ok && decline:
			t.Errorf("%s: Decode decoded it, want it declined (%s)", rel, want)
		case !ok && !decline && strings.HasPrefix(rel, "fit/"):
			t.Errorf("%s: Decode declined it (%s)", rel, why)
		case !ok && decline && why != want:
			t.Errorf("%s: declined for %q, want %q", rel, why, want)
		}
		if ok {
			fast++
		}
	}
	t.Logf("Decode decoded %d of %d FIT files of the corpus", fast, len(files))
	if fast < 70 {
		t.Errorf("Decode decoded %d corpus files, want at least 70", fast)
	}
}

// FuzzDecode checks that Decode never fails on any input other than by declining, and
// that a Decoder reused gives the same as a new one. That what it gives is what
// muktihari's decoder gives is fitparse's FuzzFITFactory.
func FuzzDecode(f *testing.F) {
	f.Add(fitFile(testMessages))
	f.Add(append(fitFile(testMessages), fitFile(testMessages[:40])...))
	if files, _ := filepath.Glob(filepath.Join(corpus, "fit", "*-tiny.fit")); len(files) > 0 {
		if data, err := os.ReadFile(files[0]); err == nil {
			f.Add(data)
		}
	}
	var reused Decoder
	f.Fuzz(func(t *testing.T, data []byte) {
		var fresh Decoder
		var a, b recorder
		okA, okB := fresh.Decode(&a, data), reused.Decode(&b, data)
		if okA != okB || fresh.Why() != reused.Why() || strings.Join(a.calls, "\n") != strings.Join(b.calls, "\n") {
			t.Fatalf("a new decoder gives %v (%s), a reused one %v (%s)", okA, fresh.Why(), okB, reused.Why())
		}
	})
}
