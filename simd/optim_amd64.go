//go:build !purego && !noasm

package simd

// momentumAVX2 and adamAVX2 (optim_amd64.s) run MomentumStep and AdamStep over n elements,
// n a multiple of 8, and store their finiteness sums, eight lanes, in acc. c holds the
// constants: mu, lr for momentum; b1, 1−b1, b2, 1−b2, step, sc, eps for Adam. The state
// before the step goes to vs (ms) unless that is nil.
//
//go:noescape
func momentumAVX2(p, grad, v, vs *float32, n int, c, acc *float32)

//go:noescape
func adamAVX2(p, grad, m, v, ms, vs *float32, n int, c, acc *float32)

func momentumStep(p, g, v, vOld []float32, mu, lr float32) bool {
	n := len(p)
	nb := n &^ 7
	if !useAVX2 || nb == 0 {
		return momentumStepGeneric(p, g, v, vOld, mu, lr)
	}
	c := [2]float32{mu, lr}
	var acc [8]float32
	var vs *float32
	var vTail []float32
	if vOld != nil {
		vs, vTail = &vOld[0], vOld[nb:n]
	}
	momentumAVX2(&p[0], &g[0], &v[0], vs, nb, &c[0], &acc[0])
	ok := momentumStepGeneric(p[nb:], g[nb:n], v[nb:n], vTail, mu, lr)
	return ok && sum8(&acc) == 0
}

func adamStep(p, g, m, v, mOld, vOld []float32, b1, b2, step, sc, eps float32) bool {
	n := len(p)
	nb := n &^ 7
	if !useAVX2 || nb == 0 {
		return adamStepGeneric(p, g, m, v, mOld, vOld, b1, b2, step, sc, eps)
	}
	c := [7]float32{b1, 1 - b1, b2, 1 - b2, step, sc, eps}
	var acc [8]float32
	var ms, vs *float32
	var mTail, vTail []float32
	if mOld != nil {
		ms, vs = &mOld[0], &vOld[0]
		mTail, vTail = mOld[nb:n], vOld[nb:n]
	}
	adamAVX2(&p[0], &g[0], &m[0], &v[0], ms, vs, nb, &c[0], &acc[0])
	ok := adamStepGeneric(p[nb:], g[nb:n], m[nb:n], v[nb:n], mTail, vTail, b1, b2, step, sc, eps)
	return ok && sum8(&acc) == 0
}

func sum8(a *[8]float32) float32 {
	return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]))
}
