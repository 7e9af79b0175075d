//go:build purego || noasm || !amd64

package simd

func gramAddLower32(kb, k int, a []float32, lda int, c []float64, ldc int, pack []float32) {
	gramPanels(kb, k, a, lda, c, ldc, pack)
}

func gramTile(_ bool, k int, ai, aj []float32, ld int, c []float64, ldc int, add bool) {
	gramK6x16Go(k, ai, aj, ld, c, ldc, add)
}

func gramTile8(_ bool, k int, ai, aj []float32, ld int, c []float64, ldc int, add bool) {
	gramK8x8Go(k, ai, aj, ld, c, ldc, add)
}

func gramTileCol(_ bool, k, n int, ai, aj []float32, ld int, c []float64, ldc int) {
	for t := 0; t < n; t++ {
		gramK6x16Go(k, ai[6*t:], aj, ld, c[6*t*ldc:], ldc, true)
	}
}

func gramTile8Lower(_ bool, k int, ai, aj []float32, ld int, c []float64, ldc int) {
	gramK8x8LowerGo(k, ai, aj, ld, c, ldc)
}
