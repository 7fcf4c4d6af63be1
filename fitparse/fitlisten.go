package fitparse

// This file holds fitListener, which both FIT decoders hand the messages cadence
// reads: records become samples, timer events pauses, laps laps, and sessions,
// file_id, sport and activity messages what the activities say about themselves.

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/fitparse/internal/fitfast"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

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
	records         []activity.Sample   // at most MaxSamples (sampleCap)
	dyn             []activity.Dynamics // beside records, from the first record with running dynamics; nil before
	total           int                 // records met, kept or not
	sessions        []fitSession
	laps            []activity.Lap // in file order
	pauses          []activity.Pause
	paused          bool
	pauseStart      float64
	fileTypes       []typedef.File
	device          string
	sport, subSport string // from the sport message, used when sessions are missing
	lastT           float64
	backwards       int
	zone            *time.Location // from the first activity message that gives a plausible offset
	dev             devState       // developer data and the pods' dynamics (fitdev.go)
}

var _ fitfast.Listener = (*fitListener)(nil)

func (l *fitListener) reset() {
	// records, laps and pauses are handed to the activities, so they are never reused.
	*l = fitListener{sessions: l.sessions[:0], fileTypes: l.fileTypes[:0], lastT: math.NaN(),
		dev: devState{descs: l.dev.descs[:0], slots: l.dev.slots[:0]}}
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
	case mesgnum.DeveloperDataId:
		l.onDeveloperDataID(&m)
	case mesgnum.FieldDescription:
		l.onFieldDescription(&m)
	case mesgnum.Lap:
		l.onLap(&m)
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
		case fieldnum.RecordStanceTime:
			r.Stance = v.Uint16()
		case fieldnum.RecordVerticalOscillation:
			r.VertOsc = v.Uint16()
		case fieldnum.RecordVerticalRatio:
			r.VertRatio = v.Uint16()
		case fieldnum.RecordStanceTimeBalance:
			r.Balance = v.Uint16()
		case fieldnum.RecordStepLength:
			r.StepLen = v.Uint16()
		}
	}
	if len(m.DeveloperFields) > 0 {
		l.devFields(m, &r)
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
	l.dynamics(r)
	if r.DevSet != 0 || l.dev.kept {
		l.podDynamics(r)
	}
	if s.T < l.lastT {
		l.backwards++
	}
	if !math.IsNaN(s.T) {
		l.lastT = s.T
	}
	l.records = append(l.records, s)
}

// dynamics keeps a record's running dynamics beside its sample, in the profile's
// scales (stance_time 10 per ms, vertical_oscillation and step_length 10 per mm,
// vertical_ratio and stance_time_balance 100 per percent).
func (l *fitListener) dynamics(r *fitfast.Record) {
	any := r.Stance != math.MaxUint16 || r.VertOsc != math.MaxUint16 || r.VertRatio != math.MaxUint16 ||
		r.Balance != math.MaxUint16 || r.StepLen != math.MaxUint16
	if l.dyn == nil && !any {
		return
	}
	d := activity.NoDynamics
	if r.Stance != math.MaxUint16 {
		d.GroundContactMS = float64(r.Stance) / 10
	}
	if r.VertOsc != math.MaxUint16 {
		d.VertOscMM = float64(r.VertOsc) / 10
	}
	if r.VertRatio != math.MaxUint16 {
		d.VertRatioPct = float64(r.VertRatio) / 100
	}
	if r.Balance != math.MaxUint16 {
		d.BalancePct = float64(r.Balance) / 100
	}
	if r.StepLen != math.MaxUint16 {
		d.StepLengthM = float64(r.StepLen) / 10000
	}
	l.dyn = keepDynamics(l.dyn, d, any, len(l.records), cap(l.records))
}

// keepDynamics appends d, the dynamics of record n, to dyn, the dynamics of the
// records before it. The slice is made (capacity c) at the first record whose
// dynamics are present, the records before it given NoDynamics, so that a file
// without them costs nothing; from then on it stays as long as the records.
func keepDynamics(dyn []activity.Dynamics, d activity.Dynamics, present bool, n, c int) []activity.Dynamics {
	if dyn == nil {
		if !present {
			return nil
		}
		dyn = make([]activity.Dynamics, n, c)
		for i := range dyn {
			dyn[i] = activity.NoDynamics
		}
	}
	return append(dyn, d)
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
		if p, ok := podMakers[typedef.Manufacturer(manufacturer)]; ok {
			l.dev.maker = podNames[p]
		}
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

// fixedZones holds the zones fixedZone made, by offset: every activity of a batch
// in one zone shares one *time.Location instead of holding its own (160 bytes each,
// in a batch of 100,000 files 16 MB). There are at most 113 quarter hours in range.
var fixedZones sync.Map // int → *time.Location

// fixedZone returns a zone secs east of UTC named like "UTC+02:00" or "UTC-05:30".
func fixedZone(secs int) *time.Location {
	if z, ok := fixedZones.Load(secs); ok {
		return z.(*time.Location)
	}
	sign := '+'
	abs := secs
	if secs < 0 {
		sign, abs = '-', -secs
	}
	z, _ := fixedZones.LoadOrStore(secs, time.FixedZone(fmt.Sprintf("UTC%c%02d:%02d", sign, abs/3600, abs%3600/60), secs))
	return z.(*time.Location)
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
