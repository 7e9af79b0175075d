package lapack

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
)

// withStride copies the n×n matrix a (stride n) into an n×ld slab whose gaps hold NaN.
func withStride(a []float64, n, ld int) []float64 {
	out := make([]float64, n*ld)
	for i := range out {
		out[i] = math.NaN()
	}
	for i := 0; i < n; i++ {
		copy(out[i*ld:i*ld+n], a[i*n:(i+1)*n])
	}
	return out
}

// llt returns max |(L·Lᵀ − A)[i,j]| / sqrt(A[i,i]·A[j,j]) over the lower triangle.
func lltResidual(n int, l, a []float64, ld int) float64 {
	var worst float64
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			for k := 0; k <= j; k++ {
				s += l[i*ld+k] * l[j*ld+k]
			}
			worst = max(worst, math.Abs(s-a[i*ld+j])/math.Sqrt(a[i*ld+i]*a[j*ld+j]))
		}
	}
	return worst
}

// TestPotrf4MatchesTheCroutLoop runs the four-column Cholesky on every order from 1 to 70
// on each kernel path: on well-conditioned matrices its factor matches dpotrfGeneric's to
// rounding, on ill-conditioned ones (condition 10¹⁰) both reproduce A to the same backward
// error; the strict upper triangle and the stride gaps are never written.
func TestPotrf4MatchesTheCroutLoop(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(81, 82))
		for n := 1; n <= 70; n++ {
			ld := n + n%3
			for _, ill := range []bool{false, true} {
				var a []float64
				if ill {
					a = withStride(spdWithSpectrum(rng, n, 1e10, false), n, ld)
				} else {
					a = randomSPD(rng, n, ld, 0.05)
				}
				got, want := append([]float64(nil), a...), append([]float64(nil), a...)
				require.True(t, potrf4(n, got, ld), "n=%d ill=%v", n, ill)
				require.True(t, dpotrfGeneric(n, want, ld), "n=%d ill=%v", n, ill)
				for i := 0; i < n; i++ {
					for j := i + 1; j < ld; j++ {
						require.Equal(t, math.Float64bits(a[i*ld+j]), math.Float64bits(got[i*ld+j]), "n=%d [%d,%d] written", n, i, j)
					}
				}
				if ill {
					r, rw := lltResidual(n, got, a, ld), lltResidual(n, want, a, ld)
					require.LessOrEqual(t, r, max(8*rw, 1e-14*float64(n)), "n=%d ill: ‖LLᵀ−A‖ %g, Crout loop %g", n, r, rw)
					continue
				}
				for i := 0; i < n; i++ {
					for j := 0; j <= i; j++ {
						g, w := got[i*ld+j], want[i*ld+j]
						if !(math.Abs(g-w) <= 1e-13*math.Sqrt(a[i*ld+i]*a[j*ld+j])) {
							t.Fatalf("n=%d L[%d,%d] = %v, Crout loop %v", n, i, j, g, w)
						}
					}
				}
			}
		}
	})
}

// TestPotrf4RejectsWhatTheCroutLoopRejects makes the leading block of order k+1 of an SPD
// matrix indefinite (or NaN, or infinite) for every k, so that the factorization must fail
// at column k, in each column position of a four-column panel.
func TestPotrf4RejectsWhatTheCroutLoopRejects(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(83, 84))
		for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 40} {
			for k := 0; k < n; k++ {
				for _, bad := range []float64{-1, 0, math.NaN(), math.Inf(1)} {
					a := randomSPD(rng, n, n, 0.05)
					// −A[k,k] or 0 on the diagonal makes pivot k (A[k,k] less a sum of
					// squares) non-positive; NaN and +Inf make it not finite.
					v := bad
					if bad == -1 || bad == 0 {
						v = bad * a[k*n+k]
					}
					a[k*n+k] = v
					got, want := append([]float64(nil), a...), append([]float64(nil), a...)
					require.False(t, dpotrfGeneric(n, want, n), "n=%d k=%d bad=%v reference", n, k, bad)
					require.False(t, potrf4(n, got, n), "n=%d k=%d bad=%v", n, k, bad)
					require.False(t, Dpotrf(n, append([]float64(nil), a...), n), "n=%d k=%d bad=%v Dpotrf", n, k, bad)
				}
			}
		}
	})
}

// TestPotrs4MatchesTheSubstitutions solves with the four-element blocks and with
// dpotrsGeneric for every order from 0 to 70, on each kernel path.
func TestPotrs4MatchesTheSubstitutions(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(85, 86))
		for n := 0; n <= 70; n++ {
			ld := n + n%4
			a := randomSPD(rng, n, ld, 0.05)
			require.True(t, dpotrfGeneric(n, a, ld))
			b := randomRows(rng, 1, n, n+2)
			got, want := append([]float64(nil), b...), append([]float64(nil), b...)
			potrs4(n, a, ld, got)
			dpotrsGeneric(n, a, ld, want)
			sameRows(t, "potrs4", n, 1, n+2, got, want, 1e-11)
		}
	})
}

// TestPotrsRows4MatchesOneRowAtATime solves many rows through the four-column panels and
// each row through dpotrsGeneric, for every order from 0 to 70 and row counts around the
// kernels' groups of two and four rows.
func TestPotrsRows4MatchesOneRowAtATime(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(87, 88))
		for n := 0; n <= 70; n++ {
			for _, nrhs := range []int{1, 2, 3, 5, 8, 13} {
				ld, ldb := n+n%3, n+1+nrhs%2
				a := randomSPD(rng, n, ld, 0.05)
				require.True(t, dpotrfGeneric(n, a, ld))
				b := randomRows(rng, nrhs, n, ldb)
				got, want := append([]float64(nil), b...), append([]float64(nil), b...)
				potrsRows4(n, nrhs, a, ld, got, ldb)
				for r := 0; r < nrhs; r++ {
					dpotrsGeneric(n, a, ld, want[r*ldb:r*ldb+n])
				}
				sameRows(t, "potrsRows4", n, nrhs, ldb, got, want, 1e-11)
			}
		}
	})
}

// TestPotrf4KernelPathsAgree factors the same matrices with the panel kernels in assembly
// and in Go (where the CPU has the assembly): the two paths differ by rounding only.
func TestPotrf4KernelPathsAgree(t *testing.T) {
	if !simd.PanelAsm() {
		t.Skip("the panel kernels run their Go twins on this path")
	}
	rng := rand.New(rand.NewPCG(89, 90))
	for n := 1; n <= 70; n++ {
		a := randomSPD(rng, n, n, 0.05)
		fast := append([]float64(nil), a...)
		require.True(t, potrf4(n, fast, n))
		require.NoError(t, simd.Force(simd.PathGeneric))
		twin := append([]float64(nil), a...)
		require.True(t, potrf4(n, twin, n))
		require.NoError(t, simd.Force("auto"))
		for i := range fast {
			require.InDelta(t, twin[i], fast[i], 1e-13*(1+math.Abs(twin[i])), "n=%d element %d", n, i)
		}
	}
}

// TestGetrsRows4MatchesTheSubstitutions solves through the four-column panels of the LU
// factors and through dgetrsGeneric one row at a time, for every order from 0 to 70 and
// row counts around the kernels' row groups; Dgetrs (one row) is checked the same way.
func TestGetrsRows4MatchesTheSubstitutions(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(91, 92))
		for n := 0; n <= 70; n++ {
			for _, nrhs := range []int{1, 2, 3, 5, 8, 13} {
				ld, ldb := n+n%3, n+1+nrhs%2
				a := randomGeneral(rng, n, ld, 0)
				piv := make([]float64, n)
				require.True(t, dgetrfGeneric(n, a, ld, piv))
				b := randomRows(rng, nrhs, n, ldb)
				got, want, one := append([]float64(nil), b...), append([]float64(nil), b...), append([]float64(nil), b...)
				DgetrsRows(n, nrhs, a, ld, piv, got, ldb)
				for r := 0; r < nrhs; r++ {
					dgetrsGeneric(n, a, ld, piv, want[r*ldb:r*ldb+n])
					Dgetrs(n, a, ld, piv, one[r*ldb:r*ldb+n])
				}
				// Random LU factors can be ill-conditioned: compare relative to the solution's size.
				var scale float64
				for _, v := range want {
					if !math.IsNaN(v) {
						scale = max(scale, math.Abs(v))
					}
				}
				sameRows(t, "getrsRows4", n, nrhs, ldb, got, want, 1e-11*(1+scale))
				sameRows(t, "Dgetrs", n, nrhs, ldb, one, want, 1e-11*(1+scale))
			}
		}
	})
}

// TestGetrf4SolvesLikeTheUnblockedLoop factors random matrices of every order from 1 to 70
// through the four-column panels and through dgetrfGeneric and compares A⁻¹e_j through
// both (near-tied pivots may be ordered differently, so the factors need not agree); a
// zero column anywhere, or a non-finite entry, is rejected.
func TestGetrf4SolvesLikeTheUnblockedLoop(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(93, 94))
		for n := 1; n <= 70; n++ {
			ld := n + n%3
			a := randomGeneral(rng, n, ld, 0)
			got, want := append([]float64(nil), a...), append([]float64(nil), a...)
			pg, pw := make([]float64, n), make([]float64, n)
			require.True(t, getrf4(n, got, ld, pg), "n=%d", n)
			require.True(t, dgetrfGeneric(n, want, ld, pw), "n=%d", n)
			for i := 0; i < n; i++ {
				for j := n; j < ld; j++ {
					require.True(t, math.IsNaN(got[i*ld+j]), "n=%d: gap written", n)
				}
			}
			for j := 0; j < n; j += 1 + n/7 {
				y, z := make([]float64, n), make([]float64, n)
				y[j], z[j] = 1, 1
				dgetrsGeneric(n, got, ld, pg, y)
				dgetrsGeneric(n, want, ld, pw, z)
				var scale float64
				for _, v := range z {
					scale = max(scale, math.Abs(v))
				}
				for i := range y {
					require.InDelta(t, z[i], y[i], 1e-10*(1+scale), "n=%d (A⁻¹)[%d,%d]", n, i, j)
				}
			}
			for _, col := range []int{0, n / 2, n - 1} {
				b := randomGeneral(rng, n, ld, 0)
				for i := 0; i < n; i++ {
					b[i*ld+col] = 0
				}
				require.False(t, getrf4(n, b, ld, pg), "n=%d zero column %d", n, col)
			}
			c := randomGeneral(rng, n, ld, 0)
			c[(n/2)*ld+n/3] = math.Inf(-1)
			require.False(t, getrf4(n, c, ld, pg), "n=%d Inf", n)
		}
	})
}
