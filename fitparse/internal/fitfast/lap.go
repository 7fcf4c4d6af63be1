package fitfast

import "math"

// A Lap holds the raw values of a lap message that cadence reads, each the FIT
// invalid value of its type when the message lacks it (see NoLap). Speed, when
// valid, has already been expanded into ESpeed, as muktihari's decoder expands it.
type Lap struct {
	End, Start, Timer, Distance uint32 // timestamp (the lap's end), start_time, total_timer_time, total_distance
	ESpeed                      uint32 // enhanced_avg_speed
	Speed, StepIndex            uint16 // avg_speed, wkt_step_index
	Intensity, Trigger          uint8  // intensity, lap_trigger
}

// NoLap is a Lap with every value absent.
var NoLap = Lap{End: math.MaxUint32, Start: math.MaxUint32, Timer: math.MaxUint32, Distance: math.MaxUint32,
	ESpeed: math.MaxUint32, Speed: math.MaxUint16, StepIndex: math.MaxUint16, Intensity: 0xFF, Trigger: 0xFF}

// lap reads a lap message m whose timestamp is ts.
func (fd *Decoder) lap(l Listener, d *fastDef, m []byte, ts uint32) {
	r := &fd.lp
	*r = NoLap
	r.End = ts
	for _, s := range d.slots {
		f := m[s.off:]
		switch s.slot {
		case fsLapStart:
			r.Start = fastU32(f, d.be)
		case fsLapTimer:
			r.Timer = fastU32(f, d.be)
		case fsLapDist:
			r.Distance = fastU32(f, d.be)
		case fsLapSpeed:
			r.Speed = fastU16(f, d.be)
		case fsLapESpeed:
			r.ESpeed = fastU32(f, d.be)
		case fsLapIntensity:
			r.Intensity = f[0]
		case fsLapTrigger:
			r.Trigger = f[0]
		case fsLapStep:
			r.StepIndex = fastU16(f, d.be)
		}
	}
	if r.Speed != math.MaxUint16 {
		r.ESpeed = fastProfile.lapSpeed.expand(r.Speed)
	}
	l.Lap(r)
}
