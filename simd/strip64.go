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

// Strip6x8T computes, for each of the g blocks of six rows of C (rows of eight values,
// stride ldc; block q is rows 6q to 6q+5 of C and of A),
//
//	S = C + alpha·A·B,  then  C ← S·T,
//
// with A(r, p) = a[r*ars+p*aps] as in Strip6x8, B(p, j) = b[p*brs+j] (eight contiguous
// values per p, brs ≥ 8: a packed strip, or eight columns of a row-major matrix read in
// place) and T an 8×8 row-major matrix (t[q*8+j]), block triangular in 4×4 blocks: upper
// (T[q,j] for q ≥ 4, j < 4 is taken as zero, not read) or, when lower, lower (q < 4, j ≥ 4
// taken as zero). It is the step of a blocked triangular solve by rows in which a block of
// eight columns gets the product with the columns already solved and then the inverse of
// its (triangular) diagonal block, in one pass over the block. k = 0 multiplies by T alone.
// C must not overlap A, B or T. strip6x8TGo is the specification (one block); the
// assembly (Strip6x8TAsm) reads B in place and runs all g blocks in one call, the Go form
// runs the path's micro-kernel when B is a packed strip (brs = 8) and the specification
// otherwise.
func Strip6x8T(g, k int, alpha float64, a []float64, ars, aps int, b []float64, brs int, c []float64, ldc int, t []float64, lower bool) {
	if g < 0 || k < 0 || ars < 0 || aps < 0 || brs < 8 || ldc < 8 {
		panic("simd: bad dimension or stride")
	}
	if g == 0 {
		return
	}
	if len(c) < (6*g-1)*ldc+8 || len(t) < 64 {
		panic("simd: matrix slice too short")
	}
	if k > 0 && (len(a) <= (6*g-1)*ars+(k-1)*aps || len(b) < (k-1)*brs+8) {
		panic("simd: matrix slice too short")
	}
	strip6x8T(g, k, alpha, a, ars, aps, b, brs, c, ldc, t, lower)
}

// strip6x8TGo is Strip6x8T: each element of S is C plus alpha times the sum over p in
// order, each element of S·T a sum over q in order (the q of T's nonzero blocks).
func strip6x8TGo(k int, alpha float64, a []float64, ars, aps int, b []float64, brs int, c []float64, ldc int, t []float64, lower bool) {
	var s [48]float64
	for r := 0; r < 6; r++ {
		for q := 0; q < 8; q++ {
			var v float64
			for p := 0; p < k; p++ {
				v += a[r*ars+p*aps] * b[p*brs+q]
			}
			s[r*8+q] = c[r*ldc+q] + alpha*v
		}
	}
	mulT8(&s, c, ldc, t, lower)
}

// strip6x8TVia is Strip6x8T on the Go paths: S through the path's micro-kernel
// (micro6x8: NEON on arm64) when B is a packed strip, else as the specification.
func strip6x8TVia(k int, alpha float64, a []float64, ars, aps int, b []float64, brs int, c []float64, ldc int, t []float64, lower bool) {
	if brs != 8 {
		strip6x8TGo(k, alpha, a, ars, aps, b, brs, c, ldc, t, lower)
		return
	}
	var s [48]float64
	for r := 0; r < 6; r++ {
		copy(s[r*8:r*8+8], c[r*ldc:r*ldc+8])
	}
	if k > 0 {
		micro6x8(k, a, ars, aps, b, s[:], 8, alpha)
	}
	mulT8(&s, c, ldc, t, lower)
}

// mulT8 writes the 6×8 block S·T into C for T block triangular as in Strip6x8T, each
// element a sum over the q of T's nonzero blocks in order.
func mulT8(s *[48]float64, c []float64, ldc int, t []float64, lower bool) {
	t = t[:64]
	for r := 0; r < 6; r++ {
		sr := s[r*8 : r*8+8 : r*8+8]
		cr := c[r*ldc : r*ldc+8 : r*ldc+8]
		for j := range cr {
			q0, q1 := 0, 8
			switch {
			case lower && j >= 4:
				q0 = 4
			case !lower && j < 4:
				q1 = 4
			}
			d := sr[q0] * t[q0*8+j]
			for q := q0 + 1; q < q1; q++ {
				d += sr[q] * t[q*8+j]
			}
			cr[j] = d
		}
	}
}

// Strip6x8TAsm reports whether Strip6x8T runs an assembly kernel (which reads B with any
// row stride at full speed) on the current path.
func Strip6x8TAsm() bool { return strip6x8TAsm() }
