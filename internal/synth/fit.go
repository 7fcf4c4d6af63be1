package synth

import (
	"fmt"
	"math"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// The devices that record the synthetic activities: a running watch and a bike computer.
const (
	watchSerial = 3391234567
	bikeSerial  = 3398765432
)

// fitSport maps a Spec sport to the FIT profile's.
func fitSport(sport string) (typedef.Sport, typedef.SubSport) {
	switch sport {
	case Cycling:
		return typedef.SportCycling, typedef.SubSportRoad
	case Walking:
		return typedef.SportWalking, typedef.SubSportGeneric
	}
	return typedef.SportRunning, typedef.SubSportStreet
}

// fitCadence splits a cadence into the FIT integer and 1/128 fractional parts.
func fitCadence(c float64) (whole, frac uint8) {
	c = max(c, 0)
	w := math.Floor(c)
	f := math.Round((c - w) * 128)
	if f >= 128 {
		w, f = w+1, 0
	}
	return uint8(min(w, 254)), uint8(f)
}

// FIT returns a FIT activity file for s, as a Garmin watch (or, for a ride, a Garmin
// bike computer) writes it: file_id, file_creator, a timer start event, records at
// 1 Hz (timestamp, position, altitude and enhanced_altitude, heart rate, cadence and
// fractional_cadence, distance, speed and enhanced_speed), a timer stop event, one lap,
// one session and the activity message with local_timestamp in s.Zone. Cadence is in
// strides per minute (CadenceSPM/2) for foot sports and in rpm for rides. The header
// and file CRCs are computed by the encoder.
func FIT(s Spec) ([]byte, error) {
	n := s.Seconds()
	if n <= 0 {
		return nil, fmt.Errorf("synth: spec needs a positive distance and speed, got %g m at %g m/s", s.DistanceM, s.SpeedMS)
	}
	start := s.Start.Truncate(time.Second)
	end := start.Add(time.Duration(n) * time.Second)
	sport, subSport := fitSport(s.Sport)
	cad, frac := fitCadence(s.FileCadence())
	st := stats(s)
	elapsed := uint32(n * 1000)
	avgSpeed := uint32(math.Round(st.avgSpeed * 1000))
	maxSpeed := uint32(math.Round(st.maxSpeed * 1000))
	dist := uint32(math.Round(s.DistanceM * 100))
	cycles := uint32(math.Round(s.FileCadence() * float64(n) / 60))

	manufacturer, product, serial := typedef.ManufacturerGarmin, typedef.GarminProductFr965, uint32(watchSerial)
	if s.Sport == Cycling {
		product, serial = typedef.GarminProductEdge840, bikeSerial
	}

	mesgs := make([]proto.Message, 0, n+16)
	mesgs = append(mesgs,
		mesgdef.NewFileId(nil).
			SetType(typedef.FileActivity).
			SetManufacturer(manufacturer).
			SetProduct(uint16(product)).
			SetSerialNumber(serial).
			SetTimeCreated(start).
			ToMesg(nil),
		mesgdef.NewFileCreator(nil).SetSoftwareVersion(2716).ToMesg(nil),
		mesgdef.NewEvent(nil).
			SetTimestamp(start).
			SetEvent(typedef.EventTimer).
			SetEventType(typedef.EventTypeStart).
			SetEventGroup(0).
			ToMesg(nil),
	)

	// Records are built field by field: the mesgdef structs allocate room for every
	// field of the profile, which for thousands of records is most of the work.
	const perRecord = 11
	fields := make([]proto.Field, 0, (n+1)*perRecord)
	var startLat, startLon, endLat, endLon int32
	track(s, func(i int, p point) {
		lat, lon := semicircles(p.lat), semicircles(p.lon)
		if i == 0 {
			startLat, startLon = lat, lon
		}
		endLat, endLon = lat, lon
		alt := uint32(math.Round((p.alt + 500) * 5))
		v := uint32(math.Round(p.speed * 1000))
		if s.CadenceSlope != 0 {
			cad, frac = fitCadence(s.cadenceAt(p.speed))
		}
		at := len(fields)
		fields = append(fields,
			field(mesgnum.Record, fieldnum.RecordTimestamp, proto.Uint32(fitTime(p.t))),
			field(mesgnum.Record, fieldnum.RecordPositionLat, proto.Int32(lat)),
			field(mesgnum.Record, fieldnum.RecordPositionLong, proto.Int32(lon)),
			field(mesgnum.Record, fieldnum.RecordDistance, proto.Uint32(uint32(math.Round(p.dist*100)))),
			field(mesgnum.Record, fieldnum.RecordSpeed, proto.Uint16(uint16(min(v, math.MaxUint16-1)))),
			field(mesgnum.Record, fieldnum.RecordEnhancedSpeed, proto.Uint32(v)),
			field(mesgnum.Record, fieldnum.RecordAltitude, proto.Uint16(uint16(alt))),
			field(mesgnum.Record, fieldnum.RecordEnhancedAltitude, proto.Uint32(alt)),
			field(mesgnum.Record, fieldnum.RecordHeartRate, proto.Uint8(p.hr)),
			field(mesgnum.Record, fieldnum.RecordCadence, proto.Uint8(cad)),
			field(mesgnum.Record, fieldnum.RecordFractionalCadence, proto.Uint8(frac)),
		)
		mesgs = append(mesgs, proto.Message{Num: mesgnum.Record, Fields: fields[at:len(fields):len(fields)]})
	})

	mesgs = append(mesgs,
		mesgdef.NewEvent(nil).
			SetTimestamp(end).
			SetEvent(typedef.EventTimer).
			SetEventType(typedef.EventTypeStopAll).
			SetEventGroup(0).
			ToMesg(nil),
		mesgdef.NewLap(nil).
			SetMessageIndex(0).
			SetTimestamp(end).
			SetEvent(typedef.EventLap).
			SetEventType(typedef.EventTypeStop).
			SetStartTime(start).
			SetStartPositionLat(startLat).
			SetStartPositionLong(startLon).
			SetEndPositionLat(endLat).
			SetEndPositionLong(endLon).
			SetTotalElapsedTime(elapsed).
			SetTotalTimerTime(elapsed).
			SetTotalDistance(dist).
			SetTotalCycles(cycles).
			SetTotalCalories(calories(s)).
			SetAvgSpeed(uint16(min(avgSpeed, math.MaxUint16-1))).
			SetMaxSpeed(uint16(min(maxSpeed, math.MaxUint16-1))).
			SetEnhancedAvgSpeed(avgSpeed).
			SetEnhancedMaxSpeed(maxSpeed).
			SetAvgHeartRate(st.avgHR).
			SetMaxHeartRate(st.maxHR).
			SetAvgCadence(cad).
			SetAvgFractionalCadence(frac).
			SetLapTrigger(typedef.LapTriggerSessionEnd).
			SetSport(sport).
			SetSubSport(subSport).
			ToMesg(nil),
		mesgdef.NewSession(nil).
			SetMessageIndex(0).
			SetTimestamp(end).
			SetEvent(typedef.EventSession).
			SetEventType(typedef.EventTypeStop).
			SetStartTime(start).
			SetStartPositionLat(startLat).
			SetStartPositionLong(startLon).
			SetSport(sport).
			SetSubSport(subSport).
			SetTotalElapsedTime(elapsed).
			SetTotalTimerTime(elapsed).
			SetTotalDistance(dist).
			SetTotalCycles(cycles).
			SetTotalCalories(calories(s)).
			SetAvgSpeed(uint16(min(avgSpeed, math.MaxUint16-1))).
			SetMaxSpeed(uint16(min(maxSpeed, math.MaxUint16-1))).
			SetEnhancedAvgSpeed(avgSpeed).
			SetEnhancedMaxSpeed(maxSpeed).
			SetAvgHeartRate(st.avgHR).
			SetMaxHeartRate(st.maxHR).
			SetAvgCadence(cad).
			SetAvgFractionalCadence(frac).
			SetFirstLapIndex(0).
			SetNumLaps(1).
			SetTrigger(typedef.SessionTriggerActivityEnd).
			ToMesg(nil),
		mesgdef.NewActivity(nil).
			SetTimestamp(end).
			SetTotalTimerTime(elapsed).
			SetNumSessions(1).
			SetType(typedef.ActivityManual).
			SetEvent(typedef.EventActivity).
			SetEventType(typedef.EventTypeStop).
			SetLocalTimestamp(localTime(end, s.zone())).
			ToMesg(nil),
	)

	var buf memFile
	enc := encoder.New(&buf, encoder.WithHeaderOption(encoder.HeaderOptionNormal, 3))
	if err := enc.Encode(&proto.FIT{Messages: mesgs}); err != nil {
		return nil, fmt.Errorf("synth: encoding FIT: %w", err)
	}
	return buf.b, nil
}

// field returns a field of a message with its value.
func field(m typedef.MesgNum, num byte, v proto.Value) proto.Field {
	f := factory.CreateField(m, num)
	f.Value = v
	return f
}

// semicircles converts degrees to FIT semicircles.
func semicircles(deg float64) int32 {
	return int32(math.Round(deg * (1 << 31) / 180))
}

// fitEpoch is the FIT epoch, 1989-12-31T00:00:00Z.
var fitEpoch = time.Date(1989, 12, 31, 0, 0, 0, 0, time.UTC)

// fitTime converts t to FIT seconds.
func fitTime(t time.Time) uint32 { return uint32(t.Sub(fitEpoch) / time.Second) }

// localTime returns t's wall clock in loc as if it were UTC, which is how a FIT
// local_timestamp stores it.
func localTime(t time.Time, loc *time.Location) time.Time {
	_, off := t.In(loc).Zone()
	return t.UTC().Add(time.Duration(off) * time.Second)
}

// memFile is an in-memory io.WriterAt, so that the encoder writes the file in one pass
// and patches the header afterwards.
type memFile struct{ b []byte }

// Write appends p.
func (f *memFile) Write(p []byte) (int, error) {
	f.b = append(f.b, p...)
	return len(p), nil
}

// WriteAt writes p at off, growing the file if needed.
func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("synth: negative offset %d", off)
	}
	if end := int(off) + len(p); end > len(f.b) {
		f.b = append(f.b, make([]byte, end-len(f.b))...)
	}
	return copy(f.b[off:], p), nil
}
