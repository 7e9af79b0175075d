package simd

import "math"

// PosvPanels64 is the four-column core of a small Cholesky solve A·x = b (A symmetric
// positive definite, row-major lower triangle with leading dimension lda, n×n), for the
// package lapack. The first j0 columns of L and the first j0 elements of the forward
// substitution z = L⁻¹b are given (in a and b); it factors the panels of columns j0, j0+4,
// …, n−4 (n − j0 a multiple of four) in place and carries z through them, then runs the
// whole backward substitution Lᵀx = z except its first j0 elements, leaving x[j0:n] in b.
// It returns false, with a and b unspecified, when a pivot is not positive and finite.
//
// Every panel is formed from the columns already factored by outer products: lt (n×n,
// stride n) receives L transposed (lt[p*n+i] = L[i,p], i > p) as the panels are finished,
// including the first j0 columns that the caller wrote there, so that a block of L times
// the factored columns is broadcast rows times contiguous columns, with no sums across
// vector lanes. Each panel's 4×4 diagonal block is factored as L·D·Lᵀ with one square root
// per pivot beside the chain of divisions, and its inverse L_dd⁻¹ and transpose kept in
// inv (32 values per panel, 8·n at least) for the rows below, the forward and the backward
// substitution. The strict upper triangle of a is not written.
//
// posvPanels64Go is the specification; on amd64 with AVX2+FMA the whole factorization and
// both substitutions run in one call of assembly, which is what small solves are made of:
// many short steps, where a call per panel costs about as much as its flops.
func PosvPanels64(n, j0 int, a []float64, lda int, b []float64, lt, inv []float64) bool {
	if n < 0 || j0 < 0 || j0 > n || (n-j0)%4 != 0 {
		panic("simd: PosvPanels64 needs n − j0 a non-negative multiple of four")
	}
	if n == 0 {
		return true
	}
	checkMat(n, n, lda, len(a))
	checkVec(n, len(b))
	checkVec(n*n, len(lt))
	checkVec(8*n, len(inv))
	if j0 == n {
		return true
	}
	return posvPanels64(n, j0, a, lda, b, lt, inv)
}

// posvPanels64Go is the specification of PosvPanels64.
func posvPanels64Go(n, j0 int, a []float64, lda int, b []float64, lt, inv []float64) bool {
	var s [16]float64
	for j := j0; j < n; j += 4 {
		t := (*[32]float64)(inv[(j-j0)*8 : (j-j0)*8+32])
		// S = A[j:j+4, j:j+4] − L[j:j+4, 0:j]·L[j:j+4, 0:j]ᵀ (its lower triangle)
		for r := 0; r < 4; r++ {
			for q := 0; q <= r; q++ {
				v := a[(j+r)*lda+j+q]
				for p := 0; p < j; p++ {
					v -= a[(j+r)*lda+p] * lt[p*n+j+q]
				}
				s[r*4+q] = v
			}
		}
		if !posvDiag4(&s, a[j*lda+j:], lda, t) {
			return false
		}
		// rows below: L[i, j:j+4] = (A[i, j:j+4] − L[i, 0:j]·L[j:j+4, 0:j]ᵀ)·L_dd⁻ᵀ
		for i := j + 4; i < n; i++ {
			var w [4]float64
			for q := 0; q < 4; q++ {
				v := a[i*lda+j+q]
				for p := 0; p < j; p++ {
					v -= a[i*lda+p] * lt[p*n+j+q]
				}
				w[q] = v
			}
			for q := 0; q < 4; q++ {
				l := w[0]*t[q] + w[1]*t[4+q] + w[2]*t[8+q] + w[3]*t[12+q]
				a[i*lda+j+q] = l
				lt[(j+q)*n+i] = l
			}
		}
		// forward: z[j:j+4] = (b[j:j+4] − L[j:j+4, 0:j]·z[0:j])·L_dd⁻ᵀ
		var w [4]float64
		for q := 0; q < 4; q++ {
			v := b[j+q]
			for p := 0; p < j; p++ {
				v -= b[p] * lt[p*n+j+q]
			}
			w[q] = v
		}
		for q := 0; q < 4; q++ {
			b[j+q] = w[0]*t[q] + w[1]*t[4+q] + w[2]*t[8+q] + w[3]*t[12+q]
		}
	}
	// backward: x[j:j+4] = (z[j:j+4] − x[j+4:n]·L[j+4:n, j:j+4])·L_dd⁻¹
	for j := n - 4; j >= j0; j -= 4 {
		t := inv[(j-j0)*8+16 : (j-j0)*8+32]
		var w [4]float64
		for q := 0; q < 4; q++ {
			v := b[j+q]
			for i := n - 1; i >= j+4; i-- { // the newest x last
				v -= b[i] * a[i*lda+j+q]
			}
			w[q] = v
		}
		for q := 0; q < 4; q++ {
			b[j+q] = w[0]*t[q] + w[1]*t[4+q] + w[2]*t[8+q] + w[3]*t[12+q]
		}
	}
	return true
}

// posvDiag4 factors the 4×4 block whose lower triangle s holds into d (stride ld, lower
// triangle only) and writes t[0:16] = L_dd⁻ᵀ and t[16:32] = L_dd⁻¹ (row-major); false
// when a pivot is not positive and finite. The pivots v_k are eliminated without square
// roots (L·D·Lᵀ), and 1/l_kk = √(1/v_k), l_kk = v_k·√(1/v_k), except for the last, which
// no further pivot waits for: l_33 = √v_3 and 1/l_33 = √v_3·(1/v_3), its square root
// beside its division rather than after it.
func posvDiag4(s *[16]float64, d []float64, ld int, t *[32]float64) bool {
	d = d[:3*ld+4]
	bad := func(v float64) bool { return !(v > 0) || math.IsInf(v, 0) }
	v0 := s[0]
	if bad(v0) {
		return false
	}
	r0 := 1 / v0
	a10, a20, a30 := s[4], s[8], s[12]
	v1 := s[5] - a10*a10*r0
	if bad(v1) {
		return false
	}
	r1 := 1 / v1
	u21 := s[9] - a20*a10*r0
	u31 := s[13] - a30*a10*r0
	v2 := s[10] - a20*a20*r0 - u21*u21*r1
	if bad(v2) {
		return false
	}
	r2 := 1 / v2
	u32 := s[14] - a30*a20*r0 - u31*u21*r1
	v3 := s[15] - a30*a30*r0 - u31*u31*r1 - u32*u32*r2
	if bad(v3) {
		return false
	}
	l33 := math.Sqrt(v3) // the last pivot's root beside its division, not after it
	i00, i11, i22, i33 := math.Sqrt(r0), math.Sqrt(r1), math.Sqrt(r2), l33*(1/v3)
	l10, l20, l30 := a10*i00, a20*i00, a30*i00
	l21, l31 := u21*i11, u31*i11
	l32 := u32 * i22
	d[0] = v0 * i00
	d[ld], d[ld+1] = l10, v1*i11
	d[2*ld], d[2*ld+1], d[2*ld+2] = l20, l21, v2*i22
	d[3*ld], d[3*ld+1], d[3*ld+2], d[3*ld+3] = l30, l31, l32, l33
	x10, x20, x21, x30, x31, x32 := InvLower4(l10, l20, l21, l30, l31, l32, i00, i11, i22, i33)
	*t = [32]float64{
		i00, x10, x20, x30, 0, i11, x21, x31, 0, 0, i22, x32, 0, 0, 0, i33,
		i00, 0, 0, 0, x10, i11, 0, 0, x20, x21, i22, 0, x30, x31, x32, i33,
	}
	return true
}
