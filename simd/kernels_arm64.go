//go:build !purego && !noasm

// Routing of the kernel entry points on arm64: NEON is part of the baseline, so the
// NEON path is always available. Assembly (kernels_arm64.s) does whole blocks; the
// Go code here handles tails and edges.

package simd

import "github.com/klauspost/cpuid/v2"

// NEON (cpuid's ASIMD) is baseline; only DisableFeatures("asimd") takes it away.
var cpuNEON = true

func detectFeatures() { cpuNEON = !featureDisabled(cpuid.ASIMD) }

func detect() string {
	if cpuNEON {
		return PathNEON
	}
	return PathGeneric
}

func supports(p string) bool { return p == PathNEON && cpuNEON }

//go:noescape
func dotNEON(x, y *float32, n int) float32

//go:noescape
func axpyNEON(alpha float32, x, y *float32, n int)

//go:noescape
func dot64NEON(x, y *float32, n int) float64

//go:noescape
func ntK4x4NEON(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, tail *[16]float32, loadC int, alpha, beta float32)

//go:noescape
func nnK4x8NEON(k int, a *float32, ars, aps int, b *float32, ldb int, c *float32, ldc int, loadC int, alpha, beta float32)

func dotNEONGo(x, y []float32) float32 {
	n := len(x)
	nb := n &^ 15
	var s float32
	if nb > 0 {
		s = dotNEON(&x[0], &y[0], nb)
	}
	return s + dotGeneric(x[nb:], y[nb:n])
}

func axpyNEONGo(alpha float32, x, y []float32) {
	n := len(x)
	nb := n &^ 15
	if nb > 0 {
		axpyNEON(alpha, &x[0], &y[0], nb)
	}
	axpyGeneric(alpha, x[nb:], y[nb:n])
}

func dot64NEONGo(x, y []float32) float64 {
	n := len(x)
	nb := n &^ 7
	var s float64
	if nb > 0 {
		s = dot64NEON(&x[0], &y[0], nb)
	}
	y = y[nb:n]
	for i, v := range x[nb:] {
		s += float64(v) * float64(y[i])
	}
	return s
}

// nnNEON computes C = alpha*op(A)*B + beta*C with op(A)[i,p] = a[i*ars+p*aps]
// (GemmNN: ars = lda, aps = 1; GemmTN: ars = 1, aps = lda).
func nnNEON(m, n, k int, alpha float32, a []float32, ars, aps int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	loadC := 1
	if beta == 0 {
		loadC = 0
	}
	m4, n8 := m&^3, n&^7
	for j := 0; j < n8; j += 8 {
		for i := 0; i < m4; i += 4 {
			nnK4x8NEON(k, &a[i*ars], ars, aps, &b[j], ldb, &c[i*ldc+j], ldc, loadC, alpha, beta)
		}
	}
	// Edges: the rows below m4 for all columns, and the columns right of n8.
	nnEdge(m4, m, 0, n, k, alpha, a, ars, aps, b, ldb, beta, c, ldc)
	nnEdge(0, m4, n8, n, k, alpha, a, ars, aps, b, ldb, beta, c, ldc)
}

// nnEdge computes rows i0..i1-1, columns j0..j1-1 of C = alpha*op(A)*B + beta*C.
func nnEdge(i0, i1, j0, j1, k int, alpha float32, a []float32, ars, aps int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := i0; i < i1; i++ {
		for j := j0; j < j1; j++ {
			var s float32
			for p := 0; p < k; p++ {
				s += a[i*ars+p*aps] * b[p*ldb+j]
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}

// ntNEON computes C = alpha*A*Bᵀ + beta*C: 4×4 blocks of C in ntK4x4NEON over the
// first k&^3 columns of A and B (the remaining products are summed here and passed in),
// the rows and columns outside the blocks as one NEON dot product per element.
func ntNEON(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	// The kernel reads A, B and C through pointers: check the last element of each here.
	_ = a[(m-1)*lda+k-1]
	_ = b[(n-1)*ldb+k-1]
	_ = c[(m-1)*ldc+n-1]
	m4, n4, k4 := m&^3, n&^3, k&^3
	if k4 == 0 {
		m4, n4 = 0, 0
	}
	loadC := 1
	if beta == 0 {
		loadC = 0
	}
	var tail [16]float32
	for i := 0; i < m4; i += 4 {
		for j := 0; j < n4; j += 4 {
			if k4 < k {
				ntTail(&tail, k4, k, a[i*lda:], lda, b[j*ldb:], ldb)
			}
			ntK4x4NEON(k4, &a[i*lda], lda, &b[j*ldb], ldb, &c[i*ldc+j], ldc, &tail, loadC, alpha, beta)
		}
	}
	// Edges: the rows below m4 for all columns, and the columns right of n4.
	ntEdge(m4, m, 0, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	ntEdge(0, m4, n4, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// ntTail sets t[4r+j] = Σ_{k0≤p<k} a[r*lda+p]*b[j*ldb+p] for r, j < 4.
func ntTail(t *[16]float32, k0, k int, a []float32, lda int, b []float32, ldb int) {
	for r := 0; r < 4; r++ {
		ar := a[r*lda+k0 : r*lda+k]
		for j := 0; j < 4; j++ {
			bj := b[j*ldb+k0 : j*ldb+k]
			var s float32
			for p, v := range ar {
				s += v * bj[p]
			}
			t[4*r+j] = s
		}
	}
}

// ntEdge computes rows i0..i1-1, columns j0..j1-1 of C = alpha*A*Bᵀ + beta*C.
func ntEdge(i0, i1, j0, j1, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := i0; i < i1; i++ {
		ai := a[i*lda : i*lda+k]
		for j := j0; j < j1; j++ {
			s := dotNEONGo(ai, b[j*ldb:j*ldb+k])
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}

func gram64NEON(n, k int, a []float32, lda int, c []float64, ldc int) {
	for i := 0; i < n; i++ {
		ai := a[i*lda : i*lda+k]
		for j := 0; j <= i; j++ {
			s := dot64NEONGo(ai, a[j*lda:j*lda+k])
			c[i*ldc+j] = s
			c[j*ldc+i] = s
		}
	}
}

func gram64LowerNEON(n, k int, a []float32, lda int, c []float64, ldc int) {
	for i := 0; i < n; i++ {
		ai := a[i*lda : i*lda+k]
		for j := 0; j <= i; j++ {
			c[i*ldc+j] = dot64NEONGo(ai, a[j*lda:j*lda+k])
		}
	}
}

func axpy(alpha float32, x, y []float32) {
	if useNEON {
		axpyNEONGo(alpha, x, y)
		return
	}
	axpyGeneric(alpha, x, y)
}

func hadamard(dst, x, y []float32) { hadamardGeneric(dst, x, y) }

func gemmNN(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if useNEON {
		nnNEON(m, n, k, alpha, a, lda, 1, b, ldb, beta, c, ldc)
		return
	}
	gemmNNGeneric(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func gemmNT(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if useNEON {
		ntNEON(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	gemmNTGeneric(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func gemmTN(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if useNEON {
		nnNEON(m, n, k, alpha, a, 1, lda, b, ldb, beta, c, ldc)
		return
	}
	gemmTNGeneric(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func gram64(n, k int, a []float32, lda int, c []float64, ldc int) {
	if useNEON {
		gram64NEON(n, k, a, lda, c, ldc)
		return
	}
	gram64Generic(n, k, a, lda, c, ldc)
}

func gram64Lower(n, k int, a []float32, lda int, c []float64, ldc int) {
	if useNEON {
		gram64LowerNEON(n, k, a, lda, c, ldc)
		return
	}
	gram64LowerGeneric(n, k, a, lda, c, ldc)
}

func gramT64(n, k int, a []float32, lda int, c []float64, ldc int) {
	gramT64Generic(n, k, a, lda, c, ldc)
}

func syrkLower64(n, k int, alpha float64, a []float64, lda int, c []float64, ldc int) {
	if useNEON {
		gemm64Blocked(true, n, n, k, alpha, a, lda, 1, a, 1, lda, c, ldc)
		return
	}
	syrkLower64Go(n, k, alpha, a, lda, c, ldc)
}

func actForward(act Activation, dst, src []float32) {
	if useNEON {
		actForwardFast(act, dst, src)
		return
	}
	actForwardGeneric(act, dst, src)
}

func actDeriv(act Activation, dst, pre, post []float32) { actDerivGeneric(act, dst, pre, post) }

func biasAct(act Activation, rows, cols int, beta float32, b, u, h, dphi []float32) {
	biasActRows(act, rows, cols, beta, b, u, h, dphi)
}

// dot64NEONf64 returns Σ_{i<n} x[i]*y[i]; n is a positive multiple of 8 (gemm64_arm64.s).
//
//go:noescape
func dot64NEONf64(x, y *float64, n int) float64

// axpy64NEON computes y[i] += alpha*x[i] for i < n; n is a positive multiple of 8.
//
//go:noescape
func axpy64NEON(alpha float64, x, y *float64, n int)

func dot64(x, y []float64) float64 {
	if useNEON && len(x) >= 8 {
		n := len(x)
		nb := n &^ 7
		s := dot64NEONf64(&x[0], &y[0], nb)
		for i := nb; i < n; i++ {
			s += x[i] * y[i]
		}
		return s
	}
	return dot64Go(x, y)
}

// gemm64K6x8NEON adds alpha times a 6×8 block of A·B to C, with A(r,p) = a[r*ars+p*aps]
// and B a packed strip of eight values per p, for k ≥ 1 (gemm64_arm64.s).
//
//go:noescape
func gemm64K6x8NEON(k int, a *float64, ars, aps int, b *float64, c *float64, ldc int, alpha float64)

func micro6x8(k int, a []float64, ars, aps int, bp []float64, c []float64, ldc int, alpha float64) {
	if useNEON {
		gemm64K6x8NEON(k, &a[0], ars, aps, &bp[0], &c[0], ldc, alpha)
		return
	}
	micro6x8Go(k, a, ars, aps, bp, c, ldc, alpha)
}

func axpy64(alpha float64, x, y []float64) {
	if useNEON && len(x) >= 8 {
		n := len(x)
		nb := n &^ 7
		axpy64NEON(alpha, &x[0], &y[0], nb)
		for i := nb; i < n; i++ {
			y[i] += alpha * x[i]
		}
		return
	}
	axpy64Go(alpha, x, y)
}

// microAsm reports whether micro6x8 runs assembly on the current path.
func microAsm() bool { return useNEON }

func colSum(rows, cols int, alpha float32, a []float32, lda int, dst []float32) {
	colSumGeneric(rows, cols, alpha, a, lda, dst)
}
