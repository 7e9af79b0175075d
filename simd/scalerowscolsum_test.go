package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestScaleRowsColSumIsScaleRowsAndGemmNN checks the claim of ScaleRowsColSum on each path
// for shapes around the kernel's column blocks of 32 and 8 (and widths it leaves to the
// two calls), padded strides, a summation longer than one GEMM pass, and dst = A: the
// scaled rows are ScaleRows' and the sums GemmNN(1, k, n, …)'s bit for bit, and both are
// the Go twin's within a rounding per term. It allocates nothing.
func TestScaleRowsColSumIsScaleRowsAndGemmNN(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(311, 312))
		for _, sh := range [][2]int{{1, 8}, {32, 32}, {32, 8}, {7, 40}, {33, 64}, {5, 72}, {32, 13}, {3, 1}, {300, 16}, {64, 96}} {
			n, k := sh[0], sh[1]
			for _, pad := range []int{0, 3} {
				for _, inPlace := range []bool{false, true} {
					lda := k + pad
					ldd := k + 2*pad
					if inPlace {
						ldd = lda
					}
					a := make([]float32, n*lda)
					for i := range a {
						a[i] = float32(rng.NormFloat64())
					}
					s := make([]float32, n)
					for i := range s {
						s[i] = float32(rng.NormFloat64())
					}
					alpha := float32(-0.37)
					wantD := make([]float32, n*ldd)
					wantS := make([]float32, k)
					GemmNN(1, k, n, alpha, s, n, a, lda, 0, wantS, k)
					ScaleRows(n, k, s, a, lda, wantD, ldd)
					src := append([]float32(nil), a...)
					gotD := make([]float32, n*ldd)
					if inPlace {
						gotD = src
					}
					gotS := make([]float32, k)
					ScaleRowsColSum(n, k, s, src, lda, gotD, ldd, alpha, gotS)
					for j := 0; j < k; j++ {
						require.Equal(t, math.Float32bits(wantS[j]), math.Float32bits(gotS[j]), "n=%d k=%d pad=%d in place %v: sums[%d]", n, k, pad, inPlace, j)
					}
					for i := 0; i < n; i++ {
						for j := 0; j < k; j++ {
							require.Equal(t, math.Float32bits(wantD[i*ldd+j]), math.Float32bits(gotD[i*ldd+j]), "n=%d k=%d: dst[%d,%d]", n, k, i, j)
						}
					}
					twinD := make([]float32, n*ldd)
					twinS := make([]float32, k)
					scaleRowsColSumGeneric(n, k, s, a, lda, twinD, ldd, alpha, twinS)
					for j := 0; j < k; j++ {
						var bound float64
						for i := 0; i < n; i++ {
							bound += math.Abs(float64(s[i]) * float64(a[i*lda+j]))
						}
						bound *= math.Abs(float64(alpha))
						require.InDelta(t, twinS[j], gotS[j], float64(n+2)*eps32*bound, "n=%d k=%d: sums[%d] vs twin", n, k, j)
					}
					for i := 0; i < n; i++ {
						for j := 0; j < k; j++ {
							require.Equal(t, twinD[i*ldd+j], gotD[i*ldd+j], "n=%d k=%d: dst[%d,%d] vs twin", n, k, i, j)
						}
					}
				}
			}
		}
		a, d, s, sums := make([]float32, 32*32), make([]float32, 32*32), make([]float32, 32), make([]float32, 32)
		require.Zero(t, testing.AllocsPerRun(20, func() { ScaleRowsColSum(32, 32, s, a, 32, d, 32, 1, sums) }))
	})
}
