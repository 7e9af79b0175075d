package core

import "github.com/edgetrain/edgetrain/simd"

// The K-FAC statistics B = Σ_n ω̃_n·(signals)ᵀ(signals) are Grams of float32 rows, and the
// largest of them dominates the step's flops (N·C rows of M_l at the first hidden layer).
// gramLowerMixed forms them with the float32 matrix product, which runs at twice the float64
// rate, over blocks of gramRows rows, and sums the blocks in float64: the rounding error is
// that of a float32 sum of gramRows terms, not of all N·C, and the factor itself stays float64.
const (
	gramRows  = 128 // rows summed in float32 before the float64 accumulation
	gramPanel = 64  // columns of one panel of the lower triangle
)

// gramScratch is the float32 scratch gramLowerMixed needs for k columns.
func gramScratch(k int) int { return k * min(k, gramPanel) }

// gramLowerMixed writes the lower triangle of C = AᵀA (k×k, float64, stride ldc; the strict
// upper triangle is not touched) for the n×k float32 matrix A (stride lda). The triangle is
// cut into panels of gramPanel columns; each panel below the diagonal is one float32 product
// per block of gramRows rows (simd.GemmTN into scratch, at least gramScratch(k) values),
// added into C in float64. gramLowerGeneric is its specification.
func gramLowerMixed(n, k int, a []float32, lda int, c []float64, ldc int, scratch []float32) {
	for j0 := 0; j0 < k; j0 += gramPanel {
		jw, m := min(gramPanel, k-j0), k-j0
		for i := 0; i < m; i++ {
			clear(c[(j0+i)*ldc+j0 : (j0+i)*ldc+j0+min(jw, i+1)])
		}
		t := scratch[:m*jw]
		for r0 := 0; r0 < n; r0 += gramRows {
			kb := min(gramRows, n-r0)
			p := a[r0*lda+j0:]
			simd.GemmTN(m, jw, kb, 1, p, lda, p, lda, 0, t, jw)
			for i := 0; i < m; i++ {
				row := c[(j0+i)*ldc+j0 : (j0+i)*ldc+j0+min(jw, i+1)]
				addTo64(row, t[i*jw:i*jw+len(row)])
			}
		}
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

// addTo64 adds the float32 values of x to dst (len(x) = len(dst)), four at a time.
func addTo64(dst []float64, x []float32) {
	x = x[:len(dst)]
	i := 0
	for ; i+4 <= len(dst); i += 4 {
		d, v := dst[i:i+4:i+4], x[i:i+4:i+4]
		d[0] += float64(v[0])
		d[1] += float64(v[1])
		d[2] += float64(v[2])
		d[3] += float64(v[3])
	}
	for ; i < len(dst); i++ {
		dst[i] += float64(x[i])
	}
}
