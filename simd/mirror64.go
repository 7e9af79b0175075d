package simd

// MirrorLower64 copies the strict lower triangle of the n×n matrix a (stride lda) onto its
// strict upper triangle, a[j*lda+i] = a[i*lda+j] for j < i, making a symmetric matrix of
// one formed as its lower triangle. On amd64 with AVX2 the 4×4 blocks below the diagonal
// are transposed in registers into their mirror images and the diagonal blocks'
// transposes blended into their upper parts; mirrorLower64Generic is the specification.
func MirrorLower64(n int, a []float64, lda int) {
	checkMat(n, n, lda, len(a))
	if n < 2 {
		return
	}
	mirrorLower64(n, a, lda)
}

// mirrorLower64Generic is the specification of MirrorLower64.
func mirrorLower64Generic(n int, a []float64, lda int) {
	for i := 1; i < n; i++ {
		for j, v := range a[i*lda : i*lda+i] {
			a[j*lda+i] = v
		}
	}
}
