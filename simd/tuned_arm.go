//go:build !purego && !noasm

// Tuned pure Go for 32-bit ARM, where cpuid sees nothing and Go has no NEON
// assembly here: several independent accumulators, and loops over resliced
// operands so that the compiler drops the bounds checks.

package simd

// dotARM returns Σ_i x[i]*y[i] with four partial sums; len(y) == len(x).
func dotARM(x, y []float32) float32 {
	n := len(x)
	y = y[:n]
	var s0, s1, s2, s3 float32
	for len(x) >= 4 && len(y) >= 4 {
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
		x, y = x[4:], y[4:]
	}
	y = y[:len(x)] // restates len(y) == len(x) for the tail loop's bounds checks
	for i, v := range x {
		s0 += v * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpyARM computes y[i] += alpha*x[i], four elements per step; len(y) == len(x).
func axpyARM(alpha float32, x, y []float32) {
	y = y[:len(x)]
	for len(x) >= 4 && len(y) >= 4 {
		y[0] += alpha * x[0]
		y[1] += alpha * x[1]
		y[2] += alpha * x[2]
		y[3] += alpha * x[3]
		x, y = x[4:], y[4:]
	}
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

// axpy2ARM computes y[j] += s0*x0[j] + s1*x1[j]: two rows of B per pass over a row of
// C halve the loads and stores of C in the NN/TN inner loop.
func axpy2ARM(s0 float32, x0 []float32, s1 float32, x1 []float32, y []float32) {
	n := len(y)
	x0, x1 = x0[:n], x1[:n]
	for j := range y {
		y[j] += s0*x0[j] + s1*x1[j]
	}
}

// nnARM computes C = alpha*op(A)*B + beta*C with op(A)[i,p] = a[i*ars+p*aps].
func nnARM(m, n, k int, alpha float32, a []float32, ars, aps int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	scaleC(m, n, beta, c, ldc)
	for i := 0; i < m; i++ {
		crow := c[i*ldc : i*ldc+n]
		p := 0
		for ; p+2 <= k; p += 2 {
			s0 := alpha * a[i*ars+p*aps]
			s1 := alpha * a[i*ars+(p+1)*aps]
			axpy2ARM(s0, b[p*ldb:p*ldb+n], s1, b[(p+1)*ldb:(p+1)*ldb+n], crow)
		}
		if p < k {
			axpyARM(alpha*a[i*ars+p*aps], b[p*ldb:p*ldb+n], crow)
		}
	}
}

// ntARM computes C = alpha*A*Bᵀ + beta*C with one tuned dot product per element.
func ntARM(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	for i := 0; i < m; i++ {
		ai := a[i*lda : i*lda+k]
		crow := c[i*ldc : i*ldc+n]
		for j := range crow {
			s := dotARM(ai, b[j*ldb:j*ldb+k])
			if beta == 0 {
				crow[j] = alpha * s
			} else {
				crow[j] = alpha*s + beta*crow[j]
			}
		}
	}
}
