package simd

// Float64 helpers in plain Go for the paths without float64 assembly.

// dot64Go returns Σ x[i]*y[i] with four partial sums; len(y) ≥ len(x).
func dot64Go(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	for len(x) >= 4 && len(y) >= 4 {
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
		x, y = x[4:], y[4:]
	}
	y = y[:len(x)]
	for i, v := range x {
		s0 += v * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpy64Go computes y[i] += alpha*x[i] for i < len(x); len(y) ≥ len(x).
func axpy64Go(alpha float64, x, y []float64) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

// syrkLower64Go is syrkLower64Generic in 2×2 blocks of rows: four dot products share
// their loads.
func syrkLower64Go(n, k int, alpha float64, a []float64, lda int, c []float64, ldc int) {
	if k == 0 {
		return
	}
	i := 0
	for ; i+2 <= n; i += 2 {
		a0, a1 := a[i*lda:i*lda+k], a[(i+1)*lda:(i+1)*lda+k]
		j := 0
		for ; j+2 <= i; j += 2 { // both columns left of the diagonal of row i
			b0, b1 := a[j*lda:j*lda+k], a[(j+1)*lda:(j+1)*lda+k]
			a1, b0, b1 := a1[:len(a0)], b0[:len(a0)], b1[:len(a0)]
			var s00, s01, s10, s11 float64
			for p, x0 := range a0 {
				x1, y0, y1 := a1[p], b0[p], b1[p]
				s00 += x0 * y0
				s01 += x0 * y1
				s10 += x1 * y0
				s11 += x1 * y1
			}
			c[i*ldc+j] += alpha * s00
			c[i*ldc+j+1] += alpha * s01
			c[(i+1)*ldc+j] += alpha * s10
			c[(i+1)*ldc+j+1] += alpha * s11
		}
		for ; j <= i+1; j++ {
			aj := a[j*lda : j*lda+k]
			if j <= i {
				c[i*ldc+j] += alpha * dot64Go(a0, aj)
			}
			c[(i+1)*ldc+j] += alpha * dot64Go(a1, aj)
		}
	}
	if i < n {
		ai := a[i*lda : i*lda+k]
		for j := 0; j <= i; j++ {
			c[i*ldc+j] += alpha * dot64Go(ai, a[j*lda:j*lda+k])
		}
	}
}
