//go:build !purego && !noasm

package simd

func dsdot(x, y []float32) float64 {
	if useNEON {
		return dot64NEONGo(x, y)
	}
	return dsdotGo(x, y)
}

func sumSqRows(n, k int, a []float32, lda int, dst []float64) {
	if useNEON {
		for i := 0; i < n; i++ {
			row := a[i*lda : i*lda+k]
			dst[i] = dot64NEONGo(row, row)
		}
		return
	}
	sumSqRowsGo(n, k, a, lda, dst)
}
