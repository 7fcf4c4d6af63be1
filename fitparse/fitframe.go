package fitparse

// This file walks the framing of FIT files without decoding them: the header check,
// the record count that sizes the samples, sequence ends, the CRC of each sequence,
// and the repair of field definitions whose base type lacks its endian bit.

import (
	"encoding/binary"
	"fmt"

	"github.com/muktihari/fit/profile/untyped/mesgnum"
)

// isFIT reports whether data starts with a FIT file header.
func isFIT(data []byte) bool {
	return len(data) >= 12 && (data[0] == 12 || data[0] == 14) && string(data[8:12]) == ".FIT"
}

// crcWarnings checks the CRC of every sequence of data, the sequences a decoder read
// to their end, against orig, the bytes as stored, and returns a warning for each
// that does not match.
func crcWarnings(data, orig []byte) []string {
	var warnings []string
	for pos, seq := 0, 0; pos < len(data); seq++ {
		end := sequenceEnd(data, pos)
		if w := checkSequenceCRC(orig[pos:end]); w != "" {
			if seq > 0 {
				w = sequenceWarning(seq, w)
			}
			warnings = append(warnings, w)
		}
		pos = end
	}
	return warnings
}

// sequenceWarning prefixes a warning about sequence seq (from 0) of a chained file.
func sequenceWarning(seq int, w string) string {
	return fmt.Sprintf("sequence %d: %s", seq+1, w)
}

// countFITRecords returns the number of record messages in data, walking the FIT
// framing as repairBaseTypes does; where the framing breaks it stops and guesses the
// rest from the bytes left (a real record takes 25 to 40 bytes). It sizes the records
// slice, which is most of what decoding allocates: an exact count saves a third of it.
// It also counts the lap messages met, which size the laps slice.
func countFITRecords(data []byte) (n, laps int) {
	pos := 0
	for pos+12 <= len(data) && isFIT(data[pos:]) {
		p := pos + int(data[pos])
		end := min(p+int(binary.LittleEndian.Uint32(data[pos+4:pos+8])), len(data))
		var sizes [16]int
		var record, lap, defined [16]bool
		for p < end {
			h := data[p]
			p++
			local := h & 0x0F
			if h&0x80 != 0 { // compressed timestamp header
				local = (h >> 5) & 0x03
			} else if h&0x40 != 0 { // definition
				if p+5 > end {
					return n, laps
				}
				num := binary.LittleEndian.Uint16(data[p+2 : p+4])
				if data[p+1] != 0 {
					num = binary.BigEndian.Uint16(data[p+2 : p+4])
				}
				nf := int(data[p+4])
				p += 5
				size := 0
				for i := 0; i < nf && p+3 <= end; i, p = i+1, p+3 {
					size += int(data[p+1])
				}
				if h&0x20 != 0 && p < end {
					nd := int(data[p])
					p++
					for i := 0; i < nd && p+3 <= end; i, p = i+1, p+3 {
						size += int(data[p+1])
					}
				}
				sizes[local], record[local], lap[local], defined[local] = size, num == uint16(mesgnum.Record), num == uint16(mesgnum.Lap), true
				continue
			}
			if !defined[local] {
				return n + (len(data)-p)/24, laps
			}
			if record[local] {
				n++
			} else if lap[local] {
				laps++
			}
			p += sizes[local]
		}
		pos = end + 2
	}
	return n + max(len(data)-pos, 0)/24, laps
}

// sequenceEnd returns the end of the FIT sequence starting at pos: its header, data
// and CRC, clamped to the data.
func sequenceEnd(data []byte, pos int) int {
	if pos+12 > len(data) {
		return len(data)
	}
	end := pos + int(data[pos]) + int(binary.LittleEndian.Uint32(data[pos+4:pos+8])) + 2
	return min(end, len(data))
}

// checkSequenceCRC verifies one FIT sequence (header, data, CRC) and returns a warning,
// or "" when it is intact. The FIT CRC covers the header and the data; when a 14-byte
// header carries its own CRC, the CRC over the data alone is the same value, and when
// that header CRC is 0 (allowed: "not computed") only the whole-file CRC is meaningful.
func checkSequenceCRC(seq []byte) string {
	if len(seq) < 14 {
		return ""
	}
	want := binary.LittleEndian.Uint16(seq[len(seq)-2:])
	if fitCRC(0, seq[:len(seq)-2]) == want {
		return ""
	}
	if hs := int(seq[0]); hs < len(seq)-2 && fitCRC(0, seq[hs:len(seq)-2]) == want {
		return ""
	}
	return fmt.Sprintf("CRC mismatch (stored %#04x): the file may be damaged; all data was kept", want)
}

// crcTables are the tables of the FIT CRC (CRC-16/ARC: polynomial 0x8005,
// reflected) for slicing by 8: crcTables[k][b] is the CRC of byte b followed by k
// zero bytes. Eight bytes a step make the check a few percent of decoding.
var crcTables = func() (t [8][256]uint16) {
	for i := range t[0] {
		c := uint16(i)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ 0xA001
			} else {
				c >>= 1
			}
		}
		t[0][i] = c
	}
	for i := range t[0] {
		for k := 1; k < 8; k++ {
			prev := t[k-1][i]
			t[k][i] = prev>>8 ^ t[0][byte(prev)]
		}
	}
	return t
}()

// fitCRC continues the FIT CRC crc over b.
func fitCRC(crc uint16, b []byte) uint16 {
	t := &crcTables
	for len(b) >= 8 {
		x := crc ^ uint16(b[0]) ^ uint16(b[1])<<8
		crc = t[7][byte(x)] ^ t[6][x>>8] ^ t[5][b[2]] ^ t[4][b[3]] ^ t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]]
		b = b[8:]
	}
	for _, x := range b {
		crc = crc>>8 ^ t[0][byte(crc)^x]
	}
	return crc
}

// fitBaseTypes maps a base type number (the low 5 bits) to its full base type byte.
var fitBaseTypes = [...]byte{0x00, 0x01, 0x02, 0x83, 0x84, 0x85, 0x86, 0x07, 0x88, 0x89, 0x0A, 0x8B, 0x8C, 0x0D, 0x8E, 0x8F, 0x90}

func validBaseType(b byte) bool {
	n := int(b & 0x1F)
	return n < len(fitBaseTypes) && fitBaseTypes[n] == b
}

// repairBaseTypes returns a copy of data in which every field definition whose base
// type byte is invalid, but whose base type number is known, carries the proper byte;
// and how many it mended. It walks the FIT framing (headers, definition and data
// messages) and stops quietly where the framing breaks.
func repairBaseTypes(data []byte) ([]byte, int) {
	out := append([]byte(nil), data...)
	fixes := 0
	pos := 0
	for pos+12 <= len(out) && isFIT(out[pos:]) {
		p := pos + int(out[pos])
		end := min(p+int(binary.LittleEndian.Uint32(out[pos+4:pos+8])), len(out))
		var sizes [16]int
		var defined [16]bool
		for p < end {
			h := out[p]
			p++
			if h&0x80 != 0 { // compressed timestamp header: a data message
				local := (h >> 5) & 0x03
				if !defined[local] {
					return out, fixes
				}
				p += sizes[local]
				continue
			}
			local := h & 0x0F
			if h&0x40 == 0 { // data message
				if !defined[local] {
					return out, fixes
				}
				p += sizes[local]
				continue
			}
			if p+5 > end {
				return out, fixes
			}
			n := int(out[p+4])
			p += 5
			size := 0
			for i := 0; i < n && p+3 <= end; i, p = i+1, p+3 {
				size += int(out[p+1])
				if bt := out[p+2]; !validBaseType(bt) && int(bt&0x1F) < len(fitBaseTypes) {
					out[p+2] = fitBaseTypes[bt&0x1F]
					fixes++
				}
			}
			if h&0x20 != 0 && p < end { // developer fields
				nd := int(out[p])
				p++
				for i := 0; i < nd && p+3 <= end; i, p = i+1, p+3 {
					size += int(out[p+1])
				}
			}
			sizes[local], defined[local] = size, true
		}
		pos = end + 2
	}
	return out, fixes
}
