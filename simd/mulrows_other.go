//go:build purego || noasm || !amd64

package simd

func mulRows(rows, cols int, alpha float32, x []float32, ldx int, y []float32, ldy int, dst []float32, ldd int) {
	mulRowsGeneric(rows, cols, alpha, x, ldx, y, ldy, dst, ldd)
}
