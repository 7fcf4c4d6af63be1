package fitfast

import (
	"fmt"
	"strings"
	"testing"
)

func (r *recorder) Sequence() {
	r.descs = r.descs[:0]
}

func (r *recorder) DeveloperDataID(index uint8, app []byte, manufacturer uint16) {
	r.calls = append(r.calls, fmt.Sprintf("developer_data_id %d app %x mf %d", index, app, manufacturer))
}

func (r *recorder) FieldDescription(d *FieldDescription) {
	r.calls = append(r.calls, fmt.Sprintf("field_description %d/%d type %#x name %q units %q scale %d offset %d",
		d.Index, d.Num, d.BaseType, d.Name, d.Units, d.Scale, d.Offset))
	if _, bt := r.DevSlot(d.Index, d.Num); bt == 0 && len(r.descs) < MaxDev {
		r.descs = append(r.descs, *d)
	}
}

func (r *recorder) DevSlot(index, num uint8) (int, uint8) {
	for i, d := range r.descs {
		if d.Index == index && d.Num == num {
			return i, d.BaseType
		}
	}
	return -1, 0
}

// devMessages is a sequence with developer data: a developer_data_id, two field
// descriptions (a uint16 "Ground Time" in ms and a float32 "Vertical Oscillation" in
// cm, big-endian), and records that carry them, with a third developer field that has
// no description.
var devMessages = cat(devHead, devRecords)

var devHead = cat(
	// developer_data_id (207): application_id (16 bytes), manufacturer_id, developer_data_index.
	[]byte{0x40, 0, 0, 207, 0, 3, 1, 16, 0x0D, 2, 2, 0x84, 3, 1, 0x02},
	[]byte{0x00}, []byte{0x66, 0x0a, 0x58, 0x1e, 0x53, 0x01, 0x46, 0x0c, 0x8f, 0x2f, 0x03, 0x4c, 0x8b, 0x6d, 0xc9, 0x0f}, le16(95), []byte{0},
	// field_description (206): index, number, base type, name (16), units (16).
	[]byte{0x41, 0, 0, 206, 0, 5, 0, 1, 0x02, 1, 1, 0x02, 2, 1, 0x02, 3, 16, 0x07, 8, 16, 0x07},
	[]byte{0x01, 0, 3, 0x84}, []byte("Ground Time\x00\x00\x00\x00\x00"), []byte("Milliseconds\x00\x00\x00\x00"),
	[]byte{0x41, 0, 1, 0, 206, 5, 0, 1, 0x02, 1, 1, 0x02, 2, 1, 0x02, 3, 16, 0x07, 8, 16, 0x07},
	[]byte{0x01, 0, 4, 0x88}, []byte("Vertical Oscill\x00"), []byte("Centimeters\x00\x00\x00\x00\x00"),
)

var devRecords = cat(
	// record (20) with developer fields 0/3 (uint16), 0/4 (float32) and 0/9 (no description).
	[]byte{0x60, 0, 0, 20, 0, 1, 253, 4, 0x86, 3, 3, 2, 0, 4, 4, 0, 9, 1, 0},
	[]byte{0x00}, le32(1000), le16(251), le32(0x41080000), []byte{7},
	// the same, big-endian.
	[]byte{0x61, 0, 1, 0, 20, 1, 253, 4, 0x86, 3, 3, 2, 0, 4, 4, 0, 9, 1, 0},
	[]byte{0x01}, be32(1001), be16(252), be32(0x41100000), []byte{8},
)

// TestDecodeDevFields checks the developer data Decode hands its listener: the ids
// and descriptions as muktihari's decoder splits their strings, the developer fields
// the listener asks for by slot (raw bits, in the message's byte order), none for a
// field without a description, and the descriptions forgotten at a new sequence.
func TestDecodeDevFields(t *testing.T) {
	var fd Decoder
	var r recorder
	if !fd.Decode(&r, fitFile(devMessages)) {
		t.Fatalf("declined: %s", fd.Why())
	}
	want := []string{
		"developer_data_id 0 app 660a581e5301460c8f2f034c8b6dc90f mf 95",
		`field_description 0/3 type 0x84 name ["Ground Time"] units ["Milliseconds"] scale 255 offset 127`,
		`field_description 0/4 type 0x88 name ["Vertical Oscill"] units ["Centimeters"] scale 255 offset 127`,
		"record t=1000 espeed=4294967295 ealt=4294967295 dist=4294967295 lat=2147483647 lon=2147483647 speed=65535 alt=65535 cad=255 frac=255 hr=255",
		"  dev 0/3 = 0xfb",
		"  dev 0/4 = 0x41080000",
		"record t=1001 espeed=4294967295 ealt=4294967295 dist=4294967295 lat=2147483647 lon=2147483647 speed=65535 alt=65535 cad=255 frac=255 hr=255",
		"  dev 0/3 = 0xfc",
		"  dev 0/4 = 0x41100000",
	}
	if got := strings.Join(r.calls, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("calls\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	// A second sequence of the records alone: their fields have no description there.
	r.calls = nil
	if !fd.Decode(&r, append(fitFile(devMessages), fitFile(devRecords)...)) {
		t.Fatalf("chained: declined: %s", fd.Why())
	}
	if got := strings.Count(strings.Join(r.calls, "\n"), "dev 0/"); got != 4 {
		t.Errorf("chained: %d developer values, want the first sequence's 4:\n%s", got, strings.Join(r.calls, "\n"))
	}
	// A developer field the listener reads, but shorter than its base type, is left
	// to muktihari's decoder (which pads it).
	short := cat(devHead, []byte{0x60, 0, 0, 20, 0, 1, 253, 4, 0x86, 1, 3, 1, 0}, []byte{0x00}, le32(1000), []byte{1})
	if fd.Decode(&r, fitFile(short)) || fd.Why() != "a developer field not of its base type's size" {
		t.Errorf("short developer field: declined for %q", fd.Why())
	}
}
