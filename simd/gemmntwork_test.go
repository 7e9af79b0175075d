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
