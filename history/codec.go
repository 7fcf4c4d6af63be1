package history

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/cadence-run/cadence/analysis"
)

// The store keeps each activity's Result in a compact binary form: a rerun over an
// unchanged folder decodes one per activity, and decoding JSON was half of its CPU.
// The form gives back exactly what a JSON round trip of the Result gave (the store's
// form before schema version 3, still read where the migration left a row): the
// same numbers to the bit, nil and empty lists told apart, a start time in UTC, the
// local zone or a fixed offset as time.Parse would give it. A Result that JSON
// cannot hold (a NaN, a start time outside years 0-9999 or at an offset of odd
// seconds) is not stored, as before.
//
// Layout: codecMagic, codecVersion, then the fields of analysis.Result in their
// order (Series excepted). A string or byte list is a uvarint length and its bytes;
// an int a varint; a float64 its 8 bytes, little-endian; a bool one byte; a pointer a
// presence byte (0 nil, 1 set) and then what it points to; a list a uvarint of its
// length plus one (0 for nil) and then its elements.

const (
	// codecMagic opens every binary Result; a JSON one opens with '{'.
	codecMagic = 0xCA
	// codecVersion is bumped whenever the layout changes.
	codecVersion = 3
)

// errUnstorable says a Result holds what its JSON form could not.
var errUnstorable = errors.New("a value JSON cannot hold")

// encodeResult returns r in the store's binary form, or errUnstorable.
func encodeResult(r *analysis.Result) ([]byte, error) {
	return AppendResult(make([]byte, 0, 1024), r)
}

// AppendResult appends r in the store's binary form to buf and returns the longer
// buffer, or errUnstorable. Two Results append the same bytes exactly when the store
// would give them back equal, which makes the form a cheap digest of a Result.
func AppendResult(buf []byte, r *analysis.Result) ([]byte, error) {
	e := encoder{buf: buf}
	e.buf = append(e.buf, codecMagic, codecVersion)
	e.str(r.File)
	e.int(r.Index)
	e.str(r.Format)
	e.str(string(r.Sport))
	e.str(r.SportFrom)
	e.str(r.SubSport)
	e.str(r.Device)
	e.str(r.Name)
	e.time(r.Start)
	e.str(r.TimeZone)
	e.str(r.TimeZoneFrom)
	if e.present(r.DuplicateOf != nil) {
		e.str(*r.DuplicateOf)
	}
	e.pfloat(r.MovingS)
	e.pfloat(r.ElapsedS)
	e.pfloat(r.DistanceM)
	e.pfloat(r.PaceSPerKm)
	e.stats(r.Cadence)
	e.stats(r.Running)
	e.pfloat(r.RunShare)
	e.pfloat(r.RunPace)
	e.pfloat(r.StepLengthM)
	e.str(r.CadenceUnit)
	e.pfloat(r.WatchAvgSPM)
	e.stats(r.OtherCad)
	e.bool(r.Overstride)
	e.str(r.Verdict.Kind)
	e.str(r.Verdict.Basis)
	e.pfloat(r.Verdict.DownhillSPM)
	e.pfloat(r.Verdict.FlatSPM)
	e.float(r.Threshold)
	e.paceBands(r.PaceBands)
	e.paceBands(r.MilePaceBands)
	if e.list(r.Grades == nil, len(r.Grades)) {
		for _, g := range r.Grades {
			e.str(g.Name)
			e.float(g.Seconds)
			e.float(g.MedianSPM)
			e.float(g.SpeedMS)
		}
	}
	if e.present(r.PaceFit != nil) {
		e.float(r.PaceFit.Intercept)
		e.float(r.PaceFit.Slope)
		e.float(r.PaceFit.R2)
	}
	if e.list(r.Judged == nil, len(r.Judged)) {
		for _, j := range r.Judged {
			e.pfloat(j.PaceSPerKm)
			e.float(j.Seconds)
			e.int(j.Stretches)
			e.float(j.MedianSPM)
			e.float(j.ThresholdSPM)
			e.float(j.TypicalSPM)
			e.pfloat(j.StepM)
			e.bool(j.Below)
		}
	}
	if e.present(r.Workout != nil) {
		w := r.Workout
		e.int(w.Reps)
		e.float(w.RepS)
		e.float(w.SteadyS)
		e.float(w.RecoveryS)
		e.float(w.RepPaceSPerKm)
		e.str(w.From)
	}
	if e.list(r.SpeedBins == nil, len(r.SpeedBins)) {
		for _, b := range r.SpeedBins {
			e.float(b.SpeedMS)
			e.float(b.Seconds)
			e.float(b.MedianSPM)
		}
	}
	e.pfloat(r.RunningM)
	e.pfloat(r.DownhillM)
	if e.present(r.Spike != nil) {
		e.float(r.Spike.LongestPrior30dM)
		e.float(r.Spike.Ratio)
		e.int(r.Spike.DaysKnown)
	}
	if e.list(r.RunningDynamics == nil, len(r.RunningDynamics)) {
		for _, dy := range r.RunningDynamics {
			e.str(dy.Source)
			e.pfloat(dy.GroundContactMS)
			e.pfloat(dy.VerticalOscillationMM)
			e.pfloat(dy.VerticalRatioPct)
			e.pfloat(dy.GroundContactBalancePct)
			e.pfloat(dy.StepLengthM)
			e.int(dy.Samples)
		}
	}
	e.str(r.Gear)
	e.bool(r.Indoor)
	if e.list(r.Warnings == nil, len(r.Warnings)) {
		for _, w := range r.Warnings {
			e.str(w)
		}
	}
	if e.bad {
		return nil, errUnstorable
	}
	return e.buf, nil
}

// decodeResult returns the Result that data holds: the binary form, or JSON as
// histories before schema version 3 kept it.
func decodeResult(data []byte) (*analysis.Result, error) {
	r := new(analysis.Result)
	if len(data) > 0 && data[0] == '{' {
		if err := json.Unmarshal(data, r); err != nil {
			return nil, err
		}
		return r, nil
	}
	if len(data) < 2 || data[0] != codecMagic {
		return nil, errors.New("neither JSON nor a stored result")
	}
	if data[1] != codecVersion {
		return nil, fmt.Errorf("stored result of layout %d; this cadence reads %d", data[1], codecVersion)
	}
	d := decoder{buf: data[2:]}
	r.File = d.str()
	r.Index = d.int()
	r.Format = d.str()
	setString(&r.Sport, d.str())
	r.SportFrom = d.str()
	r.SubSport = d.str()
	r.Device = d.str()
	r.Name = d.str()
	r.Start = d.time()
	r.TimeZone = d.str()
	r.TimeZoneFrom = d.str()
	if d.present() {
		s := d.str()
		r.DuplicateOf = &s
	}
	r.MovingS = d.pfloat()
	r.ElapsedS = d.pfloat()
	r.DistanceM = d.pfloat()
	r.PaceSPerKm = d.pfloat()
	r.Cadence = d.stats()
	r.Running = d.stats()
	r.RunShare = d.pfloat()
	r.RunPace = d.pfloat()
	r.StepLengthM = d.pfloat()
	r.CadenceUnit = d.str()
	r.WatchAvgSPM = d.pfloat()
	r.OtherCad = d.stats()
	r.Overstride = d.bool()
	r.Verdict.Kind = d.str()
	r.Verdict.Basis = d.str()
	r.Verdict.DownhillSPM = d.pfloat()
	r.Verdict.FlatSPM = d.pfloat()
	r.Threshold = d.float()
	r.PaceBands = d.paceBands()
	r.MilePaceBands = d.paceBands()
	if n, ok := d.list(1 + 3*8); ok {
		r.Grades = make([]analysis.GradeBand, n)
		for i := range r.Grades {
			g := &r.Grades[i]
			g.Name, g.Seconds, g.MedianSPM, g.SpeedMS = d.str(), d.float(), d.float(), d.float()
		}
	}
	if d.present() {
		r.PaceFit = &analysis.Fit{Intercept: d.float(), Slope: d.float(), R2: d.float()}
	}
	if n, ok := d.list(1 + 4*8 + 1 + 1 + 1); ok {
		r.Judged = make([]analysis.JudgedPart, n)
		for i := range r.Judged {
			j := &r.Judged[i]
			j.PaceSPerKm = d.pfloat()
			j.Seconds = d.float()
			j.Stretches = d.int()
			j.MedianSPM, j.ThresholdSPM, j.TypicalSPM = d.float(), d.float(), d.float()
			j.StepM = d.pfloat()
			j.Below = d.bool()
		}
	}
	if d.present() {
		r.Workout = &analysis.Workout{Reps: d.int(), RepS: d.float(), SteadyS: d.float(), RecoveryS: d.float(), RepPaceSPerKm: d.float(), From: d.str()}
	}
	if n, ok := d.list(3 * 8); ok {
		r.SpeedBins = make([]analysis.SpeedBin, n)
		for i := range r.SpeedBins {
			b := &r.SpeedBins[i]
			b.SpeedMS, b.Seconds, b.MedianSPM = d.float(), d.float(), d.float()
		}
	}
	r.RunningM = d.pfloat()
	r.DownhillM = d.pfloat()
	if d.present() {
		r.Spike = &analysis.Spike{LongestPrior30dM: d.float(), Ratio: d.float(), DaysKnown: d.int()}
	}
	if n, ok := d.list(1 + 5 + 1); ok {
		r.RunningDynamics = make([]analysis.Dynamics, n)
		for i := range r.RunningDynamics {
			dy := &r.RunningDynamics[i]
			dy.Source = d.str()
			dy.GroundContactMS, dy.VerticalOscillationMM, dy.VerticalRatioPct = d.pfloat(), d.pfloat(), d.pfloat()
			dy.GroundContactBalancePct, dy.StepLengthM = d.pfloat(), d.pfloat()
			dy.Samples = d.int()
		}
	}
	r.Gear = d.str()
	r.Indoor = d.bool()
	if n, ok := d.list(1); ok {
		r.Warnings = make([]string, n)
		for i := range r.Warnings {
			r.Warnings[i] = d.str()
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.buf) != 0 {
		return nil, fmt.Errorf("%d bytes after the stored result", len(d.buf))
	}
	return r, nil
}

// Clone returns a copy of r as the store would give it back (without its series): a
// byte-identical copy of a file shares the first reader's results through it, so that
// it is what the history would give. It fails for a Result the store cannot hold.
func Clone(r *analysis.Result) (*analysis.Result, error) {
	b, err := encodeResult(r)
	if err != nil {
		return nil, err
	}
	return decodeResult(b)
}

// setString sets a field of a string type (the sport) without naming its package,
// which history does not import.
func setString[T ~string](p *T, s string) { *p = T(s) }

type encoder struct {
	buf []byte
	bad bool // a value JSON cannot hold
}

func (e *encoder) str(s string) {
	e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
	e.buf = append(e.buf, s...)
}

func (e *encoder) int(v int) { e.buf = binary.AppendVarint(e.buf, int64(v)) }

func (e *encoder) float(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		e.bad = true
	}
	e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(v))
}

func (e *encoder) bool(v bool) {
	b := byte(0)
	if v {
		b = 1
	}
	e.buf = append(e.buf, b)
}

// present writes whether a pointer is set and returns it.
func (e *encoder) present(set bool) bool {
	e.bool(set)
	return set
}

// list writes a list's length (nil apart from empty) and returns whether it is set.
func (e *encoder) list(isNil bool, n int) bool {
	if isNil {
		e.buf = append(e.buf, 0)
		return false
	}
	e.buf = binary.AppendUvarint(e.buf, uint64(n)+1)
	return true
}

func (e *encoder) pfloat(p *float64) {
	if e.present(p != nil) {
		e.float(*p)
	}
}

func (e *encoder) stats(s *analysis.Stats) {
	if e.present(s != nil) {
		e.float(s.Mean)
		e.float(s.Median)
		e.float(s.P10)
		e.float(s.P90)
		e.int(s.Samples)
	}
}

func (e *encoder) paceBands(bs []analysis.PaceBand) {
	if e.list(bs == nil, len(bs)) {
		for _, b := range bs {
			e.float(b.FromSPerKm)
			e.float(b.ToSPerKm)
			e.float(b.Seconds)
			e.float(b.MedianSPM)
			e.float(b.StepM)
		}
	}
}

// time writes t as its Unix seconds, nanoseconds and zone offset in seconds: what
// its RFC 3339 form keeps. JSON cannot hold a year outside 0-9999 or an offset of odd
// seconds (RFC 3339 has minutes only).
func (e *encoder) time(t *time.Time) {
	if !e.present(t != nil) {
		return
	}
	_, off := t.Zone()
	if y := t.Year(); y < 0 || y > 9999 || off%60 != 0 || off <= -24*3600 || off >= 24*3600 {
		e.bad = true
	}
	e.buf = binary.AppendVarint(e.buf, t.Unix())
	e.buf = binary.AppendUvarint(e.buf, uint64(t.Nanosecond()))
	e.buf = binary.AppendVarint(e.buf, int64(off))
}

type decoder struct {
	buf []byte
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("stored result cut short or damaged (%s)", what)
	}
	d.buf = nil
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.fail("number")
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

func (d *decoder) int() int {
	v, n := binary.Varint(d.buf)
	if n <= 0 || v != int64(int(v)) {
		d.fail("number")
		return 0
	}
	d.buf = d.buf[n:]
	return int(v)
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.buf)) {
		d.fail("text")
		return ""
	}
	s := string(d.buf[:n])
	d.buf = d.buf[n:]
	return s
}

func (d *decoder) float() float64 {
	if len(d.buf) < 8 {
		d.fail("number")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.buf))
	d.buf = d.buf[8:]
	return v
}

func (d *decoder) bool() bool {
	if len(d.buf) < 1 || d.buf[0] > 1 {
		d.fail("flag")
		return false
	}
	v := d.buf[0] == 1
	d.buf = d.buf[1:]
	return v
}

func (d *decoder) present() bool { return d.bool() }

// list reads a list's length and whether it is set; minSize is the fewest bytes an
// element takes, which bounds the length by what is left, so that a damaged length
// cannot ask for a huge allocation.
func (d *decoder) list(minSize int) (int, bool) {
	v := d.uvarint()
	if v == 0 {
		return 0, false
	}
	n := v - 1
	if n > uint64(len(d.buf)/minSize) {
		d.fail("list")
		return 0, false
	}
	return int(n), true
}

func (d *decoder) pfloat() *float64 {
	if !d.present() {
		return nil
	}
	v := d.float()
	return &v
}

func (d *decoder) stats() *analysis.Stats {
	if !d.present() {
		return nil
	}
	return &analysis.Stats{Mean: d.float(), Median: d.float(), P10: d.float(), P90: d.float(), Samples: d.int()}
}

func (d *decoder) paceBands() []analysis.PaceBand {
	n, ok := d.list(5 * 8)
	if !ok {
		return nil
	}
	bs := make([]analysis.PaceBand, n)
	for i := range bs {
		b := &bs[i]
		b.FromSPerKm, b.ToSPerKm, b.Seconds, b.MedianSPM, b.StepM = d.float(), d.float(), d.float(), d.float(), d.float()
	}
	return bs
}

// time reads a start time and gives it the location time.Parse gives its RFC 3339
// form: UTC for offset zero, the local zone where that has the offset at that time,
// else a fixed zone without a name.
func (d *decoder) time() *time.Time {
	if !d.present() {
		return nil
	}
	sec, n := binary.Varint(d.buf)
	if n <= 0 {
		d.fail("time")
		return nil
	}
	d.buf = d.buf[n:]
	ns := d.uvarint()
	off := d.int()
	if d.err != nil || ns >= 1e9 || off%60 != 0 || off <= -24*3600 || off >= 24*3600 {
		d.fail("time")
		return nil
	}
	t := time.Unix(sec, int64(ns))
	switch {
	case off == 0:
		t = t.UTC()
	default:
		if _, lo := t.In(time.Local).Zone(); lo == off {
			t = t.In(time.Local)
		} else {
			t = t.In(time.FixedZone("", off))
		}
	}
	return &t
}
