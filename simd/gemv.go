package simd

// Gemv writes y[i] = alpha·Σ_p a[i*lda+p]·x[p] for i < m: the m×k matrix A times the
// vector x (BLAS SGEMV without transpose, beta = 0), y overwritten. It is the one-column
// case of GemmNT (C = alpha·A·xᵀ) with every row's dot product in one kernel call. y must
// not overlap a or x.
func Gemv(m, k int, alpha float32, a []float32, lda int, x, y []float32) {
	checkMat(m, k, lda, len(a))
	checkVec(k, len(x))
	checkVec(m, len(y))
	if m == 0 {
		return
	}
	if k == 0 {
		clear(y[:m])
		return
	}
	gemv(m, k, alpha, a, lda, x, y)
}

// GemvBias is Gemv with beta·b[0] added to every y[i] (b of length ≥ 1): a dense layer of
// one unit, its product and bias add, bit for bit Gemv followed by BiasAct(Identity, m, 1,
// beta, b, y, y, nil) (nothing added when beta is 0). On the AVX2 path the bias goes into
// the kernel's last pass (one fused multiply-add per element as BiasAct's).
func GemvBias(m, k int, alpha float32, a []float32, lda int, x []float32, beta float32, b, y []float32) {
	checkMat(m, k, lda, len(a))
	checkVec(k, len(x))
	checkVec(m, len(y))
	checkVec(1, len(b))
	if m == 0 {
		return
	}
	if beta != 0 && k > 0 && gemvBias(m, k, alpha, a, lda, x, beta, b, y) {
		return
	}
	Gemv(m, k, alpha, a, lda, x, y)
	if beta != 0 {
		biasAct(Identity, m, 1, beta, b[:1], y[:m], y[:m], nil)
	}
}

// gemvGeneric is the specification of Gemv: each dot product summed over p in order, then
// scaled.
func gemvGeneric(m, k int, alpha float32, a []float32, lda int, x, y []float32) {
	x = x[:k]
	for i := 0; i < m; i++ {
		row := a[i*lda : i*lda+k]
		var s float32
		for p, v := range row {
			s += v * x[p]
		}
		y[i] = alpha * s
	}
}
