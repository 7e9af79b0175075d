package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScaleRowsMatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(71, 72))
		for _, n := range []int{0, 1, 2, 5, 32} {
			for k := 0; k <= 37; k++ {
				lda, ldd := max(k, 1)+(n+k)%3, max(k, 1)+k%2
				a := make([]float32, n*lda+3)
				s := make([]float32, n+1)
				for i := range a {
					a[i] = float32(rng.NormFloat64())
				}
				for i := range s {
					s[i] = float32(rng.NormFloat64())
				}
				got := make([]float32, n*ldd+3)
				want := make([]float32, len(got))
				for i := range got {
					got[i] = float32(math.NaN()) // guards: what ScaleRows must not write
					want[i] = got[i]
				}
				ScaleRows(n, k, s, a, lda, got, ldd)
				scaleRowsGeneric(n, k, s, a, lda, want, ldd)
				for i := range got {
					// one rounded product per element: equal bits, NaN guards included
					assert.Equal(t, math.Float32bits(want[i]), math.Float32bits(got[i]), "n=%d k=%d at %d", n, k, i)
				}
			}
		}
		// in place
		a := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
		ScaleRows(2, 5, []float32{2, -1}, a, 5, a, 5)
		assert.Equal(t, []float32{2, 4, 6, 8, 10, -6, -7, -8, -9, -10}, a)
		s, dst := make([]float32, 8), make([]float32, 64)
		assert.Zero(t, testing.AllocsPerRun(20, func() { ScaleRows(8, 8, s, dst, 8, dst, 8) }))
	})
}
