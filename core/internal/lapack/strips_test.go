package lapack

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// DpotrsStrips solves the same systems as one Dpotrs per row, for every order mod 6 (the
// partial first block), right-hand-side counts that cut the strips of eight unevenly,
// NaN in the stride gaps and the strict upper triangle of the factor, and leaves the
// stride gaps of B alone.
func TestDpotrsStripsMatchesOneRowAtATime(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(71, 72))
		for idx, n := range []int{1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 31, 64, 65, 130, 257} {
			for _, nrhs := range []int{1, 3, 8, 9, 17, 40, 130} {
				ld, ldb := n+idx%3, n+1+idx%2
				a := randomSPD(rng, n, ld, 0.05)
				require.True(t, Dpotrf(n, a, ld))
				for i := 0; i < n; i++ {
					for j := i + 1; j < ld; j++ {
						a[i*ld+j] = math.NaN()
					}
				}
				b := randomRows(rng, nrhs, n, ldb)
				got, want := append([]float64(nil), b...), append([]float64(nil), b...)
				DpotrsStrips(n, nrhs, a, ld, got, ldb, make([]float64, StripsWork(n, nrhs)))
				for r := 0; r < nrhs; r++ {
					dpotrsGeneric(n, a, ld, want[r*ldb:r*ldb+n])
				}
				sameRows(t, "DpotrsStrips", n, nrhs, ldb, got, want, 1e-9)
			}
		}
		n, nrhs := 70, 20
		a := randomSPD(rng, n, n, 1)
		require.True(t, Dpotrf(n, a, n))
		b, w := randomRows(rng, nrhs, n, n), make([]float64, StripsWork(n, nrhs))
		assert.Zero(t, testing.AllocsPerRun(10, func() { DpotrsStrips(n, nrhs, a, n, b, n, w) }))
	})
}
