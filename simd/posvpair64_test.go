package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// posvPairCase is one system of PosvPair64: the source (NaN above the diagonal), the
// factor's destination (NaN everywhere), b, lt and inv.
type posvPairCase struct {
	a, d, b, lt, inv []float64
	lda, ldd         int
}

func newPosvPairCase(rng *rand.Rand, n, lda, ldd int) posvPairCase {
	a, b, lt, inv := posvProblem(rng, n, 0, lda)
	d := make([]float64, n*ldd)
	for i := range d {
		d[i] = math.NaN()
	}
	return posvPairCase{a: a, d: d, b: b, lt: lt, inv: inv, lda: lda, ldd: ldd}
}

func (c posvPairCase) clone() posvPairCase {
	cp := func(x []float64) []float64 { return append([]float64(nil), x...) }
	return posvPairCase{a: cp(c.a), d: cp(c.d), b: cp(c.b), lt: cp(c.lt), inv: cp(c.inv), lda: c.lda, ldd: c.ldd}
}

func posvPairRun(n int, shift float64, p, q posvPairCase, f func(int, float64, []float64, int, []float64, int, []float64, []float64, []float64, []float64, int, []float64, int, []float64, []float64, []float64) bool) bool {
	return f(n, shift, p.a, p.lda, p.d, p.ldd, p.b, p.lt, p.inv, q.a, q.lda, q.d, q.ldd, q.b, q.lt, q.inv)
}

// TestPosvPair64MatchesSingle factors and solves two systems of every order from 4 to 64
// (multiples of four, with different strides) at once: each system's factor, solution,
// Lᵀ and inverses equal bit for bit those of PosvPanels64 on a copy of its lower triangle
// with the shift added (the same kernel operations), agree with the Go twin to rounding,
// and the solution solves (A + shift·I)·x = b; the source is not written, nor the
// factor's strict upper triangle; a pivot that is not positive in either system is
// refused, and nothing allocates.
func TestPosvPair64MatchesSingle(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(211, 212))
		for n := 4; n <= 64; n += 4 {
			shift := 0.01 * float64(n)
			p, q := newPosvPairCase(rng, n, n+1, 3*n), newPosvPairCase(rng, n, n, n)
			p0, q0 := p.clone(), q.clone()
			gp, gq := p.clone(), q.clone()
			require.True(t, posvPairRun(n, shift, p, q, PosvPair64), "n=%d", n)
			require.True(t, posvPairRun(n, shift, gp, gq, posvPair64Go), "n=%d", n)
			for s, c := range []struct{ got, orig, twin posvPairCase }{{p, p0, gp}, {q, q0, gq}} {
				// the single kernel on the shifted copy
				one := c.orig.clone()
				posvCopyShift(n, shift, one.a, one.lda, one.d, one.ldd)
				require.True(t, PosvPanels64(n, 0, one.d, one.ldd, one.b, one.lt, one.inv))
				for i := range c.orig.a {
					require.True(t, c.got.a[i] == c.orig.a[i] || math.IsNaN(c.orig.a[i]) && math.IsNaN(c.got.a[i]), "n=%d s=%d source written at %d", n, s, i)
				}
				for i := 0; i < n; i++ {
					for j := 0; j < c.got.ldd; j++ {
						x := c.got.d[i*c.got.ldd+j]
						if j > i || j >= n {
							require.True(t, math.IsNaN(x), "n=%d s=%d [%d,%d] written", n, s, i, j)
							continue
						}
						require.Equal(t, one.d[i*one.ldd+j], x, "n=%d s=%d L[%d,%d]", n, s, i, j)
						w := c.twin.d[i*c.twin.ldd+j]
						require.InDelta(t, w, x, 1e-12*(1+math.Abs(w)), "n=%d s=%d L[%d,%d] vs twin", n, s, i, j)
					}
					require.Equal(t, one.b[i], c.got.b[i], "n=%d s=%d x[%d]", n, s, i)
					require.InDelta(t, c.twin.b[i], c.got.b[i], 1e-10*(1+math.Abs(c.twin.b[i])), "n=%d s=%d x[%d] vs twin", n, s, i)
					for k := i + 1; k < n; k++ {
						require.Equal(t, one.lt[i*n+k], c.got.lt[i*n+k], "n=%d s=%d lt[%d,%d]", n, s, i, k)
					}
				}
				require.Equal(t, one.inv[:8*n], c.got.inv[:8*n], "n=%d s=%d inv", n, s)
				for i := 0; i < n; i++ {
					v := shift * c.got.b[i]
					for k := 0; k < n; k++ {
						v += c.orig.a[max(i, k)*c.orig.lda+min(i, k)] * c.got.b[k]
					}
					require.InDelta(t, c.orig.b[i], v, 1e-9*(1+math.Abs(c.orig.b[i])), "n=%d s=%d ((A+shift)·x)[%d]", n, s, i)
				}
			}
		}
		// a pivot that is not positive is refused, in either system and each position of a panel
		for s := 0; s < 2; s++ {
			for _, k := range []int{0, 1, 2, 3, 5, 30} {
				p, q := newPosvPairCase(rng, 32, 32, 32), newPosvPairCase(rng, 32, 32, 32)
				bad := []posvPairCase{p, q}[s]
				bad.a[k*32+k] = -bad.a[k*32+k]
				require.False(t, posvPairRun(32, 1e-3, p, q, PosvPair64), "s=%d k=%d", s, k)
			}
		}
		p, q := newPosvPairCase(rng, 32, 32, 96), newPosvPairCase(rng, 32, 32, 96)
		require.Zero(t, testing.AllocsPerRun(10, func() { posvPairRun(32, 1e-2, p, q, PosvPair64) }))
	})
}

// BenchmarkPosvPair64 factors and solves two order-32 systems at once (the outer pivots of
// the smallest tri-diagonal step); BenchmarkPosvPair64/single runs the copies and two
// PosvPanels64 calls it replaces.
func BenchmarkPosvPair64(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	p, q := newPosvPairCase(rng, 32, 32, 96), newPosvPairCase(rng, 32, 32, 96)
	pb, qb := append([]float64(nil), p.b...), append([]float64(nil), q.b...)
	b.Run("pair", func(b *testing.B) {
		for b.Loop() {
			copy(p.b, pb)
			copy(q.b, qb)
			if !posvPairRun(32, 1e-2, p, q, PosvPair64) {
				b.Fatal("not positive definite")
			}
		}
	})
	b.Run("single", func(b *testing.B) {
		for b.Loop() {
			copy(p.b, pb)
			copy(q.b, qb)
			for _, c := range []posvPairCase{p, q} {
				posvCopyShift(32, 1e-2, c.a, c.lda, c.d, c.ldd)
				if !PosvPanels64(32, 0, c.d, c.ldd, c.b, c.lt, c.inv) {
					b.Fatal("not positive definite")
				}
			}
		}
	})
}
