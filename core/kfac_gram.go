package core

import "github.com/edgetrain/edgetrain/simd"

// The K-FAC statistics B = Σ_n ω̃_n·(signals)ᵀ(signals) are Grams of float32 rows, and the
// largest of them dominates the step's flops (N·C rows of M_l at the first hidden layer).
// gramLowerMixed forms them with float32 products, which run at twice the float64 rate,
// summed in float32 over blocks of gramRows rows and the blocks in float64
// (simd.GramAddLower32): the rounding error is that of a float32 sum of gramRows terms, not
// of all N·C, and the factor itself stays float64.
const gramRows = 128 // rows summed in float32 before the float64 accumulation

// gramScratch is the float32 scratch gramLowerMixed needs for k columns.
func gramScratch(k int) int { return simd.GramPackLen(gramRows, k) }

// gramLowerMixed writes the lower triangle of C = AᵀA (k×k, float64, stride ldc; the strict
// upper triangle is not touched) for the n×k float32 matrix A (stride lda), one
// simd.GramAddLower32 per block of gramRows rows; scratch holds at least gramScratch(k)
// values. gramLowerGeneric is its specification.
func gramLowerMixed(n, k int, a []float32, lda int, c []float64, ldc int, scratch []float32) {
	for i := 0; i < k; i++ {
		clear(c[i*ldc : i*ldc+i+1])
	}
	for r0 := 0; r0 < n; r0 += gramRows {
		simd.GramAddLower32(min(gramRows, n-r0), k, a[r0*lda:], lda, c, ldc, scratch)
	}
}

// gramLowerGeneric is the specification of gramLowerMixed: c[i,j] = Σ_r a[r,i]·a[r,j] for
// j ≤ i, products and sums in float64.
func gramLowerGeneric(n, k int, a []float32, lda int, c []float64, ldc int) {
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			for r := 0; r < n; r++ {
				s += float64(a[r*lda+i]) * float64(a[r*lda+j])
			}
			c[i*ldc+j] = s
		}
	}
}

// gramSmall is the largest number of rows and of columns whose B Gram kfac.gramLower forms
// in float64 by outer products; measured (32×32: 1.07 -> 0.8 µs; at 64×64 the float32
// blocks are faster).
const gramSmall = 32

// gramLower writes the lower triangle of C = AᵀA (k×k, stride ldc) for the n×k float32 A
// (stride lda), as gramLowerMixed does. Small Grams (n, k ≤ gramSmall) are formed from A
// widened to float64 in kf.htT (free while the statistics are formed) by outer products of
// its rows (simd.GramShiftAddLower64: products and sums in float64, more accurate than the
// float32 blocks), the others by gramLowerMixed.
func (kf *kfac) gramLower(n, k int, a []float32, lda int, c []float64, ldc int) {
	kf.gramLowerScaled(n, k, a, lda, 1, c, ldc)
}

// gramLowerScaled is gramLower writing alpha·AᵀA: the small Grams scaled as they are formed,
// the others after.
func (kf *kfac) gramLowerScaled(n, k int, a []float32, lda int, alpha float64, c []float64, ldc int) {
	ldt := simd.TransStride(k)
	if n > gramSmall || k > gramSmall || n*ldt > len(kf.htT) {
		gramLowerMixed(n, k, a, lda, c, ldc, kf.g32)
		if alpha != 1 {
			for i := 0; i < k; i++ {
				for j := range c[i*ldc : i*ldc+i+1] {
					c[i*ldc+j] *= alpha
				}
			}
		}
		return
	}
	t := kf.htT[:n*ldt]
	simd.WidenRows64(n, k, 1, nil, a, lda, t, ldt)
	for r := 0; r < n; r++ {
		clear(t[r*ldt+k : (r+1)*ldt]) // the padding of each row, read as zeros
	}
	simd.GramShiftAddLower64(k, n, t, ldt, alpha, 0, c, ldc, false)
}
