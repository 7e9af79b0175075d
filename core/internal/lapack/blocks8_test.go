package lapack

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// DposvBlocks gives the factor Dpotrf gives and the solves of one Dpotrs per row, when it
// factors and when it is handed the factor, for every order mod 8 (the Crout columns
// first) and mod 6 (the six-row groups of L that end short), right-hand-side counts that
// end a group short, NaN in the strict upper triangle and the stride gaps (never read,
// never written).
func TestDposvBlocksMatchesDpotrfAndOneRowAtATime(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(81, 82))
		for idx, n := range []int{1, 7, 8, 9, 12, 13, 15, 16, 17, 20, 23, 31, 64, 65, 70, 130, 257} {
			for _, nrhs := range []int{0, 3, 6, 7, 13, 40, 65} {
				ld, ldb := n+idx%3, n+1+idx%2
				a := randomSPD(rng, n, ld, 0.05)
				for i := 0; i < n; i++ {
					for j := i + 1; j < ld; j++ {
						a[i*ld+j] = math.NaN()
					}
				}
				l := append([]float64(nil), a...)
				require.True(t, Dpotrf(n, l, ld))
				b := randomRows(rng, nrhs, n, ldb)
				want := append([]float64(nil), b...)
				for r := 0; r < nrhs; r++ {
					dpotrsGeneric(n, l, ld, want[r*ldb:r*ldb+n])
				}
				work := make([]float64, BlocksWork(n))

				got := append([]float64(nil), b...)
				fa := append([]float64(nil), a...)
				require.True(t, DposvBlocks(n, nrhs, fa, ld, got, ldb, true, work))
				for i := 0; i < n; i++ {
					for j := 0; j < ld; j++ {
						g, w := fa[i*ld+j], l[i*ld+j]
						if j > i {
							require.True(t, math.IsNaN(g), "n=%d: upper [%d,%d] written", n, i, j)
							continue
						}
						require.InDelta(t, w, g, 1e-12*(1+math.Abs(w)), "n=%d: L[%d,%d]", n, i, j)
					}
				}
				sameRows(t, "DposvBlocks factor", n, nrhs, ldb, got, want, 1e-9)

				got = append([]float64(nil), b...)
				require.True(t, DposvBlocks(n, nrhs, l, ld, got, ldb, false, work))
				sameRows(t, "DposvBlocks solve", n, nrhs, ldb, got, want, 1e-9)
			}
		}
	})
}

// DposvBlocks reports a matrix that is not positive definite, wherever its first
// nonpositive pivot falls (in the Crout columns, in a diagonal block of eight).
func TestDposvBlocksRejectsIndefinite(t *testing.T) {
	rng := rand.New(rand.NewPCG(83, 84))
	for _, n := range []int{9, 16, 40} {
		for _, bad := range []int{0, 3, 8, n - 1} {
			a := randomSPD(rng, n, n, 0.05)
			a[bad*n+bad] = -1e6
			b := randomRows(rng, 7, n, n)
			assert.False(t, DposvBlocks(n, 7, a, n, b, n, true, make([]float64, BlocksWork(n))), "n=%d pivot %d", n, bad)
		}
	}
}

// DposvBlocks does not allocate.
func TestDposvBlocksAllocatesNothing(t *testing.T) {
	n, nrhs := 70, 20
	a := randomSPD(rand.New(rand.NewPCG(85, 86)), n, n, 1)
	b, w := randomRows(rand.New(rand.NewPCG(87, 88)), nrhs, n, n), make([]float64, BlocksWork(n))
	l := append([]float64(nil), a...)
	assert.Zero(t, testing.AllocsPerRun(10, func() {
		copy(l, a)
		DposvBlocks(n, nrhs, l, n, b, n, true, w)
	}))
}
