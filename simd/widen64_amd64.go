//go:build !purego && !noasm

package simd

// widen64AVX2 is widen64Generic for n a positive multiple of 4 (widen64_amd64.s).
//
//go:noescape
func widen64AVX2(alpha float64, x *float32, y *float64, n int)

func widen64(alpha float64, x []float32, y []float64) {
	n := len(y)
	nb := n &^ 3
	if useAVX2 && nb > 0 {
		widen64AVX2(alpha, &x[0], &y[0], nb)
	} else {
		nb = 0
	}
	widen64Generic(alpha, x[nb:n], y[nb:])
}
