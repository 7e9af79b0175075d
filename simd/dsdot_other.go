//go:build purego || noasm || !(amd64 || arm64)

package simd

func dsdot(x, y []float32) float64 { return dsdotGo(x, y) }
