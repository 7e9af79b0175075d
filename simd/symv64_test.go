package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// SymvLower64 equals its twin on every path, for orders around the four-row strips,
// strides wider than the order and NaN above the diagonal (never read as values), and
// leaves the guard band after y alone.
func TestSymvLower64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(71, 72))
		for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 12, 13, 16, 31, 32, 33, 36, 64, 67} {
			for _, pad := range []int{0, 3} {
				lda := n + pad
				a := make([]float64, n*lda)
				for r := 0; r < n; r++ {
					for c := 0; c < lda; c++ {
						if c <= r {
							a[r*lda+c] = rng.NormFloat64()
						} else {
							a[r*lda+c] = math.NaN()
						}
					}
				}
				x := make([]float64, n)
				y := make([]float64, n+2)
				for i := range x {
					x[i] = rng.NormFloat64()
				}
				for i := range y {
					y[i] = rng.NormFloat64()
				}
				y[n], y[n+1] = math.NaN(), math.NaN()
				want := append([]float64(nil), y...)
				alpha := rng.NormFloat64()
				SymvLower64(n, alpha, a, lda, x, y[:n])
				symvLower64Generic(n, alpha, a, lda, x, want[:n])
				for i := 0; i < n; i++ {
					// |A|·|x| bounds the rounding of either order of summation
					var bound float64
					for c := 0; c < n; c++ {
						v := a[max(i, c)*lda+min(i, c)]
						bound += math.Abs(alpha * v * x[c])
					}
					assert.InDelta(t, want[i], y[i], 4*float64(n)*eps64*(bound+math.Abs(want[i])), "n=%d lda=%d row %d", n, lda, i)
				}
				assert.True(t, math.IsNaN(y[n]) && math.IsNaN(y[n+1]), "n=%d: guard written", n)
			}
		}
		a := []float64{2, 0, 1, 3}
		y := []float64{0, 0}
		SymvLower64(2, 1, a, 2, []float64{1, 1}, y)
		assert.Equal(t, []float64{3, 4}, y)
		assert.Zero(t, testing.AllocsPerRun(20, func() { SymvLower64(2, 1, a, 2, []float64{1, 1}, y) }))
	})
}
