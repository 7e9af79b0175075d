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

// Mul6x8 overwrites the 6×8 block x (six rows of eight contiguous values) with T·x for the
// 6×6 matrix T(i, p) = t[i*trs+p*tps]: the diagonal-block step of a blocked triangular
// solve on strips (with T the block's inverse or its transpose). mul6x8Go is the
// specification.
func Mul6x8(t []float64, trs, tps int, x []float64) {
	if trs < 0 || tps < 0 {
		panic("simd: negative stride")
	}
	if len(t) <= 5*trs+5*tps || len(x) < 48 {
		panic("simd: matrix slice too short")
	}
	mul6x8(t, trs, tps, x)
}

// mul6x8Go is Mul6x8: each row of the result a sum over p in order.
func mul6x8Go(t []float64, trs, tps int, x []float64) {
	var y [48]float64
	for i := 0; i < 6; i++ {
		yi := y[i*8 : i*8+8]
		for p := 0; p < 6; p++ {
			v := t[i*trs+p*tps]
			for j, w := range x[p*8 : p*8+8] {
				yi[j] += v * w
			}
		}
	}
	copy(x[:48], y[:])
}
