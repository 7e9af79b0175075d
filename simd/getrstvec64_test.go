package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// GetrsTVec64 equals its twin on every path, for orders of one to sixteen blocks and
// strides wider than the order, and writes nothing past the vector.
func TestGetrsTVec64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(41, 42))
		for _, n := range []int{4, 8, 12, 16, 28, 32, 36, 64} {
			for _, pad := range []int{0, 3} {
				lda := n + pad
				a := make([]float64, n*lda)
				for i := range a {
					a[i] = rng.NormFloat64() / math.Sqrt(float64(n))
					if i%lda >= n {
						a[i] = math.NaN() // the stride gap: never read
					}
				}
				tt := make([]float64, 8*n)
				for i := range tt {
					tt[i] = rng.NormFloat64() / 2
				}
				b := make([]float64, n+1)
				for i := range b {
					b[i] = rng.NormFloat64()
				}
				b[n] = math.NaN()
				want := append([]float64(nil), b...)
				getrsTVec64Go(n, a, lda, tt, want[:n])
				GetrsTVec64(n, a, lda, tt, b[:n])
				for i := 0; i < n; i++ {
					assert.InDelta(t, want[i], b[i], 1e-11*(1+math.Abs(want[i])), "n=%d pad=%d at %d", n, pad, i)
				}
				assert.True(t, math.IsNaN(b[n]), "n=%d: written past the vector", n)
			}
		}
	})
}
