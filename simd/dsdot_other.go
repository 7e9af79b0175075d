//go:build purego || noasm || !(amd64 || arm64)

package simd

func dsdot(x, y []float32) float64 { return dsdotGo(x, y) }

func sumSqRows(n, k int, a []float32, lda int, dst []float64) { sumSqRowsGo(n, k, a, lda, dst) }
