package fitparse

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cadence-run/cadence/fitparse/internal/fitfast"
	"github.com/muktihari/fit/profile/basetype"
)

// randomDevFIT writes a FIT file of developer data as pods write it, with the quirks
// real files may have: developer ids with a pod's application id, or another, or
// none; field descriptions with a pod's names and units or others, any base type,
// scales and offsets, repeated descriptions; records whose developer fields are
// longer or shorter than their type, in either byte order, before or after their
// description; chained sequences.
func randomDevFIT(rng *rand.Rand) []byte {
	apps := [][]byte{
		{0x66, 0x0a, 0x58, 0x1e, 0x53, 0x01, 0x46, 0x0c, 0x8f, 0x2f, 0x03, 0x4c, 0x8b, 0x6d, 0xc9, 0x0f},
		{0xc1, 0xf5, 0xc8, 0x0a, 0x5a, 0x05, 0x4e, 0x8a, 0x97, 0xb3, 0xfd, 0xa3, 0x4e, 0x95, 0x70, 0x35},
		make([]byte, 16),
	}
	names := []string{"Ground Time", "Vertical Oscillation", "RS_ContactTime_L", "RS_ContactTime_R", "ContactTime", "Form Power"}
	units := []string{"Milliseconds", "ms", "Centimeters", "cm", "", "Watts"}
	bts := []byte{0x84, 0x84, 0x88, 0x88, 0x02, 0x83, 0x86, 0x89, 0x8B, 0x07}
	var out []byte
	t := uint32(fitT0)
	for range 1 + rng.IntN(2) {
		var b []byte
		put16 := func(be bool, v uint16) {
			if be {
				b = binary.BigEndian.AppendUint16(b, v)
			} else {
				b = binary.LittleEndian.AppendUint16(b, v)
			}
		}
		for range 2 + rng.IntN(8) {
			be := rng.IntN(4) == 0
			arch := byte(0)
			if be {
				arch = 1
			}
			switch rng.IntN(5) {
			case 0: // developer_data_id: index, application_id, manufacturer_id
				b = append(b, 0x40, 0, arch)
				put16(be, 207)
				b = append(b, 3, 3, 1, 0x02, 1, 16, 0x0D, 2, 2, 0x84, 0x00, byte(rng.IntN(2)))
				b = append(b, apps[rng.IntN(len(apps))]...)
				put16(be, []uint16{95, 259, 1}[rng.IntN(3)])
			case 1, 2: // field_description: index, number, base type, name, units, scale, offset
				b = append(b, 0x41, 0, arch)
				put16(be, 206)
				b = append(b, 7, 0, 1, 0x02, 1, 1, 0x02, 2, 1, 0x02, 3, 24, 0x07, 8, 16, 0x07, 6, 1, 0x02, 7, 1, 0x01)
				for range 1 + rng.IntN(2) {
					b = append(b, 0x01, byte(rng.IntN(2)), byte(rng.IntN(3)), bts[rng.IntN(len(bts))])
					b = append(b, fmt.Sprintf("%-24s", names[rng.IntN(len(names))]+"\x00")...)
					b = append(b, fmt.Sprintf("%-16s", units[rng.IntN(len(units))]+"\x00")...)
					b = append(b, []byte{0xFF, 1, 10}[rng.IntN(3)], []byte{0x7F, 0, 2}[rng.IntN(3)])
				}
			default: // records: timestamp, cadence, and developer fields
				local := byte(2 + rng.IntN(2))
				b = append(b, 0x60|local, 0, arch)
				put16(be, 20)
				b = append(b, 2, 253, 4, 0x86, 4, 1, 0x02)
				nd := 1 + rng.IntN(3)
				b = append(b, byte(nd))
				size := 0
				for range nd {
					sz := []byte{2, 2, 4, 4, 1, 8, 3}[rng.IntN(7)]
					b = append(b, byte(rng.IntN(3)), sz, byte(rng.IntN(2)))
					size += int(sz)
				}
				for range rng.IntN(6) {
					t += uint32(1 + rng.IntN(3))
					b = append(b, local)
					if be {
						b = binary.BigEndian.AppendUint32(b, t)
					} else {
						b = binary.LittleEndian.AppendUint32(b, t)
					}
					b = append(b, byte(80+rng.IntN(10)))
					for range size {
						b = append(b, []byte{0, 0xFF, byte(rng.IntN(256)), byte(rng.IntN(4))}[rng.IntN(4)])
					}
				}
			}
		}
		h := []byte{14, 0x20}
		h = binary.LittleEndian.AppendUint16(h, 2132)
		h = binary.LittleEndian.AppendUint32(h, uint32(len(b)))
		h = append(h, ".FIT"...)
		h = binary.LittleEndian.AppendUint16(h, fitCRC(0, h))
		seq := append(h, b...)
		out = append(out, binary.LittleEndian.AppendUint16(seq, fitCRC(0, seq))...)
	}
	return out
}

// TestFITDevFieldsMatchOnRandomFiles compares fitfast, muktihari's decoder with
// fitFactory and with the standard factory on random files of developer data, and
// checks that the comparison covers pods' values read by fitfast itself.
func TestFITDevFieldsMatchOnRandomFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	n, fast, withPods := 2000, 0, 0
	whys := map[string]int{}
	if testing.Short() {
		n = 200
	}
	for i := range n {
		data := randomDevFIT(rng)
		name := fmt.Sprintf("random %d", i)
		got, slow, std := fitResult(parseFIT(name, data)), fitResult(parseFITSlow(name, data)), fitResult(parseFITStandard(name, data))
		if got != std || slow != std {
			t.Fatalf("random file %d (%x): fast equal %v, slow equal %v\n fast %s\n  std %s", i, data, got == std, slow == std, clip(got), clip(std))
		}
		if ok, _ := fastTakes(data); ok && strings.Contains(got, "pod ") {
			fast++
		}
		if strings.Contains(got, "pod ") {
			withPods++
			if ok, why := fastTakes(data); !ok {
				whys[why]++
			}
		}
	}
	t.Logf("%d of %d random files gave pods' dynamics, %d of them read by fitfast; declined %v", withPods, n, fast, whys)
	if fast < n/50 {
		t.Errorf("fitfast read pods' dynamics in only %d of %d random files", fast, n)
	}
}

// FuzzFITDevFields looks for a file of developer data on which fitfast, fitFactory
// and the standard factory disagree. Its seeds are small files of pods' developer
// data (randomDevFIT, and testdata/fuzz/FuzzFITDevFields), so that it starts where
// the pods' fields are read.
func FuzzFITDevFields(f *testing.F) {
	rng := rand.New(rand.NewPCG(5, 8))
	for range 20 {
		f.Add(randomDevFIT(rng))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkFITFactory(t, "fuzz.fit", data) })
}

// TestPodSlot checks how a field description is named a pod's running dynamics: by
// the developer's application id or manufacturer, else by Stryd's own field names;
// in the units the description gives (Stryd's centimetres become millimetres), with
// its scale and offset; never another pod's name under a pod's id, a unitless field
// of a developer not named, units cadence does not know or a text field.
func TestPodSlot(t *testing.T) {
	const none, stryd, rs = -1, podStryd, podRunScribe
	for _, c := range []struct {
		app          int
		name, units  string
		bt           uint8
		scale        uint8
		offset       int8
		ok           bool
		pod, qty     int
		factor, v100 float64 // v100: what a raw 100 becomes
	}{
		{none, "Ground Time", "Milliseconds", 0x84, 0xFF, 0x7F, true, stryd, devContact, 1, 100},
		{stryd, " vertical oscillation ", "Centimeters", 0x88, 0xFF, 0x7F, true, stryd, devOsc, 10, 1000},
		{stryd, "Vertical Oscillation", "mm", 0x84, 10, 0x7F, true, stryd, devOsc, 1, 10},
		{none, "Ground Time", "s", 0x88, 0xFF, 2, true, stryd, devContact, 1000, 98000},
		{rs, "Ground Time", "Milliseconds", 0x84, 0xFF, 0x7F, false, 0, 0, 0, 0},
		{none, "RS_ContactTime_L", "ms", 0x84, 0xFF, 0x7F, true, rs, devContactL, 1, 100},
		{rs, "ContactTime", "", 0x83, 0xFF, 0x7F, true, rs, devContact, 1, 100},
		{none, "ContactTime", "", 0x83, 0xFF, 0x7F, false, 0, 0, 0, 0},
		{stryd, "Ground Time", "furlongs", 0x84, 0xFF, 0x7F, false, 0, 0, 0, 0},
		{stryd, "Ground Time", "ms", 0x07, 0xFF, 0x7F, false, 0, 0, 0, 0},
		{stryd, "Form Power", "Watts", 0x84, 0xFF, 0x7F, false, 0, 0, 0, 0},
		{none, "Ground Contact Time", "ms", 0x84, 0xFF, 0x7F, false, 0, 0, 0, 0},
	} {
		d := fitfast.FieldDescription{BaseType: c.bt, Scale: c.scale, Offset: c.offset, Name: []string{c.name}, Units: []string{c.units}}
		s, ok := podSlot(&d, c.app)
		if ok != c.ok || ok && (s.pod != c.pod || s.quantity != c.qty || s.factor != c.factor || (100/s.scale-s.offset)*s.factor != c.v100) {
			t.Errorf("%q [%s] under pod %d: %+v %v", c.name, c.units, c.app, s, ok)
		}
	}
}

// TestDevValue checks the raw developer values turned into numbers, invalid values
// and non-numbers left out.
func TestDevValue(t *testing.T) {
	for _, c := range []struct {
		bt   basetype.BaseType
		bits uint64
		v    float64
		ok   bool
	}{
		{basetype.Uint16, 251, 251, true},
		{basetype.Uint16, 0xFFFF, 0, false},
		{basetype.Sint16, 0xFFF6, -10, true},
		{basetype.Sint16, 0x7FFF, 0, false},
		{basetype.Uint16z, 0, 0, false},
		{basetype.Float32, 0x41080000, 8.5, true},
		{basetype.Float32, 0xFFFFFFFF, 0, false},
		{basetype.Float32, 0x7F800000, 0, false}, // +Inf
		{basetype.String, 65, 0, false},
	} {
		if v, ok := devValue(c.bt, c.bits); v != c.v || ok != c.ok {
			t.Errorf("%v %#x: %v %v, want %v %v", c.bt, c.bits, v, ok, c.v, c.ok)
		}
	}
}
