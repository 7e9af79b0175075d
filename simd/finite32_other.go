//go:build purego || noasm || !amd64

package simd

func finite32(x []float32) bool { return finite32Generic(x) }
