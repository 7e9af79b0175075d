package simd

// HadamardScaledAdd64 computes y[i] += x[i]*(alpha*k[i] + beta) for i < len(y) in float64:
// a Hadamard product with an affinely scaled factor, accumulated (the layer NTK's signal
// Gram times its input Gram s²HHᵀ + σ_b², added to the NTK sum). len(x), len(k) ≥ len(y).
// The AVX2 kernel rounds each multiply and add on its own, as the twin compiled without
// fused multiply-adds does.
func HadamardScaledAdd64(alpha, beta float64, x, k, y []float64) {
	checkVec(len(y), len(x))
	checkVec(len(y), len(k))
	hadamardScaledAdd64(alpha, beta, x[:len(y)], k[:len(y)], y)
}

// hadamardScaledAdd64Generic is the specification of HadamardScaledAdd64.
func hadamardScaledAdd64Generic(alpha, beta float64, x, k, y []float64) {
	for i := range y {
		y[i] += x[i] * (alpha*k[i] + beta)
	}
}
