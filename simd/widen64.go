package simd

// WidenRows64 writes dst[i*ldd+j] = (alpha·s[i])·float64(a[i*lda+j]) for i < n, j < k: the
// n×k float32 matrix A in float64 with row i scaled by alpha·s[i] (by alpha alone when s is
// nil), one rounding per element, of the product. It forms float64 working copies of
// float32 rows (scaled layer inputs, signals weighted per sample) for the float64 solves.
func WidenRows64(n, k int, alpha float64, s []float64, a []float32, lda int, dst []float64, ldd int) {
	checkMat(n, k, lda, len(a))
	checkMat(n, k, ldd, len(dst))
	if s != nil {
		checkVec(n, len(s))
	}
	if n == 0 || k == 0 {
		return
	}
	widenRows64(n, k, alpha, s, a, lda, dst, ldd)
}

// widenRows64Generic is the specification of WidenRows64.
func widenRows64Generic(n, k int, alpha float64, s []float64, a []float32, lda int, dst []float64, ldd int) {
	for i := 0; i < n; i++ {
		f := alpha
		if s != nil {
			f = alpha * s[i]
		}
		out := dst[i*ldd : i*ldd+k]
		for j, v := range a[i*lda : i*lda+k] {
			out[j] = f * float64(v)
		}
	}
}
