package lapack

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomGeneral returns an n×n matrix with N(0,1) entries in an n×ld slab whose stride
// gaps hold NaN, plus diag on the diagonal.
func randomGeneral(rng *rand.Rand, n, ld int, diag float64) []float64 {
	a := make([]float64, n*ld)
	for i := range a {
		a[i] = math.NaN()
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a[i*ld+j] = rng.NormFloat64()
		}
		a[i*ld+i] += diag
	}
	return a
}

// randomRows returns an nrhs×n block with N(0,1) entries and stride ldb (gaps NaN).
func randomRows(rng *rand.Rand, nrhs, n, ldb int) []float64 {
	b := make([]float64, nrhs*ldb)
	for i := range b {
		b[i] = math.NaN()
	}
	for r := 0; r < nrhs; r++ {
		for j := 0; j < n; j++ {
			b[r*ldb+j] = rng.NormFloat64()
		}
	}
	return b
}

func solveSizes() []int {
	s := []int{0, 1, 2, 3, 5, 8, 9, 16, 17, 31, 33, 47, 64, 65, 70, 129, 161}
	if !testing.Short() { // qemu runs take the short list
		s = append(s, 300)
		for n := 0; n <= 70; n++ {
			s = append(s, n)
		}
	}
	return s
}

// sameRows asserts that the rows of got match want to rel·(1+|want|), element by element,
// and that the stride gaps are untouched (still NaN).
func sameRows(t *testing.T, what string, n, nrhs, ldb int, got, want []float64, rel float64) {
	t.Helper()
	for r := 0; r < nrhs; r++ {
		for j := 0; j < ldb; j++ {
			g, w := got[r*ldb+j], want[r*ldb+j]
			if j >= n {
				require.True(t, math.IsNaN(g), "%s n=%d nrhs=%d: gap [%d,%d] written", what, n, nrhs, r, j)
				continue
			}
			if !(math.Abs(g-w) <= rel*(1+math.Abs(w))) {
				t.Fatalf("%s n=%d nrhs=%d: x[%d,%d] = %v, one row at a time %v", what, n, nrhs, r, j, g, w)
			}
		}
	}
}

// nrhsList returns the right-hand-side counts to test: below, at and above the blocked
// threshold of four, and big (more than smallN rows) outside -short.
func nrhsList(big int) []int {
	if testing.Short() {
		return []int{1, 4, 9, 40}
	}
	return []int{1, 4, 9, 40, big}
}

func TestDpotrsRowsMatchesOneRowAtATime(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(61, 62))
		for idx, n := range solveSizes() {
			for _, nrhs := range nrhsList(200) {
				ld, ldb := n+idx%3, n+1+idx%2
				a := randomSPD(rng, n, ld, 0.05)
				require.True(t, Dpotrf(n, a, ld))
				b := randomRows(rng, nrhs, n, ldb)
				got, want := append([]float64(nil), b...), append([]float64(nil), b...)
				DpotrsRows(n, nrhs, a, ld, got, ldb)
				for r := 0; r < nrhs; r++ {
					dpotrsGeneric(n, a, ld, want[r*ldb:r*ldb+n])
				}
				sameRows(t, "DpotrsRows", n, nrhs, ldb, got, want, 1e-9)
			}
		}
	})
}

// TestDgetrfMatchesUnblockedReference compares the solutions through the blocked and the
// unblocked factorizations (near-tied pivots may be ordered differently, so the factors
// themselves need not agree), and checks P·L·U = A through them.
func TestDgetrfMatchesUnblockedReference(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(63, 64))
		for idx, n := range append(solveSizes(), 257) {
			ld := n + idx%3
			a := randomGeneral(rng, n, ld, 0)
			got, want := append([]float64(nil), a...), append([]float64(nil), a...)
			pg, pw := make([]float64, n), make([]float64, n)
			require.True(t, Dgetrf(n, got, ld, pg), "n=%d", n)
			require.True(t, dgetrfGeneric(n, want, ld, pw), "n=%d", n)
			for i := 0; i < n; i++ {
				for j := n; j < ld; j++ {
					require.True(t, math.IsNaN(got[i*ld+j]), "n=%d: gap written", n)
				}
			}
			// P·L·U reproduces A: apply the factors to unit vectors of a few columns.
			for j := 0; j < n; j += 1 + n/9 {
				x := make([]float64, n)
				x[j] = 1
				y := append([]float64(nil), x...)
				z := append([]float64(nil), x...)
				Dgetrs(n, got, ld, pg, y)  // A⁻¹ e_j through the blocked factors
				Dgetrs(n, want, ld, pw, z) // and through the reference ones
				var scale float64
				for i := range z {
					scale = max(scale, math.Abs(z[i]))
				}
				for i := range y {
					require.InDelta(t, z[i], y[i], 1e-9*(1+scale), "n=%d (A⁻¹)[%d,%d]", n, i, j)
				}
			}
		}
	})
}

func TestDgetrsRowsMatchesOneRowAtATime(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(65, 66))
		for idx, n := range solveSizes() {
			for _, nrhs := range nrhsList(170) {
				ld, ldb := n+idx%3, n+1+idx%2
				a := randomGeneral(rng, n, ld, 2)
				piv := make([]float64, n)
				require.True(t, Dgetrf(n, a, ld, piv))
				b := randomRows(rng, nrhs, n, ldb)
				got, want := append([]float64(nil), b...), append([]float64(nil), b...)
				DgetrsRows(n, nrhs, a, ld, piv, got, ldb)
				for r := 0; r < nrhs; r++ {
					Dgetrs(n, a, ld, piv, want[r*ldb:r*ldb+n])
				}
				sameRows(t, "DgetrsRows", n, nrhs, ldb, got, want, 1e-9)
			}
		}
	})
}

func TestBlockedRoutinesDoNotAllocate(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(67, 68))
		sizes := []int{40, 150, 300}
		if testing.Short() {
			sizes = sizes[:2]
		}
		for _, n := range sizes {
			spd := randomSPD(rng, n, n, 0.05)
			gen := randomGeneral(rng, n, n, 2)
			b := randomRows(rng, 50, n, n)
			l, lu, piv := make([]float64, n*n), make([]float64, n*n), make([]float64, n)
			assert.Zero(t, testing.AllocsPerRun(3, func() {
				copy(l, spd)
				Dpotrf(n, l, n)
				DpotrsRows(n, 50, l, n, b, n)
				copy(lu, gen)
				Dgetrf(n, lu, n, piv)
				DgetrsRows(n, 50, lu, n, piv, b, n)
			}), "n=%d", n)
		}
	})
}

func TestDgetrfRejectsSingularMatricesOnTheBlockedPath(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(69, 70))
		for _, n := range []int{40, 161, 300} {
			for _, col := range []int{5, n - 3} {
				// A zero column stays exactly zero through the elimination: a zero pivot.
				a := randomGeneral(rng, n, n, 0)
				for i := 0; i < n; i++ {
					a[i*n+col] = 0
				}
				assert.False(t, Dgetrf(n, a, n, make([]float64, n)), "n=%d zero column %d", n, col)
			}
			b := randomGeneral(rng, n, n, 0)
			b[(n/2)*n+n/3] = math.Inf(1)
			assert.False(t, Dgetrf(n, b, n, make([]float64, n)), "n=%d Inf", n)
		}
	})
}
