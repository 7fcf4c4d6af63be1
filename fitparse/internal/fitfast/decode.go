package fitfast

import (
	"encoding/binary"
	"math"
	"sync"

	"github.com/muktihari/fit/profile"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// Kinds of message, by what Decode reads of them.
const (
	fkOther = iota
	fkRecord
	fkEvent
	fkSession
	fkFileID
	fkActivity
	fkSport
	fkLap
	fkFieldDesc
	fkDevDataID
	fkCount
)

// Slots: the fields Decode reads, each with the size of its profile type.
const (
	fsNone = iota
	fsTime // field 253 of a message whose time cadence reads
	fsRecCad
	fsRecFrac
	fsRecSpeed
	fsRecESpeed
	fsRecAlt
	fsRecEAlt
	fsRecDist
	fsRecLat
	fsRecLon
	fsRecHR
	fsRecCSD // compressed_speed_distance: read only to see that it holds nothing
	fsRecStance
	fsRecVertOsc
	fsRecVertRatio
	fsRecBalance
	fsRecStepLen
	fsEvEvent
	fsEvType
	fsSesStart
	fsSesElapsed
	fsSesDist
	fsSesSport
	fsSesSub
	fsSesCad
	fsSesFrac
	fsLapStart
	fsLapTimer
	fsLapDist
	fsLapSpeed
	fsLapESpeed
	fsLapIntensity
	fsLapTrigger
	fsLapStep
	fsFileType
	fsFileMf
	fsFileProduct
	fsFileName
	fsActLocal
	fsSportSport
	fsSportSub
	fsDescIndex
	fsDescNum
	fsDescType
	fsDescName   // field_name, units, scale and offset: see devfields.go
	fsDescUnits  //
	fsDescScale  //
	fsDescOffset //
	fsDevApp     // developer_data_id: application_id, manufacturer_id, developer_data_index
	fsDevMf      //
	fsDevIndex   //
	fsCount
)

// fastSlotSize is the size of each slot's profile type: a field shorter than that is
// zero-padded by muktihari's decoder, which Decode leaves to it.
var fastSlotSize = [fsCount]uint8{
	fsTime: 4, fsRecCad: 1, fsRecFrac: 1, fsRecSpeed: 2, fsRecESpeed: 4, fsRecAlt: 2, fsRecEAlt: 4,
	fsRecDist: 4, fsRecLat: 4, fsRecLon: 4, fsRecHR: 1, fsRecCSD: 1,
	fsRecStance: 2, fsRecVertOsc: 2, fsRecVertRatio: 2, fsRecBalance: 2, fsRecStepLen: 2, fsEvEvent: 1, fsEvType: 1,
	fsSesStart: 4, fsSesElapsed: 4, fsSesDist: 4, fsSesSport: 1, fsSesSub: 1, fsSesCad: 1, fsSesFrac: 1,
	fsLapStart: 4, fsLapTimer: 4, fsLapDist: 4, fsLapSpeed: 2, fsLapESpeed: 4, fsLapIntensity: 1, fsLapTrigger: 1, fsLapStep: 2,
	fsFileType: 1, fsFileMf: 2, fsFileProduct: 2, fsFileName: 1, fsActLocal: 4,
	fsSportSport: 1, fsSportSub: 1, fsDescIndex: 1, fsDescNum: 1, fsDescType: 1,
	fsDescName: 1, fsDescUnits: 1, fsDescScale: 1, fsDescOffset: 1, fsDevApp: 1, fsDevMf: 2, fsDevIndex: 1,
}

// fastFields[kind][field number] is the slot of a field that Decode reads, or fsNone.
// It must follow what fitparse reads of each message (its fitReads).
var fastFields = func() (t [fkCount][256]uint8) {
	t[fkRecord][fieldnum.RecordTimestamp] = fsTime
	t[fkRecord][fieldnum.RecordCadence] = fsRecCad
	t[fkRecord][fieldnum.RecordFractionalCadence] = fsRecFrac
	t[fkRecord][fieldnum.RecordSpeed] = fsRecSpeed
	t[fkRecord][fieldnum.RecordEnhancedSpeed] = fsRecESpeed
	t[fkRecord][fieldnum.RecordAltitude] = fsRecAlt
	t[fkRecord][fieldnum.RecordEnhancedAltitude] = fsRecEAlt
	t[fkRecord][fieldnum.RecordDistance] = fsRecDist
	t[fkRecord][fieldnum.RecordPositionLat] = fsRecLat
	t[fkRecord][fieldnum.RecordPositionLong] = fsRecLon
	t[fkRecord][fieldnum.RecordHeartRate] = fsRecHR
	t[fkRecord][fieldnum.RecordCompressedSpeedDistance] = fsRecCSD
	t[fkRecord][fieldnum.RecordStanceTime] = fsRecStance
	t[fkRecord][fieldnum.RecordVerticalOscillation] = fsRecVertOsc
	t[fkRecord][fieldnum.RecordVerticalRatio] = fsRecVertRatio
	t[fkRecord][fieldnum.RecordStanceTimeBalance] = fsRecBalance
	t[fkRecord][fieldnum.RecordStepLength] = fsRecStepLen
	t[fkEvent][fieldnum.EventTimestamp] = fsTime
	t[fkEvent][fieldnum.EventEvent] = fsEvEvent
	t[fkEvent][fieldnum.EventEventType] = fsEvType
	t[fkSession][fieldnum.SessionStartTime] = fsSesStart
	t[fkSession][fieldnum.SessionTotalElapsedTime] = fsSesElapsed
	t[fkSession][fieldnum.SessionTotalDistance] = fsSesDist
	t[fkSession][fieldnum.SessionSport] = fsSesSport
	t[fkSession][fieldnum.SessionSubSport] = fsSesSub
	t[fkSession][fieldnum.SessionAvgCadence] = fsSesCad
	t[fkSession][fieldnum.SessionAvgFractionalCadence] = fsSesFrac
	t[fkLap][fieldnum.LapTimestamp] = fsTime
	t[fkLap][fieldnum.LapStartTime] = fsLapStart
	t[fkLap][fieldnum.LapTotalTimerTime] = fsLapTimer
	t[fkLap][fieldnum.LapTotalDistance] = fsLapDist
	t[fkLap][fieldnum.LapAvgSpeed] = fsLapSpeed
	t[fkLap][fieldnum.LapEnhancedAvgSpeed] = fsLapESpeed
	t[fkLap][fieldnum.LapIntensity] = fsLapIntensity
	t[fkLap][fieldnum.LapLapTrigger] = fsLapTrigger
	t[fkLap][fieldnum.LapWktStepIndex] = fsLapStep
	t[fkFileID][fieldnum.FileIdType] = fsFileType
	t[fkFileID][fieldnum.FileIdManufacturer] = fsFileMf
	t[fkFileID][fieldnum.FileIdProduct] = fsFileProduct
	t[fkFileID][fieldnum.FileIdProductName] = fsFileName
	t[fkActivity][fieldnum.ActivityTimestamp] = fsTime
	t[fkActivity][fieldnum.ActivityLocalTimestamp] = fsActLocal
	t[fkSport][fieldnum.SportSport] = fsSportSport
	t[fkSport][fieldnum.SportSubSport] = fsSportSub
	t[fkFieldDesc][fieldnum.FieldDescriptionDeveloperDataIndex] = fsDescIndex
	t[fkFieldDesc][fieldnum.FieldDescriptionFieldDefinitionNumber] = fsDescNum
	t[fkFieldDesc][fieldnum.FieldDescriptionFitBaseTypeId] = fsDescType
	devFields(&t)
	return t
}()

// fastKind returns the kind of a global message number.
func fastKind(num uint16) uint8 {
	switch typedef.MesgNum(num) {
	case mesgnum.Record:
		return fkRecord
	case mesgnum.Event:
		return fkEvent
	case mesgnum.Session:
		return fkSession
	case mesgnum.FileId:
		return fkFileID
	case mesgnum.Activity:
		return fkActivity
	case mesgnum.Sport:
		return fkSport
	case mesgnum.Lap:
		return fkLap
	case mesgnum.FieldDescription:
		return fkFieldDesc
	case mesgnum.DeveloperDataId:
		return fkDevDataID
	}
	return fkOther
}

// fastProfile is what Decode takes from the FIT profile, once.
var fastProfile struct {
	once sync.Once
	// speed and alt expand a record's speed and altitude into enhanced_speed and
	// enhanced_altitude, and lapSpeed a lap's avg_speed into enhanced_avg_speed, as
	// muktihari's decoder does.
	speed, alt, lapSpeed fastExpansion
}

// A fastExpansion turns a 16-bit field into the 32-bit field it expands to, by the
// component's scale and offset and then the destination field's.
type fastExpansion struct {
	scale, offset, dstScale, dstOffset float64
}

// expand converts raw exactly as muktihari's decoder expands a component: scaled by the
// component, then unscaled by the destination field, in float64 and truncated.
func (e *fastExpansion) expand(raw uint16) uint32 {
	v := float64(raw)/e.scale - e.offset
	return uint32(uint64((v + e.dstOffset) * e.dstScale))
}

func fastProfileInit() {
	std := factory.StandardFactory()
	expansion := func(m typedef.MesgNum, num, dst byte) fastExpansion {
		f := std.CreateField(m, num)
		d := std.CreateField(m, dst)
		if len(f.Components) != 1 || f.Components[0].FieldNum != dst || f.Components[0].Bits != 16 || f.Components[0].Accumulate {
			panic("fitfast: the FIT profile's components are not what Decode expects")
		}
		c := f.Components[0]
		return fastExpansion{scale: c.Scale, offset: c.Offset, dstScale: d.Scale, dstOffset: d.Offset}
	}
	fastProfile.speed = expansion(mesgnum.Record, fieldnum.RecordSpeed, fieldnum.RecordEnhancedSpeed)
	fastProfile.alt = expansion(mesgnum.Record, fieldnum.RecordAltitude, fieldnum.RecordEnhancedAltitude)
	fastProfile.lapSpeed = expansion(mesgnum.Lap, fieldnum.LapAvgSpeed, fieldnum.LapEnhancedAvgSpeed)
}

// A fastDef is a message definition as Decode keeps it.
type fastDef struct {
	defined bool
	be      bool  // big-endian
	kind    uint8 // fkOther, fkRecord, ...
	size    int   // bytes of a data message, developer fields included
	ts      int   // offset of the timestamp that sets the time base, or -1
	slots   []fastSlot
	devs    []fastDev // its developer fields (devfields.go)
	read    []fastDev // those the listener reads
	devGen  int       // the Decoder's devGen when devs were last matched to the listener's slots
}

// slot returns the field of d in slot, or nil when d has none.
func (d *fastDef) slot(slot uint8) *fastSlot {
	for i := range d.slots {
		if d.slots[i].slot == slot {
			return &d.slots[i]
		}
	}
	return nil
}

// byteOf returns the first byte of the field of message m in slot (all that cadence
// reads of a one-byte field), or 0xFF, the invalid value, when d has no such field.
func (d *fastDef) byteOf(m []byte, slot uint8) uint8 {
	if s := d.slot(slot); s != nil {
		return m[s.off]
	}
	return 0xFF
}

// A fastSlot is a field that Decode reads: its offset in the message, size and slot.
type fastSlot struct {
	off, size int
	slot      uint8
}

// A Decoder is the fast decoder's state, kept between files so that its buffers are
// reused. Its zero value is ready to use.
type Decoder struct {
	defs [16]fastDef
	// timed says, for each message number met, whether the profile defines its field
	// 253 (the timestamp, always a uint32 there). muktihari's decoder decodes such a
	// field as a uint32 whatever base type the file gives it, and a timestamp of any
	// other message only when the file gives it a uint32 base type. Kept with the
	// decoder, so the profile is asked once per message number, not for all 65,536.
	timed map[uint16]bool
	// why says why the last decode declined its file, for tests and benchmarks.
	why string
	// rec, ses and lp hold the message handed to the listener: a local would escape to
	// the heap through the interface call, one allocation a record.
	rec Record
	ses Session
	lp  Lap
	// name and nameBE are the product_name of the file_id message being handed to the
	// listener, and its byte order; nameFn is productName, made once.
	name   []byte
	nameBE bool
	nameFn func() string
	// devGen counts the field descriptions met: a definition's developer fields are
	// matched to the listener's slots again after each (devfields.go).
	devGen int
	desc   FieldDescription
}

// decline notes why Decode leaves the file to muktihari's decoder.
func (fd *Decoder) decline(why string) bool {
	fd.why = why
	return false
}

// Decode decodes data, a FIT file of one or more sequences, into l and reports true;
// or false when data holds anything it leaves to muktihari's decoder (see the package
// comment), with l partly filled: the caller then starts again with that decoder.
// Decode does not check CRCs. A Decoder is not safe for concurrent use.
func (fd *Decoder) Decode(l Listener, data []byte) bool {
	fastProfile.once.Do(fastProfileInit)
	fd.why = ""
	pos, seq := 0, 0
	for pos < len(data) {
		if len(data)-pos < 12 {
			return fd.decline("bytes after the last sequence")
		}
		hs := int(data[pos])
		if (hs != 12 && hs != 14) || len(data)-pos < hs || string(data[pos+8:pos+12]) != ".FIT" {
			return fd.decline("not a FIT header")
		}
		size := int(binary.LittleEndian.Uint32(data[pos+4 : pos+8]))
		start := pos + hs
		if size == 0 || size > len(data)-start-2 {
			return fd.decline("a sequence without data or cut short")
		}
		end := start + size
		if !fd.sequence(l, data[start:end]) {
			return false
		}
		pos = end + 2
		seq++
	}
	if seq == 0 {
		return fd.decline("no data")
	}
	return true
}

// Why says why the last Decode declined its file ("" when it did not), for tests and
// benchmarks.
func (fd *Decoder) Why() string { return fd.why }

// sequence decodes the messages of one FIT sequence, b (without header and CRC).
func (fd *Decoder) sequence(l Listener, b []byte) bool {
	for i := range fd.defs {
		fd.defs[i].defined = false
	}
	fd.devGen++
	l.Sequence()
	var timestamp uint32 // the time base of compressed timestamp headers
	var lastOffset byte
	p := 0
	for p < len(b) {
		h := b[p]
		p++
		var local byte
		switch {
		case h&0x80 != 0: // compressed timestamp header
			local = (h >> 5) & 0x03
		case h&0x40 != 0: // definition
			n, ok := fd.define(b[p:], h)
			if !ok {
				return false // declined in define
			}
			p += n
			continue
		default:
			local = h & 0x0F
		}
		d := &fd.defs[local]
		if !d.defined {
			return fd.decline("a message without a definition")
		}
		if d.size > len(b)-p {
			return fd.decline("a message cut short")
		}
		m := b[p : p+d.size]
		p += d.size
		ts := uint32(math.MaxUint32) // the message's timestamp, as muktihari's FieldValueByNum finds it
		explicit := false
		if h&0x80 != 0 {
			offset := h & 0x1F
			timestamp += uint32((offset - lastOffset) & 0x1F)
			lastOffset = offset
			ts = timestamp
		}
		if d.ts >= 0 {
			t := fastU32(m[d.ts:], d.be)
			timestamp, lastOffset = t, byte(t&0x1F)
			if h&0x80 == 0 {
				ts = t
			}
			explicit = true
		}
		switch d.kind {
		case fkOther:
		case fkRecord:
			if !fd.record(l, d, m, ts, explicit, h&0x80 != 0) {
				return false
			}
		case fkEvent:
			l.Event(d.byteOf(m, fsEvEvent), d.byteOf(m, fsEvType), ts)
		case fkSession:
			fd.session(l, d, m)
		case fkFileID:
			fd.fileID(l, d, m)
		case fkActivity:
			local := uint32(math.MaxUint32)
			if s := d.slot(fsActLocal); s != nil {
				local = fastU32(m[s.off:], d.be)
			}
			l.Activity(ts, local)
		case fkSport:
			l.Sport(d.byteOf(m, fsSportSport), d.byteOf(m, fsSportSub))
		case fkLap:
			fd.lap(l, d, m, ts)
		case fkFieldDesc:
			// muktihari's decoder fails on a developer field whose description gives an
			// invalid base type; leave such files to it.
			if !basetype.BaseType(d.byteOf(m, fsDescType)).Valid() {
				return fd.decline("a developer field description with an invalid base type")
			}
			fd.fieldDescription(l, d, m)
		case fkDevDataID:
			fd.developerDataID(l, d, m)
		}
	}
	return true
}

// define reads a definition message after its header h from b, into fd.defs, and
// returns its length; false when Decode leaves the file to muktihari's decoder.
func (fd *Decoder) define(b []byte, h byte) (int, bool) {
	if len(b) < 5 {
		return 0, fd.decline("a definition cut short")
	}
	d := &fd.defs[h&0x0F]
	d.defined = false
	d.be = b[1] != 0
	num := binary.LittleEndian.Uint16(b[2:4])
	if d.be {
		num = binary.BigEndian.Uint16(b[2:4])
	}
	d.kind = fastKind(num)
	d.ts = -1
	d.slots = d.slots[:0]
	d.devs = d.devs[:0]
	nf := int(b[4])
	p := 5
	if len(b)-p < 3*nf {
		return 0, fd.decline("a definition cut short")
	}
	var seen [4]uint64 // the field numbers read so far, to find repeats
	timed, ok := fd.timed[num]
	if !ok {
		if fd.timed == nil {
			fd.timed = map[uint16]bool{}
		}
		timed = factory.StandardFactory().CreateField(typedef.MesgNum(num), proto.FieldNumTimestamp).Name != factory.NameUnknown
		fd.timed[num] = timed
	}
	off := 0
	for range nf {
		fnum, size, bt := b[p], int(b[p+1]), b[p+2]
		p += 3
		if !basetype.BaseType(bt).Valid() {
			return 0, fd.decline("an invalid base type")
		}
		if size == 0 { // muktihari's decoder drops such a field
			continue
		}
		slot := fastFields[d.kind][fnum]
		if fnum == proto.FieldNumTimestamp && (timed || bt == byte(basetype.Uint32) || bt == byte(basetype.Uint32z)) {
			if size != 4 || d.ts >= 0 {
				return 0, fd.decline("a timestamp not of 4 bytes, or two")
			}
			d.ts = off
		}
		if slot != fsNone {
			if seen[fnum/64]>>(fnum%64)&1 != 0 || size < int(fastSlotSize[slot]) {
				return 0, fd.decline("a field read twice, or shorter than its type")
			}
			seen[fnum/64] |= 1 << (fnum % 64)
			if slot != fsTime {
				d.slots = append(d.slots, fastSlot{off: off, size: size, slot: slot})
			}
		}
		off += size
	}
	if h&0x20 != 0 { // developer fields
		if len(b)-p < 1 {
			return 0, fd.decline("a definition cut short")
		}
		nd := int(b[p])
		p++
		if len(b)-p < 3*nd {
			return 0, fd.decline("a definition cut short")
		}
		for range nd {
			d.devs = append(d.devs, fastDev{num: b[p], index: b[p+2], off: off, size: int(b[p+1]), slot: -1})
			off += int(b[p+1])
			p += 3
		}
		d.devGen = -1
	}
	d.size = off
	d.defined = true
	return p, true
}

// record reads a record message m. ts is its timestamp from a compressed header (when
// compressed); explicit says that the message also has a timestamp field. It declines a
// record whose compressed_speed_distance holds a value: muktihari's decoder expands
// that into speed and an accumulated distance.
func (fd *Decoder) record(l Listener, d *fastDef, m []byte, ts uint32, explicit, compressed bool) bool {
	r := &fd.rec
	*r = NoRecord
	if len(d.devs) > 0 && !fd.devRecord(l, d, m) {
		return false
	}
	if compressed || explicit {
		// muktihari's decoder puts a compressed header's time first and a timestamp
		// field after it; onRecord keeps the last valid one.
		if explicit {
			if t := fastU32(m[d.ts:], d.be); t != math.MaxUint32 {
				ts = t
			} else if !compressed {
				ts = math.MaxUint32
			}
		}
		r.T = ts
	}
	for _, s := range d.slots {
		f := m[s.off:]
		switch s.slot {
		case fsRecCad:
			r.Cad = f[0]
		case fsRecFrac:
			r.Frac = f[0]
		case fsRecSpeed:
			r.Speed = fastU16(f, d.be)
		case fsRecESpeed:
			r.ESpeed = fastU32(f, d.be)
		case fsRecAlt:
			r.Alt = fastU16(f, d.be)
		case fsRecEAlt:
			r.EAlt = fastU32(f, d.be)
		case fsRecDist:
			r.Dist = fastU32(f, d.be)
		case fsRecLat:
			r.Lat = int32(fastU32(f, d.be))
		case fsRecLon:
			r.Lon = int32(fastU32(f, d.be))
		case fsRecHR:
			r.HR = f[0]
		case fsRecStance:
			r.Stance = fastU16(f, d.be)
		case fsRecVertOsc:
			r.VertOsc = fastU16(f, d.be)
		case fsRecVertRatio:
			r.VertRatio = fastU16(f, d.be)
		case fsRecBalance:
			r.Balance = fastU16(f, d.be)
		case fsRecStepLen:
			r.StepLen = fastU16(f, d.be)
		case fsRecCSD:
			for _, x := range f[:s.size] {
				if x != 0xFF {
					return fd.decline("compressed_speed_distance")
				}
			}
		}
	}
	// A valid speed or altitude expands into (and replaces) the enhanced field.
	if r.Speed != math.MaxUint16 {
		r.ESpeed = fastProfile.speed.expand(r.Speed)
	}
	if r.Alt != math.MaxUint16 {
		r.EAlt = fastProfile.alt.expand(r.Alt)
	}
	l.Record(r)
	return true
}

// session reads a session message m.
func (fd *Decoder) session(l Listener, d *fastDef, m []byte) {
	r := &fd.ses
	*r = NoSession
	for _, s := range d.slots {
		f := m[s.off:]
		switch s.slot {
		case fsSesStart:
			r.Start = fastU32(f, d.be)
		case fsSesElapsed:
			r.Elapsed = fastU32(f, d.be)
		case fsSesDist:
			r.Distance = fastU32(f, d.be)
		case fsSesSport:
			r.Sport = f[0]
		case fsSesSub:
			r.SubSport = f[0]
		case fsSesCad:
			r.AvgCad = f[0]
		case fsSesFrac:
			r.AvgFrac = f[0]
		}
	}
	l.Session(r)
}

// fileID reads a file_id message m.
func (fd *Decoder) fileID(l Listener, d *fastDef, m []byte) {
	typ, mf, product := uint8(0xFF), uint16(math.MaxUint16), uint16(math.MaxUint16)
	var name []byte
	for _, s := range d.slots {
		f := m[s.off:]
		switch s.slot {
		case fsFileType:
			typ = f[0]
		case fsFileMf:
			mf = fastU16(f, d.be)
		case fsFileProduct:
			product = fastU16(f, d.be)
		case fsFileName:
			name = f[:s.size]
		}
	}
	// The name is decoded only when the listener asks: through a function made once
	// per decoder, as a new closure would be allocated for every message.
	fd.name, fd.nameBE = name, d.be
	if fd.nameFn == nil {
		fd.nameFn = fd.productName
	}
	l.FileID(typ, mf, product, fd.nameFn)
	fd.name = nil // the decoder must not keep the file's bytes alive
}

// productName decodes the product_name of the file_id message being handed to the
// listener, or gives "" when it has none.
func (fd *Decoder) productName() string {
	if fd.name == nil {
		return ""
	}
	arch := byte(proto.LittleEndian)
	if fd.nameBE {
		arch = proto.BigEndian
	}
	v, _ := proto.UnmarshalValue(fd.name, arch, basetype.String, profile.String, false)
	return v.String()
}

func fastU16(b []byte, be bool) uint16 {
	if be {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func fastU32(b []byte, be bool) uint32 {
	if be {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}
