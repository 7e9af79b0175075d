package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/core/internal/lapack"
)

// solveSPD gives M⁻¹b for every right-hand side on both of its routes (the batch-of-four
// kernels up to batchMaxOrder, Dpotrf and DpotrsRows above), odd orders (the padded
// identity row) and right-hand side counts that leave lanes empty included; when keep it
// leaves the Cholesky factor of Dpotrf in m, and a factor kept that way solves again.
func TestSolveSPDMatchesCholesky(t *testing.T) {
	for _, n := range []int{1, 2, 9, 32, 33, batchMaxOrder, batchMaxOrder + 1, 97} {
		for _, rows := range []int{1, 3, 4, 9, 33} {
			t.Run(fmt.Sprintf("n=%d/rows=%d", n, rows), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(n), uint64(rows)))
				ld := n + 3
				m := make([]float64, n*ld)
				g := make([]float64, n*n)
				for i := range g {
					g[i] = rng.NormFloat64()
				}
				for i := 0; i < n; i++ {
					for j := 0; j <= i; j++ {
						var s float64
						for k := 0; k < n; k++ {
							s += g[i*n+k] * g[j*n+k]
						}
						m[i*ld+j] = s / float64(n)
					}
					m[i*ld+i] += 0.1
				}
				ldb := n + 1
				b := make([]float64, rows*ldb)
				for i := range b {
					b[i] = rng.NormFloat64()
				}
				want := append([]float64(nil), b...)
				chol := append([]float64(nil), m...)
				require.True(t, lapack.Dpotrf(n, chol, ld))
				for q := 0; q < rows; q++ {
					lapack.Dpotrs(n, chol, ld, want[q*ldb:q*ldb+n])
				}

				kf := &kfac{pk: make([]float64, batchLen(n, rows)), pinv: make([]float64, 4*batchOrder(n)), ones: make([]float64, 4*batchOrder(n))}
				for i := range kf.ones {
					kf.ones[i] = 1
				}
				got := append([]float64(nil), b...)
				require.True(t, kf.solveSPD(true, true, n, m, ld, rows, got, ldb))
				for q := 0; q < rows; q++ {
					for c := 0; c < n; c++ {
						assert.InDelta(t, want[q*ldb+c], got[q*ldb+c], 1e-10*(1+math.Abs(want[q*ldb+c])))
					}
					assert.Equal(t, b[q*ldb+n], got[q*ldb+n], "past the row")
				}
				for i := 0; i < n; i++ {
					for j := 0; j <= i; j++ {
						assert.InDelta(t, chol[i*ld+j], m[i*ld+j], 1e-12*(1+math.Abs(chol[i*ld+j])), "factor %d,%d", i, j)
					}
				}
				again := append([]float64(nil), b...)
				require.True(t, kf.solveSPD(false, true, n, m, ld, rows, again, ldb))
				for i := range again {
					assert.InDelta(t, got[i], again[i], 1e-10*(1+math.Abs(got[i])))
				}
			})
		}
	}
}

// A matrix that is not positive definite is refused on both routes.
func TestSolveSPDRefusesIndefinite(t *testing.T) {
	for _, n := range []int{3, 32, batchMaxOrder + 1} {
		m := make([]float64, n*n)
		for i := 0; i < n; i++ {
			m[i*n+i] = 1
		}
		m[(n-1)*n+n-1] = -1
		kf := &kfac{pk: make([]float64, batchLen(n, 4)), pinv: make([]float64, 4*batchOrder(n)), ones: make([]float64, 4*batchOrder(n))}
		for i := range kf.ones {
			kf.ones[i] = 1
		}
		assert.False(t, kf.solveSPD(true, true, n, m, n, 4, make([]float64, 4*n), n), "n=%d", n)
	}
}
