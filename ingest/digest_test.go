package ingest

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/cadence-run/cadence/analysis"
)

// TestDigest checks that a batch's digest names what it holds: a rerun that takes
// every result from the history has the digest of the reading that filled it, and
// a spike, a name, an error or one result more gives another.
func TestDigest(t *testing.T) {
	h, err := OpenHistory(filepath.Join(t.TempDir(), "h.db"), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	read := func() *Batch {
		b := Read([]string{samples}, Options{Jobs: 2, History: h})
		t.Cleanup(func() { b.Close() })
		return b
	}
	cold := read()
	warm := read()
	fresh := 0
	for _, it := range warm.Items {
		if it.Fresh {
			fresh++
		}
	}
	if fresh != 0 {
		t.Fatalf("%d inputs were read again, not taken from the history", fresh)
	}
	d, ok := cold.Digest()
	if !ok || len(d) != 64 {
		t.Fatalf("digest %q, %v", d, ok)
	}
	if w, _ := warm.Digest(); w != d {
		t.Errorf("the rerun from the history has the digest %s, the reading that filled it %s", w, d)
	}
	var first *Item
	for _, it := range warm.Items {
		if len(it.Results) > 0 {
			first = it
			break
		}
	}
	r := first.Results[0]
	for what, change := range map[string]func() func(){
		"spike": func() func() {
			old := r.Spike
			r.Spike = &analysis.Spike{LongestPrior30dM: 1000, Ratio: 2, DaysKnown: 30}
			return func() { r.Spike = old }
		},
		"name": func() func() {
			old := first.Name
			first.Name += "x"
			return func() { first.Name = old }
		},
		"error": func() func() {
			first.Err = errors.New("cannot be read")
			return func() { first.Err = nil }
		},
		"one result more": func() func() {
			first.Results = append(first.Results, r)
			return func() { first.Results = first.Results[:len(first.Results)-1] }
		},
	} {
		undo := change()
		if got, _ := warm.Digest(); got == d {
			t.Errorf("%s: the digest did not change", what)
		}
		undo()
		if got, _ := warm.Digest(); got != d {
			t.Errorf("%s undone: the digest is %s, want %s", what, got, d)
		}
	}
}
