package analysis_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// A lapLeg is one lap of a synthetic FIT run: secs seconds at pace (s/km) and spm
// steps/min, with the lap's intensity and what ended it.
type lapLeg struct {
	secs      int
	pace, spm float64
	intensity typedef.Intensity
	trigger   typedef.LapTrigger
}

// lapFIT writes a FIT running activity of the legs in order, as a watch does: a
// record a second (timestamp, distance, speed, cadence in strides), a lap message at
// the end of each leg (start_time, timer time, distance, avg_speed, intensity,
// lap_trigger), a session and an activity message.
func lapFIT(t *testing.T, legs []lapLeg) []byte {
	t.Helper()
	start := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	var mesgs []proto.Message
	mesgs = append(mesgs, mesgdef.NewFileId(nil).SetType(typedef.FileActivity).SetManufacturer(typedef.ManufacturerGarmin).
		SetProduct(uint16(typedef.GarminProductFr965)).SetTimeCreated(start).ToMesg(nil))
	now, dist := start, 0.0
	var laps []proto.Message
	for _, l := range legs {
		lapStart, lapDist := now, dist
		v := 1000 / l.pace
		for range l.secs {
			whole := math.Floor(l.spm / 2)
			mesgs = append(mesgs, mesgdef.NewRecord(nil).SetTimestamp(now).SetDistance(uint32(math.Round(dist*100))).
				SetEnhancedSpeed(uint32(math.Round(v*1000))).SetCadence(uint8(whole)).
				SetFractionalCadence(uint8(math.Round((l.spm/2-whole)*128))).ToMesg(nil))
			now = now.Add(time.Second)
			dist += v
		}
		secs := uint32(l.secs * 1000)
		lap := mesgdef.NewLap(nil).SetTimestamp(now).SetStartTime(lapStart).SetTotalTimerTime(secs).SetTotalElapsedTime(secs).
			SetTotalDistance(uint32(math.Round((dist - lapDist) * 100))).SetEnhancedAvgSpeed(uint32(math.Round(v * 1000))).
			SetIntensity(l.intensity).SetLapTrigger(l.trigger).SetEvent(typedef.EventLap).SetEventType(typedef.EventTypeStop)
		laps = append(laps, lap.ToMesg(nil))
	}
	mesgs = append(mesgs, laps...)
	elapsed := uint32(now.Sub(start).Seconds() * 1000)
	mesgs = append(mesgs,
		mesgdef.NewSession(nil).SetTimestamp(now).SetStartTime(start).SetSport(typedef.SportRunning).
			SetSubSport(typedef.SubSportStreet).SetTotalElapsedTime(elapsed).SetTotalTimerTime(elapsed).
			SetTotalDistance(uint32(math.Round(dist*100))).SetNumLaps(uint16(len(legs))).ToMesg(nil),
		mesgdef.NewActivity(nil).SetTimestamp(now).SetNumSessions(1).ToMesg(nil))
	var buf bytes.Buffer
	if err := encoder.New(&buf).Encode(&proto.FIT{Messages: mesgs}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// analyzeFIT decodes data as cadence does and analyses its one activity.
func analyzeFIT(t *testing.T, name string, data []byte) (*activity.Activity, *analysis.Result) {
	t.Helper()
	acts, err := fitparse.Parse(name, data)
	if err != nil || len(acts) != 1 {
		t.Fatalf("%s: %v, %d activities", name, err, len(acts))
	}
	return acts[0], analysis.Analyze(acts[0], analysis.DefaultOptions)
}

// TestWorkoutFromMarkedLaps: a session whose watch marks its laps warm-up, active,
// recovery and cool-down: six reps of 2 min at 5:00/km and 176 steps/min (above
// the 167 of that pace) with recoveries of 4 min at 6:15/km and 150 (below the 163
// of theirs), the recoveries more than half of its time. The reps and recoveries
// differ by less than the speed profile needs to tell them apart (0.67 m/s), so
// without its laps the session is flagged; with them it is a workout, judged on its
// reps and its warm-up and cool-down, and not flagged.
func TestWorkoutFromMarkedLaps(t *testing.T) {
	legs := []lapLeg{{600, 360, 168, typedef.IntensityWarmup, typedef.LapTriggerManual}}
	for k := range 6 {
		legs = append(legs, lapLeg{120, 300, 176, typedef.IntensityActive, typedef.LapTriggerTime})
		if k < 5 {
			legs = append(legs, lapLeg{240, 375, 150, typedef.IntensityRecovery, typedef.LapTriggerTime})
		}
	}
	legs = append(legs, lapLeg{240, 375, 150, typedef.IntensityRecovery, typedef.LapTriggerTime},
		lapLeg{300, 360, 168, typedef.IntensityCooldown, typedef.LapTriggerManual})
	a, r := analyzeFIT(t, "marked.fit", lapFIT(t, legs))
	if len(a.Laps) != len(legs) || a.Laps[1].Intensity != "active" || a.Laps[2].Intensity != "recovery" {
		t.Fatalf("laps read: %+v", a.Laps)
	}
	w := r.Workout
	if w == nil || w.From != analysis.WorkoutFromLaps {
		t.Fatalf("not a workout from laps: %+v, judged %+v", w, r.Judged)
	}
	// 24 min of recoveries against 12 of reps and 15 of warm-up and cool-down.
	if w.Reps != 6 || math.Abs(w.RecoveryS-1440) > 60 || math.Abs(w.RepS-720) > 60 || math.Abs(w.SteadyS-900) > 60 ||
		math.Abs(w.RepPaceSPerKm-300) > 5 {
		t.Errorf("workout %+v", *w)
	}
	if r.Verdict.Kind != analysis.VerdictOK || r.Overstride {
		t.Errorf("verdict %+v, judged %+v", r.Verdict, r.Judged)
	}
	for _, p := range r.Judged {
		if p.PaceSPerKm != nil && *p.PaceSPerKm > 370 {
			t.Errorf("a recovery at %.0f s/km was judged: %+v", *p.PaceSPerKm, p)
		}
	}
	// The recoveries' running is marked left out, and nothing else is.
	left := 0
	for _, p := range r.Series {
		if p.LeftOut {
			left++
		}
	}
	if math.Abs(float64(left)-1440) > 60 {
		t.Errorf("%d points left out, want about 1440", left)
	}
	// The same records with one lap: the speed profile sees no workout, and the
	// recoveries, most of the running, are judged like steady running.
	a.Laps = a.Laps[:1]
	if r := analysis.Analyze(a, analysis.DefaultOptions); r.Workout != nil || r.Verdict.Kind != analysis.VerdictOverstride {
		t.Errorf("without laps: workout %+v, verdict %+v", r.Workout, r.Verdict)
	}
}

// TestWorkoutFromLapSpeeds: a session of manual laps that say nothing of intensity,
// eight reps of a minute at 3:45/km and 178 steps/min with recoveries of 3:20 at
// 9:00/km and 146 between them (most of the time, below the 159 of their pace), is
// a workout by the alternation of its lap speeds, and not flagged.
func TestWorkoutFromLapSpeeds(t *testing.T) {
	legs := []lapLeg{{600, 360, 168, typedef.IntensityInvalid, typedef.LapTriggerManual}}
	for k := range 8 {
		legs = append(legs, lapLeg{60, 225, 178, typedef.IntensityInvalid, typedef.LapTriggerManual})
		if k < 7 {
			legs = append(legs, lapLeg{200, 540, 146, typedef.IntensityInvalid, typedef.LapTriggerManual})
		}
	}
	legs = append(legs, lapLeg{200, 540, 146, typedef.IntensityInvalid, typedef.LapTriggerManual},
		lapLeg{300, 360, 168, typedef.IntensityInvalid, typedef.LapTriggerSessionEnd})
	_, r := analyzeFIT(t, "manual.fit", lapFIT(t, legs))
	w := r.Workout
	if w == nil || w.From != analysis.WorkoutFromLaps || w.Reps != 8 {
		t.Fatalf("workout %+v, judged %+v", w, r.Judged)
	}
	if w.RecoveryS < w.RepS+w.SteadyS || math.Abs(w.RecoveryS-1600) > 60 {
		t.Errorf("recoveries %v s, reps %v s, steady %v s", w.RecoveryS, w.RepS, w.SteadyS)
	}
	if r.Verdict.Kind != analysis.VerdictOK {
		t.Errorf("verdict %+v, judged %+v", r.Verdict, r.Judged)
	}
}

// TestAutoLapsAreNoWorkout: a steady 10 km split into 1 km auto-laps, and one whose
// kilometres alternate between 5:00 and 6:00/km, are not workouts: their laps do
// not alternate by a recovery's margin, and the speed profile finds none either.
func TestAutoLapsAreNoWorkout(t *testing.T) {
	for _, swing := range []float64{0.03, 0.1} {
		var legs []lapLeg
		for k := range 10 {
			pace := 330 * (1 + swing*float64(1-2*(k%2)))
			legs = append(legs, lapLeg{int(math.Round(pace)), pace, 168, typedef.IntensityActive, typedef.LapTriggerDistance})
		}
		a, r := analyzeFIT(t, "autolap.fit", lapFIT(t, legs))
		if len(a.Laps) != 10 || a.Laps[0].Trigger != "distance" {
			t.Fatalf("laps read: %+v", a.Laps)
		}
		if r.Workout != nil || r.Verdict.Kind != analysis.VerdictOK {
			t.Errorf("swing %v: workout %+v, verdict %+v", swing, r.Workout, r.Verdict)
		}
		for _, p := range r.Series {
			if p.LeftOut {
				t.Fatalf("swing %v: running at %v s left out of a steady run", swing, p.T)
			}
		}
	}
}

// TestCorpusWorkoutLaps checks what the laps of the corpus's interval files make of
// them. The FR25 sample's manual laps alternate reps at about 3:10/km with walking
// recoveries: a workout by its laps, its reps at 173 steps/min, not flagged. The
// FR225 file's manual laps alternate 3 min at 4:30/km with 2 min at 6:40/km: six
// reps. The FR70 intervals file has only 1 km auto-laps, which say nothing: it is
// judged as before (a walk by its cadence).
func TestCorpusWorkoutLaps(t *testing.T) {
	cases := []struct {
		file    string
		from    string
		reps    int
		kind    string
		repSPM  float64 // the median of the fastest judged part, 0 for no check
		maxPace float64 // no judged part slower (s/km), 0 for no check
	}{
		{"../testdata/sample/workoutizer-garmin-fr25-run-pauses.fit", analysis.WorkoutFromLaps, 6, analysis.VerdictOK, 173, 200},
		{filepath.Join(corpusDir, "fit", "runalyze-garmin-fr225-run-time-jump.fit"), analysis.WorkoutFromLaps, 6, analysis.VerdictOK, 177, 360},
		{filepath.Join(corpusDir, "fit", "runalyze-garmin-fr70-run-intervals-footpod-nogps.fit"), "", 0, analysis.VerdictWalking, 0, 0},
	}
	for _, c := range cases {
		data, err := os.ReadFile(c.file)
		if os.IsNotExist(err) {
			t.Logf("skipped %s: not present (the corpus sits beside the repository)", c.file)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		_, r := analyzeFIT(t, c.file, data)
		from, reps := "", 0
		if r.Workout != nil {
			from, reps = r.Workout.From, r.Workout.Reps
		}
		if from != c.from || reps != c.reps || r.Verdict.Kind != c.kind {
			t.Errorf("%s: workout from %q with %d reps, verdict %s; want %q, %d, %s", c.file, from, reps, r.Verdict.Kind, c.from, c.reps, c.kind)
		}
		fastest, fastestSPM := math.Inf(1), math.NaN()
		for _, p := range r.Judged {
			if p.PaceSPerKm == nil {
				continue
			}
			if *p.PaceSPerKm < fastest {
				fastest, fastestSPM = *p.PaceSPerKm, p.MedianSPM
			}
			if c.maxPace > 0 && *p.PaceSPerKm > c.maxPace {
				t.Errorf("%s: a part at %.0f s/km was judged", c.file, *p.PaceSPerKm)
			}
		}
		if c.repSPM > 0 && !(math.Abs(fastestSPM-c.repSPM) <= 0.5) {
			t.Errorf("%s: fastest part at %v steps/min, want %v", c.file, fastestSPM, c.repSPM)
		}
	}
}
