package fitparse

import (
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/fitparse/internal/fitfast"
	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// fitEpoch is the FIT epoch (1989-12-31T00:00:00Z) in Unix seconds.
const fitEpoch = 631065600

// isFIT reports whether data starts with a FIT file header.
func isFIT(data []byte) bool {
	return len(data) >= 12 && (data[0] == 12 || data[0] == 14) && string(data[8:12]) == ".FIT"
}

// fitSession is the part of a FIT session message that cadence uses.
type fitSession struct {
	start, elapsed, distance float64
	avgCad                   float64
	sport, subSport          string
	order                    int
}

// fitListener collects what cadence needs of a FIT file's messages: fitfast.Decode
// hands it raw values (it is a fitfast.Listener: Record, Session, ...), and
// muktihari's decoder its messages (OnMesg), read by field number without building
// muktihari's message structs into the same raw values.
type fitListener struct {
	records         []activity.Sample // at most MaxSamples (sampleCap)
	total           int               // records met, kept or not
	sessions        []fitSession
	pauses          []activity.Pause
	paused          bool
	pauseStart      float64
	fileTypes       []typedef.File
	device          string
	sport, subSport string // from the sport message, used when sessions are missing
	lastT           float64
	backwards       int
	zone            *time.Location // from the first activity message that gives a plausible offset
}

var _ fitfast.Listener = (*fitListener)(nil)

func (l *fitListener) reset() {
	// records and pauses are handed to the activities, so they are never reused.
	*l = fitListener{sessions: l.sessions[:0], fileTypes: l.fileTypes[:0], lastT: math.NaN()}
}

// OnMesg implements decoder.MesgListener.
func (l *fitListener) OnMesg(m proto.Message) {
	switch m.Num {
	case mesgnum.Record:
		l.onRecord(&m)
	case mesgnum.Event:
		l.Event(m.FieldValueByNum(fieldnum.EventEvent).Uint8(), m.FieldValueByNum(fieldnum.EventEventType).Uint8(),
			m.FieldValueByNum(fieldnum.EventTimestamp).Uint32())
	case mesgnum.Session:
		l.onSession(&m)
	case mesgnum.FileId:
		l.FileID(m.FieldValueByNum(fieldnum.FileIdType).Uint8(), m.FieldValueByNum(fieldnum.FileIdManufacturer).Uint16(),
			m.FieldValueByNum(fieldnum.FileIdProduct).Uint16(), func() string { return m.FieldValueByNum(fieldnum.FileIdProductName).String() })
	case mesgnum.Activity:
		l.Activity(m.FieldValueByNum(fieldnum.ActivityTimestamp).Uint32(), m.FieldValueByNum(fieldnum.ActivityLocalTimestamp).Uint32())
	case mesgnum.Sport:
		l.Sport(m.FieldValueByNum(fieldnum.SportSport).Uint8(), m.FieldValueByNum(fieldnum.SportSubSport).Uint8())
	}
}

// onRecord reads a record message as the fields come: where a field repeats, the last
// valid value wins (the last value for cadence, enhanced speed and altitude, and
// position).
func (l *fitListener) onRecord(m *proto.Message) {
	r := fitfast.NoRecord
	for i := range m.Fields {
		v := m.Fields[i].Value
		switch m.Fields[i].Num {
		case fieldnum.RecordTimestamp:
			if x := v.Uint32(); x != math.MaxUint32 {
				r.T = x
			}
		case fieldnum.RecordCadence:
			r.Cad = v.Uint8()
		case fieldnum.RecordFractionalCadence:
			r.Frac = v.Uint8()
		case fieldnum.RecordSpeed:
			if x := v.Uint16(); x != math.MaxUint16 {
				r.Speed = x
			}
		case fieldnum.RecordEnhancedSpeed:
			r.ESpeed = v.Uint32()
		case fieldnum.RecordAltitude:
			if x := v.Uint16(); x != math.MaxUint16 {
				r.Alt = x
			}
		case fieldnum.RecordEnhancedAltitude:
			r.EAlt = v.Uint32()
		case fieldnum.RecordDistance:
			if x := v.Uint32(); x != math.MaxUint32 {
				r.Dist = x
			}
		case fieldnum.RecordPositionLat:
			r.Lat = v.Int32()
		case fieldnum.RecordPositionLong:
			r.Lon = v.Int32()
		case fieldnum.RecordHeartRate:
			if x := v.Uint8(); x != 0xFF {
				r.HR = x
			}
		}
	}
	l.Record(&r)
}

// Record implements fitfast.Listener: it turns a record's raw values into a sample, keeping at most sampleCap.
func (l *fitListener) Record(r *fitfast.Record) {
	if l.total++; len(l.records) >= sampleCap {
		return
	}
	s := activity.NewSample()
	if r.T != math.MaxUint32 {
		s.T = float64(r.T) + fitEpoch
	}
	if r.Cad != 0xFF {
		s.Cadence = float64(r.Cad)
		if r.Frac != 0xFF {
			s.Cadence += float64(r.Frac) / 128
		}
	}
	if r.ESpeed != math.MaxUint32 {
		s.Speed = float64(r.ESpeed) / 1000
	} else if r.Speed != math.MaxUint16 {
		s.Speed = float64(r.Speed) / 1000
	}
	if r.EAlt != math.MaxUint32 {
		s.Altitude = float64(r.EAlt)/5 - 500
	} else if r.Alt != math.MaxUint16 {
		s.Altitude = float64(r.Alt)/5 - 500
	}
	if r.Dist != math.MaxUint32 {
		s.Distance = float64(r.Dist) / 100
	}
	if r.Lat != math.MaxInt32 && r.Lon != math.MaxInt32 {
		s.Lat = float64(r.Lat) * (180.0 / (1 << 31))
		s.Lon = float64(r.Lon) * (180.0 / (1 << 31))
	}
	if r.HR != 0xFF {
		s.HR = float64(r.HR)
	}
	if s.T < l.lastT {
		l.backwards++
	}
	if !math.IsNaN(s.T) {
		l.lastT = s.T
	}
	l.records = append(l.records, s)
}

// Timer event types, from the FIT profile's event_type.
const (
	evStart          = 0
	evStop           = 1
	evStopAll        = 4
	evStopDisable    = 8
	evStopDisableAll = 9
)

// Event implements fitfast.Listener: it follows the recording timer: event, event_type and timestamp are an event
// message's raw values.
func (l *fitListener) Event(event, eventType uint8, ts uint32) {
	if event != uint8(typedef.EventTimer) || ts == math.MaxUint32 {
		return
	}
	t := float64(ts) + fitEpoch
	switch eventType {
	case evStop, evStopAll, evStopDisable, evStopDisableAll:
		if !l.paused {
			l.paused, l.pauseStart = true, t
		}
	case evStart:
		if l.paused {
			l.pauses = append(l.pauses, activity.Pause{Start: l.pauseStart, End: t})
			l.paused = false
		}
	}
}

func (l *fitListener) onSession(m *proto.Message) {
	r := fitfast.NoSession
	for i := range m.Fields {
		v := m.Fields[i].Value
		switch m.Fields[i].Num {
		case fieldnum.SessionStartTime:
			if x := v.Uint32(); x != math.MaxUint32 {
				r.Start = x
			}
		case fieldnum.SessionTotalElapsedTime:
			if x := v.Uint32(); x != math.MaxUint32 {
				r.Elapsed = x
			}
		case fieldnum.SessionTotalDistance:
			if x := v.Uint32(); x != math.MaxUint32 {
				r.Distance = x
			}
		case fieldnum.SessionSport:
			if x := v.Uint8(); x != 0xFF {
				r.Sport = x
			}
		case fieldnum.SessionSubSport:
			if x := v.Uint8(); x != 0xFF {
				r.SubSport = x
			}
		case fieldnum.SessionAvgCadence:
			r.AvgCad = v.Uint8()
		case fieldnum.SessionAvgFractionalCadence:
			r.AvgFrac = v.Uint8()
		}
	}
	l.Session(&r)
}

// Session implements fitfast.Listener: it keeps what cadence uses of a session message.
func (l *fitListener) Session(r *fitfast.Session) {
	s := fitSession{start: math.NaN(), elapsed: math.NaN(), distance: math.NaN(),
		avgCad: math.NaN(), order: len(l.sessions)}
	if r.Start != math.MaxUint32 {
		s.start = float64(r.Start) + fitEpoch
	}
	if r.Elapsed != math.MaxUint32 {
		s.elapsed = float64(r.Elapsed) / 1000
	}
	if r.Distance != math.MaxUint32 {
		s.distance = float64(r.Distance) / 100
	}
	if r.Sport != 0xFF {
		s.sport = typedef.Sport(r.Sport).String()
	}
	if r.SubSport != 0xFF {
		s.subSport = typedef.SubSport(r.SubSport).String()
	}
	if r.AvgCad != 0xFF {
		s.avgCad = float64(r.AvgCad)
		if r.AvgFrac != 0xFF {
			s.avgCad += float64(r.AvgFrac) / 128
		}
	}
	l.sessions = append(l.sessions, s)
}

// FileID implements fitfast.Listener: it notes a file_id message: the file's type and, from the first one, the
// device. productName is called only when the name is needed.
func (l *fitListener) FileID(fileType uint8, manufacturer, product uint16, productName func() string) {
	l.fileTypes = append(l.fileTypes, typedef.File(fileType))
	if l.device == "" {
		l.device = deviceName(manufacturer, product, productName)
	}
}

// Activity implements fitfast.Listener: it takes the time zone from the first activity message that gives one.
func (l *fitListener) Activity(ts, local uint32) {
	if l.zone == nil {
		l.zone = fitZone(ts, local)
	}
}

// Sport implements fitfast.Listener: it keeps the first sport message's sport, for files without sessions.
func (l *fitListener) Sport(sport, subSport uint8) {
	if sport != 0xFF && l.sport == "" {
		l.sport = typedef.Sport(sport).String()
		if subSport != 0xFF {
			l.subSport = typedef.SubSport(subSport).String()
		}
	}
}

// maxZoneOffset is the largest UTC offset in use anywhere (Kiribati, UTC+14:00).
const maxZoneOffset = 14 * 3600

// fitZone returns the fixed zone that an activity message's timestamp and
// local_timestamp imply, their difference rounded to the nearest 15 minutes, or nil
// when the message lacks either field or the offset lies beyond ±14 hours.
func fitZone(ts, local uint32) *time.Location {
	if ts == math.MaxUint32 || local == math.MaxUint32 || ts == 0 || local == 0 {
		return nil
	}
	off := int64(local) - int64(ts)
	if off < -maxZoneOffset-450 || off > maxZoneOffset+450 {
		return nil
	}
	q := int64(math.Round(float64(off)/900)) * 900
	if q < -maxZoneOffset || q > maxZoneOffset {
		return nil
	}
	return fixedZone(int(q))
}

// fixedZone returns a zone secs east of UTC named like "UTC+02:00" or "UTC-05:30".
func fixedZone(secs int) *time.Location {
	sign := '+'
	abs := secs
	if secs < 0 {
		sign, abs = '-', -secs
	}
	return time.FixedZone(fmt.Sprintf("UTC%c%02d:%02d", sign, abs/3600, abs%3600/60), secs)
}

// deviceName names the manufacturer and product of a file_id message, e.g. "garmin fr935".
// productName gives the message's product_name; it is called only when needed.
func deviceName(manufacturer, product uint16, productName func() string) string {
	mf := typedef.Manufacturer(manufacturer)
	if mf == typedef.ManufacturerInvalid {
		return ""
	}
	name := mf.String()
	if strings.HasPrefix(name, "ManufacturerInvalid") {
		return ""
	}
	if p := product; p != math.MaxUint16 {
		if mf == typedef.ManufacturerGarmin || mf == typedef.ManufacturerDynastream || mf == typedef.ManufacturerDynastreamOem {
			if g := typedef.GarminProduct(p).String(); !strings.HasPrefix(g, "GarminProductInvalid") {
				return name + " " + g
			}
		}
		if pn := productName(); pn != "" && pn != "\x00" {
			return name + " " + pn
		}
	}
	return name
}

// fitReads lists, for each message the listener reads selectively, the fields it reads
// (onRecord, onEvent, onSession, fitZone, the sport message). It must follow the
// listener: fitFactory decodes every other field of these messages as an opaque byte.
// FileId is read whole (deviceName and the file type).
var fitReads = map[typedef.MesgNum][]byte{
	mesgnum.Record: {fieldnum.RecordTimestamp, fieldnum.RecordCadence, fieldnum.RecordFractionalCadence,
		fieldnum.RecordSpeed, fieldnum.RecordEnhancedSpeed, fieldnum.RecordAltitude, fieldnum.RecordEnhancedAltitude,
		fieldnum.RecordDistance, fieldnum.RecordPositionLat, fieldnum.RecordPositionLong, fieldnum.RecordHeartRate},
	mesgnum.Event: {fieldnum.EventTimestamp, fieldnum.EventEvent, fieldnum.EventEventType},
	mesgnum.Session: {fieldnum.SessionStartTime, fieldnum.SessionTotalElapsedTime, fieldnum.SessionTotalDistance,
		fieldnum.SessionSport, fieldnum.SessionSubSport, fieldnum.SessionAvgCadence, fieldnum.SessionAvgFractionalCadence},
	mesgnum.Activity: {fieldnum.ActivityTimestamp, fieldnum.ActivityLocalTimestamp},
	mesgnum.Sport:    {fieldnum.SportSport, fieldnum.SportSubSport},
}

// fitKeep[m] is the set of fields of message m (one of fitReads) that fitFactory gives
// their profile definition: the fields read, every field whose components expand,
// directly or through other fields, into one of those, and every field that selects a
// sub-field of one of those (a sub-field's reference field). Built once, by fitKeepSet.
// The messages the decoder interprets itself, FileId, DeveloperDataId and
// FieldDescription, keep every field.
var (
	fitKeep     [256]*[256]bool // by message number; all of them are below 256
	fitKeepOnce sync.Once
)

func fitKeepSet() {
	std := factory.StandardFactory()
	for _, m := range []typedef.MesgNum{mesgnum.FileId, mesgnum.DeveloperDataId, mesgnum.FieldDescription} {
		all := new([256]bool)
		for i := range all {
			all[i] = true
		}
		fitKeep[m] = all
	}
	for m, reads := range fitReads {
		keep := new([256]bool)
		keep[proto.FieldNumTimestamp] = true
		for _, n := range reads {
			keep[n] = true
		}
		fields := std.CreateMesg(m).Fields
		for changed := true; changed; {
			changed = false
			for _, f := range fields {
				if keep[f.Num] {
					for _, sf := range f.SubFields {
						for _, sm := range sf.Maps {
							if !keep[sm.RefFieldNum] {
								keep[sm.RefFieldNum], changed = true, true
							}
						}
					}
					continue
				}
				feeds := false
				for _, c := range f.Components {
					feeds = feeds || keep[c.FieldNum]
				}
				for _, sf := range f.SubFields {
					for _, c := range sf.Components {
						feeds = feeds || keep[c.FieldNum]
					}
				}
				if feeds {
					keep[f.Num], changed = true, true
				}
			}
		}
		fitKeep[m] = keep
	}
}

// fitSkip holds, for each field number, the definition fitFactory gives a field that
// cadence never reads: a single byte with no components. The decoder then reads such a
// field's first byte only, without allocating for arrays and strings or expanding
// components, and the listener never looks at it. These are shared and never written:
// the decoder only writes to a definition named "unknown".
var fitSkip = func() (s [256]proto.FieldBase) {
	for i := range s {
		s[i] = proto.FieldBase{Name: "unread", Num: byte(i), Type: profile.Uint8, BaseType: basetype.Uint8, Scale: 1}
	}
	return s
}()

// fitFactory is the decoder's field factory. It gives the profile's definition to the
// fields that decide what cadence reads: every field the listener reads (fitReads) and
// those that feed it through components or sub-fields, every timestamp (field 253,
// which sets the time base of compressed timestamp headers), and every field of the
// messages the decoder itself interprets (file_id, developer_data_id and
// field_description). Every other field, including fields and messages missing from the
// profile, gets a fitSkip definition. The values cadence reads are thus exactly those
// of the standard factory (a test compares the two on the corpus).
type fitFactory struct {
	// ts is the definition given to a timestamp missing from the profile: the decoder
	// writes its base type into it, so it is per decoder and reset for each field.
	ts proto.FieldBase
}

// CreateField implements decoder.Factory.
func (f *fitFactory) CreateField(m typedef.MesgNum, num byte) proto.Field {
	if int(m) < len(fitKeep) {
		if k := fitKeep[m]; k != nil && k[num] {
			return factory.StandardFactory().CreateField(m, num)
		}
	}
	if num != proto.FieldNumTimestamp {
		return proto.Field{FieldBase: &fitSkip[num]}
	}
	if fd := factory.StandardFactory().CreateField(m, num); fd.Name != factory.NameUnknown {
		return fd
	}
	f.ts = proto.FieldBase{Name: factory.NameUnknown, Num: num, Scale: 1}
	return proto.Field{FieldBase: &f.ts}
}

// fitState is a decoder and its listener, reused across files through a pool so that a
// batch of thousands of files does not reallocate the decoder's buffers for each.
type fitState struct {
	fast fitfast.Decoder
	slow bool // decode with muktihari's decoder only (tests)
	dec  *decoder.Decoder
	lis  fitListener
	fac  fitFactory
	rd   bytes.Reader
	opts []decoder.Option
}

var fitPool = sync.Pool{New: func() any {
	fitKeepOnce.Do(fitKeepSet)
	st := &fitState{}
	st.opts = []decoder.Option{decoder.WithMesgListener(&st.lis), decoder.WithBroadcastOnly(),
		decoder.WithIgnoreChecksum(), decoder.WithFactory(&st.fac)}
	st.dec = decoder.New(nil, st.opts...)
	return st
}}

// parseFIT reads a FIT file, chained or not. It checks every sequence's CRC itself, so
// that a mismatch is a warning with all data kept, and a header CRC of 0 (which the FIT
// protocol allows) is not mistaken for damage.
func parseFIT(name string, data []byte) ([]*activity.Activity, error) {
	return parseFITWith(decodeFIT, name, data)
}

// parseFITWith is parseFIT with decodeFIT replaceable, for tests.
func parseFITWith(decodeFIT func(name string, data, orig []byte) ([]*activity.Activity, error), name string, data []byte) ([]*activity.Activity, error) {
	acts, err := decodeFIT(name, data, data)
	if err == nil || !strings.Contains(err.Error(), "bad base type") {
		return acts, err
	}
	// Some tools re-save FIT files with base types that lack their endian bit (0x06
	// for uint32). Garmin's SDK reads these by masking the base type number; do the
	// same on a copy, and say so.
	fixed, n := repairBaseTypes(data)
	if n == 0 {
		return acts, err
	}
	acts, err2 := decodeFIT(name, fixed, data)
	if err2 != nil {
		return nil, err
	}
	w := fmt.Sprintf("%d field definitions had invalid base types (the file was re-saved by a tool that broke them): read them as Garmin's FIT SDK does", n)
	for _, a := range acts {
		a.Warnings = append([]string{w}, a.Warnings...)
	}
	return acts, nil
}

// decodeFIT decodes data; orig holds the bytes as stored, for the CRC checks.
func decodeFIT(name string, data, orig []byte) ([]*activity.Activity, error) {
	st := fitPool.Get().(*fitState)
	defer fitPool.Put(st)
	return st.decode(name, data, orig)
}

func (st *fitState) decode(name string, data, orig []byte) ([]*activity.Activity, error) {
	st.lis.reset()
	st.lis.records = make([]activity.Sample, 0, min(countFITRecords(data), sampleCap))
	if !st.slow {
		if st.fast.Decode(&st.lis, data) {
			return st.lis.result(name, crcWarnings(data, orig))
		}
		// Start again with muktihari's decoder, reusing the records' storage.
		records := st.lis.records[:0]
		st.lis.reset()
		st.lis.records = records
	}
	st.rd.Reset(data)
	st.dec.Reset(&st.rd, st.opts...)
	defer st.rd.Reset(nil) // the pool must not keep data alive

	var warnings []string
	var decodeErr error
	errAt := int64(-1)
	pos := 0 // start of the current sequence; the decoder reads ahead, so track it here
	seq := 0
	for st.dec.Next() {
		if _, err := st.dec.Decode(); err != nil {
			decodeErr = err
			errAt = bytePos(err)
			break
		}
		end := sequenceEnd(data, pos)
		if w := checkSequenceCRC(orig[pos:end]); w != "" {
			if seq > 0 {
				w = sequenceWarning(seq, w)
			}
			warnings = append(warnings, w)
		}
		pos = end
		seq++
	}
	l := &st.lis
	if decodeErr != nil {
		reason := describeFITError(decodeErr)
		if len(l.records) == 0 {
			if seq > 0 {
				// An earlier sequence decoded but held no records: say what the file is.
				return nil, &ParseError{File: name, Offset: -1, Err: noActivityErr(l.fileTypes)}
			}
			return nil, &ParseError{File: name, Offset: errAt, Err: errors.New(reason)}
		}
		warnings = append(warnings, fmt.Sprintf("damaged or truncated at byte %d (%s): kept the %d records before it", errAt, reason, len(l.records)))
	} else if seq == 0 {
		return nil, &ParseError{File: name, Offset: 0, Err: errors.New("not a FIT file")}
	}
	if trailing := len(data) - pos; decodeErr == nil && trailing > 0 && trailing != len(data) {
		warnings = append(warnings, fmt.Sprintf("%d bytes after the last FIT sequence were ignored", trailing))
	}
	return l.result(name, warnings)
}

// crcWarnings checks the CRC of every sequence of data, a file whose framing
// fitfast.Decode has read to the end, against orig, the bytes as stored, and returns
// a warning for each that does not match.
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

// result gives the activities of a decoded file, or why it holds none.
func (l *fitListener) result(name string, warnings []string) ([]*activity.Activity, error) {
	if len(l.records) == 0 {
		return nil, &ParseError{File: name, Offset: -1, Err: noActivityErr(l.fileTypes)}
	}
	if l.backwards > 0 {
		warnings = append(warnings, fmt.Sprintf("record timestamps go backwards %d times", l.backwards))
	}
	if l.total > len(l.records) {
		warnings = append(warnings, tooManySamples(l.total))
	}
	return l.activities(name, warnings), nil
}

// countFITRecords returns the number of record messages in data, walking the FIT
// framing as repairBaseTypes does; where the framing breaks it stops and guesses the
// rest from the bytes left (a real record takes 25 to 40 bytes). It sizes the records
// slice, which is most of what decoding allocates: an exact count saves a third of it.
func countFITRecords(data []byte) int {
	n, pos := 0, 0
	for pos+12 <= len(data) && isFIT(data[pos:]) {
		p := pos + int(data[pos])
		end := min(p+int(binary.LittleEndian.Uint32(data[pos+4:pos+8])), len(data))
		var sizes [16]int
		var record, defined [16]bool
		for p < end {
			h := data[p]
			p++
			local := h & 0x0F
			if h&0x80 != 0 { // compressed timestamp header
				local = (h >> 5) & 0x03
			} else if h&0x40 != 0 { // definition
				if p+5 > end {
					return n
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
				sizes[local], record[local], defined[local] = size, num == uint16(mesgnum.Record), true
				continue
			}
			if !defined[local] {
				return n + (len(data)-p)/24
			}
			if record[local] {
				n++
			}
			p += sizes[local]
		}
		pos = end + 2
	}
	return n + max(len(data)-pos, 0)/24
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

// bytePos extracts the byte position from a muktihari decoder error ("[byte pos: N]").
func bytePos(err error) int64 {
	msg := err.Error()
	i := strings.Index(msg, "[byte pos: ")
	if i < 0 {
		return -1
	}
	var n int64
	if _, e := fmt.Sscanf(msg[i:], "[byte pos: %d]", &n); e != nil {
		return -1
	}
	return n
}

// noActivityErr says why a FIT file without records is not an activity.
func noActivityErr(types []typedef.File) error {
	if len(types) > 0 && types[0] != typedef.FileActivity && types[0] != typedef.FileInvalid {
		return fmt.Errorf("a FIT %s file, not an activity: %w", types[0], ErrNoActivity)
	}
	return fmt.Errorf("the FIT file has no records: %w", ErrNoActivity)
}

// describeFITError turns a decoder error into a short reason for a runner.
func describeFITError(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "BaseType"):
		return "invalid field definition (bad base type): " + lastPart(msg)
	case strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "EOF"):
		return "file ends early"
	case errors.Is(err, decoder.ErrNotFITFile):
		return "not a valid FIT header: " + lastPart(msg)
	case errors.Is(err, decoder.ErrMesgDefMissing):
		return "corrupt data (a message refers to a definition that was never given)"
	}
	return lastPart(msg)
}

// lastPart drops muktihari's "[byte pos: N]" prefixes, which ParseError already carries.
func lastPart(msg string) string {
	if i := strings.LastIndex(msg, "]: "); i >= 0 {
		return msg[i+3:]
	}
	return msg
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

// fitSport maps a FIT sport name to an activity.Sport. "generic" and missing sports say
// nothing and map to Unknown.
func fitSport(name string) activity.Sport {
	switch name {
	case "", "generic", "all", "invalid":
		return activity.Unknown
	case "e_biking":
		return activity.Cycling
	case "fitness_equipment", "training":
		return activity.Sport(name)
	}
	return activity.ParseSport(name)
}

// activities splits the records into one Activity per session.
func (l *fitListener) activities(name string, warnings []string) []*activity.Activity {
	sessions := append([]fitSession(nil), l.sessions...)
	// Summary-first files put sessions before records; order by start time.
	sort.SliceStable(sessions, func(i, j int) bool {
		a, b := sessions[i].start, sessions[j].start
		if math.IsNaN(a) || math.IsNaN(b) {
			return sessions[i].order < sessions[j].order
		}
		return a < b
	})
	if len(sessions) == 0 {
		s := fitSession{start: math.NaN(), elapsed: math.NaN(), distance: math.NaN(),
			avgCad: math.NaN(), sport: l.sport, subSport: l.subSport}
		sessions = append(sessions, s)
		warnings = append(warnings, "no session summary in the file (truncated?): sport taken from the file's sport message")
		if l.sport == "" {
			warnings[len(warnings)-1] = "no session summary in the file (truncated?)"
		}
	}
	acts := make([]*activity.Activity, len(sessions))
	oneSport := true
	for i, s := range sessions {
		a := activity.New(name, "fit", i)
		a.Sport = fitSport(s.sport)
		if a.Sport == activity.Sport("fitness_equipment") {
			a.Sport = fitSport(s.subSport) // e.g. indoor_rowing, treadmill
			if a.Sport == activity.Sport("treadmill") {
				a.Sport = activity.Running
			}
		}
		if a.Sport != activity.Unknown {
			a.SportFrom = "file"
		}
		a.SubSport = s.subSport
		a.Indoor = strings.Contains(s.subSport, "treadmill") || strings.Contains(s.subSport, "indoor") || strings.Contains(s.subSport, "virtual")
		a.Device = l.device
		a.Zone = l.zone
		a.ElapsedS, a.DistanceM, a.AvgCadence = s.elapsed, s.distance, s.avgCad
		a.CadenceUnit = activity.CadencePerFoot
		a.Pauses = l.pauses
		a.Warnings = append(a.Warnings, warnings...)
		if !math.IsNaN(s.start) {
			a.Start = unixTime(s.start)
		}
		acts[i] = a
		if s.sport != sessions[0].sport {
			oneSport = false
		}
	}
	if len(acts) == 1 {
		acts[0].Samples = l.records
		if acts[0].Start.IsZero() {
			for _, r := range l.records {
				if !math.IsNaN(r.T) {
					acts[0].Start = unixTime(r.T)
					break
				}
			}
		}
		return acts
	}
	keys := assignRecords(l.records, sessions, oneSport)
	counts := make([]int, len(sessions))
	first := make([]int, len(sessions))
	end := make([]int, len(sessions))
	dropped := 0
	for i, k := range keys {
		if k < 0 {
			dropped++
			continue
		}
		if counts[k] == 0 {
			first[k] = i
		}
		counts[k]++
		end[k] = i + 1
	}
	for k, a := range acts {
		switch {
		case counts[k] == 0:
		case end[k]-first[k] == counts[k]:
			// The session's records lie together (the usual case): share them.
			a.Samples = l.records[first[k]:end[k]:end[k]]
		default:
			a.Samples = make([]activity.Sample, 0, counts[k])
			for i, kk := range keys[first[k]:end[k]] {
				if int(kk) == k {
					a.Samples = append(a.Samples, l.records[first[k]+i])
				}
			}
		}
	}
	if dropped > 0 {
		for _, a := range acts {
			a.Warn(fmt.Sprintf("%d records lie outside every session of this multisport file and were left out", dropped))
		}
	}
	return acts
}

// assignRecords returns, for each record, the index in sessions of the session it
// belongs to, or -1 when it belongs to none. A record belongs to the first session
// (in the order of sessions) whose span, from its start to its start plus its elapsed
// time (or to the next session's start when it has no elapsed time), holds the
// record's time; failing that, in a file of one sport, to the last session that
// started before it, or else the first. A record without a time goes with the record
// before it.
//
// It sweeps the records in time order, keeping the sessions started so far in a heap
// by index, so that it takes O((n + m) log m) for n records and m sessions rather than
// n times m.
func assignRecords(records []activity.Sample, sessions []fitSession, oneSport bool) []int32 {
	m := len(sessions)
	ends := make([]float64, m)
	var byStart []int32
	for i, s := range sessions {
		end := s.start + s.elapsed
		if math.IsNaN(s.elapsed) && i+1 < m {
			end = sessions[i+1].start
		}
		if math.IsNaN(end) {
			end = math.Inf(1)
		}
		ends[i] = end
		if !math.IsNaN(s.start) { // a session without a start holds no record
			byStart = append(byStart, int32(i))
		}
	}
	sort.SliceStable(byStart, func(a, b int) bool { return sessions[byStart[a]].start < sessions[byStart[b]].start })

	var order []int32 // the records with a time, in time order
	sorted := true
	for i, r := range records {
		if math.IsNaN(r.T) {
			continue
		}
		if n := len(order); n > 0 && r.T < records[order[n-1]].T {
			sorted = false
		}
		order = append(order, int32(i))
	}
	if !sorted {
		sort.SliceStable(order, func(a, b int) bool { return records[order[a]].T < records[order[b]].T })
	}

	keys := make([]int32, len(records))
	for i := range keys {
		keys[i] = -1
	}
	var started indexHeap // sessions started, not yet known to have ended
	next, lastStarted := 0, int32(-1)
	for _, r := range order {
		t := records[r].T
		for ; next < len(byStart) && sessions[byStart[next]].start <= t; next++ {
			i := byStart[next]
			heap.Push(&started, i)
			lastStarted = max(lastStarted, i)
		}
		// Times only grow, so a session that ended before t never holds a later
		// record: drop such sessions from the top until the top holds t.
		for started.Len() > 0 && ends[started[0]] < t {
			heap.Pop(&started)
		}
		switch {
		case started.Len() > 0:
			keys[r] = started[0]
		case oneSport && lastStarted >= 0:
			keys[r] = lastStarted
		case oneSport:
			keys[r] = 0
		}
	}
	last := int32(-1)
	for i, r := range records {
		if math.IsNaN(r.T) {
			keys[i] = last
		} else if keys[i] >= 0 {
			last = keys[i]
		}
	}
	return keys
}

// An indexHeap is a min-heap of session indices (container/heap).
type indexHeap []int32

func (h indexHeap) Len() int           { return len(h) }
func (h indexHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h indexHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *indexHeap) Push(x any)        { *h = append(*h, x.(int32)) }
func (h *indexHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
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
