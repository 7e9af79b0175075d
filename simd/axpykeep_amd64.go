//go:build !purego && !noasm

package simd

// axpyKeepAVX2 sets keep[i] = y[i] and y[i] += alpha*x[i] (one fused multiply-add, as
// axpyAVX2) for i < n, a positive multiple of 8, and reports whether the new y[0:n] is all
// finite (axpykeep_amd64.s).
//
//go:noescape
func axpyKeepAVX2(alpha float32, x, y, keep *float32, n int) bool

func axpyKeep(alpha float32, x, y, keep []float32) bool {
	n := len(x)
	nb := n &^ 7
	if !useAVX2 || nb == 0 {
		copy(keep, y)
		axpy(alpha, x, y)
		return finite32(y)
	}
	ok := axpyKeepAVX2(alpha, &x[0], &y[0], &keep[0], nb)
	// the tail as axpyAVX2Go's: the pure-Go axpy
	copy(keep[nb:], y[nb:])
	axpyGeneric(alpha, x[nb:], y[nb:n])
	return finite32Generic(y[nb:n]) && ok
}
