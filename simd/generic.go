package simd

import "math"

// dotGeneric returns Σ_i x[i]*y[i].
func dotGeneric(x, y []float32) float32 {
	var s float32
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

// axpyGeneric computes y[i] += alpha*x[i].
func axpyGeneric(alpha float32, x, y []float32) {
	for i, v := range x {
		y[i] += alpha * v
	}
}

// hadamardGeneric computes dst[i] = x[i]*y[i].
func hadamardGeneric(dst, x, y []float32) {
	for i := range dst {
		dst[i] = x[i] * y[i]
	}
}

func scaleC(m, n int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			for j := range row {
				row[j] = 0
			}
		} else if beta != 1 {
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

// gemmNNGeneric computes c[i,j] = alpha*Σ_p a[i,p]*b[p,j] + beta*c[i,j].
func gemmNNGeneric(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	scaleC(m, n, beta, c, ldc)
	for i := 0; i < m; i++ {
		crow := c[i*ldc : i*ldc+n]
		for p := 0; p < k; p++ {
			s := alpha * a[i*lda+p]
			brow := b[p*ldb : p*ldb+n]
			for j, v := range brow {
				crow[j] += s * v
			}
		}
	}
}

// gemmNTGeneric computes c[i,j] = alpha*Σ_p a[i,p]*b[j,p] + beta*c[i,j].
func gemmNTGeneric(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		arow := a[i*lda : i*lda+k]
		for j := 0; j < n; j++ {
			brow := b[j*ldb : j*ldb+k]
			var s float32
			for p, v := range arow {
				s += v * brow[p]
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}

// gemmTNGeneric computes c[i,j] = alpha*Σ_p a[p,i]*b[p,j] + beta*c[i,j].
func gemmTNGeneric(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	scaleC(m, n, beta, c, ldc)
	for p := 0; p < k; p++ {
		brow := b[p*ldb : p*ldb+n]
		for i := 0; i < m; i++ {
			s := alpha * a[p*lda+i]
			crow := c[i*ldc : i*ldc+n]
			for j, v := range brow {
				crow[j] += s * v
			}
		}
	}
}

// gram64Generic computes c[i,j] = Σ_p float64(a[i,p])*float64(a[j,p]): the lower
// triangle, mirrored.
func gram64Generic(n, k int, a []float32, lda int, c []float64, ldc int) {
	gram64LowerGeneric(n, k, a, lda, c, ldc)
	mirrorLower(n, c, ldc)
}

// mirrorLower copies the strict lower triangle of the n×n matrix c onto the upper one.
func mirrorLower(n int, c []float64, ldc int) {
	for i := 1; i < n; i++ {
		row := c[i*ldc : i*ldc+i]
		for j, v := range row {
			c[j*ldc+i] = v
		}
	}
}

// gram64LowerGeneric computes c[i,j] = Σ_p float64(a[i,p])*float64(a[j,p]) for j ≤ i.
func gram64LowerGeneric(n, k int, a []float32, lda int, c []float64, ldc int) {
	for i := 0; i < n; i++ {
		ai := a[i*lda : i*lda+k]
		for j := 0; j <= i; j++ {
			aj := a[j*lda : j*lda+k]
			var s float64
			for p, v := range ai {
				s += float64(v) * float64(aj[p])
			}
			c[i*ldc+j] = s
		}
	}
}

// gramT64Generic computes c[i,j] = Σ_p float64(a[p,i])*float64(a[p,j]).
func gramT64Generic(n, k int, a []float32, lda int, c []float64, ldc int) {
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			c[i*ldc+j] = 0
		}
	}
	for p := 0; p < n; p++ {
		row := a[p*lda : p*lda+k]
		for i, vi := range row {
			s := float64(vi)
			ci := c[i*ldc : i*ldc+k]
			for j := 0; j <= i; j++ {
				ci[j] += s * float64(row[j])
			}
		}
	}
	for i := 0; i < k; i++ {
		for j := 0; j < i; j++ {
			c[j*ldc+i] = c[i*ldc+j]
		}
	}
}

// actForwardGeneric computes dst[i] = φ(src[i]).
func actForwardGeneric(act Activation, dst, src []float32) {
	switch act {
	case Identity:
		copy(dst, src)
	case Tanh:
		for i, v := range src {
			dst[i] = float32(math.Tanh(float64(v)))
		}
	case ReLU:
		for i, v := range src {
			if v > 0 {
				dst[i] = v
			} else {
				dst[i] = 0
			}
		}
	case Sigmoid:
		for i, v := range src {
			dst[i] = float32(1 / (1 + math.Exp(-float64(v))))
		}
	default:
		panic("simd: unknown activation")
	}
}

// actDerivGeneric computes dst[i] = φ'(pre[i]) from post[i] = φ(pre[i]).
func actDerivGeneric(act Activation, dst, pre, post []float32) {
	switch act {
	case Identity:
		for i := range dst {
			dst[i] = 1
		}
	case Tanh:
		for i, h := range post {
			dst[i] = 1 - h*h
		}
	case ReLU:
		for i, v := range pre {
			if v > 0 {
				dst[i] = 1
			} else {
				dst[i] = 0
			}
		}
	case Sigmoid:
		for i, h := range post {
			dst[i] = h * (1 - h)
		}
	default:
		panic("simd: unknown activation")
	}
}

// syrkLower64Generic computes c[i,j] += alpha*Σ_p a[i,p]*a[j,p] for j ≤ i.
func syrkLower64Generic(n, k int, alpha float64, a []float64, lda int, c []float64, ldc int) {
	if k == 0 {
		return
	}
	for i := 0; i < n; i++ {
		ai := a[i*lda : i*lda+k]
		for j := 0; j <= i; j++ {
			aj := a[j*lda : j*lda+k]
			var s float64
			for p, v := range ai {
				s += v * aj[p]
			}
			c[i*ldc+j] += alpha * s
		}
	}
}

// dot64Generic returns Σ_i x[i]*y[i] in float64.
func dot64Generic(x, y []float64) float64 {
	var s float64
	for i, v := range x {
		s += v * y[i]
	}
	return s
}
