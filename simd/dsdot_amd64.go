//go:build !purego && !noasm

package simd

// dsdotAVX2 returns Σ_{i<n} x[i]*y[i] in float64; n is a positive multiple of 4
// (dsdot_amd64.s).
//
//go:noescape
func dsdotAVX2(x, y *float32, n int) float64

func dsdot(x, y []float32) float64 {
	if useAVX2 && len(x) >= 4 {
		n := len(x)
		nb := n &^ 3
		s := dsdotAVX2(&x[0], &y[0], nb)
		for i := nb; i < n; i++ {
			s += float64(x[i]) * float64(y[i])
		}
		return s
	}
	return dsdotGo(x, y)
}

// sumSqRowsAVX2 writes dst[i] = Σ_{j<k} a[i*lda+j]² for i < n, n ≥ 1 (dsdot_amd64.s).
//
//go:noescape
func sumSqRowsAVX2(a *float32, lda, k, n int, dst *float64)

func sumSqRows(n, k int, a []float32, lda int, dst []float64) {
	if useAVX2 {
		sumSqRowsAVX2(&a[0], lda, k, n, &dst[0])
		return
	}
	sumSqRowsGo(n, k, a, lda, dst)
}
