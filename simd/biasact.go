package simd

// BiasAct finishes a dense layer on the rows×cols pre-activations u (row-major, stride
// cols): it adds beta·b to every row (skipped when beta is 0), then, when h is not nil,
// writes h = φ(u) and, when dphi is not nil, dphi = φ'(u) as ActDeriv defines it. h may be
// u itself (the activation in place); dphi needs h. It is one pass over u where the fast
// path has a fused kernel, and the same values as the separate Axpy, ActForward and
// ActDeriv calls up to the rounding of the bias add (a fused multiply-add there).
func BiasAct(act Activation, rows, cols int, beta float32, b, u, h, dphi []float32) {
	if rows < 0 || cols < 0 {
		panic("simd: negative dimension")
	}
	n := rows * cols
	checkVec(n, len(u))
	if beta != 0 {
		checkVec(cols, len(b))
		b = b[:cols]
	} else {
		b = nil
	}
	if h != nil {
		checkVec(n, len(h))
		h = h[:n]
	}
	if dphi != nil {
		if h == nil {
			panic("simd: BiasAct derivative without activation output")
		}
		checkVec(n, len(dphi))
		dphi = dphi[:n]
	}
	biasAct(act, rows, cols, beta, b, u[:n], h, dphi)
}

// biasActGeneric is BiasAct's specification: per row the bias add of axpyGeneric, then
// actForwardGeneric and actDerivGeneric. b is nil when there is no bias.
func biasActGeneric(act Activation, rows, cols int, beta float32, b, u, h, dphi []float32) {
	if b != nil {
		for i := 0; i < rows; i++ {
			axpyGeneric(beta, b, u[i*cols:(i+1)*cols])
		}
	}
	if h != nil {
		actForwardGeneric(act, h, u)
		if dphi != nil {
			actDerivGeneric(act, dphi, u, h)
		}
	}
}

// biasActRows is BiasAct through the path's separate kernels, for paths without a fused
// one: axpy per row, then actForward and actDeriv over the whole matrix.
func biasActRows(act Activation, rows, cols int, beta float32, b, u, h, dphi []float32) {
	if b != nil {
		for i := 0; i < rows; i++ {
			axpy(beta, b, u[i*cols:(i+1)*cols])
		}
	}
	if h != nil {
		actForward(act, h, u)
		if dphi != nil {
			actDeriv(act, dphi, u, h)
		}
	}
}

// ColSum writes dst[j] = alpha·Σ_i a[i·lda+j] for j < cols over the rows×cols matrix a:
// the column sums of a (the bias gradient of a dense layer from its signals). The sum
// runs over i in order, then is scaled once; dst is overwritten.
func ColSum(rows, cols int, alpha float32, a []float32, lda int, dst []float32) {
	checkMat(rows, cols, lda, len(a))
	checkVec(cols, len(dst))
	colSum(rows, cols, alpha, a, lda, dst[:cols])
}

// colSumGeneric is ColSum's specification.
func colSumGeneric(rows, cols int, alpha float32, a []float32, lda int, dst []float32) {
	for j := range dst {
		var s float32
		for i := 0; i < rows; i++ {
			s += a[i*lda+j]
		}
		dst[j] = alpha * s
	}
}
