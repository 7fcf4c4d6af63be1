package fitparse

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/fitparse/internal/fitfast"
)

// parseFITSlow is parseFIT without fitfast: muktihari's decoder with fitFactory, what
// parseFIT falls back to.
func parseFITSlow(name string, data []byte) ([]*activity.Activity, error) {
	return parseFITWith(func(name string, data, orig []byte) ([]*activity.Activity, error) {
		st := fitPool.Get().(*fitState)
		defer fitPool.Put(st)
		st.slow = true
		defer func() { st.slow = false }()
		return st.decode(name, data, orig)
	}, name, data)
}

// fastTakes reports whether fitfast decodes data itself, and if not, why.
func fastTakes(data []byte) (bool, string) {
	var fd fitfast.Decoder
	var l fitListener
	l.reset()
	ok := fd.Decode(&l, data)
	return ok, fd.Why()
}

// A fieldKind is a field that randomFIT may give a message: its number, the size and
// base type of its profile type.
type fieldKind struct {
	num, size, bt byte
}

// randomFields lists, for each global message randomFIT writes, the fields it draws
// from: those cadence reads and a few it does not.
var randomFields = map[uint16][]fieldKind{
	0:      {{0, 1, 0x00}, {1, 2, 0x84}, {2, 2, 0x84}, {8, 12, 0x07}, {4, 4, 0x86}},
	12:     {{0, 1, 0x00}, {1, 1, 0x00}, {3, 8, 0x07}},
	18:     {{253, 4, 0x86}, {2, 4, 0x86}, {7, 4, 0x86}, {9, 4, 0x86}, {5, 1, 0x00}, {6, 1, 0x00}, {18, 1, 0x02}, {92, 1, 0x02}, {14, 2, 0x84}},
	20:     {{253, 4, 0x86}, {0, 4, 0x85}, {1, 4, 0x85}, {2, 2, 0x84}, {3, 1, 0x02}, {4, 1, 0x02}, {5, 4, 0x86}, {6, 2, 0x84}, {53, 1, 0x02}, {73, 4, 0x86}, {78, 4, 0x86}, {7, 2, 0x84}, {8, 3, 0x0D}, {13, 1, 0x01}},
	21:     {{253, 4, 0x86}, {0, 1, 0x00}, {1, 1, 0x00}, {3, 4, 0x86}, {4, 1, 0x02}},
	34:     {{253, 4, 0x86}, {5, 4, 0x86}, {1, 2, 0x84}},
	206:    {{0, 1, 0x02}, {1, 1, 0x02}, {2, 1, 0x02}, {3, 21, 0x07}, {8, 12, 0x07}, {6, 1, 0x02}, {7, 1, 0x01}},
	207:    {{3, 1, 0x02}, {1, 16, 0x0D}, {2, 2, 0x84}},
	19:     {{253, 4, 0x86}, {2, 4, 0x86}, {7, 4, 0x86}, {8, 4, 0x86}, {9, 4, 0x86}, {13, 2, 0x84}, {110, 4, 0x86}, {23, 1, 0x00}, {24, 1, 0x00}, {71, 2, 0x84}},
	0xFF01: {{253, 4, 0x86}, {1, 2, 0x84}},
}

// randomFIT writes a FIT file of random messages, most of them well formed, to compare
// fitfast with muktihari's decoder on what real files rarely show: big-endian
// definitions, compressed timestamps, fields longer or shorter than their type,
// repeated fields, odd base types, developer fields, chained sequences and damage.
func randomFIT(rng *rand.Rand) []byte {
	globals := []uint16{0, 12, 18, 20, 20, 20, 21, 21, 34, 206, 207, 19, 0xFF01}
	var out []byte
	t := uint32(fitT0)
	odd := 30 // one field in odd of a file with odd fields is odd
	if rng.IntN(2) == 0 {
		odd = 1000 // none
	}
	for range 1 + rng.IntN(2) { // sequences
		var b []byte
		for range 1 + rng.IntN(8) { // definitions, each with its messages
			local := byte(rng.IntN(5))
			global := globals[rng.IntN(len(globals))]
			be := rng.IntN(5) == 0
			var fields []fieldKind
			for _, f := range randomFields[global] {
				if rng.IntN(4) == 0 {
					continue
				}
				switch rng.IntN(odd) {
				case 0:
					f.size = 0
				case 1:
					f.size = max(1, f.size-1)
				case 2:
					f.size += byte(1 + rng.IntN(4))
				case 3:
					f.bt = []byte{0x00, 0x02, 0x84, 0x86, 0x8C, 0x07, 0x0D}[rng.IntN(7)]
				case 4:
					f.bt = 0x06 // invalid: muktihari's decoder fails, parseFIT repairs
				case 5:
					fields = append(fields, f) // the field twice
				}
				fields = append(fields, f)
			}
			rng.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
			arch := byte(0)
			if be {
				arch = 1
			}
			dev := rng.IntN(6) == 0
			h := 0x40 | local
			if dev {
				h |= 0x20
			}
			b = append(b, h, 0, arch)
			if be {
				b = binary.BigEndian.AppendUint16(b, global)
			} else {
				b = binary.LittleEndian.AppendUint16(b, global)
			}
			b = append(b, byte(len(fields)))
			size := 0
			for _, f := range fields {
				b = append(b, f.num, f.size, f.bt)
				size += int(f.size)
			}
			if dev {
				b = append(b, 1, byte(rng.IntN(3)), []byte{1, 2, 4}[rng.IntN(3)], 0)
				size += int(b[len(b)-2])
			}
			for range rng.IntN(12) {
				if local < 4 && rng.IntN(3) == 0 {
					t += uint32(rng.IntN(40))
					b = append(b, 0x80|local<<5|byte(t&0x1F))
				} else {
					b = append(b, local)
				}
				for _, f := range fields {
					b = appendRandomField(b, rng, f, be, &t)
				}
				if dev {
					for range size - sizeOf(fields) {
						b = append(b, byte(rng.IntN(256)))
					}
				}
			}
		}
		h := []byte{12, 0x20}
		if rng.IntN(2) == 0 {
			h[0] = 14
		}
		h = binary.LittleEndian.AppendUint16(h, 2132)
		h = binary.LittleEndian.AppendUint32(h, uint32(len(b)))
		h = append(h, ".FIT"...)
		if h[0] == 14 {
			h = binary.LittleEndian.AppendUint16(h, fitCRC(0, h))
		}
		seq := append(h, b...)
		out = append(out, binary.LittleEndian.AppendUint16(seq, fitCRC(0, seq))...)
	}
	switch rng.IntN(30) {
	case 0:
		out = out[:rng.IntN(len(out))] // cut short
	case 1:
		out[rng.IntN(len(out))] ^= byte(1 + rng.IntN(255))
	case 2:
		out = append(out, 0, 0) // trailing bytes
	}
	return out
}

func sizeOf(fields []fieldKind) (n int) {
	for _, f := range fields {
		n += int(f.size)
	}
	return n
}

// appendRandomField appends a value for f: a time after *t for a timestamp, often the
// invalid value, and otherwise random bytes, with small numbers for enums so that
// timer events, sports and file types occur.
func appendRandomField(b []byte, rng *rand.Rand, f fieldKind, be bool, t *uint32) []byte {
	v := make([]byte, f.size)
	switch {
	case rng.IntN(8) == 0:
		for i := range v {
			v[i] = 0xFF
		}
	case (f.num == 253 || f.num == 2 || f.num == 5) && f.size >= 4:
		*t += uint32(rng.IntN(30))
		if be {
			binary.BigEndian.PutUint32(v, *t)
		} else {
			binary.LittleEndian.PutUint32(v, *t)
		}
	case f.bt == 0x0D && rng.IntN(10) > 0: // compressed_speed_distance: mostly empty
		for i := range v {
			v[i] = 0xFF
		}
	case f.num == 3 && f.size == 21 && rng.IntN(4) > 0: // a field description's name: often a pod's
		copy(v, []string{"Ground Time", "Vertical Oscillation", "RS_ContactTime_L", "RS_ContactTime_R", "ContactTime"}[rng.IntN(5)])
	case f.num == 8 && f.size == 12 && rng.IntN(4) > 0: // and its units
		copy(v, []string{"ms", "Milliseconds", "Centimeters", "cm", ""}[rng.IntN(5)])
	case f.num == 1 && f.size == 16 && rng.IntN(2) == 0: // a developer's application id: Stryd's or RunScribe's
		copy(v, [][]byte{{0x66, 0x0a, 0x58, 0x1e, 0x53, 0x01, 0x46, 0x0c, 0x8f, 0x2f, 0x03, 0x4c, 0x8b, 0x6d, 0xc9, 0x0f},
			{0xc1, 0xf5, 0xc8, 0x0a, 0x5a, 0x05, 0x4e, 0x8a, 0x97, 0xb3, 0xfd, 0xa3, 0x4e, 0x95, 0x70, 0x35}}[rng.IntN(2)])
	case f.num <= 1 && f.bt == 0x02 && f.size == 1 && rng.IntN(2) == 0: // a developer field's index and number: small
		v[0] = byte(rng.IntN(3))
	case f.num == 2 && f.size == 1 && rng.IntN(10) > 0: // a field description's base type: mostly valid
		v[0] = []byte{0x00, 0x02, 0x84, 0x86, 0x88, 0x07}[rng.IntN(6)]
	case f.bt == 0x00 && len(v) > 0:
		v[0] = byte(rng.IntN(5))
		if f.num == 1 && rng.IntN(2) == 0 {
			v[0] = []byte{0, 1, 4, 9}[rng.IntN(4)]
		}
	default:
		for i := range v {
			v[i] = byte(rng.IntN(256))
		}
	}
	return append(b, v...)
}

// TestFITFastMatchesOnRandomFiles compares fitfast (parseFIT), muktihari's decoder
// with fitFactory and with the standard factory on thousands of random files, and
// checks that fitfast decoded a good share of them itself (so that the comparison
// covers it).
func TestFITFastMatchesOnRandomFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	n, fast := 3000, 0
	whys := map[string]int{}
	if testing.Short() {
		n = 300
	}
	for i := range n {
		data := randomFIT(rng)
		if ok, why := fastTakes(data); ok {
			fast++
		} else {
			whys[why]++
		}
		name := fmt.Sprintf("random %d", i)
		got, slow, std := fitResult(parseFIT(name, data)), fitResult(parseFITSlow(name, data)), fitResult(parseFITStandard(name, data))
		if got != std || slow != std {
			t.Errorf("random file %d (%x): fast equal %v, slow equal %v\n fast %s\n  std %s", i, data, got == std, slow == std, clip(got), clip(std))
			if t.Failed() {
				break
			}
		}
	}
	t.Logf("fitfast decoded %d of %d random files; declined %v", fast, n, whys)
	if fast < n/4 {
		t.Errorf("fitfast decoded only %d of %d random files", fast, n)
	}
}

func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}
