package fitwrite

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/kit/datetime"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// Intensity is what a step is for, as a watch shows it.
type Intensity int

// The intensities of a workout step (FIT's intensity type).
const (
	Active   Intensity = iota // the work: the blocks at the target cadence
	Rest                      // standing still
	Warmup                    // the start
	Cooldown                  // the end
	Recovery                  // easy running between the blocks
)

// fitIntensity maps an Intensity to FIT's.
var fitIntensity = map[Intensity]typedef.Intensity{
	Active:   typedef.IntensityActive,
	Rest:     typedef.IntensityRest,
	Warmup:   typedef.IntensityWarmup,
	Cooldown: typedef.IntensityCooldown,
	Recovery: typedef.IntensityRecovery,
}

// Limits of what Write accepts.
const (
	// MaxSteps is the most steps a workout may have: watches take a few dozen.
	MaxSteps = 50
	// MaxStepSeconds is the longest timed step: 10 hours.
	MaxStepSeconds = 10 * 3600
	// MinSPM and MaxSPM bound a running cadence target, in steps per minute.
	MinSPM, MaxSPM = 60, 250
	// MaxNameBytes bounds a workout's or step's name and notes, in bytes of UTF-8.
	MaxNameBytes = 64
)

// minFITTime is the earliest absolute FIT date_time: smaller values count seconds
// since the device started.
const minFITTime = 0x10000000

// A Step is one step of a workout.
type Step struct {
	// Name is what the watch shows for the step, Notes the line under it.
	Name, Notes string
	Intensity   Intensity
	// Seconds is the step's length; 0 makes it open: it lasts until the lap button.
	Seconds int
	// LowSPM and HighSPM are the cadence target in steps per minute; both 0 for none.
	// They are written in FIT's unit for running cadence (StepsToRPM).
	LowSPM, HighSPM int
}

// A Workout is a running workout to write.
type Workout struct {
	// Name is the workout's name on the watch.
	Name string
	// Created is when the file was made, from mid-1998 to early 2126 (what FIT's date_time
	// holds). It also sets the file's serial number (seconds since FIT's epoch),
	// which with the type, manufacturer and product tells one workout file from
	// another on a watch that holds several.
	Created time.Time
	Steps   []Step
}

// StepsToRPM returns a running cadence range in steps per minute as FIT writes it, in
// strides (cycles) per minute: low rounded down, high rounded up, so that the range
// written holds the range asked for (see the package doc).
func StepsToRPM(lowSPM, highSPM int) (low, high uint32) {
	return uint32(lowSPM / 2), uint32((highSPM + 1) / 2)
}

// check returns why wk cannot be written, or nil.
func (wk *Workout) check() error {
	if len(wk.Steps) == 0 || len(wk.Steps) > MaxSteps {
		return fmt.Errorf("fitwrite: a workout needs 1 to %d steps, not %d", MaxSteps, len(wk.Steps))
	}
	if err := checkText("workout name", wk.Name); err != nil {
		return err
	}
	if t := wk.Created.Unix() - datetime.Epoch().Unix(); t < minFITTime || t >= math.MaxUint32 {
		return fmt.Errorf("fitwrite: the creation time %v is outside what FIT can hold", wk.Created)
	}
	for i, s := range wk.Steps {
		if err := checkText("step name", s.Name); err != nil {
			return err
		}
		if err := checkText("step notes", s.Notes); err != nil {
			return err
		}
		if _, ok := fitIntensity[s.Intensity]; !ok {
			return fmt.Errorf("fitwrite: step %d has an unknown intensity %d", i+1, s.Intensity)
		}
		if s.Seconds < 0 || s.Seconds > MaxStepSeconds {
			return fmt.Errorf("fitwrite: step %d lasts %d s, outside 0-%d", i+1, s.Seconds, MaxStepSeconds)
		}
		if s.LowSPM == 0 && s.HighSPM == 0 {
			continue
		}
		if s.LowSPM < MinSPM || s.HighSPM > MaxSPM || s.LowSPM > s.HighSPM {
			return fmt.Errorf("fitwrite: step %d's cadence target %d-%d steps/min is not a running range within %d-%d", i+1, s.LowSPM, s.HighSPM, MinSPM, MaxSPM)
		}
	}
	return nil
}

// checkText refuses a name or note a watch would not show as given: over
// MaxNameBytes, not UTF-8, or holding a control character (FIT ends a string at its
// first NUL).
func checkText(what, s string) error {
	if len(s) > MaxNameBytes || !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
		return fmt.Errorf("fitwrite: the %s %q is not printable UTF-8 of at most %d bytes", what, s, MaxNameBytes)
	}
	return nil
}

// Write writes wk to w as a FIT workout file (file type workout, sport running): a
// file_id message, a workout message, then one workout_step message per step, as the
// FIT SDK's description of workout files lists them. A step with a cadence target has
// target_type cadence and its range in custom_target_value_low/high (StepsToRPM); a
// step without one has target_type open. It writes nothing and returns an error when
// wk is not a workout a watch can take: no steps or more than MaxSteps, a step longer
// than MaxStepSeconds, a cadence range outside MinSPM-MaxSPM, a name or note over
// MaxNameBytes or with a control character. The output depends only on wk.
func Write(w io.Writer, wk Workout) error {
	if err := wk.check(); err != nil {
		return err
	}
	fid := mesgdef.NewFileId(nil)
	fid.Type = typedef.FileWorkout
	fid.Manufacturer = typedef.ManufacturerDevelopment
	fid.Product = 0
	fid.SerialNumber = datetime.ToUint32(wk.Created)
	fid.TimeCreated = wk.Created
	wkt := mesgdef.NewWorkout(nil)
	wkt.WktName = wk.Name
	wkt.Sport = typedef.SportRunning
	wkt.SubSport = typedef.SubSportGeneric
	wkt.NumValidSteps = uint16(len(wk.Steps))
	msgs := make([]proto.Message, 0, 2+len(wk.Steps))
	msgs = append(msgs, fid.ToMesg(nil), wkt.ToMesg(nil))
	for i, s := range wk.Steps {
		// Every field starts invalid, which the encoder leaves out.
		st := mesgdef.NewWorkoutStep(nil)
		st.MessageIndex = typedef.MessageIndex(i)
		st.WktStepName = s.Name
		st.Notes = s.Notes
		st.Intensity = fitIntensity[s.Intensity]
		st.DurationType = typedef.WktStepDurationOpen
		st.TargetType = typedef.WktStepTargetOpen
		if s.Seconds > 0 {
			st.DurationType = typedef.WktStepDurationTime
			st.DurationValue = uint32(s.Seconds) * 1000 // duration_time: scale 1000, in s
		}
		if s.LowSPM > 0 {
			st.TargetType = typedef.WktStepTargetCadence
			st.TargetValue = 0 // target_cadence_zone 0: a custom range, not a zone
			st.CustomTargetValueLow, st.CustomTargetValueHigh = StepsToRPM(s.LowSPM, s.HighSPM)
		}
		msgs = append(msgs, st.ToMesg(nil))
	}
	return encoder.New(w).Encode(&proto.FIT{Messages: msgs})
}
