//go:build !amd64 || purego || noasm

package simd

func potrfBatch4(a, inv []float64, n, k0, rows int) int {
	return potrfBatch4Generic(a, inv, n, k0, rows)
}

func trsvTBatch4(a, inv []float64, n, k0 int, x []float64) {
	trsvTBatch4Generic(a, inv, n, k0, x)
}

func symScaleBatch4(dst, k []float64, ldk int, s []float64, n int, rho float64) {
	symScaleBatch4Generic(dst, k, ldk, s, n, rho)
}

func scaleBatch4(dst, h, s []float64) { scaleBatch4Generic(dst, h, s) }
