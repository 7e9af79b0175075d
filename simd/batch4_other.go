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

func sqrtBatch4(x []float64) { sqrtBatch4Generic(x) }

func divBatch4(b, s []float64) { divBatch4Generic(b, s) }

func storeMulBatch4(dst []float32, ld int, s, x []float64, n int) bool {
	return storeMulBatch4Generic(dst, ld, s, x, n)
}

func formPrimalBatch4(dst, h []float64, ldh int, s []float64, m, n int, rho float64) {
	formPrimalBatch4Generic(dst, h, ldh, s, m, n, rho)
}
