//go:build !purego && !noasm

package simd

// getrfStaticAVX2 is getrfStatic64Generic for n a positive multiple of 4
// (getrfstatic64_amd64.s).
//
//go:noescape
func getrfStaticAVX2(n int, a *float64, lda int, lmax float64) bool

func getrfStatic64(n int, a []float64, lda int, lmax float64) bool {
	if getrfAsm(n) {
		return getrfStaticAVX2(n, &a[0], lda, lmax)
	}
	return getrfStatic64Generic(n, a, lda, lmax)
}
