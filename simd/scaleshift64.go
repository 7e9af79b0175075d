package simd

// ScaleShift64 computes y[i] = alpha*x[i] + beta for i < len(y) in float64; len(x) ≥ len(y)
// and x may be y itself. It turns a Gram HHᵀ into the NTK's input factor s²HHᵀ + σ_b².
func ScaleShift64(alpha, beta float64, x, y []float64) {
	checkVec(len(y), len(x))
	scaleShift64(alpha, beta, x[:len(y)], y, false)
}

// AxpyShift64 computes y[i] += alpha*x[i] + beta for i < len(y) in float64; len(x) ≥ len(y).
func AxpyShift64(alpha, beta float64, x, y []float64) {
	checkVec(len(y), len(x))
	scaleShift64(alpha, beta, x[:len(y)], y, true)
}

// scaleShift64Generic is the specification of ScaleShift64 (acc false) and AxpyShift64
// (acc true).
func scaleShift64Generic(alpha, beta float64, x, y []float64, acc bool) {
	if acc {
		for i := range y {
			y[i] += alpha*x[i] + beta
		}
		return
	}
	for i := range y {
		y[i] = alpha*x[i] + beta
	}
}
