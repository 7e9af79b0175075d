//go:build !purego && !noasm

package simd

import "unsafe"

// transWidenAVX2 is TransposeWiden64 for the 4×4 blocks of the first 4·nb rows and 4·kb
// columns of A (ntk64_amd64.s).
//
//go:noescape
func transWidenAVX2(a *float32, lda int, t *float64, ldt int, nb, kb int)

// gramHadLowerAVX2 is gramHadamardLower64Generic (shift: mode 1) in 4×4 blocks
// (ntk64_amd64.s).
//
//go:noescape
func gramHadLowerAVX2(n, ka int, at *float64, kb int, bt *float64, ldt int, sc, b2 float64, c *float64, ldc int, mode int)

// gramHadLowerAVX512 is gramHadLowerAVX2 in 8×8 blocks of zmm registers (ntk64_amd64.s).
//
//go:noescape
func gramHadLowerAVX512(n, ka int, at *float64, kb int, bt *float64, ldt int, sc, b2 float64, c *float64, ldc int, mode int)

func transposeWiden64(n, k int, a []float32, lda int, t []float64, ldt int) {
	nb, kb := n/4, k/4
	if useAVX2 && nb > 0 && kb > 0 {
		transWidenAVX2(&a[0], lda, &t[0], ldt, nb, kb)
	} else {
		nb, kb = 0, 0
	}
	for p := 0; p < k; p++ {
		row := t[p*ldt : p*ldt+TransStride(n)]
		i0 := 4 * nb // the blocks covered rows 0..4nb-1 of the first 4kb columns
		if p >= 4*kb {
			i0 = 0
		}
		for i := i0; i < n; i++ {
			row[i] = float64(a[i*lda+p])
		}
		clear(row[n:])
	}
}

func gramHadamardLower64(n, ka int, at []float64, kb int, bt []float64, ldt int, sc, b2 float64, c []float64, ldc int, shift bool) {
	if !useAVX2 {
		gramHadamardLower64Generic(n, ka, at, kb, bt, ldt, sc, b2, c, ldc, shift)
		return
	}
	mode := 0
	if shift {
		mode, kb = 1, 0
	}
	if useAVX512 {
		gramHadLowerAVX512(n, ka, unsafe.SliceData(at), kb, unsafe.SliceData(bt), ldt, sc, b2, &c[0], ldc, mode)
		return
	}
	gramHadLowerAVX2(n, ka, unsafe.SliceData(at), kb, unsafe.SliceData(bt), ldt, sc, b2, &c[0], ldc, mode)
}
