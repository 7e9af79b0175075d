//go:build purego || noasm || !amd64

package simd

func scaleShift64(alpha, beta float64, x, y []float64, acc bool) {
	scaleShift64Generic(alpha, beta, x, y, acc)
}
