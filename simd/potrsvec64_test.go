package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// potrsVecCase builds a random lower-triangular factor with a well-conditioned diagonal
// (stride lda, NaN above the diagonal and in the stride gap, never read), a random cache
// of 4×4 blocks and a right-hand side.
func potrsVecCase(rng *rand.Rand, n, lda int) (a, t, b []float64) {
	a = make([]float64, n*lda)
	for r := 0; r < n; r++ {
		for c := 0; c < lda; c++ {
			switch {
			case c < r:
				a[r*lda+c] = rng.NormFloat64() / math.Sqrt(float64(n))
			case c == r:
				a[r*lda+c] = 1 + rng.Float64()
			default:
				a[r*lda+c] = math.NaN()
			}
		}
	}
	t = make([]float64, 8*n)
	for i := range t {
		t[i] = rng.NormFloat64() / 2
	}
	b = make([]float64, n)
	for i := range b {
		b[i] = rng.NormFloat64()
	}
	return a, t, b
}

// PotrsVec64 and PotrsVecPair64 equal the twin on every path, for orders of one to
// sixteen blocks and strides wider than the order, and write nothing past the vectors.
func TestPotrsVec64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(61, 62))
		for _, n := range []int{4, 8, 12, 16, 28, 32, 36, 64} {
			for _, pad := range []int{0, 4, 7} {
				a0, t0, b0 := potrsVecCase(rng, n, n+pad)
				a1, t1, b1 := potrsVecCase(rng, n, n+pad+1)
				w0, w1 := append([]float64(nil), b0...), append([]float64(nil), b1...)
				potrsVec64Go(n, a0, n+pad, t0, w0)
				potrsVec64Go(n, a1, n+pad+1, t1, w1)
				g := append(append([]float64(nil), b0...), math.NaN())
				PotrsVec64(n, a0, n+pad, t0, g[:n])
				g0 := append(append([]float64(nil), b0...), math.NaN())
				g1 := append(append([]float64(nil), b1...), math.NaN())
				PotrsVecPair64(n, a0, n+pad, t0, g0[:n], a1, n+pad+1, t1, g1[:n])
				for _, c := range []struct {
					got, want []float64
				}{{g, w0}, {g0, w0}, {g1, w1}} {
					for i, w := range c.want {
						assert.InDelta(t, w, c.got[i], 1e-11*(1+math.Abs(w)), "n=%d pad=%d at %d", n, pad, i)
					}
					assert.True(t, math.IsNaN(c.got[n]), "n=%d: written past the vector", n)
				}
			}
		}
		a, tt, b := potrsVecCase(rng, 4, 4)
		assert.Zero(t, testing.AllocsPerRun(20, func() { PotrsVec64(4, a, 4, tt, b) }))
	})
}
