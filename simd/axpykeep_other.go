//go:build purego || noasm || !amd64

package simd

// axpyKeep is the three calls AxpyKeep stands for with this platform's Axpy, so that its
// values are Axpy's.
func axpyKeep(alpha float32, x, y, keep []float32) bool {
	copy(keep, y)
	axpy(alpha, x, y)
	return finite32(y)
}
