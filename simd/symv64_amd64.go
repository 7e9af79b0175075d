//go:build !purego && !noasm

package simd

// symvLower64AVX2 is symvLower64Generic for the leading n rows, n a positive multiple of 4,
// four rows at a time (symv64_amd64.s).
//
//go:noescape
func symvLower64AVX2(n int, alpha float64, a *float64, lda int, x, y *float64)

func symvLower64(n int, alpha float64, a []float64, lda int, x, y []float64) {
	nb := n &^ 3
	if !useAVX2 || nb == 0 {
		nb = 0
	} else {
		symvLower64AVX2(nb, alpha, &a[0], lda, &x[0], &y[0])
	}
	symvLowerRows64(nb, n, alpha, a, lda, x, y)
}
