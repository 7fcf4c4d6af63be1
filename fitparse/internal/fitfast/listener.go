package fitfast

import "math"

// A Record holds the raw values of a record message that cadence reads, each the FIT
// invalid value of its type when the message lacks it (see NoRecord). Speed and Alt,
// when valid, have already been expanded into ESpeed and EAlt, as muktihari's decoder
// expands them.
type Record struct {
	T, ESpeed, EAlt, Dist uint32 // timestamp, enhanced_speed, enhanced_altitude, distance
	Lat, Lon              int32  // position_lat, position_long
	Speed, Alt            uint16 // speed, altitude
	Cad, Frac, HR         uint8  // cadence, fractional_cadence, heart_rate
	// Running dynamics: stance_time, vertical_oscillation, vertical_ratio,
	// stance_time_balance and step_length.
	Stance, VertOsc, VertRatio, Balance, StepLen uint16
	// Dev holds the developer fields the Listener asked for (DevSlot), by slot, as
	// ValueBits gives them; bit i of DevSet says that slot i holds one.
	Dev    [MaxDev]uint64
	DevSet uint8
}

// NoRecord is a Record with every value absent.
var NoRecord = Record{T: math.MaxUint32, ESpeed: math.MaxUint32, EAlt: math.MaxUint32, Dist: math.MaxUint32,
	Lat: math.MaxInt32, Lon: math.MaxInt32, Speed: math.MaxUint16, Alt: math.MaxUint16, Cad: 0xFF, Frac: 0xFF, HR: 0xFF,
	Stance: math.MaxUint16, VertOsc: math.MaxUint16, VertRatio: math.MaxUint16, Balance: math.MaxUint16, StepLen: math.MaxUint16}

// A Session holds the raw values of a session message that cadence reads, each the
// FIT invalid value of its type when the message lacks it (see NoSession).
type Session struct {
	Start, Elapsed, Distance         uint32 // start_time, total_elapsed_time, total_distance
	Sport, SubSport, AvgCad, AvgFrac uint8  // sport, sub_sport, avg_cadence, avg_fractional_cadence
}

// NoSession is a Session with every value absent.
var NoSession = Session{Start: math.MaxUint32, Elapsed: math.MaxUint32, Distance: math.MaxUint32,
	Sport: 0xFF, SubSport: 0xFF, AvgCad: 0xFF, AvgFrac: 0xFF}

// A Listener receives the messages Decode reads, in file order, as raw values: each
// the FIT invalid value of its type (0xFF, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF) when the
// message lacks the field. Timestamps are seconds since the FIT epoch.
type Listener interface {
	// Record receives a record message. r is valid only during the call.
	Record(r *Record)
	// Event receives an event message's event, event_type and timestamp.
	Event(event, eventType uint8, ts uint32)
	// Session receives a session message. s is valid only during the call.
	Session(s *Session)
	// FileID receives a file_id message's type, manufacturer and product; productName
	// decodes its product_name, and may be called only during the call.
	FileID(fileType uint8, manufacturer, product uint16, productName func() string)
	// Activity receives an activity message's timestamp and local_timestamp.
	Activity(ts, local uint32)
	// Sport receives a sport message's sport and sub_sport.
	Sport(sport, subSport uint8)
	// Sequence is called at the start of each FIT sequence: developer data (its ids,
	// field descriptions and slots) holds within one sequence, as in muktihari's
	// decoder.
	Sequence()
	// DeveloperDataID receives a developer_data_id message's developer_data_index,
	// application_id (valid only during the call) and manufacturer_id.
	DeveloperDataID(index uint8, app []byte, manufacturer uint16)
	// FieldDescription receives a field_description message. d is valid only during
	// the call.
	FieldDescription(d *FieldDescription)
	// DevSlot gives the slot of Record.Dev (below MaxDev) in which the Listener reads
	// developer field num of developer data index, and the base type its description
	// gives; slot -1 when it does not read the field. It must give one answer between
	// two FieldDescription calls.
	DevSlot(index, num uint8) (slot int, baseType uint8)
	// Lap receives a lap message. l is valid only during the call.
	Lap(l *Lap)
}
