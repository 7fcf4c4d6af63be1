package synth

import (
	"math"
	"time"
)

// home is where every activity starts and ends: the runner's front door in Berlin.
const (
	homeLat     = 52.5163
	homeLon     = 13.3777
	earthRadius = 6371008.8 // mean Earth radius in metres
)

// point is one 1 Hz sample of a Spec's track.
type point struct {
	t        time.Time
	lat, lon float64 // degrees
	alt      float64 // metres
	dist     float64 // cumulative metres
	speed    float64 // metres per second
	hr       uint8   // beats per minute
}

// loop is the shape of a Spec's route: a circle of the activity's length through home,
// with gentle hills. Its direction depends on the start time, so that different
// activities take different loops.
type loop struct {
	r, phase float64 // radius in metres, direction in radians
}

func newLoop(s Spec) loop {
	return loop{r: s.DistanceM / (2 * math.Pi), phase: float64(s.Start.Unix()%360) * math.Pi / 180}
}

// alt returns the altitude at distance d along the loop. The hills grow with the loop,
// so that grades stay within about 3%: ±12 m and ±4 m on a 10 km loop.
func (l loop) alt(d float64) float64 {
	if l.r == 0 {
		return 40
	}
	u := d / l.r
	return 40 + l.r*(0.0075*math.Sin(2*u)+0.0025*math.Sin(7*u))
}

// grade returns the slope at distance d along the loop, as a fraction.
func (l loop) grade(d float64) float64 {
	if l.r == 0 {
		return 0
	}
	u := d / l.r
	return 0.015*math.Cos(2*u) + 0.0175*math.Cos(7*u)
}

// speed returns the speed at distance d: s.SpeedMS on the flat, up to 7% slower uphill
// and faster downhill. The grades average to zero over the loop, so the activity lasts
// about DistanceM/SpeedMS.
func (l loop) speed(s Spec, d float64) float64 {
	return s.SpeedMS * (1 - 2*l.grade(d) + s.SpeedSwing*math.Sin(2*math.Pi*d/1000))
}

// Seconds is the activity's duration: the number of records is Seconds()+1.
func (s Spec) Seconds() int {
	if s.SpeedMS <= 0 || s.DistanceM <= 0 {
		return 0
	}
	l := newLoop(s)
	n := 0
	for d := 0.0; d < s.DistanceM; n++ {
		d += l.speed(s, d)
	}
	return n
}

// track computes the samples of s: a loop that leaves home and returns to it after
// DistanceM, at about SpeedMS, with a heart rate that drifts up. It calls fn for each of
// the Seconds()+1 points in order.
func track(s Spec, fn func(i int, p point)) {
	n := s.Seconds()
	l := newLoop(s)
	cLat := homeLat*math.Pi/180 - l.r*math.Sin(l.phase)/earthRadius
	cosLat := math.Cos(homeLat * math.Pi / 180)
	cLon := homeLon*math.Pi/180 - l.r*math.Cos(l.phase)/(earthRadius*cosLat)
	base := 125 + 12*(s.SpeedMS-2.6)
	switch s.Sport {
	case Cycling:
		base = 118 + 4*(s.SpeedMS-6)
	case Walking:
		base = 100
	}
	start := s.Start.Truncate(time.Second)
	d := 0.0
	for i := 0; i <= n; i++ {
		th := l.phase
		if l.r > 0 {
			th += d / l.r
		}
		var p point
		p.t = start.Add(time.Duration(i) * time.Second)
		p.dist = d
		p.speed = l.speed(s, d)
		p.lat = (cLat + l.r*math.Sin(th)/earthRadius) * 180 / math.Pi
		p.lon = (cLon + l.r*math.Cos(th)/(earthRadius*cosLat)) * 180 / math.Pi
		p.alt = l.alt(d)
		frac := 0.0
		if n > 0 {
			frac = float64(i) / float64(n)
		}
		p.hr = uint8(math.Round(base + 15*(1-math.Exp(-float64(i)/240)) + 8*frac + 40*l.grade(d)))
		fn(i, p)
		d = min(d+p.speed, s.DistanceM)
	}
}

// trackStats summarises a Spec's track for the lap and session fields.
type trackStats struct {
	avgHR, maxHR       uint8
	avgSpeed, maxSpeed float64 // metres per second
}

// stats returns the summary of s's track.
func stats(s Spec) trackStats {
	var st trackStats
	var sum, n float64
	track(s, func(_ int, p point) {
		sum += float64(p.hr)
		n++
		st.maxHR = max(st.maxHR, p.hr)
		st.maxSpeed = max(st.maxSpeed, p.speed)
	})
	if n > 0 {
		st.avgHR = uint8(math.Round(sum / n))
	}
	if secs := s.Seconds(); secs > 0 {
		st.avgSpeed = s.DistanceM / float64(secs)
	}
	return st
}

// calories estimates the energy of s in kcal, for the summary fields that want it.
func calories(s Spec) uint16 {
	perKm := 65.0 // a 70 kg runner
	switch s.Sport {
	case Cycling:
		perKm = 25
	case Walking:
		perKm = 50
	}
	return uint16(math.Round(s.DistanceM / 1000 * perKm))
}
