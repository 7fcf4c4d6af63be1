package ingest

import (
	"fmt"
	"slices"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
)

// Series gives each of rs, activities of input i, its series again where Read did not
// keep it: the input is read and analysed once more, as Read analysed it. It is safe
// to call for different inputs at once.
func (b *Batch) Series(i int, rs []*analysis.Result) error {
	if !slices.ContainsFunc(rs, func(r *analysis.Result) bool { return r.Series == nil }) {
		return nil
	}
	ld, err := b.inputs[i].Load()
	defer ld.Release()
	if err != nil {
		return err
	}
	var acts []*activity.Activity
	if acts, err = ld.Parse(); err != nil {
		return err
	}
	for _, r := range rs {
		if r.Series != nil {
			continue
		}
		var fresh *analysis.Result
		for _, a := range acts {
			if a.Index == r.Index {
				fresh = analysis.Analyze(a, b.opt)
			}
		}
		if fresh == nil {
			return fmt.Errorf("activity %d is no longer in the file", r.Index)
		}
		r.Series = fresh.Series
	}
	return nil
}
