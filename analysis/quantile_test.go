package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestQuantileOfMatchesQuantile checks quantileOf against Quantile of the sorted
// values, bit for bit, on random inputs with many repeats, NaNs, runs already sorted or
// reversed, all equal, and an organ pipe; at the quantiles cadence uses.
func TestQuantileOfMatchesQuantile(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := []func(n int) []float64{
		func(n int) []float64 { // cadence-like: few distinct values
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(150 + rng.IntN(30))
			}
			return v
		},
		func(n int) []float64 { // continuous, with NaNs and infinities
			v := make([]float64, n)
			for i := range v {
				switch rng.IntN(20) {
				case 0:
					v[i] = math.NaN()
				case 1:
					v[i] = math.Inf(1 - 2*rng.IntN(2))
				default:
					v[i] = rng.NormFloat64()*10 + 170
				}
			}
			return v
		},
		func(n int) []float64 { // sorted
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(i / 3)
			}
			return v
		},
		func(n int) []float64 { // reversed
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(n - i)
			}
			return v
		},
		func(n int) []float64 { // all equal
			v := make([]float64, n)
			for i := range v {
				v[i] = 172
			}
			return v
		},
		func(n int) []float64 { // organ pipe
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(min(i, n-i))
			}
			return v
		},
	}
	qs := []float64{0, 0.005, 0.02, 0.1, 0.5, 0.9, 0.98, 0.995, 1}
	for round := range 400 {
		n := rng.IntN(200)
		if round%50 == 0 {
			n = 5000 + rng.IntN(5000)
		}
		for s, shape := range shapes {
			v := shape(n)
			sorted := slices.Clone(v)
			slices.Sort(sorted)
			for _, q := range qs {
				w := slices.Clone(v)
				got, want := quantileOf(w, q), Quantile(sorted, q)
				if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Fatalf("shape %d, n %d, q %v: quantileOf %v, Quantile %v", s, n, q, got, want)
				}
				slices.Sort(w)
				if !slices.EqualFunc(w, sorted, func(a, b float64) bool { return a == b || a != a && b != b }) {
					t.Fatalf("shape %d, n %d: quantileOf lost or changed values", s, n)
				}
			}
		}
	}
}

// BenchmarkMedian compares a sort with selection on an hour of cadence at 1 Hz.
func BenchmarkMedian(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	v := make([]float64, 3600)
	for i := range v {
		v[i] = float64(160+rng.IntN(20)) + float64(rng.IntN(128))/128
	}
	w := make([]float64, len(v))
	b.Run("sort", func(b *testing.B) {
		for b.Loop() {
			copy(w, v)
			slices.Sort(w)
			_ = Quantile(w, 0.5)
		}
	})
	b.Run("select", func(b *testing.B) {
		for b.Loop() {
			copy(w, v)
			_ = medianOf(w)
		}
	})
}
