//go:build !purego && !noasm

package simd

// residualRowsAVX2 (resid64_amd64.s) runs residualRows64Go on the first n rows, n a
// positive multiple of 4, for the operands p = {b, v, wp, wc, wn, vp, vn, gp, gc, gn, e};
// it writes worst and bound into out and returns pass as 0 or 1.
//
//go:noescape
func residualRowsAVX2(n int, sh, tol float64, p *[11]*float64, out *[2]float64) int

func residualRows64(n int, sh, tol float64, b, v, wp, wc, wn, vp, vn, gp, gc, gn, e []float64) (float64, float64, bool) {
	nb := n &^ 3
	if !useAVX2 || nb == 0 {
		return residualRows64Go(n, sh, tol, b, v, wp, wc, wn, vp, vn, gp, gc, gn, e)
	}
	p := [11]*float64{&b[0], &v[0], &wp[0], &wc[0], &wn[0], &vp[0], &vn[0], &gp[0], &gc[0], &gn[0], &e[0]}
	var out [2]float64
	pass := residualRowsAVX2(nb, sh, tol, &p, &out) == 1
	if nb == n {
		return out[0], out[1], pass
	}
	w1, b1, p1 := residualRows64Go(n-nb, sh, tol, b[nb:], v[nb:], wp[nb:], wc[nb:], wn[nb:], vp[nb:], vn[nb:], gp[nb:], gc[nb:], gn[nb:], e[nb:])
	return mergeResidual(out[0], out[1], pass, w1, b1, p1)
}
