package simd

// MulRows writes dst[i*ldd+j] = (alpha·x[i*ldx+j])·y[i*ldy+j] for i < rows, j < cols: the
// element-wise product of two row-major matrices, x scaled first, each product rounded
// to float32 in that order (alpha = 1 leaves x exact, so the product is Hadamard's). ldx
// may be 0: then every row of dst uses the one row x[:cols] (a row broadcast down the
// matrix). dst may be x or y itself with the same stride. It is the backward signal of a
// dense layer in one call: δ = (s·Wᵀδ') ⊙ φ'(u) when δ' is a unit vector.
func MulRows(rows, cols int, alpha float32, x []float32, ldx int, y []float32, ldy int, dst []float32, ldd int) {
	if ldx != 0 {
		checkMat(rows, cols, ldx, len(x))
	} else {
		checkVec(cols, len(x))
	}
	checkMat(rows, cols, ldy, len(y))
	checkMat(rows, cols, ldd, len(dst))
	if rows == 0 || cols == 0 {
		return
	}
	mulRows(rows, cols, alpha, x, ldx, y, ldy, dst, ldd)
}

// mulRowsGeneric is the specification of MulRows.
func mulRowsGeneric(rows, cols int, alpha float32, x []float32, ldx int, y []float32, ldy int, dst []float32, ldd int) {
	for i := 0; i < rows; i++ {
		xr, yr, out := x[i*ldx:i*ldx+cols], y[i*ldy:i*ldy+cols], dst[i*ldd:i*ldd+cols]
		for j, v := range xr {
			s := alpha * v
			out[j] = s * yr[j]
		}
	}
}
