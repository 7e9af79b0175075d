package lapack

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDposvRowsIsTheFactorThenTheSolves checks that the fused factor-and-solve leaves the
// factor of dpotrfGeneric in a and the rows of dpotrsGeneric through it in b, on every order
// around and beyond the fused range, with few and many right-hand sides and with stride
// gaps that stay unwritten; DposvRowsWork with its scratch in work (filled with NaN, which
// it must not read before writing) does the same.
func TestDposvRowsIsTheFactorThenTheSolves(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(91, 92))
		for m := 0; m <= 2*(posvFused+6)+1; m++ {
			n := m / 2
			for _, nrhs := range []int{0, 1, 3, 9, 33} {
				ld, ldb := n+n%3, n+1+n%2
				a := randomSPD(rng, n, ld, 0.05)
				b := randomRows(rng, nrhs, n, ldb)
				fa, fb := append([]float64(nil), a...), append([]float64(nil), b...)
				if m%2 == 0 {
					require.True(t, DposvRows(n, nrhs, fa, ld, fb, ldb), "n=%d nrhs=%d", n, nrhs)
				} else {
					work := make([]float64, PosvRowsWork(n))
					for i := range work {
						work[i] = math.NaN()
					}
					require.True(t, DposvRowsWork(n, nrhs, fa, ld, fb, ldb, work), "n=%d nrhs=%d work", n, nrhs)
				}
				wa, wb := append([]float64(nil), a...), append([]float64(nil), b...)
				require.True(t, dpotrfGeneric(n, wa, ld), "n=%d", n)
				for r := 0; r < nrhs; r++ {
					dpotrsGeneric(n, wa, ld, wb[r*ldb:r*ldb+n])
				}
				// the factor in the lower triangle; above it and in the gaps, a as it was
				for i := 0; i < n; i++ {
					for j := 0; j < ld; j++ {
						g, w := fa[i*ld+j], wa[i*ld+j]
						if j > i {
							require.True(t, g == a[i*ld+j] || math.IsNaN(g) && math.IsNaN(a[i*ld+j]),
								"n=%d: a[%d,%d] written", n, i, j)
							continue
						}
						require.InDelta(t, w, g, 1e-12*(1+math.Abs(w)), "n=%d: L[%d,%d]", n, i, j)
					}
				}
				sameRows(t, "DposvRows", n, nrhs, ldb, fb, wb, 1e-9)
			}
		}
	})
}

// TestDposvRowsWithRowsAfterTheMatrix: right-hand sides stored as the rows right after the
// matrix (same stride, one buffer) give what they give stored apart.
func TestDposvRowsWithRowsAfterTheMatrix(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(95, 96))
		for _, n := range []int{1, 5, 16, 17, 18, 19, 32, 33, 64, 65} {
			for _, nrhs := range []int{1, 2, 9, 32} {
				ld := n + n%2
				a := randomSPD(rng, n, ld, 0.05)
				b := randomRows(rng, nrhs, n, ld)
				buf := append(append([]float64(nil), a...), b...)
				sa, sb := append([]float64(nil), a...), append([]float64(nil), b...)
				require.True(t, DposvRows(n, nrhs, buf[:n*ld], ld, buf[n*ld:], ld), "n=%d", n)
				require.True(t, DposvRows(n, nrhs, sa, ld, sb, ld), "n=%d", n)
				for i := range sa {
					require.InDelta(t, sa[i], buf[i], 1e-13*(1+math.Abs(sa[i])), "n=%d nrhs=%d: a[%d]", n, nrhs, i)
				}
				sameRows(t, "DposvRows after the matrix", n, nrhs, ld, buf[n*ld:], sb, 1e-12)
			}
		}
	})
}

// TestDposvRowsRefusesAnIndefiniteMatrix: a negative pivot anywhere, in the scalar leading
// columns or in a panel, is reported.
func TestDposvRowsRefusesAnIndefiniteMatrix(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(93, 94))
		for _, n := range []int{1, 5, 16, 18, 31, 32, 64, 65} {
			for _, bad := range []int{0, n / 2, n - 1} {
				for _, nrhs := range []int{4, 8} {
					a := randomSPD(rng, n, n, 0.05)
					a[bad*n+bad] = -1
					b := randomRows(rng, nrhs, n, n)
					require.False(t, DposvRows(n, nrhs, a, n, b, n), "n=%d bad=%d nrhs=%d", n, bad, nrhs)
				}
			}
		}
	})
}

// TestDposvIsTheFactorThenTheSolve checks the one-right-hand-side form the same way: the
// factor of dpotrfGeneric in a, the solve of dpotrsGeneric in b, nothing written above the
// diagonal or in the stride gaps, on every order around and beyond the fused range (every
// n mod 4 for the leading scalar columns), with work of n² values (the inverses on the
// stack) and of n²+8n (the inverses in work), a negative pivot anywhere refused, and no
// allocation either way.
func TestDposvIsTheFactorThenTheSolve(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(95, 96))
		for m := 0; m <= 2*(posvFused+6)+1; m++ {
			n, ld := m/2, m/2+m/2%3
			a := randomSPD(rng, n, ld, 0.05)
			b := randomRows(rng, 1, n, n+2)
			work := make([]float64, n*n+m%2*8*n)
			fa, fb := append([]float64(nil), a...), append([]float64(nil), b...)
			require.True(t, Dposv(n, fa, ld, fb, work), "n=%d", n)
			wa, wb := append([]float64(nil), a...), append([]float64(nil), b...)
			require.True(t, dpotrfGeneric(n, wa, ld), "n=%d", n)
			dpotrsGeneric(n, wa, ld, wb)
			for i := 0; i < n; i++ {
				for j := 0; j < ld; j++ {
					g, w := fa[i*ld+j], wa[i*ld+j]
					if j > i {
						require.True(t, g == a[i*ld+j] || math.IsNaN(g) && math.IsNaN(a[i*ld+j]),
							"n=%d: a[%d,%d] written", n, i, j)
						continue
					}
					require.InDelta(t, w, g, 1e-12*(1+math.Abs(w)), "n=%d: L[%d,%d]", n, i, j)
				}
			}
			sameRows(t, "Dposv", n, 1, n+2, fb, wb, 1e-9)
		}
		for _, n := range []int{1, 5, 16, 18, 31, 32, 64, 65} {
			for _, bad := range []int{0, min(1, n-1), n / 2, n - 1} {
				a := randomSPD(rng, n, n, 0.05)
				a[bad*n+bad] = -1
				require.False(t, Dposv(n, a, n, make([]float64, n), make([]float64, n*n)), "n=%d bad=%d", n, bad)
			}
		}
		a := randomSPD(rng, 32, 32, 0.05)
		for _, w := range []int{32 * 32, 32*32 + 8*32} {
			l, b, work := make([]float64, len(a)), make([]float64, 32), make([]float64, w)
			require.Zero(t, testing.AllocsPerRun(10, func() {
				copy(l, a)
				Dposv(32, l, 32, b, work)
			}), "work %d", w)
		}
	})
}
