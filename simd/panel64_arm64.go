//go:build !purego && !noasm

package simd

import "unsafe"

// panelNT64NEON and panelNN64NEON (panel64_arm64.s) run PanelNT64 and PanelNN64 for
// m ≥ 1 rows; t is nil for no 4×4 product. Strides are in elements. PanelNT64 and
// PanelNN64 have checked every operand's extent before these are called.
//
//go:noescape
func panelNT64NEON(m, k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, d *float64, ldd int, t *float64)

//go:noescape
func panelNN64NEON(m, k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, d *float64, ldd int, t *float64)

// The kernels take base pointers: unsafe.SliceData, since a and b may be empty (k = 0,
// not read), and t's address or nil. Unlike the Go twins (sequential sums over p) they
// sum each dot product in two or four interleaved partial sums, so results agree with
// the twins to rounding, not bit for bit.

func panelNT64(m, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, d []float64, ldd int, t *[16]float64) {
	if useNEON {
		panelNT64NEON(m, k, unsafe.SliceData(a), lda, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc,
			unsafe.SliceData(d), ldd, (*float64)(unsafe.Pointer(t)))
		return
	}
	panelNT64Go(m, k, a, lda, b, ldb, c, ldc, d, ldd, t)
}

func panelNN64(m, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, d []float64, ldd int, t *[16]float64) {
	if useNEON {
		panelNN64NEON(m, k, unsafe.SliceData(a), lda, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc,
			unsafe.SliceData(d), ldd, (*float64)(unsafe.Pointer(t)))
		return
	}
	panelNN64Go(m, k, a, lda, b, ldb, c, ldc, d, ldd, t)
}

func panelAsm() bool { return useNEON }

// ger64NEON (panel64_arm64.s) runs Ger64 for m, n ≥ 1. Each element gets one fused
// multiply-add, a[i,j] + s·y[j] with s = alpha·x[i*incx], as ger64Go does on arm64.
//
//go:noescape
func ger64NEON(m, n int, alpha float64, x *float64, incx int, y *float64, a *float64, lda int)

func ger64(m, n int, alpha float64, x []float64, incx int, y []float64, a []float64, lda int) {
	if !useNEON {
		ger64Go(m, n, alpha, x, incx, y, a, lda)
		return
	}
	ger64NEON(m, n, alpha, &x[0], incx, &y[0], &a[0], lda)
}
