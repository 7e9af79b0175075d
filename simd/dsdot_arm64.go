//go:build !purego && !noasm

package simd

func dsdot(x, y []float32) float64 {
	if useNEON {
		return dot64NEONGo(x, y)
	}
	return dsdotGo(x, y)
}
