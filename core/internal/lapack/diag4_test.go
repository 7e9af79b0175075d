package lapack

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDiag4SolvesEqualThePlainSolvesBitForBit solves with the cached diagonal-block
// inverses and with Dpotrs, DpotrsRows and Dgetrs, for every order from 0 to 100 (past
// the order where the cache stops being used) on each kernel path: the results are
// identical, since the same inverses enter the same products.
func TestDiag4SolvesEqualThePlainSolvesBitForBit(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(95, 96))
		for n := 0; n <= 100; n++ {
			ld, ldb, nrhs := n+n%3, n+1, 1+n%7
			a := randomSPD(rng, n, ld, 0.05)
			require.True(t, Dpotrf(n, a, ld))
			inv := make([]float64, Diag4Len(n))
			PotrfDiag4(n, a, ld, inv)
			b := randomRows(rng, nrhs, n, ldb)
			got, want := append([]float64(nil), b...), append([]float64(nil), b...)
			DpotrsRowsDiag4(n, nrhs, a, ld, inv, got, ldb)
			DpotrsRows(n, nrhs, a, ld, want, ldb)
			sameBits(t, want, got, "DpotrsRowsDiag4 n=%d", n)
			got, want = append([]float64(nil), b[:n]...), append([]float64(nil), b[:n]...)
			DpotrsDiag4(n, a, ld, inv, got)
			Dpotrs(n, a, ld, want)
			sameBits(t, want, got, "DpotrsDiag4 n=%d", n)

			g := randomGeneral(rng, n, ld, 0)
			piv := make([]float64, n)
			if n > 0 && !Dgetrf(n, g, ld, piv) {
				continue
			}
			GetrfDiag4(n, g, ld, inv)
			got, want = append([]float64(nil), b[:n]...), append([]float64(nil), b[:n]...)
			DgetrsDiag4(n, g, ld, piv, inv, got)
			Dgetrs(n, g, ld, piv, want)
			sameBits(t, want, got, "DgetrsDiag4 n=%d", n)
		}
	})
}

// sameBits requires got and want to hold the same float64 bit patterns (NaN gaps included).
// fusesMulAdd reports whether the Go compiler may fuse a multiply and an add into one
// rounding on this architecture (arm64, ppc64, s390x, riscv64, loong64; not amd64, 386 or
// arm). There two Go loops that form the same sums in the same order can differ in the
// last bits, so twins that are bit for bit equal on amd64 agree to rounding there.
var fusesMulAdd = map[string]bool{"arm64": true, "ppc64": true, "ppc64le": true, "s390x": true,
	"riscv64": true, "loong64": true}[runtime.GOARCH]

// sameOrRounding requires want and got bit for bit equal, or within 1e-13 relative where
// the compiler fuses multiply-adds (fusesMulAdd).
func sameOrRounding(t *testing.T, want, got []float64, format string, args ...any) {
	t.Helper()
	if !fusesMulAdd {
		sameBits(t, want, got, format, args...)
		return
	}
	require.Len(t, got, len(want))
	for i := range want {
		if math.Abs(want[i]-got[i]) > 1e-13*(1+math.Abs(want[i])) {
			t.Fatalf(format+" element %d: got %v, want %v", append(args, i, got[i], want[i])...)
		}
	}
}

func sameBits(t *testing.T, want, got []float64, format string, args ...any) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		if math.Float64bits(want[i]) != math.Float64bits(got[i]) {
			t.Fatalf(format+" element %d: got %v, want %v", append(args, i, got[i], want[i])...)
		}
	}
}

// TestDgetrsTDiag4SolvesTheTransposedSystem factors random matrices A of every order from
// 0 to 100 and solves Aᵀx = b through DgetrsTDiag4 and through dgetrsTGeneric: both
// reproduce b when multiplied back by Aᵀ, and they agree to rounding.
func TestDgetrsTDiag4SolvesTheTransposedSystem(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(97, 98))
		for n := 0; n <= 100; n++ {
			ld := n + n%3
			a := randomGeneral(rng, n, ld, 0) // unshifted: rows get interchanged
			f := append([]float64(nil), a...)
			piv := make([]float64, n)
			if n > 0 {
				require.True(t, Dgetrf(n, f, ld, piv))
			}
			inv := make([]float64, Diag4Len(n))
			GetrfDiag4T(n, f, ld, inv)
			b := randomRows(rng, 1, n, n)
			got, want := append([]float64(nil), b...), append([]float64(nil), b...)
			DgetrsTDiag4(n, f, ld, piv, inv, got)
			dgetrsTGeneric(n, f, ld, piv, want)
			for i := 0; i < n; i++ {
				var s, scale float64
				for k := 0; k < n; k++ {
					s += a[k*ld+i] * got[k]
					scale += math.Abs(a[k*ld+i] * got[k])
				}
				require.InDelta(t, b[i], s, 1e-12*(math.Abs(b[i])+scale), "n=%d row %d", n, i)
				require.InDelta(t, want[i], got[i], 1e-9*(1+math.Abs(want[i])), "n=%d element %d", n, i)
			}
		}
	})
}

// TestDpotrsRowsDiag4UAgreesWithDpotrsRows solves many rows with the mirrored factor and
// the one-call substitutions, for every order from 0 to 100 and row counts around the
// kernels' groups of eight, on each kernel path: the solutions agree with DpotrsRows'
// to rounding, and the factor's lower triangle is what Dpotrf wrote.
func TestDpotrsRowsDiag4UAgreesWithDpotrsRows(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(101, 102))
		for n := 0; n <= 100; n++ {
			for _, nrhs := range []int{1, 8, 13, 32} {
				ld, ldb := n+n%3, n+1
				a := randomSPD(rng, n, ld, 0.05)
				require.True(t, Dpotrf(n, a, ld))
				f := append([]float64(nil), a...)
				inv := make([]float64, Diag4Len(n))
				PotrfDiag4U(n, f, ld, inv)
				for i := 0; i < n; i++ {
					for j := 0; j <= i; j++ {
						require.Equal(t, a[i*ld+j], f[i*ld+j], "n=%d factor (%d,%d)", n, i, j)
					}
				}
				b := randomRows(rng, nrhs, n, ldb)
				got, want := append([]float64(nil), b...), append([]float64(nil), b...)
				DpotrsRowsDiag4U(n, nrhs, f, ld, inv, got, ldb)
				DpotrsRows(n, nrhs, a, ld, want, ldb)
				for i := range want {
					if math.IsNaN(want[i]) {
						require.True(t, math.IsNaN(got[i]), "n=%d gap %d", n, i)
						continue
					}
					require.InDelta(t, want[i], got[i], 1e-10*(1+math.Abs(want[i])), "n=%d nrhs=%d element %d", n, nrhs, i)
				}
			}
		}
	})
}

// TestPotrfDiag4TFactorsAndSolvesLikeDpotrf factors with PotrfDiag4T (one fused call at
// the orders it covers) and with Dpotrf for every order from 1 to 100, on each kernel path:
// the factors agree to rounding, lt holds the transpose (outside the diagonal blocks), its
// own solve of a right-hand side and the solves of DpotrsRowsDiag4T
// and DpotrsDiag4 with it agree with DpotrsRows', and an indefinite matrix is rejected.
func TestPotrfDiag4TFactorsAndSolvesLikeDpotrf(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(103, 104))
		for n := 1; n <= 100; n++ {
			ld, ldb, nrhs := n+n%3, n+2, 1+n%9
			a := randomSPD(rng, n, ld, 0.05)
			want := append([]float64(nil), a...)
			require.True(t, Dpotrf(n, want, ld))
			got := append([]float64(nil), a...)
			lt, inv := make([]float64, n*n), make([]float64, Diag4Len(n))
			rhs := randomRows(rng, 1, n, n)
			work := append([]float64(nil), rhs...)
			require.True(t, PotrfDiag4T(n, got, ld, lt, inv, work), "n=%d", n)
			Dpotrs(n, want, ld, rhs)
			for i, v := range rhs {
				require.InDelta(t, v, work[i], 1e-10*(1+math.Abs(v)), "n=%d solve element %d", n, i)
			}
			for i := 0; i < n; i++ {
				for j := 0; j <= i; j++ {
					require.InDelta(t, want[i*ld+j], got[i*ld+j], 1e-12*(1+math.Abs(want[i*ld+j])), "n=%d L(%d,%d)", n, i, j)
					if j/4 < i/4 {
						require.Equal(t, got[i*ld+j], lt[j*n+i], "n=%d Lᵀ(%d,%d)", n, j, i)
					}
				}
			}
			b := randomRows(rng, nrhs, n, ldb)
			x, y := append([]float64(nil), b...), append([]float64(nil), b...)
			DpotrsRowsDiag4T(n, nrhs, got, ld, lt, inv, x, ldb)
			DpotrsRows(n, nrhs, want, ld, y, ldb)
			v := append([]float64(nil), b[:n]...)
			DpotrsDiag4(n, got, ld, inv, v)
			for i := range y {
				if math.IsNaN(y[i]) {
					continue
				}
				require.InDelta(t, y[i], x[i], 1e-10*(1+math.Abs(y[i])), "n=%d rows element %d", n, i)
				if i < n {
					require.InDelta(t, y[i], v[i], 1e-10*(1+math.Abs(y[i])), "n=%d vector element %d", n, i)
				}
			}
			bad := append([]float64(nil), a...)
			bad[(n/2)*ld+n/2] = -1
			require.False(t, PotrfDiag4T(n, bad, ld, lt, inv, work), "n=%d indefinite", n)
		}
	})
}

// TestDpotrsVecDiag4SolvesLikeDpotrs solves random positive definite systems of every order
// from 0 to 100 through DpotrsVecDiag4 and DpotrsVecDiag4Pair (two different systems) and
// through Dpotrs, on each kernel path: they agree to rounding.
func TestDpotrsVecDiag4SolvesLikeDpotrs(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(97, 98))
		for n := 0; n <= 100; n++ {
			var a, inv, want, got [2][]float64
			var ld [2]int
			for s := range a {
				ld[s] = n + (n+s)%3
				a[s] = randomSPD(rng, n, ld[s], 0.05)
				require.True(t, Dpotrf(n, a[s], ld[s]))
				inv[s] = make([]float64, Diag4Len(n))
				PotrfDiag4(n, a[s], ld[s], inv[s])
				want[s] = randomRows(rng, 1, n, n)
				got[s] = append([]float64(nil), want[s]...)
				Dpotrs(n, a[s], ld[s], want[s])
			}
			one := append([]float64(nil), got[0]...)
			DpotrsVecDiag4(n, a[0], ld[0], inv[0], one)
			DpotrsVecDiag4Pair(n, a[0], ld[0], inv[0], got[0], a[1], ld[1], inv[1], got[1])
			for s := range a {
				for i, w := range want[s] {
					require.InDelta(t, w, got[s][i], 1e-10*(1+math.Abs(w)), "n=%d system %d element %d", n, s, i)
					if s == 0 {
						require.InDelta(t, w, one[i], 1e-10*(1+math.Abs(w)), "n=%d element %d", n, i)
					}
				}
			}
		}
	})
}

// TestDpotriAddDiag4AddsTheInverse adds the inverse of random positive definite matrices
// of every order from 0 to 72 to a random matrix through DpotriAddDiag4, on each kernel
// path: A times the added part (its lower triangle, mirrored) is the identity to rounding.
func TestDpotriAddDiag4AddsTheInverse(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(99, 100))
		for n := 0; n <= 72; n++ {
			ld, ldp := n+n%3, n+1
			a := randomSPD(rng, n, ld, 0.05)
			f := append([]float64(nil), a...)
			require.True(t, Dpotrf(n, f, ld))
			inv := make([]float64, Diag4Len(n))
			PotrfDiag4(n, f, ld, inv)
			p := randomRows(rng, n, n, ldp)
			p0 := append([]float64(nil), p...)
			DpotriAddDiag4(n, f, ld, inv, make([]float64, n*n), p, ldp)
			for i := 0; i < n; i++ {
				for j := i + 1; j < n; j++ {
					// the strict upper triangle is unspecified: the added part by symmetry
					p[i*ldp+j] = p0[i*ldp+j] + p[j*ldp+i] - p0[j*ldp+i]
				}
			}
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					// (A·(P − P₀))[i,j] with A symmetric from its lower triangle
					var s, scale float64
					for k := 0; k < n; k++ {
						aik := a[max(i, k)*ld+min(i, k)]
						x := p[k*ldp+j] - p0[k*ldp+j]
						s += aik * x
						scale += math.Abs(aik * x)
					}
					want := 0.0
					if i == j {
						want = 1
					}
					require.InDelta(t, want, s, 1e-12*(1+scale), "n=%d (%d,%d)", n, i, j)
				}
			}
		}
	})
}

// TestPotrfDiag4TPairIsTwoPotrfDiag4T factors two shifted systems of every order from 1
// to 100 at once and one at a time (a copy with the shift, PotrfDiag4T), on each kernel
// path: factors, Lᵀ, caches and solves are identical (to rounding where Go fuses
// multiply-adds: fusesMulAdd), the sources are not written, and
// either system being indefinite is rejected.
func TestPotrfDiag4TPairIsTwoPotrfDiag4T(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(113, 114))
		for n := 1; n <= 100; n++ {
			shift := 0.01 * float64(n%5)
			lda, ldd := n+n%3, 2*n+1
			a := [2][]float64{randomSPD(rng, n, lda, 0.05), randomSPD(rng, n, lda, 0.05)}
			src := [2][]float64{append([]float64(nil), a[0]...), append([]float64(nil), a[1]...)}
			var d, lt, inv, b, wd, wlt, winv, wb [2][]float64
			for s := 0; s < 2; s++ {
				d[s], wd[s] = make([]float64, n*ldd), make([]float64, n*ldd)
				lt[s], wlt[s] = make([]float64, n*n), make([]float64, n*n)
				inv[s], winv[s] = make([]float64, Diag4Len(n)), make([]float64, Diag4Len(n))
				b[s] = randomRows(rng, 1, n, n)
				wb[s] = append([]float64(nil), b[s]...)
				copyShiftLower(n, shift, a[s], lda, wd[s], ldd)
				require.True(t, PotrfDiag4T(n, wd[s], ldd, wlt[s], winv[s], wb[s]), "n=%d", n)
			}
			require.True(t, PotrfDiag4TPair(n, shift, a[0], lda, d[0], ldd, lt[0], inv[0], b[0],
				a[1], lda, d[1], ldd, lt[1], inv[1], b[1]), "n=%d", n)
			for s := 0; s < 2; s++ {
				sameBits(t, src[s], a[s], "n=%d source %d written", n, s)
				sameOrRounding(t, wb[s], b[s], "n=%d solve %d", n, s)
				sameOrRounding(t, winv[s], inv[s], "n=%d cache %d", n, s)
				for i := 0; i < n; i++ {
					for j := 0; j <= i; j++ {
						sameOrRounding(t, wd[s][i*ldd+j:i*ldd+j+1], d[s][i*ldd+j:i*ldd+j+1], "n=%d L%d(%d,%d)", n, s, i, j)
						if j/4 < i/4 {
							sameOrRounding(t, wlt[s][j*n+i:j*n+i+1], lt[s][j*n+i:j*n+i+1], "n=%d Lᵀ%d(%d,%d)", n, s, j, i)
						}
					}
				}
			}
			for s := 0; s < 2; s++ {
				bad := [2][]float64{src[0], src[1]}
				bad[s] = append([]float64(nil), src[s]...)
				bad[s][(n/2)*lda+n/2] = -1
				require.False(t, PotrfDiag4TPair(n, shift, bad[0], lda, d[0], ldd, lt[0], inv[0], b[0],
					bad[1], lda, d[1], ldd, lt[1], inv[1], b[1]), "n=%d system %d indefinite", n, s)
			}
		}
	})
}

// TestDpotriAddDiag4ZKeepsItsZeros adds the inverses of two positive definite matrices of
// every order from 1 to 72 through DpotriAddDiag4Z with one scratch, the second call told
// that the first left its zeros, on each kernel path: each sum is bit for bit what
// DpotriAddDiag4 with fresh scratch adds, it reports the fast form exactly where that
// runs, and then z is zero above its 4×4 diagonal blocks.
func TestDpotriAddDiag4ZKeepsItsZeros(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(115, 116))
		for n := 1; n <= 72; n++ {
			ld := n + n%3
			z := make([]float64, n*n)
			for i := range z {
				z[i] = math.NaN() // not zero: the first call must clear it
			}
			zeroed := false
			for rep := 0; rep < 2; rep++ {
				f := randomSPD(rng, n, ld, 0.05)
				require.True(t, Dpotrf(n, f, ld))
				inv := make([]float64, Diag4Len(n))
				PotrfDiag4(n, f, ld, inv)
				p := randomRows(rng, n, n, n)
				want := append([]float64(nil), p...)
				DpotriAddDiag4(n, f, ld, inv, make([]float64, n*n), want, n)
				fast := DpotriAddDiag4Z(n, f, ld, inv, z, zeroed, p, n)
				require.Equal(t, PotriAddUsed(n), fast, "n=%d", n)
				for i := 0; i < n; i++ {
					sameBits(t, want[i*n:i*n+i+1], p[i*n:i*n+i+1], "n=%d rep=%d row %d", n, rep, i)
				}
				if fast {
					for i := 0; i < n; i++ {
						for j := (i/4 + 1) * 4; j < n; j++ {
							require.Zero(t, z[i*n+j], "n=%d z(%d,%d)", n, i, j)
						}
					}
				}
				zeroed = fast
			}
		}
	})
}

// getrfDiag4TRef is GetrfDiag4T through invLower4, one call per block.
func getrfDiag4TRef(n int, a []float64, ld int, inv []float64) {
	for j := n % 4; j < n; j += 4 {
		u := a[j*ld+j : j*ld+j+3*ld+4]
		invLower4(u[1], u[2], u[ld+2], u[3], u[ld+3], u[2*ld+3],
			1/u[0], 1/u[ld+1], 1/u[2*ld+2], 1/u[3*ld+3], fwd(inv, n, j), true)
	}
	for j := 0; j+4 <= n; j += 4 {
		l := a[j*ld+j : j*ld+j+3*ld+4]
		invLower4(l[ld], l[2*ld], l[2*ld+1], l[3*ld], l[3*ld+1], l[3*ld+2], 1, 1, 1, 1, bwd(inv, j), false)
	}
}

// TestGetrfDiag4TIsInvLower4PerBlock forms the cache of LU factors of every order from 1
// to 64 by GetrfDiag4T and by invLower4 per block: the same values (to the last bit but
// for fused multiply-adds the compiler may form differently), and each block times its
// inverse is the identity to rounding.
func TestGetrfDiag4TIsInvLower4PerBlock(t *testing.T) {
	rng := rand.New(rand.NewPCG(117, 118))
	for n := 1; n <= 64; n++ {
		ld := n + n%3
		f := randomGeneral(rng, n, ld, 0)
		piv := make([]float64, n)
		require.True(t, Dgetrf(n, f, ld, piv))
		got, want := make([]float64, Diag4Len(n)), make([]float64, Diag4Len(n))
		GetrfDiag4T(n, f, ld, got)
		getrfDiag4TRef(n, f, ld, want)
		for i := range want {
			require.InDelta(t, want[i], got[i], 1e-14*(1+math.Abs(want[i])), "n=%d element %d", n, i)
		}
		for j := n % 4; j < n; j += 4 {
			// U_dd⁻¹ at fwd (row-major X[r][q] with U_dd·X = I: X is upper)
			x := fwd(got, n, j)
			for r := 0; r < 4; r++ {
				for q := 0; q < 4; q++ {
					var s float64
					for k := 0; k < 4; k++ {
						if k >= r { // U_dd[r][k], upper
							s += f[(j+r)*ld+j+k] * x[k*4+q]
						}
					}
					want := 0.0
					if r == q {
						want = 1
					}
					require.InDelta(t, want, s, 1e-10, "n=%d block %d U·U⁻¹[%d][%d]", n, j, r, q)
				}
			}
		}
	}
}

// TestDpotriPairDiag4Z sets p (NaN on entry) to the sum of two inverses for every order
// from 1 to 72 on each kernel path, twice with the same scratch: both triangles match
// DpotriAddDiag4 adding both into zeros to rounding, it reports the fast form
// exactly where that runs, and then both scratch matrices are zero above their 4×4
// diagonal blocks.
func TestDpotriPairDiag4Z(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(117, 118))
		for n := 1; n <= 72; n++ {
			ld := n + n%3
			z0, z1 := make([]float64, n*n), make([]float64, n*n)
			for i := range z0 {
				z0[i], z1[i] = math.NaN(), math.NaN()
			}
			zeroed := false
			for rep := 0; rep < 2; rep++ {
				f0, f1 := randomSPD(rng, n, ld, 0.05), randomSPD(rng, n, ld, 0.05)
				require.True(t, Dpotrf(n, f0, ld))
				require.True(t, Dpotrf(n, f1, ld))
				inv0, inv1 := make([]float64, Diag4Len(n)), make([]float64, Diag4Len(n))
				PotrfDiag4(n, f0, ld, inv0)
				PotrfDiag4(n, f1, ld, inv1)
				want := make([]float64, n*n)
				DpotriAddDiag4(n, f0, ld, inv0, make([]float64, n*n), want, n)
				DpotriAddDiag4(n, f1, ld, inv1, make([]float64, n*n), want, n)
				p := make([]float64, n*n)
				for i := range p {
					p[i] = math.NaN()
				}
				fast := DpotriPairDiag4Z(n, f0, ld, inv0, f1, ld, inv1, z0, z1, zeroed, p, n)
				require.Equal(t, PotriAddUsed(n), fast, "n=%d", n)
				scale := 0.0
				for _, w := range want {
					scale = max(scale, math.Abs(w))
				}
				for i := 0; i < n; i++ {
					for j := 0; j < n; j++ {
						w := want[max(i, j)*n+min(i, j)] // DpotriAddDiag4 forms the lower triangle
						require.InDelta(t, w, p[i*n+j], 1e-13*float64(n)*scale, "n=%d rep=%d (%d,%d)", n, rep, i, j)
					}
				}
				if fast {
					for _, z := range [][]float64{z0, z1} {
						for i := 0; i < n; i++ {
							for j := (i/4 + 1) * 4; j < n; j++ {
								require.Zero(t, z[i*n+j], "n=%d z(%d,%d)", n, i, j)
							}
						}
					}
				}
				zeroed = fast
			}
		}
	})
}
