//go:build !purego && !noasm

package simd

// mirrorLower64AVX2 (mirror64_amd64.s) runs mirrorLower64Generic on the leading n×n part,
// n a positive multiple of 4; lda in elements.
//
//go:noescape
func mirrorLower64AVX2(n int, a *float64, lda int)

func mirrorLower64(n int, a []float64, lda int) {
	nb := n &^ 3
	if !useAVX2 || nb == 0 {
		mirrorLower64Generic(n, a, lda)
		return
	}
	mirrorLower64AVX2(nb, &a[0], lda)
	// the rows from nb: their columns left of them onto the columns above
	for i := nb; i < n; i++ {
		for j, v := range a[i*lda : i*lda+i] {
			a[j*lda+i] = v
		}
	}
}
