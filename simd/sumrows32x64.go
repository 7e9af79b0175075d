package simd

// SumRows32x64 writes, for each of n groups of C consecutive rows of the float32 matrix D
// (stride ldd), their combination with the float64 weights w into a float64 row of dst
// (stride lddst):
//
//	dst[r*lddst+j] = Σ_{c<C} w[r*C+c]·d[(r*C+c)*ldd+j]   for r < n, j < k,
//
// each sum over c in order from zero: bit for bit what clearing the row and adding the C
// rows one Axpy32x64 at a time gives, in one pass that keeps the sums in registers instead
// of reading and writing the row C times. C ≥ 1. sumRows32x64Generic is the specification.
func SumRows32x64(n, C, k int, w []float64, d []float32, ldd int, dst []float64, lddst int) {
	if n < 0 || C < 1 || k < 0 {
		panic("simd: bad dimension")
	}
	if n == 0 || k == 0 {
		return
	}
	if ldd < k || lddst < k {
		panic("simd: bad leading dimension")
	}
	if len(w) < n*C || len(d) < (n*C-1)*ldd+k || len(dst) < (n-1)*lddst+k {
		panic("simd: matrix slice too short")
	}
	sumRows32x64(n, C, k, w, d, ldd, dst, lddst)
}

// sumRows32x64Generic is the specification of SumRows32x64.
func sumRows32x64Generic(n, C, k int, w []float64, d []float32, ldd int, dst []float64, lddst int) {
	for r := 0; r < n; r++ {
		row := dst[r*lddst : r*lddst+k]
		clear(row)
		for c := 0; c < C; c++ {
			v := w[r*C+c]
			for j, x := range d[(r*C+c)*ldd : (r*C+c)*ldd+k] {
				row[j] += v * float64(x)
			}
		}
	}
}
