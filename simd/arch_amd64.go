//go:build !purego && !noasm

// Routing of the kernel entry points on amd64: AVX2+FMA assembly when the CPU has it.
// The AVX-512 path runs the same kernels (512-bit FMAs measured no faster here, see
// BENCHMARKS.md).

package simd

func axpy(alpha float32, x, y []float32) {
	if useAVX2 {
		axpyAVX2Go(alpha, x, y)
		return
	}
	axpyGeneric(alpha, x, y)
}

func hadamard(dst, x, y []float32) {
	if useAVX2 {
		hadamardAVX2Go(dst, x, y)
		return
	}
	hadamardGeneric(dst, x, y)
}

func gemmNN(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if useAVX2 {
		nnDrive(m, n, k, alpha, a, lda, 1, b, ldb, beta, c, ldc)
		return
	}
	gemmNNGeneric(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func gemmNT(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if useAVX2 {
		if ntViaNN(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nil, nil) {
			return
		}
		ntDrive(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	gemmNTGeneric(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func gemmTN(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if useAVX2 {
		if tnNarrow(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
			return
		}
		nnDrive(m, n, k, alpha, a, 1, lda, b, ldb, beta, c, ldc)
		return
	}
	gemmTNGeneric(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func gram64(n, k int, a []float32, lda int, c []float64, ldc int) {
	if useAVX2 {
		gram64AVX2(n, k, a, lda, c, ldc)
		return
	}
	gram64Generic(n, k, a, lda, c, ldc)
}

func gram64Lower(n, k int, a []float32, lda int, c []float64, ldc int) {
	if useAVX2 {
		gram64LowerAVX2(n, k, a, lda, c, ldc)
		return
	}
	gram64LowerGeneric(n, k, a, lda, c, ldc)
}

func gramT64(n, k int, a []float32, lda int, c []float64, ldc int) {
	if useAVX2 {
		gramT64AVX2(n, k, a, lda, c, ldc)
		return
	}
	gramT64Generic(n, k, a, lda, c, ldc)
}

func syrkLower64(n, k int, alpha float64, a []float64, lda int, c []float64, ldc int) {
	if useAVX2 {
		gemm64Blocked(true, n, n, k, alpha, a, lda, 1, a, 1, lda, c, ldc)
		return
	}
	syrkLower64Go(n, k, alpha, a, lda, c, ldc)
}

func actForward(act Activation, dst, src []float32) {
	if useAVX2 {
		actForwardAVX2(act, dst, src)
		return
	}
	actForwardGeneric(act, dst, src)
}

func actDeriv(act Activation, dst, pre, post []float32) { actDerivGeneric(act, dst, pre, post) }

func biasAct(act Activation, rows, cols int, beta float32, b, u, h, dphi []float32) {
	if useAVX2 && h != nil {
		biasActAVX2Go(act, rows, cols, beta, b, u, h, dphi)
		return
	}
	if useAVX2 { // the bias alone: the identity in place
		if b != nil {
			biasActAVX2Go(Identity, rows, cols, beta, b, u, u, nil)
		}
		return
	}
	biasActGeneric(act, rows, cols, beta, b, u, h, dphi)
}

func dot64(x, y []float64) float64 {
	if useAVX2 && len(x) >= 4 {
		n := len(x)
		nb := n &^ 3
		s := dot64AVX2x4(&x[0], &y[0], nb)
		for i := nb; i < n; i++ {
			s += x[i] * y[i]
		}
		return s
	}
	return dot64Go(x, y)
}

func micro6x8(k int, a []float64, ars, aps int, bp []float64, c []float64, ldc int, alpha float64) {
	if useAVX2 {
		gemm64K6x8(k, &a[0], ars, aps, &bp[0], &c[0], ldc, alpha)
		return
	}
	micro6x8Go(k, a, ars, aps, bp, c, ldc, alpha)
}

func axpy64(alpha float64, x, y []float64) {
	if useAVX2 && len(x) >= 4 {
		n := len(x)
		nb := n &^ 3
		axpy64AVX2(alpha, &x[0], &y[0], nb)
		for i := nb; i < n; i++ {
			y[i] += alpha * x[i]
		}
		return
	}
	axpy64Go(alpha, x, y)
}

// microAsm reports whether micro6x8 runs assembly on the current path.
func microAsm() bool { return useAVX2 }

func colSum(rows, cols int, alpha float32, a []float32, lda int, dst []float32) {
	if useAVX2 && rows > 0 && cols > 0 {
		colSumAVX2(rows, cols, lda, alpha, &a[0], &dst[0], maskFor(cols%8))
		return
	}
	colSumGeneric(rows, cols, alpha, a, lda, dst)
}
