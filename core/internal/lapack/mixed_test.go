package lapack

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// spdWithSpectrum returns Q·diag(λ)·Qᵀ (n×n, stride n) for a random orthogonal Q and
// eigenvalues from 1 down to 1/cond: spread geometrically, or when clustered half of
// them 1 and half 1/cond.
func spdWithSpectrum(rng *rand.Rand, n int, cond float64, clustered bool) []float64 {
	q := make([]float64, n*n)
	for i := range q {
		q[i] = rng.NormFloat64()
	}
	// Gram–Schmidt on the rows, twice for orthogonality to rounding level.
	for pass := 0; pass < 2; pass++ {
		for i := 0; i < n; i++ {
			ri := q[i*n : (i+1)*n]
			for j := 0; j < i; j++ {
				rj := q[j*n : (j+1)*n]
				var d float64
				for k := range ri {
					d += ri[k] * rj[k]
				}
				for k := range ri {
					ri[k] -= d * rj[k]
				}
			}
			var s float64
			for _, v := range ri {
				s += v * v
			}
			s = 1 / math.Sqrt(s)
			for k := range ri {
				ri[k] *= s
			}
		}
	}
	a := make([]float64, n*n)
	for k := 0; k < n; k++ {
		lam := math.Pow(cond, -float64(k)/float64(max(n-1, 1)))
		if clustered {
			lam = 1
			if 2*k >= n {
				lam = 1 / cond
			}
		}
		for i := 0; i < n; i++ {
			for j := 0; j <= i; j++ {
				a[i*n+j] += lam * q[k*n+i] * q[k*n+j]
			}
		}
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a[i*n+j] = a[j*n+i]
		}
	}
	return a
}

// dsposvAgainstFloat64 solves with Dsposv and with Dpotrf+DpotrsRows and returns the
// refinement steps and the largest difference relative to the float64 solution.
func dsposvAgainstFloat64(t *testing.T, rng *rand.Rand, n, nrhs int, cond float64, clustered bool) (int, float64) {
	a := spdWithSpectrum(rng, n, cond, clustered)
	b := randomRows(rng, nrhs, n, n)
	x := make([]float64, nrhs*n)
	w32, w64 := make([]float32, DsposvWork32(n)), make([]float64, DsposvWork64(n, nrhs))
	am := append([]float64(nil), a...)
	iter, ok := Dsposv(n, nrhs, am, n, b, n, x, n, w32, w64)
	require.True(t, ok, "n=%d cond=%g", n, cond)
	want := append([]float64(nil), b...)
	l := append([]float64(nil), a...)
	require.True(t, Dpotrf(n, l, n))
	DpotrsRows(n, nrhs, l, n, want, n)
	var worst float64
	for q := 0; q < nrhs; q++ {
		var xmax float64
		for i := 0; i < n; i++ {
			xmax = max(xmax, math.Abs(want[q*n+i]))
		}
		for i := 0; i < n; i++ {
			worst = max(worst, math.Abs(x[q*n+i]-want[q*n+i])/xmax)
		}
	}
	return iter, worst
}

func TestDsposvRefinesWellConditionedSystemsToFloat64Accuracy(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(81, 82))
		for _, n := range []int{1, 5, 17, 40, 90, 200} {
			for _, nrhs := range []int{1, 6} {
				iter, worst := dsposvAgainstFloat64(t, rng, n, nrhs, 100, false)
				assert.GreaterOrEqual(t, iter, 0, "n=%d: a condition number of 100 fell back to float64", n)
				assert.Less(t, iter, 6, "n=%d: refinement too slow", n)
				// cond·2⁻⁵³·n-level agreement with the float64 solution.
				assert.Less(t, worst, 1e-12, "n=%d nrhs=%d", n, nrhs)
			}
		}
	})
}

// TestDsposvFallsBackToFloat64ForIllConditionedSystems: with half the spectrum at 1/cond
// and cond ≥ 1e7, the float32 factor is too rough for refinement to contract (or it is not
// positive definite at all), so Dsposv must return the float64 solution itself.
func TestDsposvFallsBackToFloat64ForIllConditionedSystems(t *testing.T) {
	forEachSimdPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(83, 84))
		for _, c := range []struct {
			n    int
			cond float64
		}{{30, 1e7}, {120, 1e7}, {60, 1e8}, {40, 1e12}} {
			iter, worst := dsposvAgainstFloat64(t, rng, c.n, 3, c.cond, true)
			assert.Equal(t, -1, iter, "n=%d: condition number %g should defeat float32 refinement", c.n, c.cond)
			// The fallback runs the same Dpotrf and DpotrsRows: the same bits.
			assert.Zero(t, worst, "n=%d cond=%g", c.n, c.cond)
		}
	})
}

// TestDsposvAgreesWithFloat64AcrossConditionNumbers: whichever way Dsposv goes, its
// answer agrees with the float64 solve to the float64 solve's own accuracy, cond·2⁻⁵³.
func TestDsposvAgreesWithFloat64AcrossConditionNumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(87, 88))
	for _, cond := range []float64{1e3, 1e5, 1e6, 1e7, 1e8} {
		for _, clustered := range []bool{false, true} {
			_, worst := dsposvAgainstFloat64(t, rng, 80, 2, cond, clustered)
			assert.Less(t, worst, 50*cond*0x1p-53, "cond=%g clustered=%v", cond, clustered)
		}
	}
}

func TestDsposvDoesNotAllocate(t *testing.T) {
	rng := rand.New(rand.NewPCG(85, 86))
	const n, nrhs = 150, 4
	a := spdWithSpectrum(rng, n, 50, false)
	b := randomRows(rng, nrhs, n, n)
	x, am := make([]float64, nrhs*n), make([]float64, n*n)
	w32, w64 := make([]float32, DsposvWork32(n)), make([]float64, DsposvWork64(n, nrhs))
	assert.Zero(t, testing.AllocsPerRun(3, func() {
		copy(am, a)
		Dsposv(n, nrhs, am, n, b, n, x, n, w32, w64)
	}))
}
