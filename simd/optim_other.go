//go:build !amd64 || purego || noasm

package simd

func momentumStep(p, g, v []float32, mu, lr float32) bool {
	return momentumStepGeneric(p, g, v, mu, lr)
}

func adamStep(p, g, m, v []float32, b1, b2, step, sc, eps float32) bool {
	return adamStepGeneric(p, g, m, v, b1, b2, step, sc, eps)
}
