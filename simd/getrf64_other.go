//go:build purego || noasm || !amd64

package simd

func getrfAsm(n int) bool { return false }

func getrfRight64(n int, a []float64, lda int, piv []float64) bool {
	return getrfRight64Generic(n, a, lda, piv)
}
