package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// GemmRM64 equals its twin on every path, with A as given or transposed, plain and
// triangular, for dimensions on and off
// the kernel's 4×8 blocks and strides wider than the operands, and leaves C's stride gap
// alone.
func TestGemmRM64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(21, 22))
		for _, dims := range [][3]int{{4, 8, 1}, {4, 8, 5}, {8, 16, 8}, {32, 32, 32}, {12, 24, 7}, {5, 8, 8}, {4, 9, 4}, {36, 40, 36}, {3, 3, 3}} {
			for _, mode := range [4][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
				transA, tri := mode[0], mode[1]
				m, n, k := dims[0], dims[1], dims[2]
				lda, ldb, ldc := k+1, n+2, n+3
				ar := m // a's rows as stored
				if transA {
					lda, ar = m+1, k
				}
				a, b, c := make([]float64, ar*lda), make([]float64, k*ldb), make([]float64, m*ldc)
				for i := range a {
					a[i] = rng.NormFloat64()
				}
				for i := range b {
					b[i] = rng.NormFloat64()
				}
				for i := range c {
					c[i] = rng.NormFloat64()
					if i%ldc >= n {
						c[i] = math.NaN() // the gap: not written
					}
				}
				if tri {
					// the skipped terms are zero in a triangular pair
					for i := 0; i < m; i++ {
						for p := 0; p < min(i, k); p++ {
							if transA {
								a[p*lda+i] = 0
							} else {
								a[i*lda+p] = 0
							}
						}
					}
					for p := 0; p < k; p++ {
						for j := p + 1; j < n; j++ {
							b[p*ldb+j] = 0
						}
					}
				}
				want := append([]float64(nil), c...)
				alpha := rng.NormFloat64()
				GemmRM64(transA, tri, m, n, k, alpha, a, lda, b, ldb, c, ldc)
				gemmRM64Go(transA, gemmFlags(tri, false), m, n, k, alpha, a, lda, b, ldb, want, ldc)
				for i := 0; i < m; i++ {
					for j := 0; j < ldc; j++ {
						w, g := want[i*ldc+j], c[i*ldc+j]
						if j >= n {
							assert.True(t, math.IsNaN(g), "%v %v: gap (%d,%d) written", dims, mode, i, j)
							continue
						}
						assert.InDelta(t, w, g, 1e-13*float64(k)*(1+math.Abs(w)), "%v %v at (%d,%d)", dims, mode, i, j)
					}
				}
			}
		}
	})
}

// GemmRMLower64 equals its twin on the lower triangle on every path.
func TestGemmRMLower64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(23, 24))
		for _, nk := range [][2]int{{8, 8}, {32, 32}, {16, 5}, {40, 40}, {7, 7}} {
			for _, transA := range []bool{false, true} {
				n, k := nk[0], nk[1]
				lda, ldb, ldc := max(n, k)+1, n+2, n+3
				a, b, c := make([]float64, max(n, k)*lda), make([]float64, k*ldb), make([]float64, n*ldc)
				for _, x := range [][]float64{a, b, c} {
					for i := range x {
						x[i] = rng.NormFloat64()
					}
				}
				// a triangular pair: the terms the kernel skips by blocks are zero
				for i := 0; i < n; i++ {
					for p := 0; p < min(i, k); p++ {
						if transA {
							a[p*lda+i] = 0
						} else {
							a[i*lda+p] = 0
						}
					}
				}
				for p := 0; p < k; p++ {
					for j := p + 1; j < n; j++ {
						b[p*ldb+j] = 0
					}
				}
				want := append([]float64(nil), c...)
				GemmRMLower64(transA, true, n, k, 0.5, a, lda, b, ldb, c, ldc)
				gemmRM64Go(transA, gemmFlags(true, true), n, n, k, 0.5, a, lda, b, ldb, want, ldc)
				for i := 0; i < n; i++ {
					for j := 0; j <= i; j++ {
						w := want[i*ldc+j]
						assert.InDelta(t, w, c[i*ldc+j], 1e-13*float64(k)*(1+math.Abs(w)), "%v transA=%v at (%d,%d)", nk, transA, i, j)
					}
				}
			}
		}
	})
}
