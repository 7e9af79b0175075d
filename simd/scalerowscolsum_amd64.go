//go:build !purego && !noasm

package simd

// scaleRowsColSumAVX2 writes dst[i*ldd+j] = s[i]·a[i*lda+j] and sums[j] = alpha·acc_j,
// acc_j the FMA chain Σ_i s[i]·a[i*lda+j] from 0 in the order of i (what the GEMM
// micro-kernels form for one row of C, then scale by alpha), n ≥ 1, k a positive multiple
// of 8; each element of A is read once, before its scaled value is stored
// (scalerowscolsum_amd64.s).
//
//go:noescape
func scaleRowsColSumAVX2(n, k int, s, a *float32, lda int, dst *float32, ldd int, alpha float32, sums *float32)

// scaleRowsColSum runs the fused kernel where GemmNN(1, k, n, …) is one pass of the
// micro-kernels over the whole summation (n ≤ kc) and k fills whole vectors; elsewhere
// the two calls.
func scaleRowsColSum(n, k int, s, a []float32, lda int, dst []float32, ldd int, alpha float32, sums []float32) {
	if useAVX2 && k%8 == 0 && n <= kc {
		scaleRowsColSumAVX2(n, k, &s[0], &a[0], lda, &dst[0], ldd, alpha, &sums[0])
		return
	}
	gemmNN(1, k, n, alpha, s, n, a, lda, 0, sums, k)
	scaleRows(n, k, s, a, lda, dst, ldd)
}
