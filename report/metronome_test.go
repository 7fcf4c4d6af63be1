package report

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

// metWAV is a click track read back from its bytes.
type metWAV struct {
	format, channels, bits uint16
	rate, byteRate         uint32
	blockAlign             uint16
	riffSize, dataSize     uint32
	samples                []int16
}

func metRead(t *testing.T, b []byte) metWAV {
	t.Helper()
	if len(b) < 44 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" || string(b[12:16]) != "fmt " || string(b[36:40]) != "data" {
		t.Fatalf("not a canonical 44-byte-header WAV: % x", b[:min(len(b), 44)])
	}
	le := binary.LittleEndian
	w := metWAV{
		riffSize: le.Uint32(b[4:]), format: le.Uint16(b[20:]), channels: le.Uint16(b[22:]),
		rate: le.Uint32(b[24:]), byteRate: le.Uint32(b[28:]), blockAlign: le.Uint16(b[32:]),
		bits: le.Uint16(b[34:]), dataSize: le.Uint32(b[40:]),
	}
	if fmtSize := le.Uint32(b[16:]); fmtSize != 16 {
		t.Errorf("fmt chunk size %d, want 16", fmtSize)
	}
	data := b[44:]
	if int(w.dataSize) != len(data) || int(w.riffSize) != len(b)-8 {
		t.Fatalf("sizes: data %d (have %d), RIFF %d (have %d)", w.dataSize, len(data), w.riffSize, len(b)-8)
	}
	// 8-bit unsigned samples, scaled to 16-bit so that the checks read full scale as 32767.
	w.samples = make([]int16, len(data))
	for i := range w.samples {
		w.samples[i] = int16(int(data[i])-128) * 256
	}
	return w
}

// metClicks finds the click onsets (the first sample whose magnitude reaches 1000, about
// 3% of full scale, after at least 50 ms of quiet) and each click's peak magnitude.
func metClicks(s []int16) (onsets []int, peaks []int) {
	const thresh = 1000
	quiet := MetronomeRate / 20
	last := -quiet
	for i, v := range s {
		a := int(v)
		if a < 0 {
			a = -a
		}
		if a >= thresh && i-last >= quiet {
			onsets = append(onsets, i)
			peaks = append(peaks, 0)
		}
		if a >= thresh {
			last = i
		}
		if len(peaks) > 0 && i-onsets[len(onsets)-1] < quiet && a > peaks[len(peaks)-1] {
			peaks[len(peaks)-1] = a
		}
	}
	return onsets, peaks
}

func TestWriteMetronome(t *testing.T) {
	for _, tc := range []struct{ spm, minutes float64 }{{164, 0.5}, {170, 1}, {163.5, 0.25}, {60, 0.1}, {240, 0.2}} {
		var buf bytes.Buffer
		if err := WriteMetronome(&buf, tc.spm, tc.minutes); err != nil {
			t.Fatalf("WriteMetronome(%v, %v): %v", tc.spm, tc.minutes, err)
		}
		w := metRead(t, buf.Bytes())
		if w.format != 1 || w.channels != 1 || w.rate != 8000 || w.bits != 8 || w.byteRate != 8000 || w.blockAlign != 1 {
			t.Errorf("%v spm: header format %d channels %d rate %d bits %d byteRate %d align %d, want PCM mono 8000 Hz 8-bit",
				tc.spm, w.format, w.channels, w.rate, w.bits, w.byteRate, w.blockAlign)
		}
		wantN := int(math.Round(tc.minutes * 60 * MetronomeRate))
		if len(w.samples) != wantN {
			t.Errorf("%v spm, %v min: %d samples, want %d", tc.spm, tc.minutes, len(w.samples), wantN)
		}

		onsets, peaks := metClicks(w.samples)
		period := 60 / tc.spm * MetronomeRate
		// A click starting in the last 8 ms may be cut before it is loud enough to see.
		wantClicks := 0
		for k := 0; math.Round(float64(k)*period) < float64(wantN); k++ {
			if math.Round(float64(k)*period) < float64(wantN-MetronomeRate*8/1000) {
				wantClicks++
			}
		}
		if len(onsets) != wantClicks && len(onsets) != wantClicks+1 {
			t.Fatalf("%v spm, %v min: %d clicks, want %d", tc.spm, tc.minutes, len(onsets), wantClicks)
		}
		// Each onset sits within 1 ms of k × 60/spm s: no drift over the track.
		for k, on := range onsets {
			if d := float64(on) - float64(k)*period; d < 0 || d > MetronomeRate/1000 {
				t.Errorf("%v spm: click %d at sample %d, want %.1f (+0..1 ms)", tc.spm, k, on, float64(k)*period)
				break
			}
		}
		// Successive clicks are 60/spm s apart, within 0.8 ms (the louder accent crosses
		// the detection threshold a few samples sooner than an ordinary click).
		for k := 1; k < len(onsets); k++ {
			if d := float64(onsets[k]-onsets[k-1]) - period; math.Abs(d) > MetronomeRate*0.0008 {
				t.Errorf("%v spm: clicks %d and %d are %d samples apart, want %.1f", tc.spm, k-1, k, onsets[k]-onsets[k-1], period)
				break
			}
		}
		// The first of every 4 clicks is the louder accent.
		accMin, accMax, beatMin, beatMax := math.MaxInt, 0, math.MaxInt, 0
		for k, p := range peaks[:wantClicks] {
			if k%4 == 0 {
				accMin, accMax = min(accMin, p), max(accMax, p)
			} else {
				beatMin, beatMax = min(beatMin, p), max(beatMax, p)
			}
		}
		if wantClicks > 4 {
			if float64(accMin) < 1.6*float64(beatMax) || beatMin < 8000 || accMax > math.MaxInt16 {
				t.Errorf("%v spm: accent peaks %d-%d, other clicks %d-%d: want every accent at least 1.6 times louder", tc.spm, accMin, accMax, beatMin, beatMax)
			}
			if tc.spm == 164 {
				t.Logf("peaks: accents %d-%d, other clicks %d-%d of 32767", accMin, accMax, beatMin, beatMax)
			}
		}
		// Between clicks the track is silent.
		if k := len(onsets); k > 1 {
			for i := onsets[0] + MetronomeRate/50; i < int(math.Round(period)); i++ {
				if w.samples[i] != 0 {
					t.Errorf("%v spm: sample %d between clicks is %d, want silence", tc.spm, i, w.samples[i])
					break
				}
			}
		}
	}
}

func TestWriteMetronomeDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteMetronome(&a, 168, 0.2); err != nil {
		t.Fatal(err)
	}
	if err := WriteMetronome(&b, 168, 0.2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two click tracks with the same arguments differ")
	}
}

func TestWriteMetronomeInvalid(t *testing.T) {
	for _, tc := range []struct{ spm, minutes float64 }{
		{59.9, 1}, {240.1, 1}, {0, 1}, {-170, 1}, {math.NaN(), 1}, {math.Inf(1), 1},
		{170, 0}, {170, -1}, {170, 60.01}, {170, math.NaN()}, {170, math.Inf(1)},
	} {
		var buf bytes.Buffer
		err := WriteMetronome(&buf, tc.spm, tc.minutes)
		if err == nil {
			t.Errorf("WriteMetronome(%v, %v): no error", tc.spm, tc.minutes)
			continue
		}
		if buf.Len() != 0 {
			t.Errorf("WriteMetronome(%v, %v) wrote %d bytes before failing", tc.spm, tc.minutes, buf.Len())
		}
		t.Logf("WriteMetronome(%v, %v): %v", tc.spm, tc.minutes, err)
	}
	for _, tc := range []struct{ spm, minutes float64 }{{60, 60}, {240, 0.001}} {
		if err := WriteMetronome(&metDiscard{}, tc.spm, tc.minutes); err != nil {
			t.Errorf("WriteMetronome(%v, %v): %v, want it accepted", tc.spm, tc.minutes, err)
		}
	}
}

// metDiscard counts and drops what is written.
type metDiscard struct{ n int64 }

func (d *metDiscard) Write(p []byte) (int, error) { d.n += int64(len(p)); return len(p), nil }
