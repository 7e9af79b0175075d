package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TrtriLowerPair64 gives on every path, for each of its two matrices, bit for bit what
// TrtriLower64 gives on that path (and so its twin's values to rounding, which
// TestTrtriLower64MatchesGeneric checks), for orders of one to sixteen blocks and strides
// wider than the order, and writes neither above the diagonal blocks nor into the gap.
func TestTrtriLowerPair64MatchesSingle(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(15, 16))
		for _, n := range []int{4, 8, 12, 16, 32, 36, 64} {
			lda, ldx := n+1, n+2
			var a, tt, x, want [2][]float64
			for s := range a {
				a[s] = make([]float64, n*lda)
				for i := range a[s] {
					a[s][i] = rng.NormFloat64() / math.Sqrt(float64(n))
				}
				tt[s] = make([]float64, 8*n)
				for i := range tt[s] {
					tt[s][i] = rng.NormFloat64()
				}
				x[s] = make([]float64, n*ldx)
				for i := range x[s] {
					x[s][i] = math.NaN()
				}
				want[s] = append([]float64(nil), x[s]...)
				TrtriLower64(n, a[s], lda, tt[s], want[s], ldx)
			}
			TrtriLowerPair64(n, a[0], a[1], lda, tt[0], tt[1], x[0], x[1], ldx)
			for s := range x {
				for r := 0; r < n; r++ {
					for c := 0; c < ldx; c++ {
						w, g := want[s][r*ldx+c], x[s][r*ldx+c]
						if c >= r/4*4+4 {
							assert.True(t, math.IsNaN(g), "n=%d s=%d (%d,%d) written", n, s, r, c)
							continue
						}
						assert.Equal(t, math.Float64bits(w), math.Float64bits(g), "n=%d s=%d at (%d,%d)", n, s, r, c)
					}
				}
			}
		}
	})
}
