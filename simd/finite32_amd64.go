//go:build !purego && !noasm

package simd

// finite32AVX2 reports whether x[0:n] is all finite, n a positive multiple of 32
// (finite32_amd64.s).
//
//go:noescape
func finite32AVX2(x *float32, n int) bool

func finite32(x []float32) bool {
	nb := len(x) &^ 31
	if useAVX2 && nb > 0 {
		if !finite32AVX2(&x[0], nb) {
			return false
		}
	} else {
		nb = 0
	}
	return finite32Generic(x[nb:])
}
