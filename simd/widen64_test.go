package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWidenRows64MatchesGeneric: on every path, for shapes with and without a partial
// block of four, with and without row scales, the values are the specification's bit for
// bit and the stride gaps and guards stay unwritten.
func TestWidenRows64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(97, 98))
		for _, n := range []int{0, 1, 2, 5, 32} {
			for _, k := range []int{0, 1, 3, 4, 7, 8, 9, 16, 33} {
				for _, scaled := range []bool{false, true} {
					lda, ldd := max(1, k+n%3), k+1+k%2
					a := make([]float32, max(0, (n-1)*lda+k))
					for i := range a {
						a[i] = float32(rng.NormFloat64())
					}
					var s []float64
					if scaled {
						s = make([]float64, n)
						for i := range s {
							s[i] = rng.NormFloat64()
						}
					}
					alpha := rng.NormFloat64()
					got := make([]float64, n*ldd+2)
					want := make([]float64, n*ldd+2)
					for i := range got {
						got[i], want[i] = math.NaN(), math.NaN()
					}
					WidenRows64(n, k, alpha, s, a, lda, got, ldd)
					if n > 0 && k > 0 {
						widenRows64Generic(n, k, alpha, s, a, lda, want, ldd)
					}
					for i := range got {
						if math.IsNaN(want[i]) {
							require.True(t, math.IsNaN(got[i]), "n=%d k=%d: guard [%d] written", n, k, i)
							continue
						}
						require.Equal(t, math.Float64bits(want[i]), math.Float64bits(got[i]), "n=%d k=%d: [%d]", n, k, i)
					}
				}
			}
		}
	})
}
