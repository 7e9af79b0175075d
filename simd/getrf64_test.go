package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GetrfRight64 equals its twin on every path: the same pivots and factors to rounding,
// for orders on and off the four-column blocks, strides wider than the order (the gap
// left alone), and it reports a singular matrix the way the twin does.
func TestGetrfRight64MatchesGeneric(t *testing.T) {
	defer func() { getrfPairs = true }()
	for _, pairs := range []bool{true, false} {
		getrfPairs = pairs
		t.Run(fmt.Sprintf("pairs=%v", pairs), testGetrfRight64)
	}
}

func testGetrfRight64(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(81, 82))
		for _, n := range []int{1, 2, 3, 4, 5, 8, 12, 15, 16, 20, 32, 36, 64} {
			for _, pad := range []int{0, 5} {
				lda := n + pad
				a := make([]float64, n*lda)
				for i := range a {
					a[i] = rng.NormFloat64()
					if i%lda >= n {
						a[i] = math.NaN() // the gap: never read as a value, never written
					}
				}
				got, want := append([]float64(nil), a...), append([]float64(nil), a...)
				pg, pw := make([]float64, n), make([]float64, n)
				require.True(t, GetrfRight64(n, got, lda, pg), "n=%d", n)
				require.True(t, getrfRight64Generic(n, want, lda, pw), "n=%d", n)
				assert.Equal(t, pw, pg, "n=%d pivots", n)
				for r := 0; r < n; r++ {
					for c := 0; c < lda; c++ {
						g, w := got[r*lda+c], want[r*lda+c]
						if c >= n {
							assert.True(t, math.IsNaN(g), "n=%d gap (%d,%d) written", n, r, c)
							continue
						}
						assert.InDelta(t, w, g, 1e-12*(1+math.Abs(w)), "n=%d at (%d,%d)", n, r, c)
					}
				}
			}
		}
		// a zero column k: no pivot at step k
		for _, n := range []int{4, 8, 7} {
			for k := 0; k < n; k++ {
				a := make([]float64, n*n)
				for i := range a {
					a[i] = rng.NormFloat64()
				}
				for r := 0; r < n; r++ {
					a[r*n+k] = 0 // stays zero through the updates: no pivot at step k
				}
				assert.False(t, GetrfRight64(n, a, n, make([]float64, n)), "n=%d k=%d", n, k)
			}
		}
		b := []float64{2, 1, 4, 3}
		assert.Zero(t, testing.AllocsPerRun(20, func() {
			copy(b, []float64{2, 1, 4, 3})
			GetrfRight64(2, b, 2, make([]float64, 2)[:2])
		}))
	})
}
