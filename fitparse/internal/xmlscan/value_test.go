package xmlscan

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestTime checks Time, its fast path and its fallback layouts, and that the fast path
// agrees with time.Parse wherever both accept the input.
func TestTime(t *testing.T) {
	base := float64(time.Date(2021, 4, 16, 13, 37, 53, 0, time.UTC).Unix())
	for in, want := range map[string]float64{
		"2021-04-16T13:37:53Z":            base,
		" 2021-04-16T13:37:53.250Z\n":     base + 0.25,
		"2021-04-16T13:37:53.000Z":        base,
		"2021-04-16T15:37:53+02:00":       base,
		"2021-04-16T15:37:53.5+0200":      base + 0.5,
		"2021-04-16T11:37:53-02":          base,
		"2021-04-16T13:37:53":             base,
		"2021-04-16 13:37:53":             base,
		"2021-04-16T13:37:53.123456789Z":  base + 0.123456789,
		"2021-04-16T13:37:53,5Z":          base + 0.5,
		"2000-02-29T00:00:00Z":            951782400,
		"1970-01-01T00:00:00Z":            0,
		"0000-01-01T00:00:00Z":            -62167219200,
		"2021-04-16T13:37:53.250 Z":       math.NaN(),
		"2021-02-29T00:00:00Z":            math.NaN(),
		"2021-04-16T24:00:00Z":            math.NaN(),
		"2021-04-16":                      math.NaN(),
		"yesterday":                       math.NaN(),
		"":                                math.NaN(),
		"2021-04-16T13:37:53.Z":           math.NaN(),
		"2021-04-16T13:37:53+02:00:00":    math.NaN(),
		"2021-04-16T13:37:53Z trailing":   math.NaN(),
		"2021-04-16T13:37:53.25+02:00":    base - 7200 + 0.25,
		"2021-04-16T13:37:53.0000000001Z": base,
	} {
		got := Time(in)
		if math.IsNaN(want) != math.IsNaN(got) || (!math.IsNaN(want) && math.Abs(got-want) > 1e-6) {
			t.Errorf("Time(%q) = %v, want %v", in, got, want)
		}
		// The fast path must agree with time.Parse wherever both accept the input.
		if tt, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(in)); err == nil {
			if ref := float64(tt.Unix()) + float64(tt.Nanosecond())/1e9; math.Abs(ref-got) > 1e-6 {
				t.Errorf("Time(%q) = %v, time.Parse gives %v", in, got, ref)
			}
		}
	}
}

// TestFloat checks Float on integers, decimals, exponents and what it rejects.
func TestFloat(t *testing.T) {
	for in, want := range map[string]float64{
		"85": 85, " -20.2 ": -20.2, "+7": 7, "1e3": 1000, "0": 0, "101.289987711843": 101.289987711843,
		"": math.NaN(), "abc": math.NaN(), "Inf": math.NaN(), "-inf": math.NaN(), "1e999": math.NaN(), "NaN": math.NaN(),
		"-": math.NaN(), "1.5.6": math.NaN(), "123456789012345678": 123456789012345678,
	} {
		got := Float(in)
		if math.IsNaN(want) != math.IsNaN(got) || (!math.IsNaN(want) && got != want) {
			t.Errorf("Float(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestDecimal checks Float's fast path for decimals against strconv on numbers
// of every length it takes, and that it leaves the others to strconv.
func TestDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		digits := 1 + rng.IntN(17)
		b := make([]byte, 0, 20)
		if rng.IntN(3) == 0 {
			b = append(b, "-+"[rng.IntN(2)])
		}
		dot := rng.IntN(digits + 1)
		for j := 0; j < digits; j++ {
			if j == dot && rng.IntN(4) != 0 {
				b = append(b, '.')
			}
			b = append(b, byte('0'+rng.IntN(10)))
		}
		want, err := strconv.ParseFloat(string(b), 64)
		got, ok := decimal(b)
		if ok != (digits <= 15) || err != nil {
			t.Fatalf("%q: ok %v, strconv error %v", b, ok, err)
		}
		if ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("decimal(%q) = %v, strconv gives %v", b, got, want)
		}
	}
	for _, s := range []string{"", ".", "-", "+.", "1.2.3", "1e5", "0x10", "1_0", " 1", "١"} {
		if v, ok := decimal(s); ok {
			t.Errorf("decimal(%q) = %v, want it left to strconv", s, v)
		}
	}
}
