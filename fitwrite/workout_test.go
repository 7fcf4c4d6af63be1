package fitwrite

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/kit/datetime"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
)

var created = time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)

func sample() Workout {
	return Workout{Name: "Cadence 163", Created: created, Steps: []Step{
		{Name: "Warm up", Intensity: Warmup, Seconds: 600},
		{Name: "163 spm", Notes: "in time", Intensity: Active, Seconds: 180, LowSPM: 163, HighSPM: 173},
		{Name: "Easy", Intensity: Recovery, Seconds: 120},
		{Name: "Cool down", Intensity: Cooldown},
	}}
}

// decoded is a workout file read back by muktihari's decoder, which checks the
// header, the definitions and both CRCs on the way.
type decoded struct {
	fileID  *mesgdef.FileId
	workout *mesgdef.Workout
	steps   []*mesgdef.WorkoutStep
}

func decode(t *testing.T, data []byte) decoded {
	t.Helper()
	fit, err := decoder.New(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("decoding the written workout: %v", err)
	}
	var d decoded
	for i := range fit.Messages {
		m := &fit.Messages[i]
		switch m.Num {
		case mesgnum.FileId:
			d.fileID = mesgdef.NewFileId(m)
		case mesgnum.Workout:
			d.workout = mesgdef.NewWorkout(m)
		case mesgnum.WorkoutStep:
			d.steps = append(d.steps, mesgdef.NewWorkoutStep(m))
		default:
			t.Errorf("unexpected message %v", m.Num)
		}
	}
	if fit.Messages[0].Num != mesgnum.FileId {
		t.Errorf("the first message is %v, want file_id", fit.Messages[0].Num)
	}
	if d.fileID == nil || d.workout == nil {
		t.Fatal("file_id or workout message missing")
	}
	return d
}

// TestWriteRoundTrip writes a workout and reads every field that matters back.
func TestWriteRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	d := decode(t, buf.Bytes())
	if d.fileID.Type != typedef.FileWorkout || d.fileID.Manufacturer != typedef.ManufacturerDevelopment {
		t.Errorf("file_id type %v manufacturer %v, want workout, development", d.fileID.Type, d.fileID.Manufacturer)
	}
	if d.fileID.SerialNumber != datetime.ToUint32(created) || !d.fileID.TimeCreated.Equal(created) {
		t.Errorf("file_id serial %d created %v", d.fileID.SerialNumber, d.fileID.TimeCreated)
	}
	if d.workout.Sport != typedef.SportRunning || d.workout.WktName != "Cadence 163" || d.workout.NumValidSteps != 4 {
		t.Errorf("workout: sport %v name %q steps %d", d.workout.Sport, d.workout.WktName, d.workout.NumValidSteps)
	}
	if len(d.steps) != 4 {
		t.Fatalf("%d steps, want 4", len(d.steps))
	}
	want := []struct {
		name      string
		intensity typedef.Intensity
		dur       typedef.WktStepDuration
		ms        uint32
		target    typedef.WktStepTarget
	}{
		{"Warm up", typedef.IntensityWarmup, typedef.WktStepDurationTime, 600000, typedef.WktStepTargetOpen},
		{"163 spm", typedef.IntensityActive, typedef.WktStepDurationTime, 180000, typedef.WktStepTargetCadence},
		{"Easy", typedef.IntensityRecovery, typedef.WktStepDurationTime, 120000, typedef.WktStepTargetOpen},
		{"Cool down", typedef.IntensityCooldown, typedef.WktStepDurationOpen, 0, typedef.WktStepTargetOpen},
	}
	for i, w := range want {
		s := d.steps[i]
		if int(s.MessageIndex) != i || s.WktStepName != w.name || s.Intensity != w.intensity || s.DurationType != w.dur || s.TargetType != w.target {
			t.Errorf("step %d: index %d name %q intensity %v duration %v target %v, want %+v", i, s.MessageIndex, s.WktStepName, s.Intensity, s.DurationType, s.TargetType, w)
		}
		if w.dur == typedef.WktStepDurationTime && s.DurationValue != w.ms {
			t.Errorf("step %d lasts %d ms, want %d", i, s.DurationValue, w.ms)
		}
	}
	// 163-173 steps/min: 81-87 strides/min, which holds 162-174 steps/min.
	if s := d.steps[1]; s.TargetValue != 0 || s.CustomTargetValueLow != 81 || s.CustomTargetValueHigh != 87 || s.Notes != "in time" {
		t.Errorf("cadence step: zone %d range %d-%d notes %q, want 0, 81-87, \"in time\"", s.TargetValue, s.CustomTargetValueLow, s.CustomTargetValueHigh, s.Notes)
	}
	if name, v := d.steps[1].GetCustomTargetValueLow(); name != "custom_target_cadence_low" || v != uint32(81) {
		t.Errorf("the decoder reads the low end as %s = %v, want custom_target_cadence_low = 81", name, v)
	}
}

// TestWriteDeterministic checks that the output depends only on the workout.
func TestWriteDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a, sample()); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, sample()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of one workout differ")
	}
}

func TestStepsToRPM(t *testing.T) {
	for _, c := range []struct {
		lo, hi   int
		wlo, whi uint32
	}{
		{170, 180, 85, 90},
		{163, 173, 81, 87},
		{164, 174, 82, 87},
		{171, 171, 85, 86},
	} {
		lo, hi := StepsToRPM(c.lo, c.hi)
		if lo != c.wlo || hi != c.whi {
			t.Errorf("StepsToRPM(%d, %d) = %d, %d, want %d, %d", c.lo, c.hi, lo, hi, c.wlo, c.whi)
		}
		if int(lo)*2 > c.lo || int(hi)*2 < c.hi {
			t.Errorf("StepsToRPM(%d, %d) = %d-%d strides does not hold the range", c.lo, c.hi, lo, hi)
		}
	}
}

// TestWriteRefuses checks that what a watch cannot take is refused, with nothing written.
func TestWriteRefuses(t *testing.T) {
	many := sample()
	for len(many.Steps) <= MaxSteps {
		many.Steps = append(many.Steps, many.Steps[0])
	}
	cases := map[string]func(*Workout){
		"no steps":           func(w *Workout) { w.Steps = nil },
		"too many steps":     func(w *Workout) { *w = many },
		"no time":            func(w *Workout) { w.Created = time.Time{} },
		"before FIT's dates": func(w *Workout) { w.Created = time.Date(1998, 1, 1, 0, 0, 0, 0, time.UTC) },
		"after FIT's dates":  func(w *Workout) { w.Created = time.Date(2127, 1, 1, 0, 0, 0, 0, time.UTC) },
		"control character":  func(w *Workout) { w.Steps[1].Name = "x\x00y" },
		"long name":          func(w *Workout) { w.Name = strings.Repeat("x", MaxNameBytes+1) },
		"bad UTF-8":          func(w *Workout) { w.Steps[0].Notes = "\xff" },
		"negative length":    func(w *Workout) { w.Steps[0].Seconds = -1 },
		"too long":           func(w *Workout) { w.Steps[0].Seconds = MaxStepSeconds + 1 },
		"unknown intensity":  func(w *Workout) { w.Steps[0].Intensity = 99 },
		"low cadence":        func(w *Workout) { w.Steps[1].LowSPM = MinSPM - 1 },
		"high cadence":       func(w *Workout) { w.Steps[1].HighSPM = MaxSPM + 1 },
		"reversed range":     func(w *Workout) { w.Steps[1].LowSPM, w.Steps[1].HighSPM = 180, 170 },
		"half a range":       func(w *Workout) { w.Steps[1].LowSPM = 0 },
	}
	for name, change := range cases {
		wk := sample()
		change(&wk)
		var buf bytes.Buffer
		if err := Write(&buf, wk); err == nil || buf.Len() > 0 {
			t.Errorf("%s: err %v, %d bytes written; want an error and nothing", name, err, buf.Len())
		}
	}
}
