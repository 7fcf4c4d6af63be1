package analysis

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/cadence-run/cadence/activity"
)

// FuzzLapWorkout feeds the lap rules laps of any values (NaN, infinities, starts
// out of order, laps outside the samples) over a short run with reps, and checks
// that the analysis never panics and that what it leaves out is running.
func FuzzLapWorkout(f *testing.F) {
	f.Add([]byte{0, 60, 1, 0, 60, 120, 2, 1, 120, 60, 1, 0, 180, 120, 2, 1, 240, 60, 1, 0})
	f.Add([]byte{255, 255, 255, 255, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var legs []leg
		for k := 0; k < 4; k++ {
			legs = append(legs, leg{60, 225, 178}, leg{120, 540, 146})
		}
		a := session(legs...)
		t0 := a.Samples[0].T
		for len(data) >= 4 {
			l := activity.Lap{Start: t0 + float64(int8(data[0]))*10 + float64(data[1]), End: math.NaN(), TimerS: float64(data[1]),
				DistanceM: float64(data[2]) * 4, SpeedMS: math.NaN(), StepIndex: -1}
			switch data[3] % 8 {
			case 1:
				l.Intensity = "rest"
			case 2:
				l.Intensity = "active"
			case 3:
				l.Intensity = "warmup"
			case 4:
				l.SpeedMS = math.Float64frombits(binary.LittleEndian.Uint64(append(data[:4:4], data[:4]...)))
			case 5:
				l.Start = math.NaN()
			case 6:
				l.TimerS = math.Inf(1)
			}
			a.Laps = append(a.Laps, l)
			data = data[4:]
		}
		r := Analyze(a, DefaultOptions)
		for _, p := range r.Series {
			if p.LeftOut && !p.Running {
				t.Fatalf("a point that is not running left out: %+v", p)
			}
		}
		if w := r.Workout; w != nil && (w.Reps < 1 || w.RecoveryS < 0 || math.IsNaN(w.RepS)) {
			t.Fatalf("workout %+v", *w)
		}
	})
}
