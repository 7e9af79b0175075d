//go:build !purego && !noasm

package simd

// narrow64AVX2 is narrow64Generic for n a positive multiple of 8 (narrow64_amd64.s).
//
//go:noescape
func narrow64AVX2(dst *float32, src *float64, n int) bool

func narrow64(dst []float32, src []float64) bool {
	n := len(dst)
	nb := n &^ 7
	ok := true
	if useAVX2 && nb > 0 {
		ok = narrow64AVX2(&dst[0], &src[0], nb)
	} else {
		nb = 0
	}
	return narrow64Generic(dst[nb:], src[nb:n]) && ok
}
