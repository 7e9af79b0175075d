//go:build purego || noasm || !amd64

package simd

func narrow64(dst []float32, src []float64) bool {
	return narrow64Generic(dst, src)
}
