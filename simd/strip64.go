package simd

// Strip6x8 computes c[r*ldc+j] += alpha·Σ_{p<k} a[r*ars+p*aps]·b[p*8+j] for r < 6 and j < 8:
// six rows of A (general element strides) times a strip of eight columns stored eight
// values per p, added into six rows of eight values of C. It is the register-blocked
// micro-kernel of GemmPacked64 (AVX2+FMA on amd64, NEON on arm64, micro6x8Go elsewhere),
// for callers that keep their operands in strips and so need no packing. k = 0 does
// nothing. C must not overlap A or B.
func Strip6x8(k int, alpha float64, a []float64, ars, aps int, b []float64, c []float64, ldc int) {
	if k < 0 || ars < 0 || aps < 0 || ldc < 8 {
		panic("simd: bad dimension or stride")
	}
	if k == 0 {
		return
	}
	if len(a) <= 5*ars+(k-1)*aps || len(b) < 8*k || len(c) < 5*ldc+8 {
		panic("simd: matrix slice too short")
	}
	micro6x8(k, a, ars, aps, b, c, ldc, alpha)
}

// Strip6x8Asm reports whether Strip6x8 runs an assembly kernel on the current path.
func Strip6x8Asm() bool { return microAsm() }
