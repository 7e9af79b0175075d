package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// SyrkLowerPair64 equals its twin on every path for lower-triangular pairs of orders on
// and off the kernel's multiples of eight, strides wider than the matrices, and C filled
// with NaN first: all of C is written, not added to, symmetric bit for bit, and the
// stride gap is left alone.
func TestSyrkLowerPair64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(31, 32))
		for _, n := range []int{1, 4, 8, 12, 16, 24, 32, 40, 64} {
			ldz, ldc := n+3, n+1
			z1, z2 := make([]float64, n*ldz), make([]float64, n*ldz)
			for i := 0; i < n; i++ {
				for j := 0; j <= i; j++ {
					z1[i*ldz+j] = rng.NormFloat64()
					z2[i*ldz+j] = rng.NormFloat64()
				}
			}
			c, want := make([]float64, n*ldc), make([]float64, n*ldc)
			for i := range c {
				c[i], want[i] = math.NaN(), math.NaN()
			}
			alpha := rng.NormFloat64()
			SyrkLowerPair64(n, alpha, z1, z2, ldz, c, ldc)
			syrkLowerPair64Go(n, alpha, z1, z2, ldz, want, ldc)
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					w, g := want[i*ldc+j], c[i*ldc+j]
					assert.InDelta(t, w, g, 1e-13*float64(n)*(1+math.Abs(w)), "n=%d at (%d,%d)", n, i, j)
					assert.Equal(t, math.Float64bits(c[j*ldc+i]), math.Float64bits(g), "n=%d: (%d,%d) not symmetric", n, i, j)
				}
				for j := n; j < ldc; j++ {
					assert.True(t, math.IsNaN(c[i*ldc+j]), "n=%d: gap (%d,%d) written", n, i, j)
				}
			}
		}
	})
}

// The twin is alpha·(Z1ᵀZ1 + Z2ᵀZ2), checked against the plain
// products of the full matrices.
func TestSyrkLowerPair64Go(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	n := 12
	z1, z2 := make([]float64, n*n), make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			z1[i*n+j], z2[i*n+j] = rng.NormFloat64(), rng.NormFloat64()
		}
	}
	c := make([]float64, n*n)
	syrkLowerPair64Go(n, 0.5, z1, z2, n, c, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < n; p++ {
				s += z1[p*n+i]*z1[p*n+j] + z2[p*n+i]*z2[p*n+j]
			}
			assert.InDelta(t, 0.5*s, c[i*n+j], 1e-12, "(%d,%d)", i, j)
		}
	}
}
