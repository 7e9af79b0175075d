//go:build purego || noasm || !amd64

package simd

func hadamardScaledAdd64(alpha, beta float64, x, k, y []float64) {
	hadamardScaledAdd64Generic(alpha, beta, x, k, y)
}
