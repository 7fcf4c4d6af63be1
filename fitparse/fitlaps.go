package fitparse

// This file reads FIT lap messages: where a file's laps begin and end, how fast they
// were run and what the watch says they were (reps, recoveries, warm-up), which the
// analysis uses to tell a workout's reps from its recoveries.

import (
	"cmp"
	"math"
	"slices"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/fitparse/internal/fitfast"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/proto"
)

// maxLaps is the most laps kept per file: a lap is a minute or more of running, so
// 10,000 is a week; more would be a file built to fill memory.
const maxLaps = 10000

// onLap reads a lap message from muktihari's decoder as the fields come: where a
// field repeats, the last value wins, as in fitfast.
func (l *fitListener) onLap(m *proto.Message) {
	r := fitfast.NoLap
	r.End = m.FieldValueByNum(fieldnum.LapTimestamp).Uint32()
	for i := range m.Fields {
		v := m.Fields[i].Value
		switch m.Fields[i].Num {
		case fieldnum.LapStartTime:
			r.Start = v.Uint32()
		case fieldnum.LapTotalTimerTime:
			r.Timer = v.Uint32()
		case fieldnum.LapTotalDistance:
			r.Distance = v.Uint32()
		case fieldnum.LapAvgSpeed:
			r.Speed = v.Uint16()
		case fieldnum.LapEnhancedAvgSpeed:
			r.ESpeed = v.Uint32()
		case fieldnum.LapIntensity:
			r.Intensity = v.Uint8()
		case fieldnum.LapLapTrigger:
			r.Trigger = v.Uint8()
		case fieldnum.LapWktStepIndex:
			r.StepIndex = v.Uint16()
		}
	}
	l.Lap(&r)
}

// Lap implements fitfast.Listener: it keeps a lap message's values in units, at most
// maxLaps of them.
func (l *fitListener) Lap(r *fitfast.Lap) {
	if len(l.laps) >= maxLaps {
		return
	}
	n := math.NaN()
	lp := activity.Lap{Start: n, End: n, TimerS: n, DistanceM: n, SpeedMS: n, StepIndex: -1}
	if r.Start != math.MaxUint32 {
		lp.Start = float64(r.Start) + fitEpoch
	}
	if r.End != math.MaxUint32 {
		lp.End = float64(r.End) + fitEpoch
	}
	if r.Timer != math.MaxUint32 {
		lp.TimerS = float64(r.Timer) / 1000
	}
	if r.Distance != math.MaxUint32 {
		lp.DistanceM = float64(r.Distance) / 100
	}
	// avg_speed as the file holds it where it has one: its expansion into
	// enhanced_avg_speed truncates (1.009 m/s becomes 1.008), as the FIT SDK does not.
	if r.Speed != math.MaxUint16 {
		lp.SpeedMS = float64(r.Speed) / 1000
	} else if r.ESpeed != math.MaxUint32 {
		lp.SpeedMS = float64(r.ESpeed) / 1000
	}
	if r.Intensity != 0xFF {
		lp.Intensity = typedef.Intensity(r.Intensity).String()
	}
	if r.Trigger != 0xFF {
		lp.Trigger = typedef.LapTrigger(r.Trigger).String()
	}
	// The index's low 12 bits; the top bit marks the selected step.
	if r.StepIndex != math.MaxUint16 && r.StepIndex&0x0FFF != 0x0FFF {
		lp.StepIndex = int(r.StepIndex & 0x0FFF)
	}
	l.laps = append(l.laps, lp)
}

// assignLaps gives each activity the laps of its session, in order of time: all of
// them for a file of one session; else each lap goes where a record at its start
// would go (assignRecords), so that no lap is in two sessions.
func (l *fitListener) assignLaps(acts []*activity.Activity, sessions []fitSession, oneSport bool) {
	if len(l.laps) == 0 {
		return
	}
	byStart := func(a, b activity.Lap) int { return cmp.Compare(a.Start, b.Start) }
	if !slices.IsSortedFunc(l.laps, byStart) {
		slices.SortStableFunc(l.laps, byStart)
	}
	if len(acts) == 1 {
		acts[0].Laps = l.laps
		return
	}
	at := make([]activity.Sample, len(l.laps))
	for i, lp := range l.laps {
		at[i].T = lp.Start
	}
	for i, k := range assignRecords(at, sessions, oneSport) {
		if k >= 0 {
			acts[k].Laps = append(acts[k].Laps, l.laps[i])
		}
	}
}
