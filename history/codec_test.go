package history

import (
	"reflect"
	"testing"
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
