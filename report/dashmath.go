package report

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/cadence-run/cadence/analysis"
	"gonum.org/v1/plot"
)

// Numbers behind the panels: runs of samples, rolling medians, tick marks and the
// way numbers, paces and durations are written.

// dashRuns splits the samples (times in xs, ascending) into runs [from, to) that a
// smoothed line may join: the segment stays the same and no gap exceeds maxGap.
func dashRuns(xs []float64, segs []int, maxGap float64) [][2]int {
	var out [][2]int
	start := 0
	for i := 1; i <= len(xs); i++ {
		if i == len(xs) || segs[i] != segs[i-1] || xs[i]-xs[i-1] > maxGap {
			out = append(out, [2]int{start, i})
			start = i
		}
	}
	return out
}

// dashRollingMedian returns the median of ys over the window xs[i]±half around each
// sample, as analysis.Quantile(window, 0.5) gives it; xs ascends and ys are finite.
// It takes O(n·w) time for windows of at most dashSmallWindow samples, the usual case,
// and O(n log n) however many samples share a window (a file with every record at
// one timestamp has them all in one).
func dashRollingMedian(xs, ys []float64, half float64) []float64 {
	widest, lo := 0, 0
	for hi := range xs {
		for xs[lo] < xs[hi]-2*half {
			lo++
		}
		widest = max(widest, hi-lo+1)
	}
	if widest <= dashSmallWindow {
		return dashMedianSorted(xs, ys, half)
	}
	return dashMedianRanks(xs, ys, half)
}

// dashSmallWindow is the most samples in a window for which dashRollingMedian keeps
// the window as a sorted slice: inserting and removing by copying are then faster
// than the rank tree, and there are about 30 in the 30 s of a 1 Hz recording.
const dashSmallWindow = 256

// dashMedianSorted is dashRollingMedian with the window as a sorted slice: O(w) to
// add or remove a sample.
func dashMedianSorted(xs, ys []float64, half float64) []float64 {
	out := make([]float64, len(ys))
	win := make([]float64, 0, 64) // the window's values, sorted
	lo, hi := 0, 0
	for i := range xs {
		for hi < len(xs) && xs[hi] <= xs[i]+half {
			k := sort.SearchFloat64s(win, ys[hi])
			win = append(win, 0)
			copy(win[k+1:], win[k:])
			win[k] = ys[hi]
			hi++
		}
		for lo < i && xs[lo] < xs[i]-half {
			k := sort.SearchFloat64s(win, ys[lo])
			win = append(win[:k], win[k+1:]...)
			lo++
		}
		out[i] = analysis.Quantile(win, 0.5)
	}
	return out
}

// dashMedianRanks is dashRollingMedian with the window as a set of ranks in a
// Fenwick tree: O(log n) to add or remove a sample and to find the middle.
func dashMedianRanks(xs, ys []float64, half float64) []float64 {
	n := len(ys)
	out := make([]float64, n)
	// sorted holds the values in order; rank[j] is the place of ys[j] in it, equal
	// values taking the places of their run in turn.
	sorted := slices.Clone(ys)
	slices.Sort(sorted)
	rank := make([]int32, n)
	taken := make([]int32, n) // at the first place of each run of equal values
	for j, y := range ys {
		k := sort.SearchFloat64s(sorted, y)
		rank[j] = int32(k) + taken[k]
		taken[k]++
	}
	var win dashRankSet
	win.init(n)
	lo, hi := 0, 0
	for i := range xs {
		for hi < n && xs[hi] <= xs[i]+half {
			win.add(int(rank[hi]), 1)
			hi++
		}
		for lo < i && xs[lo] < xs[i]-half {
			win.add(int(rank[lo]), -1)
			lo++
		}
		// analysis.Quantile(window, 0.5), reading the window's k-th smallest value
		// from the tree.
		m := win.count
		h := 0.5 * float64(m-1)
		k := int(math.Floor(h))
		a := sorted[win.nth(k)]
		if k+1 >= m {
			out[i] = a
			continue
		}
		b := sorted[win.nth(k+1)]
		out[i] = a + (h-float64(k))*(b-a)
	}
	return out
}

// dashRankSet is a multiset of ranks 0..n-1 in a Fenwick tree: adding or removing a
// rank and finding the k-th smallest each take O(log n).
type dashRankSet struct {
	tree  []int32 // tree[i] counts the ranks in (i - i&-i, i], 1-based
	top   int     // the largest power of two not above len(tree)-1
	count int
}

// init empties the set for ranks below n.
func (s *dashRankSet) init(n int) {
	s.tree = make([]int32, n+1)
	s.top = 1
	for s.top*2 <= n {
		s.top *= 2
	}
	s.count = 0
}

// add adds d (1 or -1) copies of rank r.
func (s *dashRankSet) add(r, d int) {
	s.count += d
	for i := r + 1; i < len(s.tree); i += i & -i {
		s.tree[i] += int32(d)
	}
}

// nth returns the k-th smallest rank in the set, counting from 0; k < s.count.
func (s *dashRankSet) nth(k int) int {
	pos, rest := 0, int32(k)
	for step := s.top; step > 0; step /= 2 {
		if next := pos + step; next < len(s.tree) && s.tree[next] <= rest {
			pos = next
			rest -= s.tree[next]
		}
	}
	return pos // the 1-based index pos+1 holds it, so rank pos
}

// dashDT returns the time sample i stands for: the interval before it, up to
// analysis.MaxGapS, as the analysis counts it.
func dashDT(pts []analysis.Point, i int) float64 {
	if i == 0 {
		return 0
	}
	dt := pts[i].T - pts[i-1].T
	if !(dt > 0) || dt > analysis.MaxGapS {
		return 0
	}
	return dt
}

// dashTicks returns a ticker with major ticks at the smallest of the steps that gives
// at most maxN ticks between lo and hi.
func dashTicks(lo, hi float64, steps []float64, maxN int, format func(float64, float64) string) plot.Ticker {
	return plot.TickerFunc(func(min, max float64) []plot.Tick {
		step := steps[len(steps)-1]
		for _, s := range steps {
			if (max-min)/s <= float64(maxN) {
				step = s
				break
			}
		}
		for (max-min)/step > float64(maxN)*4 { // beyond the list: keep the count sane
			step *= 10
		}
		var ticks []plot.Tick
		for k := math.Ceil(min/step - 1e-9); k*step <= max+step*1e-9; k++ {
			v := k * step
			if v == 0 {
				v = 0 // not -0
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: format(v, step)})
		}
		return ticks
	})
}

// dashIntLabel formats a tick as a whole number.
func dashIntLabel(v, _ float64) string { return fmt.Sprintf("%.0f", v) }

// dashNumLabel formats a tick with as many decimals as its step needs.
func dashNumLabel(v, step float64) string {
	dec := 0
	for s := step; s < 0.999 && dec < 4; s *= 10 {
		dec++
	}
	return fmt.Sprintf("%.*f", dec, v)
}

// dashPaceLabel formats a pace in minutes as m:ss.
func dashPaceLabel(v, _ float64) string {
	s := int(math.Round(v * 60))
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// dashClock formats seconds as h:mm:ss.
func dashClock(s float64) string {
	n := int(math.Round(s))
	return fmt.Sprintf("%d:%02d:%02d", n/3600, n/60%60, n%60)
}

// dashDuration formats seconds as "42 min" or "1 h 05 min".
func dashDuration(s float64) string {
	m := int(math.Round(s / 60))
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

// dashNum formats a number with one decimal, or none when it is whole.
func dashNum(v float64) string {
	if math.Abs(v-math.Round(v)) < 0.05 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// dashFinite reports whether v is a number and not infinite.
func dashFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
