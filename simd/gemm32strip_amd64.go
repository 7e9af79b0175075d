//go:build !purego && !noasm

package simd

// packStrip16AVX2 is packStrip16 in assembly (gemm32strip_amd64.s): st[p*16+j] =
// b[p*ldb+j] for p < k, j < 16, k ≥ 1.
//
//go:noescape
func packStrip16AVX2(k int, b *float32, ldb int, st *float32)

// nnPackedStrips is nnDrive's loop over the whole 16-column strips of C for one span of
// k ≤ kc rows of B, each strip of B copied to a stack panel first; it returns the
// number of columns done. e is nnDriveEpi's (nil: none).
func nnPackedStrips(m, n, k int, a []float32, ars, aps int, b []float32, ldb int, c []float32, ldc int, e []float32, loadC int, alpha, beta float32) int {
	var st [kc * 16]float32
	j := 0
	for ; j+16 <= n; j += 16 {
		packStrip16AVX2(k, &b[j], ldb, &st[0])
		nnColumn(16, m, k, a, ars, aps, st[:k*16], 16, c[j:], ldc, epiAt(e, j), epiStep(loadC, ldc), loadC, alpha, beta)
	}
	return j
}
