package history

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
)

// FuzzDecodeResult checks that any bytes in the result column give a Result or an
// error, never a panic or a huge allocation, and that a Result it gives is stored and
// read back the same.
func FuzzDecodeResult(f *testing.F) {
	good, err := encodeResult(sampleResult("/runs/a.fit", 0))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(`{"file":"/r/a.fit","sport":"running"}`))
	f.Add([]byte{codecMagic, codecVersion, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := decodeResult(data)
		if err != nil {
			return
		}
		enc, err := encodeResult(r)
		if err != nil {
			return // a NaN from arbitrary bits, say: not stored
		}
		back, err := decodeResult(enc)
		if err != nil || !reflect.DeepEqual(back, r) {
			t.Fatalf("re-encoded result reads back as %+v, %v; want %+v", back, err, r)
		}
	})
}

// TestDecodeResultDamaged checks that a cut or damaged result is an error.
func TestDecodeResultDamaged(t *testing.T) {
	good, err := encodeResult(sampleResult("/runs/a.fit", 0))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := decodeResult(good); err != nil || r.Name != "Sunday long run" || *r.DistanceM != 13012.5 {
		t.Fatalf("decode = %+v, %v", r, err)
	}
	for _, bad := range [][]byte{nil, good[:1], good[:len(good)-1], append(append([]byte{}, good...), 0),
		append([]byte{codecMagic, codecVersion + 1}, good[2:]...), []byte("[1,2]")} {
		if r, err := decodeResult(bad); err == nil {
			t.Errorf("decodeResult(%x) = %+v, want an error", bad, r)
		}
	}
}

// fill sets every field v holds, recursively, to a value that is not its zero:
// strings name their field, numbers count up, pointers and lists hold one filled
// value.
func fill(v reflect.Value, name string, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(name)
	case reflect.Int:
		v.SetInt(int64(*n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.25)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		if v.Type() == reflect.TypeOf((*time.Time)(nil)) {
			t := time.Date(2025, 4, 5, 6, 7, 8, 9, time.UTC)
			v.Set(reflect.ValueOf(&t))
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), name, n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), name, n)
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.Name != "Series" && f.Name != "Athlete" {
				fill(v.Field(i), name+"."+f.Name, n)
			}
		}
	default:
		panic("fill: no rule for " + v.Type().String() + " in " + name)
	}
}

// TestCodecHoldsEveryField fills every field of a Result (but its series) and checks
// that the store gives all of it back: a field added to analysis.Result, or to a type
// it holds, fails here until codec.go writes it (and codecVersion is bumped).
func TestCodecHoldsEveryField(t *testing.T) {
	r := new(analysis.Result)
	n := 0
	fill(reflect.ValueOf(r).Elem(), "r", &n)
	back, err := Clone(r)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, r) {
		a, _ := json.Marshal(r)
		b, _ := json.Marshal(back)
		t.Errorf("a Result with every field set comes back as\n%s\nwant\n%s", b, a)
	}
	if n < 80 {
		t.Errorf("only %d fields filled", n)
	}
}
