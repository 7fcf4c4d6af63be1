package analysis

import (
	"math"
	"math/bits"
	"slices"
)

// quantileOf returns Quantile(v sorted, q), bit for bit, without sorting v: it selects
// the two order statistics Quantile interpolates between, in linear time, and leaves v
// reordered. NaNs order first, as slices.Sort puts them.
func quantileOf(v []float64, q float64) float64 {
	n := len(v)
	if n == 0 {
		return math.NaN()
	}
	h := q * float64(n-1)
	lo := int(math.Floor(h))
	if lo+1 >= n {
		selectNth(v, n-1)
		return v[n-1]
	}
	selectNth(v, lo)
	a, b := v[lo], v[lo+1]
	for _, x := range v[lo+2:] { // the least of those after v[lo]: the next order statistic
		if nanLess(x, b) {
			b = x
		}
	}
	return a + (h-float64(lo))*(b-a)
}

// medianOf is quantileOf(v, 0.5).
func medianOf(v []float64) float64 { return quantileOf(v, 0.5) }

// nanLess orders float64s as slices.Sort does: NaN before every number.
func nanLess(a, b float64) bool { return a < b || (a != a && b == b) }

// selectNth reorders v so that v[k] is the value a sort would put there, everything
// before it no greater and everything after it no less (Hoare's selection, with a
// median-of-three pivot). Where the pivots keep going wrong, as an input built to
// defeat them would make them, it sorts what is left instead, so that it never takes
// more than O(n log n).
func selectNth(v []float64, k int) {
	lo, hi := 0, len(v)-1
	budget := 2*bits.Len(uint(len(v))) + 4
	for hi > lo {
		if budget == 0 {
			slices.Sort(v[lo : hi+1])
			return
		}
		budget--
		mid := lo + (hi-lo)/2
		a, b, c := v[lo], v[mid], v[hi]
		// The median of three as the pivot.
		if nanLess(b, a) {
			a, b = b, a
		}
		if nanLess(c, b) {
			b = c
			if nanLess(b, a) {
				b = a
			}
		}
		pivot := b
		i, j := lo, hi
		for i <= j {
			for nanLess(v[i], pivot) {
				i++
			}
			for nanLess(pivot, v[j]) {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default: // j < k < i: v[k] equals the pivot and is in place
			return
		}
	}
}
