package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// posvProblem returns an SPD n×n matrix (stride ld, NaN above the diagonal and in the
// stride gaps, which the factorization must neither need nor write), a right-hand side,
// and lt and inv for PosvPanels64 with the first j0 columns factored by the Crout loop,
// z[0:j0] substituted and lt's first j0 rows filled, as the caller does.
func posvProblem(rng *rand.Rand, n, j0, ld int) (a, b, lt, inv []float64) {
	g := make([]float64, n*n)
	for i := range g {
		g[i] = rng.NormFloat64()
	}
	a = make([]float64, n*ld)
	for i := range a {
		a[i] = math.NaN()
	}
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			for k := 0; k < n; k++ {
				s += g[i*n+k] * g[j*n+k]
			}
			if i == j {
				s += 0.05 * float64(n)
			}
			a[i*ld+j] = s
		}
	}
	b = make([]float64, n)
	for i := range b {
		b[i] = rng.NormFloat64()
	}
	for j := 0; j < j0; j++ {
		d := a[j*ld+j]
		for k := 0; k < j; k++ {
			d -= a[j*ld+k] * a[j*ld+k]
		}
		d = math.Sqrt(d)
		a[j*ld+j] = d
		for i := j + 1; i < n; i++ {
			v := a[i*ld+j]
			for k := 0; k < j; k++ {
				v -= a[i*ld+k] * a[j*ld+k]
			}
			a[i*ld+j] = v / d
		}
	}
	lt = make([]float64, n*n)
	for p := 0; p < j0; p++ {
		for i := p + 1; i < n; i++ {
			lt[p*n+i] = a[i*ld+p]
		}
	}
	for i := 0; i < j0; i++ {
		v := b[i]
		for k := 0; k < i; k++ {
			v -= a[i*ld+k] * b[k]
		}
		b[i] = v / a[i*ld+i]
	}
	return a, b, lt, make([]float64, 8*n)
}

// TestPosvPanels64MatchesGeneric factors and solves through the kernel and its Go twin for
// every order from 4 to 45 (with the n mod 4 leading columns done beforehand): the factors
// and the solutions agree to rounding, nothing above the diagonal or in the stride gaps is
// written, and with no leading columns the solution solves A·x = b; a pivot that is not
// positive is refused and nothing allocates.
func TestPosvPanels64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(107, 108))
		for n := 4; n <= 45; n++ {
			j0, ld := n%4, n+n%3
			a, b, lt, inv := posvProblem(rng, n, j0, ld)
			orig, b0 := append([]float64(nil), a...), append([]float64(nil), b...)
			wa, wb, wlt, winv := append([]float64(nil), a...), append([]float64(nil), b...), append([]float64(nil), lt...), append([]float64(nil), inv...)
			require.True(t, PosvPanels64(n, j0, a, ld, b, lt, inv), "n=%d", n)
			require.True(t, posvPanels64Go(n, j0, wa, ld, wb, wlt, winv), "n=%d", n)
			for i := 0; i < n; i++ {
				for j := 0; j < ld; j++ {
					if j > i || j >= n {
						require.True(t, math.IsNaN(a[i*ld+j]), "n=%d [%d,%d] written", n, i, j)
						continue
					}
					require.InDelta(t, wa[i*ld+j], a[i*ld+j], 1e-12*(1+math.Abs(wa[i*ld+j])), "n=%d L[%d,%d]", n, i, j)
				}
			}
			for i := j0; i < n; i++ {
				require.InDelta(t, wb[i], b[i], 1e-10*(1+math.Abs(wb[i])), "n=%d x[%d]", n, i)
			}
			if j0 > 0 {
				continue
			}
			// with no leading columns, x solves A·x = b for the original A
			for i := 0; i < n; i++ {
				var v float64
				for k := 0; k < n; k++ {
					v += orig[max(i, k)*ld+min(i, k)] * b[k]
				}
				require.InDelta(t, b0[i], v, 1e-9*(1+math.Abs(b0[i])), "n=%d (A·x)[%d]", n, i)
			}
		}
		// a pivot that is not positive is refused, in each position of a panel
		for _, k := range []int{0, 1, 2, 3, 5, 30} {
			a, b, lt, inv := posvProblem(rng, 32, 0, 32)
			a[k*32+k] = -a[k*32+k]
			require.False(t, PosvPanels64(32, 0, a, 32, b, lt, inv), "k=%d", k)
		}
		a, b, lt, inv := posvProblem(rng, 32, 0, 32)
		require.Zero(t, testing.AllocsPerRun(10, func() { PosvPanels64(32, 0, a, 32, b, lt, inv) }))
	})
}

// BenchmarkPosvPanels64 factors and solves an order-32 system (the smallest exact step's
// Gram), restoring A and b from copies each time (the copies are part of the time).
func BenchmarkPosvPanels64(b *testing.B) {
	for _, p := range Available() {
		b.Run("n=32/impl="+p, func(b *testing.B) {
			require.NoError(b, Force(p))
			defer func() { _ = Force("auto") }()
			a, x, lt, inv := posvProblem(rand.New(rand.NewPCG(1, 2)), 32, 0, 32)
			a0, x0 := append([]float64(nil), a...), append([]float64(nil), x...)
			b.ReportAllocs()
			for b.Loop() {
				copy(a, a0)
				copy(x, x0)
				if !PosvPanels64(32, 0, a, 32, x, lt, inv) {
					b.Fatal("not positive definite")
				}
			}
		})
	}
}
