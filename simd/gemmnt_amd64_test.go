//go:build !purego && !noasm

package simd

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestTransposeIntoIsTheTranspose checks the copy GemmNT's short-k path multiplies with,
// for every shape up to 27×27 (whole 8×8 blocks, edges and both) and a stride with a gap:
// t[p·n+j] = b[j·ldb+p], bit for bit, nothing written past k·n.
func TestTransposeIntoIsTheTranspose(t *testing.T) {
	if !cpuAVX2 {
		t.Skip("transposeInto runs AVX2 assembly")
	}
	rng := rand.New(rand.NewPCG(45, 46))
	for n := 1; n <= 27; n++ {
		for k := 1; k <= 27; k++ {
			ldb := k + n%3
			b := newMat32(rng, n, k, ldb, 0, false)
			got := make([]float32, n*k+3)
			for i := range got {
				got[i] = nan32
			}
			transposeInto(got[:n*k], n, k, b.s(), ldb)
			for j := 0; j < n; j++ {
				for p := 0; p < k; p++ {
					if got[p*n+j] != float32(b.at(j, p)) {
						t.Fatalf("%s: t[%d,%d] = %v, want %v", fmt.Sprintf("%d×%d", n, k), p, j, got[p*n+j], b.at(j, p))
					}
				}
			}
			for _, v := range got[n*k:] {
				if v == v {
					t.Fatalf("%d×%d: wrote past the transpose", n, k)
				}
			}
		}
	}
}
