//go:build !purego && !noasm

package simd

// gramK6x16 is gramK6x16Go in AVX2+FMA assembly (gram32x64_amd64.s).
//
//go:noescape
func gramK6x16(k int, ai *float32, aj *float32, ld int, c *float64, ldc int, add int)

// gramK6x16Col is gramK6x16 adding into c for n tiles down a column (tile t: ai[6t…],
// c rows 6t…).
//
//go:noescape
func gramK6x16Col(k, n int, ai *float32, aj *float32, ld int, c *float64, ldc int)

// gramK8x8 is gramK8x8Go in AVX2+FMA assembly (gram32x64_amd64.s).
//
//go:noescape
func gramK8x8(k int, ai *float32, aj *float32, ld int, c *float64, ldc int, add int)

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

func gramTile8(asm bool, k int, ai, aj []float32, ld int, c []float64, ldc int, add bool) {
	if asm {
		_ = ai[(k-1)*ld+7]
		_ = aj[(k-1)*ld+7]
		_ = c[7*ldc+7]
		flag := 0
		if add {
			flag = 1
		}
		gramK8x8(k, &ai[0], &aj[0], ld, &c[0], ldc, flag)
		return
	}
	gramK8x8Go(k, ai, aj, ld, c, ldc, add)
}

// gramTile8Lower adds the lower triangle (j ≤ r) of the 8×8 tile into c, the rest of c
// untouched.
func gramTile8Lower(asm bool, k int, ai, aj []float32, ld int, c []float64, ldc int) {
	if asm {
		_ = ai[(k-1)*ld+7]
		_ = aj[(k-1)*ld+7]
		_ = c[7*ldc+7]
		gramK8x8(k, &ai[0], &aj[0], ld, &c[0], ldc, 2)
		return
	}
	gramK8x8LowerGo(k, ai, aj, ld, c, ldc)
}

// gramTileCol adds n 6×16 tiles down a column: tile t reads ai[6t…] and adds into rows
// 6t… of c.
func gramTileCol(asm bool, k, n int, ai, aj []float32, ld int, c []float64, ldc int) {
	if asm {
		_ = ai[(k-1)*ld+6*n-1]
		_ = aj[(k-1)*ld+15]
		_ = c[(6*n-1)*ldc+15]
		gramK6x16Col(k, n, &ai[0], &aj[0], ld, &c[0], ldc)
		return
	}
	for t := 0; t < n; t++ {
		gramK6x16Go(k, ai[6*t:], aj, ld, c[6*t*ldc:], ldc, true)
	}
}
