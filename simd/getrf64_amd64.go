//go:build !purego && !noasm

package simd

// getrfRightAVX2 is getrfRight64Generic for n a positive multiple of 4 (getrf64_amd64.s).
//
//go:noescape
func getrfRightAVX2(n int, a *float64, lda int, piv *float64) bool

// getrfRight2AVX2 is getrfRightAVX2 two steps at a time (getrf64_amd64.s).
//
//go:noescape
func getrfRight2AVX2(n int, a *float64, lda int, piv *float64) bool

func getrfAsm(n int) bool { return useAVX2 && n > 0 && n%4 == 0 }

func getrfRight64(n int, a []float64, lda int, piv []float64) bool {
	if getrfAsm(n) {
		if getrfPairs {
			return getrfRight2AVX2(n, &a[0], lda, &piv[0])
		}
		return getrfRightAVX2(n, &a[0], lda, &piv[0])
	}
	return getrfRight64Generic(n, a, lda, piv)
}
