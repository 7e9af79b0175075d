package simd

// Finite32 reports whether every element of x is finite (neither ±Inf nor NaN). It is the
// check a training step makes on its direction and its updated parameters, so it is one
// pass with no arithmetic that can round: v − v is +0 for every finite v and NaN
// otherwise, and the bits of those differences are or-ed together (AVX2: 32 elements per
// step, the tail in Go).
func Finite32(x []float32) bool { return finite32(x) }

// finite32Generic is the specification of Finite32.
func finite32Generic(x []float32) bool {
	for _, v := range x {
		if v-v != 0 {
			return false
		}
	}
	return true
}
