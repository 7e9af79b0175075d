package lapack

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
)

// randomSPD returns A = G·Gᵀ/n + shift·I in an n×ld slab whose stride gaps hold NaN.
func randomSPD(rng *rand.Rand, n, ld int, shift float64) []float64 {
	g := make([]float64, n*n)
	for i := range g {
		g[i] = rng.NormFloat64()
	}
	a := make([]float64, n*ld)
	for i := range a {
		a[i] = math.NaN()
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < n; p++ {
				s += g[i*n+p] * g[j*n+p]
			}
			a[i*ld+j] = s / float64(n)
		}
		a[i*ld+i] += shift
	}
	return a
}

func potrfSizes() []int {
	var s []int
	grow := 40 // every size up to 40, then sparser
	if testing.Short() {
		grow = 8
	}
	for n := 1; n <= 300; n += 1 + n/grow {
		s = append(s, n)
	}
	return append(s, 63, 64, 65, 128, 129, 300)
}

// forEachSimdPath runs f with each kernel path of simd forced.
func forEachSimdPath(t *testing.T, f func(t *testing.T)) {
	for _, p := range simd.Available() {
		t.Run("impl="+p, func(t *testing.T) {
			require.NoError(t, simd.Force(p))
			defer func() { _ = simd.Force("auto") }()
			f(t)
		})
	}
}

func TestDpotrfMatchesUnblockedReference(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(41, 42))
		for idx, n := range potrfSizes() {
			ld := n + idx%3
			a := randomSPD(rng, n, ld, 0.05)
			got, want := append([]float64(nil), a...), append([]float64(nil), a...)
			require.True(t, Dpotrf(n, got, ld), "n=%d", n)
			require.True(t, dpotrfGeneric(n, want, ld), "n=%d", n)
			for i := 0; i < n; i++ {
				for j := 0; j < ld; j++ {
					g, w := got[i*ld+j], want[i*ld+j]
					if j > i {
						// Upper triangle and stride gaps: untouched, bit for bit.
						require.Equal(t, math.Float64bits(a[i*ld+j]), math.Float64bits(g), "n=%d [%d,%d] changed", n, i, j)
						continue
					}
					if !(math.Abs(g-w) <= 1e-12*math.Sqrt(a[i*ld+i]*a[j*ld+j])) {
						t.Fatalf("n=%d L[%d,%d] = %v, unblocked %v", n, i, j, g, w)
					}
				}
			}
			// L·Lᵀ reproduces A.
			for i := 0; i < n; i += 1 + n/17 {
				for j := 0; j <= i; j++ {
					s := simd.Dot64(got[i*ld:i*ld+j+1], got[j*ld:j*ld+j+1])
					assert.InDelta(t, a[i*ld+j], s, 1e-12*float64(n)*math.Sqrt(a[i*ld+i]*a[j*ld+j]), "n=%d (LLᵀ)[%d,%d]", n, i, j)
				}
			}
		}
	})
}

func TestDpotrfRejectsNonPositiveDefinite(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(43, 44))
		for _, n := range []int{1, 5, 64, 65, 200} {
			a := randomSPD(rng, n, n, 0.05)
			bad := n - 1 // a pivot in the last block goes negative
			a[bad*n+bad] = -1
			assert.False(t, Dpotrf(n, append([]float64(nil), a...), n), "n=%d negative diagonal", n)
			// Indefinite but with a positive diagonal: A − 2·λmax-ish·I on a rank-one direction.
			b := randomSPD(rng, n, n, 0.05)
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					v := 1.0
					if (i+j)%2 == 1 {
						v = -1
					}
					b[i*n+j] -= 0.5 * v * float64(n)
				}
				b[i*n+i] += 0.25 * float64(n)
			}
			if n > 1 {
				assert.False(t, Dpotrf(n, b, n), "n=%d indefinite", n)
			}
			c := randomSPD(rng, n, n, 0.05)
			c[(n/2)*n+n/3] = math.NaN()
			assert.False(t, Dpotrf(n, c, n), "n=%d NaN", n)
		}
	})
}

func TestDpotrsSolves(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(45, 46))
		for idx, n := range potrfSizes() {
			ld := n + idx%4
			a := randomSPD(rng, n, ld, 0.05)
			l := append([]float64(nil), a...)
			require.True(t, Dpotrf(n, l, ld))
			x := make([]float64, n)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			b := make([]float64, n)
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					aij := a[i*ld+j]
					if j > i {
						aij = a[j*ld+i]
					}
					b[i] += aij * x[j]
				}
			}
			got, want := append([]float64(nil), b...), append([]float64(nil), b...)
			Dpotrs(n, l, ld, got)
			dpotrsGeneric(n, l, ld, want)
			for i := range got {
				require.InDelta(t, want[i], got[i], 1e-9*(1+math.Abs(want[i])), "n=%d x[%d] vs reference", n, i)
				require.InDelta(t, x[i], got[i], 1e-6*(1+math.Abs(x[i])), "n=%d x[%d] vs truth", n, i)
			}
		}
	})
}

func TestDpotrfDpotrsDoNotAllocate(t *testing.T) {
	rng := rand.New(rand.NewPCG(47, 48))
	const n = 150
	a := randomSPD(rng, n, n, 0.05)
	l, b := make([]float64, len(a)), make([]float64, n)
	assert.Zero(t, testing.AllocsPerRun(5, func() {
		copy(l, a)
		Dpotrf(n, l, n)
		Dpotrs(n, l, n, b)
	}))
}

func TestDgetrfDgetrsSolveNonSymmetricSystems(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	for _, n := range []int{1, 2, 3, 7, 20, 65} {
		ld := n + 3
		a := make([]float64, n*ld)
		for i := range a {
			a[i] = math.NaN() // stride gaps must not be read
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				a[i*ld+j] = rng.NormFloat64()
			}
		}
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		b := make([]float64, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				b[i] += a[i*ld+j] * x[j]
			}
		}
		piv := make([]float64, n)
		require.True(t, Dgetrf(n, a, ld, piv), "n=%d", n)
		Dgetrs(n, a, ld, piv, b)
		for i := range x {
			assert.InDelta(t, x[i], b[i], 1e-8*(1+math.Abs(x[i])), "n=%d x[%d]", n, i)
		}
	}
}

func TestDgetrfRejectsSingularMatrix(t *testing.T) {
	// rows 0 and 2 are equal
	a := []float64{
		1, 2, 3,
		0, 1, 4,
		1, 2, 3,
	}
	assert.False(t, Dgetrf(3, a, 3, make([]float64, 3)))
	nan := []float64{math.NaN(), 1, 1, 1}
	assert.False(t, Dgetrf(2, nan, 2, make([]float64, 2)))
}
