//go:build purego || noasm || !amd64

package simd

func dot32x64(x []float32, y []float64) float64 { return dot32x64Go(x, y) }

func axpy32x64(alpha float64, x []float32, y []float64) { axpy32x64Generic(alpha, x, y) }
