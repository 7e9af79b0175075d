package simd

// AxpyKeep saves y into keep and then computes y[i] += alpha*x[i], in one pass over y, and
// reports whether every new y[i] is finite. It is copy(keep, y), Axpy(alpha, x, y) and
// Finite32(y) in one call: the same values bit for bit on every path. keep must not
// overlap x or y.
func AxpyKeep(alpha float32, x, y, keep []float32) bool {
	checkVec(len(x), len(y))
	checkVec(len(x), len(keep))
	n := len(x)
	return axpyKeep(alpha, x, y[:n], keep[:n])
}

// axpyKeepGeneric is AxpyKeep's specification: the three calls it stands for, with the
// pure-Go axpy.
func axpyKeepGeneric(alpha float32, x, y, keep []float32) bool {
	copy(keep, y)
	axpyGeneric(alpha, x, y)
	return finite32Generic(y)
}
