package fitfast

// This file reads developer data: the developer_data_id and field_description
// messages, handed to the Listener as muktihari's decoder decodes them, and the
// developer fields of record messages that the Listener asks for (Listener.DevSlot).

import (
	"encoding/binary"
	"math"

	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// MaxDev is the number of developer fields of a record that a Listener can read.
const MaxDev = 4

// A FieldDescription holds what a Listener reads of a field_description message: the
// developer field it describes and how its values are written. A field the message
// lacks is its invalid value (0xFF, or 0x7F for Offset) or nil.
type FieldDescription struct {
	Index, Num, BaseType uint8    // developer_data_index, field_definition_number, fit_base_type_id
	Scale                uint8    // scale
	Offset               int8     // offset
	Name, Units          []string // field_name and units, as muktihari's decoder splits them
}

// A fastDev is a developer field of a definition: its developer data index and
// field number, its place in the message, and the Listener's slot for it (-1: none).
type fastDev struct {
	index, num uint8
	off, size  int
	slot       int
	bt         basetype.BaseType
}

// devFields adds the fields of the developer data messages that Decode reads to t.
func devFields(t *[fkCount][256]uint8) {
	t[fkFieldDesc][fieldnum.FieldDescriptionFieldName] = fsDescName
	t[fkFieldDesc][fieldnum.FieldDescriptionUnits] = fsDescUnits
	t[fkFieldDesc][fieldnum.FieldDescriptionScale] = fsDescScale
	t[fkFieldDesc][fieldnum.FieldDescriptionOffset] = fsDescOffset
	t[fkDevDataID][fieldnum.DeveloperDataIdApplicationId] = fsDevApp
	t[fkDevDataID][fieldnum.DeveloperDataIdManufacturerId] = fsDevMf
	t[fkDevDataID][fieldnum.DeveloperDataIdDeveloperDataIndex] = fsDevIndex
}

// profileValue decodes b, field num of message mesg, as muktihari's decoder decodes
// a field of the profile at least as long as its base type.
func profileValue(mesg typedef.MesgNum, num byte, b []byte, be bool) proto.Value {
	f := factory.StandardFactory().CreateField(mesg, num)
	arch := byte(proto.LittleEndian)
	if be {
		arch = proto.BigEndian
	}
	v, _ := proto.UnmarshalValue(b, arch, f.BaseType, f.Type, f.Array)
	return v
}

// fieldDescription hands a field_description message m to l, and marks every
// definition's developer fields to be matched to l's slots again.
func (fd *Decoder) fieldDescription(l Listener, d *fastDef, m []byte) {
	r := &fd.desc
	*r = FieldDescription{Index: d.byteOf(m, fsDescIndex), Num: d.byteOf(m, fsDescNum), BaseType: d.byteOf(m, fsDescType),
		Scale: d.byteOf(m, fsDescScale), Offset: math.MaxInt8}
	if s := d.slot(fsDescOffset); s != nil {
		r.Offset = int8(m[s.off])
	}
	if s := d.slot(fsDescName); s != nil {
		r.Name = profileValue(mesgnum.FieldDescription, fieldnum.FieldDescriptionFieldName, m[s.off:s.off+s.size], d.be).SliceString()
	}
	if s := d.slot(fsDescUnits); s != nil {
		r.Units = profileValue(mesgnum.FieldDescription, fieldnum.FieldDescriptionUnits, m[s.off:s.off+s.size], d.be).SliceString()
	}
	l.FieldDescription(r)
	fd.devGen++
}

// developerDataID hands a developer_data_id message m to l.
func (fd *Decoder) developerDataID(l Listener, d *fastDef, m []byte) {
	var app []byte
	if s := d.slot(fsDevApp); s != nil {
		app = profileValue(mesgnum.DeveloperDataId, fieldnum.DeveloperDataIdApplicationId, m[s.off:s.off+s.size], d.be).SliceUint8()
	}
	mf := uint16(math.MaxUint16)
	if s := d.slot(fsDevMf); s != nil {
		mf = fastU16(m[s.off:], d.be)
	}
	l.DeveloperDataID(d.byteOf(m, fsDevIndex), app, mf)
}

// devRecord reads the developer fields of record m that l asks for into fd.rec.Dev.
// It declines a record where such a field is not exactly one value of its base type
// (muktihari's decoder pads a short one and reads a long one as an array).
func (fd *Decoder) devRecord(l Listener, d *fastDef, m []byte) bool {
	if d.devGen != fd.devGen {
		d.read = d.read[:0]
		for i := range d.devs {
			dv := &d.devs[i]
			slot, bt := l.DevSlot(dv.index, dv.num)
			dv.slot, dv.bt = slot, basetype.BaseType(bt)
			if slot < 0 {
				continue
			}
			if slot >= MaxDev || dv.size != int(dv.bt.Size()) {
				return fd.decline("a developer field not of its base type's size")
			}
			d.read = append(d.read, *dv)
		}
		d.devGen = fd.devGen
	}
	r := &fd.rec
	for i := range d.read {
		dv := &d.read[i]
		f := m[dv.off : dv.off+dv.size]
		var bits uint64
		switch dv.size {
		case 1:
			bits = uint64(f[0])
		case 2:
			bits = uint64(fastU16(f, d.be))
		case 4:
			bits = uint64(fastU32(f, d.be))
		case 8:
			if d.be {
				bits = binary.BigEndian.Uint64(f)
			} else {
				bits = binary.LittleEndian.Uint64(f)
			}
		default:
			return fd.decline("a developer field of an unexpected size")
		}
		r.Dev[dv.slot] = bits
		r.DevSet |= 1 << dv.slot
	}
	return true
}

// ValueBits returns the bits of a numeric value as Record.Dev holds them (zero-extended
// from the value's size), and false for any other value.
func ValueBits(v proto.Value) (uint64, bool) {
	switch v.Type() {
	case proto.TypeInt8:
		return uint64(uint8(v.Int8())), true
	case proto.TypeUint8:
		return uint64(v.Uint8()), true
	case proto.TypeInt16:
		return uint64(uint16(v.Int16())), true
	case proto.TypeUint16:
		return uint64(v.Uint16()), true
	case proto.TypeInt32:
		return uint64(uint32(v.Int32())), true
	case proto.TypeUint32:
		return uint64(v.Uint32()), true
	case proto.TypeInt64:
		return uint64(v.Int64()), true
	case proto.TypeUint64:
		return v.Uint64(), true
	case proto.TypeFloat32:
		return uint64(math.Float32bits(v.Float32())), true
	case proto.TypeFloat64:
		return math.Float64bits(v.Float64()), true
	}
	return 0, false
}
