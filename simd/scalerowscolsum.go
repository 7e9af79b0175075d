package simd

// ScaleRowsColSum writes dst = diag(s)·A for the n×k matrix A (ScaleRows) and the
// weighted column sums sums[j] = alpha·Σ_i s[i]·A[i,j] for j < k (GemmNN(1, k, n, alpha,
// s, n, A, lda, 0, sums, k)), bit for bit those two calls on the active path, with A read
// once. dst may be A itself (ldd = lda). A layer's vector-Jacobian product needs both: the
// per-sample signals scaled by the dual vector, and their sum for the bias.
func ScaleRowsColSum(n, k int, s, a []float32, lda int, dst []float32, ldd int, alpha float32, sums []float32) {
	checkMat(n, k, lda, len(a))
	checkMat(n, k, ldd, len(dst))
	checkVec(n, len(s))
	checkVec(k, len(sums))
	if n == 0 || k == 0 {
		GemmNN(1, k, n, alpha, s, n, a, lda, 0, sums, k)
		return
	}
	scaleRowsColSum(n, k, s, a, lda, dst, ldd, alpha, sums)
}

// scaleRowsColSumGeneric is the specification of ScaleRowsColSum: the sums first (A may be
// overwritten by dst), then the scaled rows.
func scaleRowsColSumGeneric(n, k int, s, a []float32, lda int, dst []float32, ldd int, alpha float32, sums []float32) {
	gemmNNGeneric(1, k, n, alpha, s, n, a, lda, 0, sums, k)
	scaleRowsGeneric(n, k, s, a, lda, dst, ldd)
}
