// Package simd holds the float32 kernels a small MLP step needs, with float64
// accumulation where the solvers need it. Names and argument order follow BLAS;
// matrices are row-major with an explicit leading dimension (stride).
//
// Every kernel has an always-compiled pure-Go twin (xxxGeneric) whose loop is its
// specification. The fast path is chosen once at start-up from the CPU features and
// can be forced with Force or the EDGETRAIN_SIMD environment variable. Kernels never
// allocate, never start goroutines and never keep references to their arguments.
// Misuse (short slices, bad strides) panics with a constant "simd: ..." message.
package simd

// Activation names a hidden-layer nonlinearity.
type Activation uint8

// The activations the kernels implement.
const (
	Identity Activation = iota
	Tanh
	ReLU
	Sigmoid
)

// String returns the CLI name of the activation.
func (a Activation) String() string {
	switch a {
	case Identity:
		return "identity"
	case Tanh:
		return "tanh"
	case ReLU:
		return "relu"
	case Sigmoid:
		return "sigmoid"
	}
	return "unknown"
}

// ParseActivation maps a CLI name to an Activation.
func ParseActivation(s string) (Activation, bool) {
	switch s {
	case "identity", "linear":
		return Identity, true
	case "tanh":
		return Tanh, true
	case "relu":
		return ReLU, true
	case "sigmoid":
		return Sigmoid, true
	}
	return 0, false
}

func checkMat(rows, cols, ld, have int) {
	if rows < 0 || cols < 0 {
		panic("simd: negative dimension")
	}
	if ld < cols || ld < 1 {
		panic("simd: bad leading dimension")
	}
	if rows > 0 && cols > 0 && have < (rows-1)*ld+cols {
		panic("simd: matrix slice too short")
	}
}

func checkVec(n, have int) {
	if have < n {
		panic("simd: vector slice too short")
	}
}

// Dot64 returns Σ_i x[i]*y[i] over len(x) float64 elements; len(y) ≥ len(x). It serves the
// float64 solvers (Cholesky, triangular solves).
func Dot64(x, y []float64) float64 {
	checkVec(len(x), len(y))
	return dot64(x, y[:len(x)])
}

// Axpy64 computes y[i] += alpha*x[i] for i < len(x) in float64; len(y) ≥ len(x).
func Axpy64(alpha float64, x, y []float64) {
	checkVec(len(x), len(y))
	axpy64(alpha, x, y[:len(x)])
}

// Axpy computes y[i] += alpha*x[i] for i < len(x); len(y) ≥ len(x).
func Axpy(alpha float32, x, y []float32) {
	checkVec(len(x), len(y))
	axpy(alpha, x, y[:len(x)])
}

// Hadamard computes dst[i] = x[i]*y[i] for i < len(dst).
func Hadamard(dst, x, y []float32) {
	checkVec(len(dst), len(x))
	checkVec(len(dst), len(y))
	hadamard(dst, x[:len(dst)], y[:len(dst)])
}

// GemmNN computes C = alpha*A*B + beta*C with A m×k, B k×n, C m×n.
// beta == 0 overwrites C without reading it.
func GemmNN(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkMat(m, k, lda, len(a))
	checkMat(k, n, ldb, len(b))
	checkMat(m, n, ldc, len(c))
	gemmNN(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// GemmNT computes C = alpha*A*Bᵀ + beta*C with A m×k, B n×k, C m×n.
// beta == 0 overwrites C without reading it.
func GemmNT(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkMat(m, k, lda, len(a))
	checkMat(n, k, ldb, len(b))
	checkMat(m, n, ldc, len(c))
	gemmNT(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// GemmNTWork is GemmNT with work, scratch of at least n·k values (contents unspecified
// afterwards; not overlapping A, B or C), for the transposed copy of B that a short
// summation is multiplied with on the AVX2 path instead of a block on the stack, which
// Go clears on every call. With a shorter work it is GemmNT. Either way the result is
// GemmNT's, bit for bit.
func GemmNTWork(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, work []float32) {
	checkMat(m, k, lda, len(a))
	checkMat(n, k, ldb, len(b))
	checkMat(m, n, ldc, len(c))
	if len(work) >= n*k && ntWork(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work) {
		return
	}
	gemmNT(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// GemmNTBias computes C = alpha·A·Bᵀ with beta·bias added to every row (A m×k, B n×k, C
// m×n with stride n, overwritten; bias of length n), the product and bias add of a dense
// layer: bit for bit GemmNTWork with beta 0 followed by BiasAct(Identity, m, n, beta,
// bias, c, c, nil). On the AVX2 path, when GemmNT multiplies a transposed copy of B (a
// short summation), the bias is added in the product's last pass, one fused multiply-add
// per element as BiasAct's, instead of a second pass over C. work is GemmNTWork's.
func GemmNTBias(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, bias, c, work []float32) {
	checkMat(m, k, lda, len(a))
	checkMat(n, k, ldb, len(b))
	checkMat(m, n, n, len(c))
	checkVec(n, len(bias))
	if m == 0 || n == 0 {
		return
	}
	if beta == 0 { // BiasAct skips the bias then
		GemmNTWork(m, n, k, alpha, a, lda, b, ldb, 0, c, n, work)
		return
	}
	if k > 0 && ntBias(m, n, k, alpha, a, lda, b, ldb, beta, bias, c, work) {
		return
	}
	GemmNTWork(m, n, k, alpha, a, lda, b, ldb, 0, c, n, work)
	biasAct(Identity, m, n, beta, bias, c, c, nil)
}

// GemmNNHadamard computes C = (alpha·A·B) ⊙ E, the elementwise product with E (A m×k,
// B k×n, C and E m×n with stride n; C overwritten, E not overlapping it): bit for bit
// GemmNN with beta 0 followed by Hadamard(C, C, E). On the AVX2 path the product with E
// is the GEMM kernels' last pass (one multiply per element as Hadamard's) instead of a
// second pass over C.
func GemmNNHadamard(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, e, c []float32) {
	checkMat(m, k, lda, len(a))
	checkMat(k, n, ldb, len(b))
	checkMat(m, n, n, len(c))
	checkMat(m, n, n, len(e))
	if m == 0 || n == 0 {
		return
	}
	if nnHad(m, n, k, alpha, a, lda, b, ldb, e, c) {
		return
	}
	gemmNN(m, n, k, alpha, a, lda, b, ldb, 0, c, n)
	hadamard(c[:m*n], c[:m*n], e[:m*n])
}

// GemmTN computes C = alpha*Aᵀ*B + beta*C with A k×m, B k×n, C m×n.
// beta == 0 overwrites C without reading it.
func GemmTN(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkMat(k, m, lda, len(a))
	checkMat(k, n, ldb, len(b))
	checkMat(m, n, ldc, len(c))
	gemmTN(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Gram64 computes the float64 Gram matrix C = A*Aᵀ of the rows of the n×k float32
// matrix A, accumulating in float64; C is n×n, both triangles written, overwritten.
func Gram64(n, k int, a []float32, lda int, c []float64, ldc int) {
	checkMat(n, k, lda, len(a))
	if n > 0 && ldc < n {
		panic("simd: bad leading dimension")
	}
	if n > 0 && len(c) < (n-1)*ldc+n {
		panic("simd: matrix slice too short")
	}
	gram64(n, k, a, lda, c, ldc)
}

// Gram64Lower is Gram64 for a consumer that reads only the lower triangle (a Cholesky
// factorization): it writes C[i,j] for j ≤ i and skips the mirroring pass. Elements above
// the diagonal are left alone or written with their Gram values.
func Gram64Lower(n, k int, a []float32, lda int, c []float64, ldc int) {
	checkMat(n, k, lda, len(a))
	if n > 0 && ldc < n {
		panic("simd: bad leading dimension")
	}
	if n > 0 && len(c) < (n-1)*ldc+n {
		panic("simd: matrix slice too short")
	}
	gram64Lower(n, k, a, lda, c, ldc)
}

// GramT64 computes the float64 Gram matrix C = Aᵀ*A of the columns of the n×k float32
// matrix A, accumulating in float64; C is k×k, both triangles written, overwritten.
func GramT64(n, k int, a []float32, lda int, c []float64, ldc int) {
	checkMat(n, k, lda, len(a))
	if k > 0 && ldc < k {
		panic("simd: bad leading dimension")
	}
	if k > 0 && len(c) < (k-1)*ldc+k {
		panic("simd: matrix slice too short")
	}
	gramT64(n, k, a, lda, c, ldc)
}

// ActForward computes dst[i] = φ(src[i]) for i < len(dst); dst and src may be the same slice.
func ActForward(act Activation, dst, src []float32) {
	checkVec(len(dst), len(src))
	actForward(act, dst, src[:len(dst)])
}

// ActDeriv computes dst[i] = φ'(pre[i]) for i < len(dst), given post[i] = φ(pre[i]).
// ReLU'(0) = 0.
func ActDeriv(act Activation, dst, pre, post []float32) {
	checkVec(len(dst), len(pre))
	checkVec(len(dst), len(post))
	actDeriv(act, dst, pre[:len(dst)], post[:len(dst)])
}

// SyrkLower64 computes the lower triangle of C += alpha*A*Aᵀ in float64, with A n×k and
// C n×n: c[i,j] for j ≤ i is updated, the strict upper triangle is neither read nor
// written. It is the trailing update of a blocked Cholesky factorization. Where no
// float64 assembly applies (the generic path included) it runs register-blocked Go
// rather than the one-dot-per-element twin syrkLower64Generic, which the tests compare
// it against.
func SyrkLower64(n, k int, alpha float64, a []float64, lda int, c []float64, ldc int) {
	if n < 0 || k < 0 {
		panic("simd: negative dimension")
	}
	if lda < max(k, 1) || ldc < max(n, 1) {
		panic("simd: bad leading dimension")
	}
	if n > 0 && (len(a) < (n-1)*lda+k || len(c) < (n-1)*ldc+n) {
		panic("simd: matrix slice too short")
	}
	syrkLower64(n, k, alpha, a, lda, c, ldc)
}
