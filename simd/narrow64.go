package simd

// Narrow64 writes dst[i] = float32(src[i]) for i < len(dst) (round to nearest) and reports
// whether every src[i] was finite; len(src) ≥ len(dst). It stores a float64 result (an
// update, a solved direction) into the float32 parameters, with the finiteness check the
// store needs in the same pass.
func Narrow64(dst []float32, src []float64) bool {
	checkVec(len(dst), len(src))
	return narrow64(dst, src[:len(dst)])
}

// narrow64Generic is the specification of Narrow64. Finiteness: v·0 is 0 for finite v and
// NaN otherwise, and a NaN stays in the sum.
func narrow64Generic(dst []float32, src []float64) bool {
	var acc float64
	for i, v := range src {
		acc += v * 0
		dst[i] = float32(v)
	}
	return acc == 0
}
