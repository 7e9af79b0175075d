package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GetrfStatic64 equals its twin on every path (factors to rounding, the stride's gap left
// alone), factors a diagonally dominant matrix as L·U exactly like the pivoted
// elimination that happens to take no interchange, and refuses what its guard refuses:
// a multiplier above lmax, a zero, infinite or NaN pivot.
func TestGetrfStatic64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(91, 92))
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
				for r := 0; r < n; r++ {
					a[r*lda+r] += 2 * float64(n) // dominant: partial pivoting swaps nothing
				}
				got, want, piv := append([]float64(nil), a...), append([]float64(nil), a...), append([]float64(nil), a...)
				require.True(t, GetrfStatic64(n, got, lda, 1, nil), "n=%d", n)
				require.True(t, getrfStatic64Generic(n, want, lda, 1, nil), "n=%d", n)
				p := make([]float64, n)
				require.True(t, getrfRight64Generic(n, piv, lda, p), "n=%d", n)
				for k, v := range p {
					require.Equal(t, float64(k), v, "n=%d: the pivoted elimination swapped", n)
				}
				if n%4 == 0 {
					// the cache: the kernel's entries are getrfStaticDiag4's of its own
					// factors bit for bit, and the twin's to rounding
					g, w := append([]float64(nil), a...), append([]float64(nil), a...)
					ig, iw, ir := make([]float64, n/4*32), make([]float64, n/4*32), make([]float64, n/4*32)
					require.True(t, GetrfStatic64(n, g, lda, 1, ig), "n=%d", n)
					require.True(t, getrfStatic64Generic(n, w, lda, 1, iw), "n=%d", n)
					getrfStaticDiag4(n, g, lda, ir)
					assert.Equal(t, ir, ig, "n=%d cache", n)
					for i := range iw {
						assert.InDelta(t, iw[i], ig[i], 1e-12*(1+math.Abs(iw[i])), "n=%d cache %d", n, i)
					}
				}
				for r := 0; r < n; r++ {
					for c := 0; c < lda; c++ {
						g, w := got[r*lda+c], want[r*lda+c]
						if c >= n {
							assert.True(t, math.IsNaN(g), "n=%d gap (%d,%d) written", n, r, c)
							continue
						}
						assert.InDelta(t, w, g, 1e-12*(1+math.Abs(w)), "n=%d at (%d,%d)", n, r, c)
						assert.InDelta(t, piv[r*lda+c], g, 1e-12*(1+math.Abs(w)), "n=%d at (%d,%d) vs pivoted", n, r, c)
					}
				}
			}
		}
		// the guard: row r's multiplier at step 0 is a[r,0]/a[0,0] = 3 > lmax = 2
		for _, n := range []int{4, 8, 7} {
			for r := 1; r < n; r++ {
				a := make([]float64, n*n)
				for i := 0; i < n; i++ {
					a[i*n+i] = 4
				}
				a[r*n] = 12
				assert.False(t, GetrfStatic64(n, append([]float64(nil), a...), n, 2, nil), "n=%d r=%d", n, r)
				assert.False(t, getrfStatic64Generic(n, append([]float64(nil), a...), n, 2, nil), "n=%d r=%d", n, r)
				assert.True(t, GetrfStatic64(n, append([]float64(nil), a...), n, 4, nil), "n=%d r=%d", n, r)
			}
		}
		// a zero, infinite or NaN pivot at step k (the NaN also as an entry that reaches it)
		for _, n := range []int{4, 8, 7} {
			for k := 0; k < n; k++ {
				for _, bad := range []float64{0, math.Inf(-1), math.NaN()} {
					a := make([]float64, n*n)
					for i := 0; i < n; i++ {
						a[i*n+i] = 1
					}
					a[k*n+k] = bad
					assert.False(t, GetrfStatic64(n, a, n, 10, nil), "n=%d k=%d pivot %v", n, k, bad)
				}
				if k > 0 {
					a := make([]float64, n*n)
					for i := 0; i < n; i++ {
						a[i*n+i] = 1
					}
					a[k*n] = math.NaN() // a NaN multiplier at step 0
					assert.False(t, GetrfStatic64(n, a, n, 10, nil), "n=%d NaN multiplier in row %d", n, k)
				}
			}
		}
		b := []float64{2, 1, 4, 3}
		assert.Zero(t, testing.AllocsPerRun(20, func() {
			copy(b, []float64{2, 1, 4, 3})
			GetrfStatic64(2, b, 2, 1, nil)
		}))
	})
}
