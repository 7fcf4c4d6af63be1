package report

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// The click track format and its limits.
const (
	// MetronomeRate is the sample rate of the click track in Hz: enough for its
	// clicks (1.6 and 2.4 kHz, below half of it) and small. With 8-bit samples a
	// two-minute track is 0.96 MB (16-bit at 11,025 Hz made it 2.6 MB).
	MetronomeRate = 8000
	// MetronomeMinSPM and MetronomeMaxSPM bound the beats per minute WriteMetronome
	// accepts: below 60 is no running rhythm, above 240 is beyond a sprint.
	MetronomeMinSPM = 60
	MetronomeMaxSPM = 240
	// MetronomeMaxMinutes bounds the length of a click track (a 60-minute track is about
	// 29 MB; a few minutes, played on repeat, is plenty for blocks of 2-3 minutes).
	MetronomeMaxMinutes = 60
	// MetronomeBeatsPerBar is how often the accent falls: on the first of every 4 clicks.
	MetronomeBeatsPerBar = 4
)

// The clicks: short sine bursts with a fast attack and an exponential decay.
const (
	metClickS      = 0.015  // length of a click in seconds
	metAttackS     = 0.0005 // rise time, so a click does not pop
	metDecayS      = 0.004  // decay time constant
	metFreq        = 1600.0 // Hz, an ordinary beat
	metAccentFreq  = 2400.0 // Hz, the first beat of a bar
	metAmp         = 0.45   // of full scale, an ordinary beat
	metAccentAmp   = 0.9    // of full scale, the first beat of a bar
	metWAVHeaderSz = 44
)

// WriteMetronome writes a click track as a WAV file (PCM, 8-bit, mono, MetronomeRate Hz) to w:
// a short click at spm beats per minute for the given minutes, with a louder, higher
// accent on the first beat of every bar of 4. Beat k starts at sample
// round(k × 60/spm × MetronomeRate), so the tempo does not drift however long the track. It
// returns an error, writing nothing, unless 60 <= spm <= 240 and 0 < minutes <= 60. The
// output depends only on its arguments.
func WriteMetronome(w io.Writer, spm float64, minutes float64) error {
	if math.IsNaN(spm) || spm < MetronomeMinSPM || spm > MetronomeMaxSPM {
		return fmt.Errorf("report: metronome tempo %v beats/min is outside %d-%d", spm, MetronomeMinSPM, MetronomeMaxSPM)
	}
	if math.IsNaN(minutes) || minutes <= 0 || minutes > MetronomeMaxMinutes {
		return fmt.Errorf("report: metronome length %v minutes is outside (0, %d]", minutes, MetronomeMaxMinutes)
	}
	n := int64(math.Round(minutes * 60 * MetronomeRate))
	dataBytes := n // one byte a sample

	var h [metWAVHeaderSz]byte
	le := binary.LittleEndian
	copy(h[0:], "RIFF")
	le.PutUint32(h[4:], uint32(36+dataBytes))
	copy(h[8:], "WAVE")
	copy(h[12:], "fmt ")
	le.PutUint32(h[16:], 16)            // fmt chunk size
	le.PutUint16(h[20:], 1)             // PCM
	le.PutUint16(h[22:], 1)             // mono
	le.PutUint32(h[24:], MetronomeRate) // sample rate
	le.PutUint32(h[28:], MetronomeRate) // byte rate
	le.PutUint16(h[32:], 1)             // block align
	le.PutUint16(h[34:], 8)             // bits per sample: unsigned, 128 is silence
	copy(h[36:], "data")
	le.PutUint32(h[40:], uint32(dataBytes))
	if _, err := w.Write(h[:]); err != nil {
		return err
	}

	beat, accent := metClick(metFreq, metAmp), metClick(metAccentFreq, metAccentAmp)
	period := 60 / spm * MetronomeRate
	onset := func(k int64) int64 { return int64(math.Round(float64(k) * period)) }
	// The track is silence with a click at each onset, cut short where the next beat
	// starts: write it a chunk at a time, silent, with the clicks that fall in it.
	const chunk = 1 << 14 // samples
	buf := make([]byte, chunk)
	k := int64(0) // the first beat that may sound in the chunk
	for start := int64(0); start < n; start += chunk {
		end := min(start+chunk, n)
		b := buf[:end-start]
		for i := range b {
			b[i] = metSilence
		}
		for kk := k; ; kk++ {
			on := onset(kk)
			if on >= end {
				break
			}
			k = kk // the last beat starting before end: the only one that may go on into the next chunk
			click := beat
			if kk%MetronomeBeatsPerBar == 0 {
				click = accent
			}
			stop := min(on+int64(len(click)), onset(kk+1), end)
			for i := max(on, start); i < stop; i++ {
				b[i-start] = click[i-on]
			}
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// metSilence is the 8-bit unsigned PCM sample of silence.
const metSilence = 128

// metClick returns one click as 8-bit unsigned samples.
func metClick(freq, amp float64) []byte {
	n := int(math.Round(metClickS * MetronomeRate))
	out := make([]byte, n)
	for i := range out {
		t := float64(i) / MetronomeRate
		env := math.Exp(-t / metDecayS)
		if t < metAttackS {
			env *= t / metAttackS
		}
		// Fade the last millisecond out so the click ends at silence.
		if rest := metClickS - t; rest < 0.001 {
			env *= rest / 0.001
		}
		out[i] = byte(metSilence + math.Round(amp*env*math.Sin(2*math.Pi*freq*t)*127))
	}
	return out
}
