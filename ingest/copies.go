package ingest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"sync"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
	"github.com/cadence-run/cadence/history"
)

// Byte-identical copies of one content (the same file under Downloads/(1), or in both
// a Garmin and a Strava export) are recognised by a hash of their bytes before they
// are decoded: the history hands over what it stored of the content under another
// path, and within a batch the first worker to meet a content decodes it while the
// others wait for its results.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// contentHash names the content data: its SHA-256 in hex when there is a history,
// which keeps it; without one, where it only needs to tell copies apart within the
// batch and from one report to the next, two CRC-32s (Castagnoli and IEEE, both done
// by the processor) and the length, an eighth of the cost. The two never look alike:
// the cheap one has a prefix.
func contentHash(data []byte, forHistory bool) string {
	if forHistory {
		sum := sha256.Sum256(data)
		return hex.EncodeToString(sum[:])
	}
	var b [16]byte
	binary.BigEndian.PutUint32(b[0:], crc32.Checksum(data, castagnoli))
	binary.BigEndian.PutUint32(b[4:], crc32.ChecksumIEEE(data))
	binary.BigEndian.PutUint64(b[8:], uint64(len(data)))
	return "crc-" + hex.EncodeToString(b[:])
}

// contents is what the workers of one batch learnt of the contents they decoded. It
// holds an entry for every content until the batch is read, so an entry is small: the
// copies that wait for one wait on the one condition of all.
type contents struct {
	mu   sync.Mutex
	done sync.Cond // signalled whenever a content is published; its L is mu
	m    map[string]*content
}

// A content is one content as the first worker to meet it decoded it: published once
// results holds its activities, or none when they are not to be shared (it gave an
// error or a skip, whose words name the file, or the reader panicked). Until the batch
// is read only their series change, which copies do not take.
type content struct {
	item      *Item // whose results are shared; nil to share none
	published bool
}

// claim returns the content of hash and whether the caller is the first to meet it,
// and so must decode it and publish what it found.
func (cs *contents) claim(hash string) (*content, bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c, ok := cs.m[hash]; ok {
		return c, false
	}
	if cs.m == nil {
		cs.m = map[string]*content{}
		cs.done.L = &cs.mu
	}
	c := &content{}
	cs.m[hash] = c
	return c, true
}

// publish shares the activities of it, the first reader of c, with the copies that
// wait; ok false shares nothing, and each copy reads its own file. The item, not its
// results, is kept: the batch may set them aside on disk before a copy comes.
func (cs *contents) publish(c *content, it *Item, ok bool) {
	cs.mu.Lock()
	if ok {
		c.item = it
	}
	c.published = true
	cs.mu.Unlock()
	cs.done.Broadcast()
}

// fill waits for the first reader of c and gives it a copy of its results, named
// name: each goes through the form the history keeps, so that a copy is what the
// history would give. It returns false if there is nothing to take.
func (cs *contents) fill(c *content, it *Item, name string, sp *spill) bool {
	cs.mu.Lock()
	for !c.published {
		cs.done.Wait()
	}
	first := c.item
	cs.mu.Unlock()
	if first == nil {
		return false
	}
	results, err := sp.raw(first)
	if err != nil || len(results) == 0 {
		return false
	}
	rs := make([]*analysis.Result, 0, len(results))
	for _, orig := range results {
		r, err := history.Clone(orig)
		if err != nil {
			return false
		}
		r.File = name
		compact(r)
		rs = append(rs, r)
	}
	it.results = rs
	return true
}

// copyStored fills it from what the history stored of the same content under another
// input, and records it under in's key too; false if the history has no such content.
func (h *historyUse) copyStored(it *Item, in fitparse.Input, athlete string, store *history.Store) bool {
	from, ok := h.bySHA[it.SHA256]
	if !ok || from == in.ID.Key {
		return false
	}
	rec := history.Record{Stamp: stampOf(in.ID), SHA256: it.SHA256, Analysis: h.fp, Athlete: athlete}
	copied, err := store.Copy(in.ID.Key, rec, from)
	if err != nil {
		h.fail(err)
		return false
	}
	return copied && remembered(it, in, store, rec, h)
}
