//go:build !purego && !noasm

package simd

// scaleShift64AVX2 is scaleShift64Generic for n a positive multiple of 4, acc 0 or 1, with
// separate multiplies and adds (scaleshift64_amd64.s).
//
//go:noescape
func scaleShift64AVX2(alpha, beta float64, x, y *float64, n, acc int)

func scaleShift64(alpha, beta float64, x, y []float64, acc bool) {
	n := len(y)
	nb := n &^ 3
	if useAVX2 && nb > 0 {
		a := 0
		if acc {
			a = 1
		}
		scaleShift64AVX2(alpha, beta, &x[0], &y[0], nb, a)
	} else {
		nb = 0
	}
	scaleShift64Generic(alpha, beta, x[nb:n], y[nb:], acc)
}
