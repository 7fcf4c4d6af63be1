package ingest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"

	"github.com/cadence-run/cadence/history"
)

// Digest names everything the batch holds, in order: each input's name, athlete
// and bytes (its SHA256), its error or the reason it was skipped, and every result
// as the history would store it (without series), the copies, spikes and names
// from side files included. Two batches of one digest give every command the same
// output on the same day with the same options, which lets a report over an
// unchanged folder find its pages in place without rendering them. ok is false when
// a result holds what the history cannot (a NaN), and so has no digest.
func (b *Batch) Digest() (digest string, ok bool) {
	h := sha256.New()
	var buf []byte
	str := func(s string) {
		buf = binary.AppendUvarint(buf[:0], uint64(len(s)))
		buf = append(buf, s...)
		h.Write(buf)
	}
	for _, it := range b.Items {
		str(it.Name)
		str(it.Athlete)
		str(it.SHA256)
		if it.Err != nil {
			str("err:" + it.Err.Error())
		} else {
			str("")
		}
		if it.Skip != nil {
			str("skip:" + it.Skip.Reason)
		} else {
			str("")
		}
		buf = binary.AppendUvarint(buf[:0], uint64(len(it.Results)))
		h.Write(buf)
		for _, r := range it.Results {
			var err error
			if buf, err = history.AppendResult(buf[:0], r); err != nil {
				return "", false
			}
			h.Write(binary.AppendUvarint(nil, uint64(len(buf))))
			h.Write(buf)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), true
}
