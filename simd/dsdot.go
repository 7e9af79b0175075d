package simd

// Dsdot returns Σ_i x[i]*y[i] over len(x) float32 elements, accumulated in float64 (BLAS
// DSDOT); len(y) ≥ len(x). Each product of two float32 values is exact in float64, so only
// the order of the additions can differ from dsdotGeneric. With x and y the same slice it
// is the squared norm ‖x‖², which is finite exactly when every element of x is: a float32
// squared cannot overflow float64, while ±Inf and NaN reach the sum.
func Dsdot(x, y []float32) float64 {
	checkVec(len(x), len(y))
	return dsdot(x, y[:len(x)])
}

// dsdotGeneric is the specification of Dsdot: one float64 sum in index order.
func dsdotGeneric(x, y []float32) float64 {
	var s float64
	for i, v := range x {
		s += float64(v) * float64(y[i])
	}
	return s
}

// dsdotGo is Dsdot in Go with four partial sums (for paths without assembly).
func dsdotGo(x, y []float32) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += float64(x[i]) * float64(y[i])
		s1 += float64(x[i+1]) * float64(y[i+1])
		s2 += float64(x[i+2]) * float64(y[i+2])
		s3 += float64(x[i+3]) * float64(y[i+3])
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i]) * float64(y[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// SumSqRows writes dst[i] = Σ_{j<k} a[i*lda+j]², accumulated in float64, for the n rows of
// the n×k float32 matrix A: the squared row norms, one call for a whole matrix.
func SumSqRows(n, k int, a []float32, lda int, dst []float64) {
	checkMat(n, k, lda, len(a))
	checkVec(n, len(dst))
	if k == 0 {
		clear(dst[:n])
		return
	}
	if n > 0 {
		sumSqRows(n, k, a, lda, dst[:n])
	}
}

// sumSqRowsGeneric is the specification of SumSqRows.
func sumSqRowsGeneric(n, k int, a []float32, lda int, dst []float64) {
	for i := 0; i < n; i++ {
		row := a[i*lda : i*lda+k]
		dst[i] = dsdotGeneric(row, row)
	}
}

// sumSqRowsGo is SumSqRows with the four-sum dot (for paths without assembly).
func sumSqRowsGo(n, k int, a []float32, lda int, dst []float64) {
	for i := 0; i < n; i++ {
		row := a[i*lda : i*lda+k]
		dst[i] = dsdotGo(row, row)
	}
}
