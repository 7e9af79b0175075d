//go:build purego || noasm || !amd64

package simd

func mirrorLower64(n int, a []float64, lda int) { mirrorLower64Generic(n, a, lda) }
