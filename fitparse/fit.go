package fitparse

// This file decodes FIT files: parseFIT, the fast path (package fitfast) and the
// fallback to muktihari's decoder with a field factory that skips what cadence never
// reads, and the errors a damaged file gives.

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"

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

// fitReads lists, for each message the listener reads selectively, the fields it reads
// (the listener's Record, Event, Session, Lap, Activity and Sport, as both decoders
// call them). It must follow the listener: fitFactory decodes every other field of these
// messages as an opaque byte.
// FileId is read whole (deviceName and the file type).
var fitReads = map[typedef.MesgNum][]byte{
	mesgnum.Record: {fieldnum.RecordTimestamp, fieldnum.RecordCadence, fieldnum.RecordFractionalCadence,
		fieldnum.RecordSpeed, fieldnum.RecordEnhancedSpeed, fieldnum.RecordAltitude, fieldnum.RecordEnhancedAltitude,
		fieldnum.RecordDistance, fieldnum.RecordPositionLat, fieldnum.RecordPositionLong, fieldnum.RecordHeartRate,
		fieldnum.RecordStanceTime, fieldnum.RecordVerticalOscillation, fieldnum.RecordVerticalRatio,
		fieldnum.RecordStanceTimeBalance, fieldnum.RecordStepLength},
	mesgnum.Event: {fieldnum.EventTimestamp, fieldnum.EventEvent, fieldnum.EventEventType},
	mesgnum.Session: {fieldnum.SessionStartTime, fieldnum.SessionTotalElapsedTime, fieldnum.SessionTotalDistance,
		fieldnum.SessionSport, fieldnum.SessionSubSport, fieldnum.SessionAvgCadence, fieldnum.SessionAvgFractionalCadence},
	mesgnum.Activity: {fieldnum.ActivityTimestamp, fieldnum.ActivityLocalTimestamp},
	mesgnum.Sport:    {fieldnum.SportSport, fieldnum.SportSubSport},
	mesgnum.Lap: {fieldnum.LapTimestamp, fieldnum.LapStartTime, fieldnum.LapTotalTimerTime, fieldnum.LapTotalDistance,
		fieldnum.LapAvgSpeed, fieldnum.LapEnhancedAvgSpeed, fieldnum.LapIntensity, fieldnum.LapLapTrigger, fieldnum.LapWktStepIndex},
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
	records, laps := countFITRecords(data)
	st.lis.records = make([]activity.Sample, 0, min(records, sampleCap))
	if laps > 0 {
		st.lis.laps = make([]activity.Lap, 0, min(laps, maxLaps))
	}
	if !st.slow {
		if st.fast.Decode(&st.lis, data) {
			return st.lis.result(name, crcWarnings(data, orig))
		}
		// Start again with muktihari's decoder, reusing the records' and laps' storage.
		records, laps := st.lis.records[:0], st.lis.laps[:0]
		st.lis.reset()
		st.lis.records, st.lis.laps = records, laps
	}
	st.rd.Reset(data)
	st.dec.Reset(&st.rd, st.opts...)
	defer st.rd.Reset(nil) // the pool must not keep data alive

	var decodeErr error
	errAt := int64(-1)
	pos := 0 // end of the sequences decoded; the decoder reads ahead, so track it here
	seq := 0
	for st.dec.Next() {
		st.lis.Sequence() // muktihari's decoder forgets developer data between sequences
		if _, err := st.dec.Decode(); err != nil {
			decodeErr = err
			errAt = bytePos(err)
			break
		}
		pos = sequenceEnd(data, pos)
		seq++
	}
	warnings := crcWarnings(data[:pos], orig)
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
