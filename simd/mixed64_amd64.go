//go:build !purego && !noasm

package simd

// dot32x64AVX2 returns Σ_{i<n} x[i]*y[i] in float64; n is a positive multiple of 16
// (mixed64_amd64.s).
//
//go:noescape
func dot32x64AVX2(x *float32, y *float64, n int) float64

// axpy32x64AVX2 computes y[i] += alpha*x[i] for i < n; n is a positive multiple of 16.
//
//go:noescape
func axpy32x64AVX2(alpha float64, x *float32, y *float64, n int)

func dot32x64(x []float32, y []float64) float64 {
	if useAVX2 && len(x) >= 16 {
		nb := len(x) &^ 15
		s := dot32x64AVX2(&x[0], &y[0], nb)
		for i := nb; i < len(x); i++ {
			s += float64(x[i]) * y[i]
		}
		return s
	}
	return dot32x64Go(x, y)
}

func axpy32x64(alpha float64, x []float32, y []float64) {
	if useAVX2 && len(x) >= 16 {
		nb := len(x) &^ 15
		axpy32x64AVX2(alpha, &x[0], &y[0], nb)
		axpy32x64Generic(alpha, x[nb:], y[nb:])
		return
	}
	axpy32x64Generic(alpha, x, y)
}
