//go:build !purego && !noasm

package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestNTK4x4NEONMatchesGeneric calls the 4×4 NT block kernel directly: k a multiple of 4
// from 4 to 64, a tail added in, strided operands with NaN guard bands, and beta == 0
// not reading C (its C is NaN then).
func TestNTK4x4NEONMatchesGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for idx, k := 0, 4; k <= 64; idx, k = idx+1, k+4 {
		alpha, beta := alphas[idx%3], betas[(idx/3)%3]
		a := newMat32(rng, 4, k, k+ldExtra[idx%5], idx%8, false)
		b := newMat32(rng, 4, k, k+ldExtra[(idx+2)%5], (idx*3+1)%8, false)
		c := newMat32(rng, 4, 4, 4+ldExtra[(idx+4)%5], (idx*5+2)%8, beta == 0)
		var tail [16]float32
		for i := range tail {
			tail[i] = float32(idx%2) * (rng.Float32()*2 - 1)
		}
		loadC := 1
		if beta == 0 {
			loadC = 0
		}
		got, want, bound := c.clone(), c.clone(), c.abs()
		g := got.s()
		ntK4x4NEON(k, &a.s()[0], a.ld, &b.s()[0], b.ld, &g[0], c.ld, &tail, loadC, alpha, beta)
		gemmNTGeneric(4, 4, k, alpha, a.s(), a.ld, b.s(), b.ld, beta, want.s(), c.ld)
		gemmNTGeneric(4, 4, k, float32(math.Abs(float64(alpha))), a.abs().s(), a.ld, b.abs().s(), b.ld,
			float32(math.Abs(float64(beta))), bound.s(), c.ld)
		for r := 0; r < 4; r++ { // the tail enters as alpha*tail
			for j := 0; j < 4; j++ {
				p := c.off + r*c.ld + j
				want.back[p] += alpha * tail[4*r+j]
				bound.back[p] += float32(math.Abs(float64(alpha * tail[4*r+j])))
			}
		}
		ctx := fmt.Sprintf("ntK4x4NEON k=%d lda=%d ldb=%d ldc=%d alpha=%v beta=%v", k, a.ld, b.ld, c.ld, alpha, beta)
		if !checkAgainst(t, ctx, got, want, bound, float64(k+8)*eps32) {
			return
		}
	}
}
