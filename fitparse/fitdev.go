package fitparse

// This file reads the running dynamics that foot pods write as FIT developer fields
// (Stryd's ground time and vertical oscillation, RunScribe's contact times), for both
// decoders: fitListener's developer data methods (fitfast.Listener's, and the same
// reached from OnMesg) keep the field descriptions of the sequence, name each field's
// pod, and turn its raw values into the pod's own Dynamics beside the samples.

import (
	"encoding/hex"
	"math"
	"strings"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/fitparse/internal/fitfast"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/proto"
)

// Pods whose developer fields cadence reads, by index in devState.pods.
const (
	podStryd = iota
	podRunScribe
	podCount
)

// podNames are the pods' names, as the JSON gives them.
var podNames = [podCount]string{podStryd: "stryd", podRunScribe: "runscribe"}

// podApps are the Connect IQ application ids of the pods' own data fields, as
// developer_data_id gives them: Stryd's (660a581e… and the "Stryd Zones" field
// 18fb2cf0…) and RunScribe's (Light 502092b3… and Plus c1f5c80a…, as Runalyze's FIT
// importer names them).
var podApps = map[[16]byte]int{
	appID("660a581e5301460c8f2f034c8b6dc90f"): podStryd,
	appID("18fb2cf01a4b430dad66988c847421f4"): podStryd,
	appID("502092b3b0dd45ad89b3472ab2060ab6"): podRunScribe,
	appID("c1f5c80a5a054e8a97b3fda34e957035"): podRunScribe,
}

// appID decodes an application id written in hex.
func appID(h string) (id [16]byte) {
	if n, err := hex.Decode(id[:], []byte(h)); err != nil || n != len(id) {
		panic("fitparse: bad application id " + h)
	}
	return id
}

// podMakers are the pods' FIT manufacturer ids.
var podMakers = map[typedef.Manufacturer]int{typedef.ManufacturerStryd: podStryd, typedef.ManufacturerScribeLabs: podRunScribe}

// Quantities a pod's developer field can give.
const (
	devContact  = iota // ground contact time
	devContactL        // ground contact time of the left foot
	devContactR        // of the right foot
	devOsc             // vertical oscillation
)

// A podField is a developer field name a pod writes, and what it holds.
type podField struct {
	pod, quantity int
	// unitless says the pod writes the field without units, in ms: RunScribe Plus's
	// "ContactTime" (read as milliseconds by Runalyze too). It is read only from a
	// developer that the application id or manufacturer names as that pod.
	unitless bool
}

// podFields are the field names (lower case) that the pods give their running
// dynamics. Stryd's are its own names ("Ground Time", not Garmin's "Ground Contact
// Time"), so they name Stryd even where the application id is one cadence does not
// know (older Stryd data fields, or none); RunScribe's carry its "RS_" prefix.
var podFields = map[string]podField{
	"ground time":          {pod: podStryd, quantity: devContact},
	"vertical oscillation": {pod: podStryd, quantity: devOsc},
	"rs_contacttime_l":     {pod: podRunScribe, quantity: devContactL},
	"rs_contacttime_r":     {pod: podRunScribe, quantity: devContactR},
	"contacttime":          {pod: podRunScribe, quantity: devContact, unitless: true},
}

// devUnits gives, for each quantity, the factor from each unit a field description
// may give to cadence's (ms for times, mm for oscillation).
var devUnits = map[int]map[string]float64{
	devContact:  {"ms": 1, "milliseconds": 1, "s": 1000, "seconds": 1000},
	devContactL: {"ms": 1, "milliseconds": 1, "s": 1000, "seconds": 1000},
	devContactR: {"ms": 1, "milliseconds": 1, "s": 1000, "seconds": 1000},
	devOsc:      {"mm": 1, "millimeters": 1, "cm": 10, "centimeters": 10, "m": 1000, "meters": 1000},
}

// A devDesc is a field description of the sequence; slot is its place in
// fitfast.Record.Dev, or -1 when cadence does not read the field.
type devDesc struct {
	index, num, bt uint8
	slot           int
}

// A devSlot is a developer field that cadence reads: its pod and quantity, and how a
// raw value becomes cadence's unit: (raw/scale - offset) * factor.
type devSlot struct {
	pod, quantity         int
	bt                    basetype.BaseType
	scale, offset, factor float64
}

// devState is a fitListener's developer data: the sequence's developer ids and
// field descriptions, the fields it reads, and each pod's dynamics beside the records.
type devState struct {
	apps  [256]int8 // by developer data index: the pod its id names, +1 (0: none)
	descs []devDesc
	slots []devSlot // at most fitfast.MaxDev
	pods  [podCount][]activity.Dynamics
	kept  bool   // some pod's dynamics are kept
	maker string // the pod that made the file, by the first file_id's manufacturer
}

// Sequence implements fitfast.Listener: developer data holds within one sequence.
func (l *fitListener) Sequence() {
	l.dev.apps = [256]int8{}
	l.dev.descs = l.dev.descs[:0]
	l.dev.slots = l.dev.slots[:0]
}

// DeveloperDataID implements fitfast.Listener: it notes which pod, if any, the
// application id or manufacturer names.
func (l *fitListener) DeveloperDataID(index uint8, app []byte, manufacturer uint16) {
	p, ok := podMakers[typedef.Manufacturer(manufacturer)]
	if len(app) == 16 {
		if q, known := podApps[[16]byte(app)]; known {
			p, ok = q, true
		}
	}
	l.dev.apps[index] = 0
	if ok {
		l.dev.apps[index] = int8(p + 1)
	}
}

// FieldDescription implements fitfast.Listener: it notes the description (the first
// of a field wins, as in muktihari's decoder) and gives the field a slot when it is
// a pod's running dynamics in units cadence knows.
func (l *fitListener) FieldDescription(d *fitfast.FieldDescription) {
	for _, x := range l.dev.descs {
		if x.index == d.Index && x.num == d.Num {
			return
		}
	}
	desc := devDesc{index: d.Index, num: d.Num, bt: d.BaseType, slot: -1}
	if s, ok := podSlot(d, int(l.dev.apps[d.Index])-1); ok && len(l.dev.slots) < fitfast.MaxDev {
		desc.slot = len(l.dev.slots)
		l.dev.slots = append(l.dev.slots, s)
	}
	l.dev.descs = append(l.dev.descs, desc)
}

// podSlot says whether field description d, of a developer whose id names pod app
// (-1: none), is a pod's running dynamics, and how to read it.
func podSlot(d *fitfast.FieldDescription, app int) (devSlot, bool) {
	first := func(s []string) string {
		if len(s) == 0 {
			return ""
		}
		return strings.ToLower(strings.TrimSpace(s[0]))
	}
	f, ok := podFields[first(d.Name)]
	if !ok || (app >= 0 && app != f.pod) {
		return devSlot{}, false // not a pod's, or another pod's name under this pod's id
	}
	units := first(d.Units)
	factor, ok := devUnits[f.quantity][units]
	if units == "" && f.unitless && app == f.pod {
		factor, ok = 1, true
	}
	bt := basetype.BaseType(d.BaseType)
	if !ok || !bt.Valid() || bt == basetype.String || bt == basetype.Byte || bt == basetype.Enum {
		return devSlot{}, false
	}
	s := devSlot{pod: f.pod, quantity: f.quantity, bt: bt, scale: 1, factor: factor}
	if d.Scale != 0xFF && d.Scale != 0 {
		s.scale = float64(d.Scale)
	}
	if d.Offset != math.MaxInt8 {
		s.offset = float64(d.Offset)
	}
	return s, true
}

// DevSlot implements fitfast.Listener.
func (l *fitListener) DevSlot(index, num uint8) (int, uint8) {
	for _, x := range l.dev.descs {
		if x.index == index && x.num == num {
			return x.slot, x.bt
		}
	}
	return -1, 0
}

// onDeveloperDataID and onFieldDescription hand muktihari's messages to the methods
// above, with the values fitfast gives.
func (l *fitListener) onDeveloperDataID(m *proto.Message) {
	l.DeveloperDataID(m.FieldValueByNum(fieldnum.DeveloperDataIdDeveloperDataIndex).Uint8(),
		m.FieldValueByNum(fieldnum.DeveloperDataIdApplicationId).SliceUint8(),
		m.FieldValueByNum(fieldnum.DeveloperDataIdManufacturerId).Uint16())
}

func (l *fitListener) onFieldDescription(m *proto.Message) {
	d := fitfast.FieldDescription{
		Index:    m.FieldValueByNum(fieldnum.FieldDescriptionDeveloperDataIndex).Uint8(),
		Num:      m.FieldValueByNum(fieldnum.FieldDescriptionFieldDefinitionNumber).Uint8(),
		BaseType: m.FieldValueByNum(fieldnum.FieldDescriptionFitBaseTypeId).Uint8(),
		Scale:    m.FieldValueByNum(fieldnum.FieldDescriptionScale).Uint8(),
		Offset:   m.FieldValueByNum(fieldnum.FieldDescriptionOffset).Int8(),
		Name:     m.FieldValueByNum(fieldnum.FieldDescriptionFieldName).SliceString(),
		Units:    m.FieldValueByNum(fieldnum.FieldDescriptionUnits).SliceString(),
	}
	l.FieldDescription(&d)
}

// devFields puts the developer fields of muktihari's record m that cadence reads into r.
func (l *fitListener) devFields(m *proto.Message, r *fitfast.Record) {
	for i := range m.DeveloperFields {
		f := &m.DeveloperFields[i]
		if slot, _ := l.DevSlot(f.DeveloperDataIndex, f.Num); slot >= 0 {
			if bits, ok := fitfast.ValueBits(f.Value); ok {
				r.Dev[slot], r.DevSet = bits, r.DevSet|1<<slot
			}
		}
	}
}

// podDynamics keeps a record's pod dynamics beside its sample, for each pod that has
// given any so far (see keepDynamics). Record calls it only for a record with
// developer values or once a pod has given some.
func (l *fitListener) podDynamics(r *fitfast.Record) {
	if r.DevSet == 0 { // the usual case: none in this record
		if l.dev.kept {
			for p := range l.dev.pods {
				if l.dev.pods[p] != nil {
					l.dev.pods[p] = append(l.dev.pods[p], activity.NoDynamics)
				}
			}
		}
		return
	}
	var ds [podCount]activity.Dynamics
	var any [podCount]bool
	var left, right [podCount]float64
	for p := range ds {
		ds[p], left[p], right[p] = activity.NoDynamics, math.NaN(), math.NaN()
	}
	for i, s := range l.dev.slots {
		if r.DevSet&(1<<i) == 0 {
			continue
		}
		v, ok := devValue(s.bt, r.Dev[i])
		if !ok {
			continue
		}
		v = (v/s.scale - s.offset) * s.factor
		any[s.pod] = true
		switch s.quantity {
		case devContact:
			ds[s.pod].GroundContactMS = v
		case devContactL:
			left[s.pod] = v
		case devContactR:
			right[s.pod] = v
		case devOsc:
			ds[s.pod].VertOscMM = v
		}
	}
	for p := range ds {
		if l.dev.pods[p] == nil && !any[p] {
			continue
		}
		if !math.IsNaN(left[p]) || !math.IsNaN(right[p]) {
			ds[p].GroundContactMS = bothFeet(left[p], right[p])
		}
		l.dev.pods[p] = keepDynamics(l.dev.pods[p], ds[p], any[p], len(l.records), cap(l.records))
		l.dev.kept = l.dev.kept || l.dev.pods[p] != nil
	}
}

// bothFeet is the ground contact time of a step from each foot's: their mean, or the
// one foot's when the other has none (above zero).
func bothFeet(left, right float64) float64 {
	switch {
	case left > 0 && right > 0:
		return (left + right) / 2
	case left > 0:
		return left
	case right > 0:
		return right
	}
	return 0
}

// devValue turns the raw bits of a developer field of base type bt into a number;
// false for the type's invalid value.
func devValue(bt basetype.BaseType, bits uint64) (float64, bool) {
	var v float64
	switch bt {
	case basetype.Sint8:
		v = float64(int8(bits))
	case basetype.Uint8, basetype.Uint8z:
		v = float64(uint8(bits))
	case basetype.Sint16:
		v = float64(int16(bits))
	case basetype.Uint16, basetype.Uint16z:
		v = float64(uint16(bits))
	case basetype.Sint32:
		v = float64(int32(bits))
	case basetype.Uint32, basetype.Uint32z:
		v = float64(uint32(bits))
	case basetype.Sint64:
		v = float64(int64(bits))
	case basetype.Uint64, basetype.Uint64z:
		v = float64(bits)
	case basetype.Float32:
		v = float64(math.Float32frombits(uint32(bits)))
	case basetype.Float64:
		v = math.Float64frombits(bits)
	default:
		return 0, false
	}
	if bits == invalidBits(bt) || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// invalidBits is the FIT invalid value of base type bt, as raw bits.
func invalidBits(bt basetype.BaseType) uint64 {
	switch bt {
	case basetype.Uint8z, basetype.Uint16z, basetype.Uint32z, basetype.Uint64z:
		return 0
	case basetype.Sint8:
		return 0x7F
	case basetype.Sint16:
		return 0x7FFF
	case basetype.Sint32:
		return 0x7FFFFFFF
	case basetype.Sint64:
		return 0x7FFFFFFFFFFFFFFF
	}
	return math.MaxUint64 >> (64 - 8*uint(bt.Size()))
}

// podList gives each pod's dynamics, of the records pick selects, or nil when no pod
// has any.
func podList(pods [podCount][]activity.Dynamics, pick func([]activity.Dynamics) []activity.Dynamics) []activity.PodDynamics {
	var out []activity.PodDynamics
	for p, d := range pods {
		if d != nil {
			out = append(out, activity.PodDynamics{Source: podNames[p], Values: pick(d)})
		}
	}
	return out
}
