package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGemvMatchesGeneric checks Gemv on every path against its twin for row counts below,
// at and past a group of eight (the last group overlapping), every k up to 37 (with and
// without a tail of fewer than eight), strided rows, and guards: y is written exactly at its
// m elements, each within float32 rounding of the dot product's magnitude.
func TestGemvMatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(131, 132))
		for _, m := range []int{0, 1, 5, 7, 8, 9, 15, 16, 17, 32, 37} {
			for k := 0; k <= 37; k++ {
				lda := max(k, 1) + (m+k)%3
				a := make([]float32, m*lda+2)
				x := make([]float32, k+1)
				for i := range a {
					a[i] = float32(rng.NormFloat64())
				}
				for i := range x {
					x[i] = float32(rng.NormFloat64())
				}
				const alpha = 0.75
				got := make([]float32, m+4)
				for i := range got {
					got[i] = float32(math.NaN())
				}
				Gemv(m, k, alpha, a[:max((m-1)*lda+k, 0)], lda, x[:k], got[:m])
				want := make([]float32, m)
				gemvGeneric(m, k, alpha, a, lda, x, want)
				for i := 0; i < m; i++ {
					var mag float64
					for p := 0; p < k; p++ {
						mag += math.Abs(float64(a[i*lda+p]) * float64(x[p]))
					}
					tol := 4 * float64(k+1) * 0x1p-24 * alpha * mag
					require.InDelta(t, want[i], got[i], tol, "m=%d k=%d row %d", m, k, i)
				}
				for i := m; i < len(got); i++ {
					require.True(t, math.IsNaN(float64(got[i])), "m=%d k=%d: wrote y[%d]", m, k, i)
				}
			}
		}
	})
}

// TestGemvRowsIndependentOfBatch: a row's value is the same bit for bit whether it is
// computed alone, in a batch of fewer than eight rows, or in a larger one (prediction of
// one sample equals its prediction inside a batch).
func TestGemvRowsIndependentOfBatch(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(133, 134))
		for _, k := range []int{1, 3, 8, 13, 32, 33} {
			const m = 21
			a := make([]float32, m*k)
			x := make([]float32, k)
			for i := range a {
				a[i] = float32(rng.NormFloat64())
			}
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			all := make([]float32, m)
			Gemv(m, k, 0.3, a, k, x, all)
			for _, n := range []int{1, 2, 7, 8, 9} {
				for i0 := 0; i0+n <= m; i0 += 5 {
					part := make([]float32, n)
					Gemv(n, k, 0.3, a[i0*k:], k, x, part)
					for i, v := range part {
						require.Equal(t, math.Float32bits(all[i0+i]), math.Float32bits(v), "k=%d rows %d..%d: row %d", k, i0, i0+n-1, i0+i)
					}
				}
			}
		}
	})
}

// TestGemvBiasIsGemvThenBiasAct checks that GemvBias gives what Gemv and BiasAct's bias
// add give, bit for bit, on every path: row counts below, at and above the groups of
// eight, summations with and without a masked tail, a zero scale (nothing added, so −0
// stays −0), nothing written past y.
func TestGemvBiasIsGemvThenBiasAct(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(67, 68))
		for _, m := range []int{1, 3, 7, 8, 9, 16, 20, 32, 33} {
			for _, k := range []int{1, 7, 8, 9, 32, 33} {
				for _, beta := range []float32{0.1, 0, -1.5} {
					a := newMat32(rng, m, k, k+2, 1, false)
					x := make([]float32, k)
					for i := range x {
						x[i] = float32(rng.NormFloat64())
					}
					if k == 1 {
						x[0] = 0 // −0 products in some rows: kept only without a bias add
					}
					b := []float32{float32(rng.NormFloat64())}
					want := make([]float32, m)
					Gemv(m, k, -0.5, a.s(), k+2, x, want)
					BiasAct(Identity, m, 1, beta, b, want, want, nil)
					got := make([]float32, m+3)
					for i := range got {
						got[i] = nan32
					}
					GemvBias(m, k, -0.5, a.s(), k+2, x, beta, b, got[:m])
					for i := range want {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("m=%d k=%d beta=%g: y[%d] = %v, Gemv and BiasAct %v", m, k, beta, i, got[i], want[i])
						}
					}
					for _, v := range got[m:] {
						if v == v {
							t.Fatalf("m=%d k=%d beta=%g: written past y", m, k, beta)
						}
					}
				}
			}
		}
	})
}
