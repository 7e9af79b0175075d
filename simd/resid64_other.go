//go:build purego || noasm || !amd64

package simd

func residualRows64(n int, sh, tol float64, b, v, wp, wc, wn, vp, vn, gp, gc, gn, e []float64) (float64, float64, bool) {
	return residualRows64Go(n, sh, tol, b, v, wp, wc, wn, vp, vn, gp, gc, gn, e)
}
