//go:build purego || noasm || !amd64

package simd

func widen64(alpha float64, x []float32, y []float64) {
	widen64Generic(alpha, x, y)
}
