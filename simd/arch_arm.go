//go:build !purego && !noasm

// Routing of the kernel entry points on 32-bit ARM: the tuned pure Go of tuned_arm.go
// for the dot, axpy and GEMM inner loops and the float32 tanh and sigmoid of act.go.
// The "generic" path is the only one and it uses them (the twins in generic.go stay
// the reference the tests compare against).

package simd

func detectFeatures()        {}
func detect() string         { return PathGeneric }
func supports(p string) bool { return false }

func axpy(alpha float32, x, y []float32) { axpyARM(alpha, x, y) }
func hadamard(dst, x, y []float32)       { hadamardGeneric(dst, x, y) }

func gemmNN(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	nnARM(m, n, k, alpha, a, lda, 1, b, ldb, beta, c, ldc)
}

func gemmNT(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	ntARM(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func gemmTN(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	nnARM(m, n, k, alpha, a, 1, lda, b, ldb, beta, c, ldc)
}

func gram64(n, k int, a []float32, lda int, c []float64, ldc int) {
	gram64Generic(n, k, a, lda, c, ldc)
}

func gram64Lower(n, k int, a []float32, lda int, c []float64, ldc int) {
	gram64LowerGeneric(n, k, a, lda, c, ldc)
}
func gramT64(n, k int, a []float32, lda int, c []float64, ldc int) {
	gramT64Generic(n, k, a, lda, c, ldc)
}

func syrkLower64(n, k int, alpha float64, a []float64, lda int, c []float64, ldc int) {
	syrkLower64Go(n, k, alpha, a, lda, c, ldc)
}

func actForward(act Activation, dst, src []float32)     { actForwardFast(act, dst, src) }
func actDeriv(act Activation, dst, pre, post []float32) { actDerivGeneric(act, dst, pre, post) }

func biasAct(act Activation, rows, cols int, beta float32, b, u, h, dphi []float32) {
	biasActRows(act, rows, cols, beta, b, u, h, dphi)
}

func dot64(x, y []float64) float64 { return dot64Go(x, y) }

func micro6x8(k int, a []float64, ars, aps int, bp []float64, c []float64, ldc int, alpha float64) {
	micro6x8Go(k, a, ars, aps, bp, c, ldc, alpha)
}

func axpy64(alpha float64, x, y []float64) { axpy64Go(alpha, x, y) }

// microAsm reports whether micro6x8 runs assembly on the current path.
func microAsm() bool { return false }

func colSum(rows, cols int, alpha float32, a []float32, lda int, dst []float32) {
	colSumGeneric(rows, cols, alpha, a, lda, dst)
}
