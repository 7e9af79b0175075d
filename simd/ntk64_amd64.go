//go:build !purego && !noasm

package simd

import "unsafe"

// transWidenAVX2 is TransposeWiden64 for the 4×4 blocks of the first 4·nb rows and 4·kb
// columns of A (ntk64_amd64.s).
//
//go:noescape
func transWidenAVX2(a *float32, lda int, t *float64, ldt int, nb, kb int)

// gramHadLowerAVX2 is gramHadamardLower64Generic (shift: mode bit 0, !add: bit 1) in blocks of
// four rows by twelve, eight or four columns (ntk64_amd64.s).
//
//go:noescape
func gramHadLowerAVX2(n, ka int, at *float64, kb int, bt *float64, ldt int, sc, b2 float64, c *float64, ldc, clen int, mode int)

// gramHadLowerAVX512 is gramHadLowerAVX2 in 8×8 blocks of zmm registers (ntk64_amd64.s).
//
//go:noescape
func gramHadLowerAVX512(n, ka int, at *float64, kb int, bt *float64, ldt int, sc, b2 float64, c *float64, ldc int, mode int)

func transposeWiden64(n, k int, a []float32, lda int, t []float64, ldt int) {
	nb, kb := n/4, k/4
	if !useAVX2 || nb == 0 || kb == 0 {
		transposeWiden64Generic(n, k, a, lda, t, ldt)
		return
	}
	transWidenAVX2(&a[0], lda, &t[0], ldt, nb, kb)
	// what the 4×4 blocks leave: the rows past 4·nb, the columns past 4·kb, the padding
	for p := 0; p < k; p++ {
		i0 := 4 * nb
		if p >= 4*kb {
			i0 = 0
		}
		if pad := TransStride(n); i0 < pad {
			row := t[p*ldt+i0 : p*ldt+pad]
			for i := range row[:n-i0] {
				row[i] = float64(a[(i0+i)*lda+p])
			}
			clear(row[n-i0:])
		}
	}
}

func gramHadamardLower64(n, ka int, at []float64, kb int, bt []float64, ldt int, sc, b2 float64, c []float64, ldc int, shift, add bool) {
	if !useAVX2 {
		gramHadamardLower64Generic(n, ka, at, kb, bt, ldt, sc, b2, c, ldc, shift, add)
		return
	}
	mode := 0
	if shift {
		mode, kb = 1, 0
	}
	if !add {
		mode |= 2
	}
	if useAVX512 {
		gramHadLowerAVX512(n, ka, unsafe.SliceData(at), kb, unsafe.SliceData(bt), ldt, sc, b2, &c[0], ldc, mode)
		return
	}
	gramHadLowerAVX2(n, ka, unsafe.SliceData(at), kb, unsafe.SliceData(bt), ldt, sc, b2, &c[0], ldc, len(c), mode)
}
