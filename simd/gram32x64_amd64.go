//go:build !purego && !noasm

package simd

// gramK6x16 is gramK6x16Go in AVX2+FMA assembly (gram32x64_amd64.s).
//
//go:noescape
func gramK6x16(k int, ai *float32, aj *float32, ld int, c *float64, ldc int, add int)

func gramAddLower32(kb, k int, a []float32, lda int, c []float64, ldc int, pack []float32) {
	if useAVX2 && k > gramPackedMin {
		gramPacked(true, kb, k, a, lda, c, ldc, pack)
		return
	}
	gramPanels(kb, k, a, lda, c, ldc, pack)
}

func gramTile(asm bool, k int, ai, aj []float32, ld int, c []float64, ldc int, add bool) {
	if asm {
		_ = ai[(k-1)*ld+5]
		_ = aj[(k-1)*ld+15]
		_ = c[5*ldc+15]
		flag := 0
		if add {
			flag = 1
		}
		gramK6x16(k, &ai[0], &aj[0], ld, &c[0], ldc, flag)
		return
	}
	gramK6x16Go(k, ai, aj, ld, c, ldc, add)
}
