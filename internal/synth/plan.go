package synth

import (
	"math"
	"math/rand/v2"
	"time"

	// The plan's runner lives in Europe/Berlin; embed the zone database so that the
	// plan is the same on machines without one.
	_ "time/tzdata"
)

// The sports that Plan uses, as the FIT profile names them.
const (
	Running = "running"
	Cycling = "cycling"
	Walking = "walking"
)

// Spec describes one synthetic activity. Its samples are at 1 Hz from Start, at a
// constant CadenceSPM and at SpeedMS on the flat (a little slower uphill, faster
// downhill), until DistanceM is covered.
type Spec struct {
	Sport      string         // "running", "cycling" or "walking"; "" for a GPX that names none
	Start      time.Time      // the first record, to the second
	DistanceM  float64        // total distance in metres
	CadenceSPM float64        // steps per minute (both feet) for foot sports, rpm for rides
	SpeedMS    float64        // metres per second
	Zone       *time.Location // for the FIT local_timestamp; nil means UTC
	Name       string         // e.g. "Morning Run"
	// CadenceSlope makes cadence follow speed within the activity: each record's
	// cadence is CadenceSPM + CadenceSlope × (its speed − SpeedMS), in steps/min per
	// m/s. Zero (Plan's choice) keeps cadence constant.
	CadenceSlope float64
	// SpeedSwing makes speed swing up and down by this fraction over every kilometre
	// (a fartlek), on top of the hills; zero (Plan's choice) for none.
	SpeedSwing float64
}

// OnFoot reports whether the spec's cadence counts steps rather than pedal revolutions.
func (s Spec) OnFoot() bool { return s.Sport != Cycling }

// FileCadence is the cadence as activity files record it: strides per minute (one foot,
// half of CadenceSPM) for foot sports, rpm for rides.
func (s Spec) FileCadence() float64 {
	if s.OnFoot() {
		return s.CadenceSPM / 2
	}
	return s.CadenceSPM
}

// cadenceAt is the cadence (steps/min, or rpm) of a record at speed v.
func (s Spec) cadenceAt(v float64) float64 {
	c := s.CadenceSPM + s.CadenceSlope*(v-s.SpeedMS)
	if s.OnFoot() {
		return c / 2
	}
	return c
}

// End is the time of the last record.
func (s Spec) End() time.Time { return s.Start.Add(time.Duration(s.Seconds()) * time.Second) }

// zone returns s.Zone, or UTC.
func (s Spec) zone() *time.Location {
	if s.Zone == nil {
		return time.UTC
	}
	return s.Zone
}

// berlin is the runner's home time zone.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err) // unreachable: time/tzdata is embedded
	}
	return loc
}()

// Plan returns n activity specs for one runner from start on, deterministic for a seed:
// mostly runs (about 4 a week, 5-20 km, cadence 155-175 spm, speed 2.6-3.6 m/s), some
// rides (about 1 in 6, 20-80 km, 75-95 rpm, 6-9 m/s), an occasional walk (about 1 in 20,
// 2-6 km, 106-124 spm). The runner lives in Europe/Berlin: start's date there is the
// first activity's day, and activities begin at local times of day that suit the sport.
// Foot cadences are even, so that files that store whole strides per minute hold them
// exactly.
func Plan(n int, start time.Time, seed int64) []Spec {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x63616465_6e636531))
	y, m, d := start.In(berlin).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, berlin)
	specs := make([]Spec, 0, max(n, 0))
	for i := 0; i < n; i++ {
		if i > 0 {
			// About 5.1 activities a week: gaps of one day mostly, some of two or three.
			switch u := rng.Float64(); {
			case u < 0.68:
				day = day.AddDate(0, 0, 1)
			case u < 0.95:
				day = day.AddDate(0, 0, 2)
			default:
				day = day.AddDate(0, 0, 3)
			}
		}
		weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
		var s Spec
		switch u := rng.Float64(); {
		case u < 1.0/6:
			s = Spec{Sport: Cycling,
				DistanceM:  float64(20000 + rng.IntN(60001)),
				SpeedMS:    round2(6 + 3*rng.Float64()),
				CadenceSPM: float64(75 + rng.IntN(21)),
			}
		case u < 1.0/6+0.05:
			s = Spec{Sport: Walking,
				DistanceM:  float64(2000 + rng.IntN(4001)),
				SpeedMS:    round2(1.2 + 0.4*rng.Float64()),
				CadenceSPM: float64(106 + 2*rng.IntN(10)),
			}
		default:
			v := rng.Float64()
			long := rng.Float64()
			if weekend {
				long = math.Sqrt(long) // the long runs fall on weekends
			}
			// Faster runs have a higher cadence, with some day-to-day noise.
			spm := 155 + 16*v + 6*(rng.Float64()-0.5)
			s = Spec{Sport: Running,
				DistanceM:  float64(5000 + int(15000*long*long)),
				SpeedMS:    round2(2.6 + v),
				CadenceSPM: 2 * math.Round(min(max(spm, 155), 175)/2),
			}
		}
		// The local start: early morning, or evening after work; rides and weekend
		// activities mid-morning.
		var minute int
		switch {
		case weekend || s.Sport == Cycling && rng.IntN(2) == 0:
			minute = 8*60 + rng.IntN(150)
		case rng.IntN(5) < 3:
			minute = 6*60 + rng.IntN(150)
		default:
			minute = 17*60 + 30 + rng.IntN(150)
		}
		s.Start = time.Date(day.Year(), day.Month(), day.Day(), minute/60, minute%60, rng.IntN(60), 0, berlin)
		s.Zone = berlin
		s.Name = stravaName(s.Start.Hour(), s.Sport)
		specs = append(specs, s)
	}
	return specs
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// stravaName names an activity as Strava does, from the local hour it began.
func stravaName(hour int, sport string) string {
	part := "Evening"
	switch {
	case hour < 11:
		part = "Morning"
	case hour < 14:
		part = "Lunch"
	case hour < 17:
		part = "Afternoon"
	}
	switch sport {
	case Cycling:
		return part + " Ride"
	case Walking:
		return part + " Walk"
	}
	return part + " Run"
}
