package simd

import "math"

// ResidualRows64 is the row check of a block-tridiagonal residual, for the n rows of one
// block row. For each row r it forms
//
//	s = sh·v[r] + wp[r] + wc[r] + wn[r]   (summed in that order),   e[r] = b[r] − s,
//
// the ratio q = |e[r]| / (|sh·v[r]| + |b[r]| + |wp[r]| + |wc[r]| + |wn[r]|) of the
// residual to the row's terms (0 for e[r] = 0), and, where q > tol, the ratio
// |e[r]|/diag of the residual to the lower bound
//
//	diag = |sh·v[r]| + |b[r]| + gp[r]·|vp[r]| + gc[r]·|v[r]| + gn[r]·|vn[r]|
//
// of the row's componentwise scale (g the absolute diagonals of the blocks). It returns the
// largest q (worst, +Inf when some q is not finite), the largest of q or, where q > tol,
// |e[r]|/diag (bound), and whether every row has q ≤ tol or |e[r]| ≤ tol·diag (pass; false
// when some q is not finite). All slices hold at least n values; e may not overlap the
// others. residualRows64Go is the specification.
func ResidualRows64(n int, sh, tol float64, b, v, wp, wc, wn, vp, vn, gp, gc, gn, e []float64) (worst, bound float64, pass bool) {
	for _, x := range [][]float64{b, v, wp, wc, wn, vp, vn, gp, gc, gn, e} {
		checkVec(n, len(x))
	}
	if n == 0 {
		return 0, 0, true
	}
	return residualRows64(n, sh, tol, b, v, wp, wc, wn, vp, vn, gp, gc, gn, e)
}

// residualRows64Go is the specification of ResidualRows64.
func residualRows64Go(n int, sh, tol float64, b, v, wp, wc, wn, vp, vn, gp, gc, gn, e []float64) (worst, bound float64, pass bool) {
	pass = true
	for r := 0; r < n; r++ {
		s := sh * v[r]
		own := math.Abs(s) + math.Abs(b[r])
		s += wp[r]
		s += wc[r]
		s += wn[r]
		x := b[r] - s
		e[r] = x
		if x == 0 {
			continue
		}
		ax := math.Abs(x)
		q := ax / (own + math.Abs(wp[r]) + math.Abs(wc[r]) + math.Abs(wn[r]))
		if !(q <= math.MaxFloat64) {
			worst, pass = math.Inf(1), false
			continue
		}
		worst = max(worst, q)
		if q <= tol {
			bound = max(bound, q)
			continue
		}
		diag := own + gp[r]*math.Abs(vp[r]) + gc[r]*math.Abs(v[r]) + gn[r]*math.Abs(vn[r])
		if ax <= tol*diag {
			bound = max(bound, ax/diag)
		} else {
			pass = false
		}
	}
	return worst, bound, pass
}

// mergeResidual combines the results of two row ranges.
func mergeResidual(w0, b0 float64, p0 bool, w1, b1 float64, p1 bool) (float64, float64, bool) {
	return max(w0, w1), max(b0, b1), p0 && p1
}
