package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TrtriLower64 equals its twin on every path for orders of one to sixteen blocks and
// strides wider than the order, and writes neither above the diagonal blocks nor into
// the stride gap.
func TestTrtriLower64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(13, 14))
		for _, n := range []int{4, 8, 12, 16, 32, 36, 64} {
			lda, ldx := n+1, n+2
			a := make([]float64, n*lda)
			for i := range a {
				a[i] = rng.NormFloat64() / math.Sqrt(float64(n))
			}
			tt := make([]float64, 8*n)
			for i := range tt {
				tt[i] = rng.NormFloat64()
			}
			x := make([]float64, n*ldx)
			for i := range x {
				x[i] = math.NaN()
			}
			want := append([]float64(nil), x...)
			TrtriLower64(n, a, lda, tt, x, ldx)
			trtriLower64Go(n, a, lda, tt, want, ldx)
			for r := 0; r < n; r++ {
				for c := 0; c < ldx; c++ {
					w, g := want[r*ldx+c], x[r*ldx+c]
					if c >= r/4*4+4 {
						assert.True(t, math.IsNaN(g), "n=%d (%d,%d) written", n, r, c)
						continue
					}
					assert.InDelta(t, w, g, 1e-10*(1+math.Abs(w)), "n=%d at (%d,%d)", n, r, c)
				}
			}
		}
	})
}
