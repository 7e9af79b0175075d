//go:build !purego && !noasm

package simd

// posvPanelsAVX2 is posvPanels64Go in one call (posv64_amd64.s); it returns 1 on success.
//
//go:noescape
func posvPanelsAVX2(n, j0 int, a *float64, lda int, b *float64, lt *float64, inv *float64) int

func posvPanels64(n, j0 int, a []float64, lda int, b []float64, lt, inv []float64) bool {
	if !useAVX2 {
		return posvPanels64Go(n, j0, a, lda, b, lt, inv)
	}
	return posvPanelsAVX2(n, j0, &a[0], lda, &b[0], &lt[0], &inv[0]) == 1
}
