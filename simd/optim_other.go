//go:build !amd64 || purego || noasm

package simd

func momentumStep(p, g, v, vOld []float32, mu, lr float32) bool {
	return momentumStepGeneric(p, g, v, vOld, mu, lr)
}

func adamStep(p, g, m, v, mOld, vOld []float32, b1, b2, step, sc, eps float32) bool {
	return adamStepGeneric(p, g, m, v, mOld, vOld, b1, b2, step, sc, eps)
}
