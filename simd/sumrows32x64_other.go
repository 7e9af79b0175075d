//go:build purego || noasm || !amd64

package simd

func sumRows32x64(n, C, k int, w []float64, d []float32, ldd int, dst []float64, lddst int) {
	sumRows32x64Generic(n, C, k, w, d, ldd, dst, lddst)
}
