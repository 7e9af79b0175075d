//go:build purego || noasm || !amd64

package simd

func getrfStatic64(n int, a []float64, lda int, lmax float64, inv []float64) bool {
	return getrfStatic64Generic(n, a, lda, lmax, inv)
}
