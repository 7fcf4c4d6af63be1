package fitwrite

import (
	"bytes"
	"testing"
	"time"
)

// FuzzWrite writes workouts made of arbitrary names, notes, lengths and cadence
// ranges. Write either refuses one, writing nothing, or writes a file that
// muktihari's decoder reads back (header, definitions, CRCs) with every name, note,
// length and range as given.
func FuzzWrite(f *testing.F) {
	f.Add("Cadence 170", "170 spm", "in time", 180, 170, 180, int64(1796675448))
	f.Add("", "", "", 0, 0, 0, int64(1))
	f.Add("x\x00y", "é", "\xff", -1, 59, 251, int64(0))
	f.Add("Cadence 163", "163 spm", "Quicker, shorter steps", MaxStepSeconds, 163, 163, int64(1<<40))
	f.Fuzz(func(t *testing.T, name, step, notes string, secs, lo, hi int, unix int64) {
		wk := Workout{Name: name, Created: time.Unix(unix, 0).UTC(), Steps: []Step{
			{Name: "Warm up", Intensity: Warmup, Seconds: 600},
			{Name: step, Notes: notes, Intensity: Active, Seconds: secs, LowSPM: lo, HighSPM: hi},
			{Name: "Cool down", Intensity: Cooldown},
		}}
		var buf bytes.Buffer
		if err := Write(&buf, wk); err != nil {
			if buf.Len() > 0 {
				t.Fatalf("refused (%v) but wrote %d bytes", err, buf.Len())
			}
			return
		}
		d := decode(t, buf.Bytes())
		if !d.fileID.TimeCreated.Equal(wk.Created) || d.fileID.SerialNumber == 0 {
			t.Errorf("created %v serial %d, want %v and a serial", d.fileID.TimeCreated, d.fileID.SerialNumber, wk.Created)
		}
		if d.workout.WktName != name || len(d.steps) != 3 {
			t.Fatalf("name %q with %d steps, want %q with 3", d.workout.WktName, len(d.steps), name)
		}
		s := d.steps[1]
		if s.WktStepName != step || s.Notes != notes {
			t.Errorf("step %q notes %q, want %q %q", s.WktStepName, s.Notes, step, notes)
		}
		if secs > 0 && s.DurationValue != uint32(secs)*1000 {
			t.Errorf("step lasts %d ms, want %d s", s.DurationValue, secs)
		}
		if lo > 0 {
			if int(s.CustomTargetValueLow)*2 > lo || int(s.CustomTargetValueHigh)*2 < hi || int(s.CustomTargetValueLow)*2 < lo-1 || int(s.CustomTargetValueHigh)*2 > hi+1 {
				t.Errorf("range %d-%d strides for %d-%d steps", s.CustomTargetValueLow, s.CustomTargetValueHigh, lo, hi)
			}
		}
	})
}
