//go:build !purego && !noasm

package simd

// getrfStaticAVX2 is getrfStatic64Generic for n a positive multiple of 4, with the cache
// written when inv is not nil (getrfstatic64_amd64.s).
//
//go:noescape
func getrfStaticAVX2(n int, a *float64, lda int, lmax float64, inv *float64) bool

func getrfStatic64(n int, a []float64, lda int, lmax float64, inv []float64) bool {
	if getrfAsm(n) {
		var p *float64
		if inv != nil {
			p = &inv[0]
		}
		return getrfStaticAVX2(n, &a[0], lda, lmax, p)
	}
	return getrfStatic64Generic(n, a, lda, lmax, inv)
}
