//go:build !purego && !noasm

package simd

// hadamardScaledAdd64AVX2 is HadamardScaledAdd64 for n a positive multiple of 4, with
// separate multiplies and adds (hadamard64_amd64.s).
//
//go:noescape
func hadamardScaledAdd64AVX2(alpha, beta float64, x, k, y *float64, n int)

func hadamardScaledAdd64(alpha, beta float64, x, k, y []float64) {
	n := len(y)
	nb := n &^ 3
	if useAVX2 && nb > 0 {
		hadamardScaledAdd64AVX2(alpha, beta, &x[0], &k[0], &y[0], nb)
	} else {
		nb = 0
	}
	hadamardScaledAdd64Generic(alpha, beta, x[nb:n], k[nb:n], y[nb:])
}
