package simd

import "math"

// Fused first-order optimizer updates: one pass over the parameters that updates the
// state, moves the parameters and reports whether everything stayed finite, optionally
// keeping the state as it was before the step (for undoing a rejected step) on the way. The generic
// twins below are the specification; the fast paths do the same float32 operations in the
// same order (no fused multiply-add), so their results are bit-identical.

// MomentumStep runs SGD with momentum over len(p) elements,
//
//	v[i] = mu*v[i] + g[i];  p[i] = p[i] − lr*v[i],
//
// and reports whether every new p[i] and v[i] is finite. When vOld is not nil it receives
// the velocity before the step. len(g), len(v) (and len(vOld)) ≥ len(p).
func MomentumStep(p, g, v, vOld []float32, mu, lr float32) bool {
	checkVec(len(p), len(g))
	checkVec(len(p), len(v))
	if vOld != nil {
		checkVec(len(p), len(vOld))
		vOld = vOld[:len(p)]
	}
	return momentumStep(p, g[:len(p)], v[:len(p)], vOld, mu, lr)
}

// AdamStep runs the Adam update over len(p) elements,
//
//	m[i] = b1*m[i] + (1−b1)*g[i];  v[i] = b2*v[i] + (1−b2)*g[i]*g[i];
//	p[i] = p[i] − step*m[i] / (√v[i]*sc + eps),
//
// (step = η/(1−β1ᵏ) and sc = 1/√(1−β2ᵏ) carry the bias corrections) and reports whether
// every new p[i], m[i] and v[i] is finite. When mOld and vOld are not nil they receive
// the moments before the step. len(g), len(m), len(v) (and len(mOld), len(vOld)) ≥ len(p).
func AdamStep(p, g, m, v, mOld, vOld []float32, b1, b2, step, sc, eps float32) bool {
	n := len(p)
	checkVec(n, len(g))
	checkVec(n, len(m))
	checkVec(n, len(v))
	if (mOld == nil) != (vOld == nil) {
		panic("simd: AdamStep needs both or neither of mOld, vOld")
	}
	if mOld != nil {
		checkVec(n, len(mOld))
		checkVec(n, len(vOld))
		mOld, vOld = mOld[:n], vOld[:n]
	}
	return adamStep(p, g[:n], m[:n], v[:n], mOld, vOld, b1, b2, step, sc, eps)
}

// momentumStepGeneric is MomentumStep's specification. Finiteness: (p+v)·0 is 0 for finite
// values and NaN otherwise, and a NaN stays in the sum.
func momentumStepGeneric(p, g, v, vOld []float32, mu, lr float32) bool {
	if vOld != nil {
		copy(vOld, v)
	}
	var acc float32
	for i, gi := range g {
		vi := float32(mu*v[i]) + gi // conversions: no fused multiply-add (see above)
		pi := p[i] - float32(lr*vi)
		v[i], p[i] = vi, pi
		acc += float32(pi+vi) * 0
	}
	return acc == 0
}

// adamStepGeneric is AdamStep's specification.
func adamStepGeneric(p, g, m, v, mOld, vOld []float32, b1, b2, step, sc, eps float32) bool {
	if mOld != nil {
		copy(mOld, m)
		copy(vOld, v)
	}
	gb1, gb2 := 1-b1, 1-b2
	var acc float32
	for i, gi := range g {
		mi := float32(b1*m[i]) + float32(gb1*gi)
		vi := float32(b2*v[i]) + float32(float32(gb2*gi)*gi)
		pi := p[i] - float32(step*mi)/(float32(sqrt32(vi)*sc)+eps)
		m[i], v[i], p[i] = mi, vi, pi
		acc += float32(pi+mi+vi) * 0
	}
	return acc == 0
}

// sqrt32 is the correctly rounded float32 square root (the float64 root of a float32 value
// rounds to the same float32).
func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }
