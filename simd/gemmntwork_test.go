package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestGemmNTWorkIsGemmNT checks that GemmNTWork computes GemmNT's result bit for bit on
// every path, for short and long summations, with a work of exactly n·k values (guarded:
// nothing written past them), a longer one and one too short to be used.
func TestGemmNTWorkIsGemmNT(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(61, 62))
		for _, m := range []int{1, 7, 16, 17, 32, 33} {
			for _, n := range []int{1, 7, 8, 9, 16, 32, 33} {
				for _, k := range []int{1, 3, 8, 13, 32, 64, 65} {
					for _, beta := range []float32{0, 0.5} {
						ctx := fmt.Sprintf("m=%d n=%d k=%d beta=%g", m, n, k, beta)
						a := newMat32(rng, m, k, k+1, 1, false)
						b := newMat32(rng, n, k, k+2, 2, false)
						c := newMat32(rng, m, n, n+1, 0, false)
						want := c.clone()
						GemmNT(m, n, k, 0.75, a.s(), k+1, b.s(), k+2, beta, want.s(), n+1)
						for _, extra := range []int{0, 5, -1} {
							work := make([]float32, max(n*k+extra, 0)+3)
							for i := range work {
								work[i] = float32(math.NaN())
							}
							got := c.clone()
							GemmNTWork(m, n, k, 0.75, a.s(), k+1, b.s(), k+2, beta, got.s(), n+1, work[:max(n*k+extra, 0)])
							for i := range got.back {
								if math.Float32bits(got.back[i]) != math.Float32bits(want.back[i]) {
									t.Fatalf("%s work %d: element %d = %v, GemmNT %v", ctx, n*k+extra, i, got.back[i], want.back[i])
								}
							}
							for _, v := range work[max(n*k+extra, 0):] {
								if v == v {
									t.Fatalf("%s work %d: written past the work slice", ctx, n*k+extra)
								}
							}
						}
					}
				}
			}
		}
	})
}

// TestGemmNTBiasIsGemmNTThenBiasAct checks that GemmNTBias gives what GemmNTWork and
// BiasAct's bias add give, bit for bit, on every path: shapes whose product adds the bias
// in its last pass (short summations, whole and masked column strips, a wide B whose
// strips are copied first), shapes it hands to GemmNT and the bias add, a zero scale
// (no bias add at all, so −0 stays −0), with and without work.
func TestGemmNTBiasIsGemmNTThenBiasAct(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(63, 64))
		type shape struct{ m, n, k int }
		shapes := []shape{{16, 8, 8}, {32, 32, 8}, {32, 32, 32}, {33, 20, 13}, {17, 9, 64}, {40, 48, 3},
			{16, 512, 32}, {1, 32, 8}, {15, 32, 8}, {32, 7, 8}, {32, 32, 65}, {5, 3, 1}}
		for _, sh := range shapes {
			m, n, k := sh.m, sh.n, sh.k
			for _, beta := range []float32{0.1, 0, -2} {
				for _, withWork := range []bool{false, true} {
					ctx := fmt.Sprintf("m=%d n=%d k=%d beta=%g work=%v", m, n, k, beta, withWork)
					a := newMat32(rng, m, k, k+1, 1, false)
					b := newMat32(rng, n, k, k+2, 2, false)
					bias := make([]float32, n)
					for i := range bias {
						bias[i] = float32(rng.NormFloat64())
					}
					if k == 1 {
						a.s()[0] = 0 // with a negative partner a −0 product: kept only without a bias add
					}
					var work []float32
					if withWork {
						work = make([]float32, n*k)
					}
					want := make([]float32, m*n)
					GemmNTWork(m, n, k, 0.75, a.s(), k+1, b.s(), k+2, 0, want, n, work)
					BiasAct(Identity, m, n, beta, bias, want, want, nil)
					got := make([]float32, m*n+3)
					for i := range got {
						got[i] = nan32
					}
					GemmNTBias(m, n, k, 0.75, a.s(), k+1, b.s(), k+2, beta, bias, got[:m*n], work)
					for i := range want {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%s: element %d = %v, GemmNTWork and BiasAct %v", ctx, i, got[i], want[i])
						}
					}
					for _, v := range got[m*n:] {
						if v == v {
							t.Fatalf("%s: written past C", ctx)
						}
					}
				}
			}
		}
	})
}

// TestGemmNNHadamardIsGemmNNThenHadamard checks that GemmNNHadamard gives what GemmNN
// (beta 0) and Hadamard give, bit for bit, on every path: row counts with every tail of
// the six-row blocks, whole and masked column strips, one row, a wide B whose strips are
// copied first, and summations longer than one block of the kernels.
func TestGemmNNHadamardIsGemmNNThenHadamard(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(65, 66))
		type shape struct{ m, n, k int }
		shapes := []shape{{32, 32, 32}, {1, 32, 8}, {1, 100, 3}, {7, 5, 2}, {13, 20, 9}, {25, 24, 1},
			{31, 64, 16}, {8, 512, 300}, {16, 512, 40}, {6, 16, 257}, {40, 3, 12}}
		for _, sh := range shapes {
			m, n, k := sh.m, sh.n, sh.k
			ctx := fmt.Sprintf("m=%d n=%d k=%d", m, n, k)
			a := newMat32(rng, m, k, k+1, 1, false)
			b := newMat32(rng, k, n, n+2, 2, false)
			e := make([]float32, m*n)
			for i := range e {
				e[i] = float32(rng.NormFloat64())
			}
			want := make([]float32, m*n)
			GemmNN(m, n, k, 0.75, a.s(), k+1, b.s(), n+2, 0, want, n)
			Hadamard(want, want, e)
			got := make([]float32, m*n+3)
			for i := range got {
				got[i] = nan32
			}
			GemmNNHadamard(m, n, k, 0.75, a.s(), k+1, b.s(), n+2, e, got[:m*n])
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%s: element %d = %v, GemmNN and Hadamard %v", ctx, i, got[i], want[i])
				}
			}
			for _, v := range got[m*n:] {
				if v == v {
					t.Fatalf("%s: written past C", ctx)
				}
			}
		}
	})
}
