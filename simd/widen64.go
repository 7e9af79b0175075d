package simd

// Widen64 writes y[i] = alpha·float64(x[i]) for i < len(y) in float64 (one rounding, of
// the product); len(x) ≥ len(y). It forms float64 working copies of float32 rows (scaled
// layer inputs, signals) for the float64 solves.
func Widen64(alpha float64, x []float32, y []float64) {
	checkVec(len(y), len(x))
	widen64(alpha, x[:len(y)], y)
}

// widen64Generic is the specification of Widen64.
func widen64Generic(alpha float64, x []float32, y []float64) {
	for i, v := range x {
		y[i] = alpha * float64(v)
	}
}
