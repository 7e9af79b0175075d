package simd

// Dot32x64 returns Σ_i x[i]*y[i] over len(x) elements of a float32 x and a float64 y,
// in float64 (each x[i] widened exactly); len(y) ≥ len(x). With Axpy32x64 it applies a
// float64 operator whose factors are stored in float32 (the refinement residuals of the
// mixed-precision dual solves in package core).
func Dot32x64(x []float32, y []float64) float64 {
	checkVec(len(x), len(y))
	return dot32x64(x, y[:len(x)])
}

// Axpy32x64 computes y[i] += alpha*x[i] in float64 for a float32 x, i < len(x);
// len(y) ≥ len(x).
func Axpy32x64(alpha float64, x []float32, y []float64) {
	checkVec(len(x), len(y))
	axpy32x64(alpha, x, y[:len(x)])
}

// dot32x64Generic is the specification of Dot32x64: one float64 sum in index order.
func dot32x64Generic(x []float32, y []float64) float64 {
	var s float64
	for i, v := range x {
		s += float64(v) * y[i]
	}
	return s
}

// dot32x64Go is Dot32x64 with four partial sums (for paths without assembly).
func dot32x64Go(x []float32, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += float64(x[i]) * y[i]
		s1 += float64(x[i+1]) * y[i+1]
		s2 += float64(x[i+2]) * y[i+2]
		s3 += float64(x[i+3]) * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i]) * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpy32x64Generic is the specification of Axpy32x64.
func axpy32x64Generic(alpha float64, x []float32, y []float64) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * float64(v)
	}
}
