//go:build purego || noasm || !amd64

package simd

func posvPanels64(n, j0 int, a []float64, lda int, b []float64, lt, inv []float64) bool {
	return posvPanels64Go(n, j0, a, lda, b, lt, inv)
}
