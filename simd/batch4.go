package simd

import "math"

// Four independent small symmetric positive definite systems at once, one per lane of a
// float64 vector: element (i,c) of the packed matrix below is four float64 values, the
// (i,c) entries of the four problems side by side. Every operation of a factorization or
// solve is then the same vector operation in the four lanes, with no horizontal step, so
// a system of order 30 runs at the vector width where one system alone would not.
//
// Packed layout with a prefix (Batch4Off): rows 0..rows−1; row i holds k0 prefix entries
// P[i][0..k0) followed by the lower-triangle entries T[i][0..i]. Row i begins at entry
// i·k0 + i(i+1)/2, entry e occupying a[4e:4e+4]. The matrix the factorization sees is
//
//	A[i][c] = T[i][c] + Σ_{k<k0} P[i][k]·P[c][k],   c ≤ i,
//
// so a weighted Gram UUᵀ + D is factored without being formed (P = U, T = D), and with
// k0 = 0 it is the plain lower triangle. Rows n..rows−1 past the order n are right-hand
// sides bordering the matrix: the factorization leaves L⁻¹b in them (the forward solve),
// b[c] = A[i][c] for c < n. Lanes never mix, so a lane left unused (for example filled
// with an identity) cannot disturb the others.

// Batch4Off returns the index in a packed batch-of-four matrix with prefix length k0 of
// element (i, k) (k < k0 a prefix entry, k = k0 + c the triangle entry T[i][c]).
func Batch4Off(i, k, k0 int) int { return 4 * (i*k0 + i*(i+1)/2 + k) }

// Batch4Len returns the length PotrfBatch4 needs for rows rows with prefix length k0: the
// rows themselves and three rows of scratch past them (the fast path works on row
// blocks of four and may write there).
func Batch4Len(rows, k0 int) int { return Batch4Off(rows+3, 0, k0) }

// PotrfBatch4 computes in every lane the Cholesky factor L of the order-n matrix A of the
// packed layout (see Batch4Off), in place: T[i][c] ← L[i][c] for c ≤ i < n, and
// inv[4c+l] ← 1/L[c][c] of lane l. The border rows n ≤ i < rows get T[i][0..n) ← L⁻¹b_i.
// Prefix entries are only read. It returns a mask with bit l set when every pivot of lane
// l was positive (lane l is positive definite to working precision); the values of a lane
// without its bit are unspecified (NaN or ±Inf). The rows past rows up to Batch4Len are
// scratch. len(a) ≥ Batch4Len(rows, k0), len(inv) ≥ 4n, rows ≥ n ≥ 0.
func PotrfBatch4(a, inv []float64, n, k0, rows int) int {
	if n < 0 || k0 < 0 || rows < n {
		panic("simd: bad batch dimensions")
	}
	if len(a) < Batch4Len(rows, k0) || len(inv) < 4*n {
		panic("simd: batch slice too short")
	}
	return potrfBatch4(a, inv, n, k0, rows)
}

// potrfBatch4Generic is PotrfBatch4's specification: the Cholesky–Crout order, column by
// column, each entry from its prefix sum (added) and its triangle sum (subtracted), the
// four lanes side by side.
func potrfBatch4Generic(a, inv []float64, n, k0, rows int) int {
	good := [4]bool{true, true, true, true}
	for c := 0; c < n; c++ {
		oc := Batch4Off(c, 0, k0)
		rc := a[oc : oc+4*(k0+c)]
		e := 4 * (k0 + c) // entry (·, c) within a row
		for i := c; i < rows; i++ {
			oi := Batch4Off(i, 0, k0)
			ri := a[oi : oi+e+4]
			s0, s1, s2, s3 := ri[e], ri[e+1], ri[e+2], ri[e+3]
			for k := 0; k < 4*k0; k += 4 {
				x, y := ri[k:k+4:k+4], rc[k:k+4:k+4]
				s0 += x[0] * y[0]
				s1 += x[1] * y[1]
				s2 += x[2] * y[2]
				s3 += x[3] * y[3]
			}
			for k := 4 * k0; k < e; k += 4 {
				x, y := ri[k:k+4:k+4], rc[k:k+4:k+4]
				s0 -= x[0] * y[0]
				s1 -= x[1] * y[1]
				s2 -= x[2] * y[2]
				s3 -= x[3] * y[3]
			}
			sum := [4]float64{s0, s1, s2, s3}
			d := ri[e : e+4 : e+4]
			iv := inv[4*c : 4*c+4 : 4*c+4]
			for l, v := range sum {
				if i == c {
					good[l] = good[l] && v > 0
					d[l] = math.Sqrt(v)
					iv[l] = 1 / d[l]
				} else {
					d[l] = v * iv[l]
				}
			}
		}
	}
	ok := 0
	for l, g := range good {
		if g {
			ok |= 1 << l
		}
	}
	return ok
}

// TrsvTBatch4 solves Lᵀx = b in every lane with the factor left by PotrfBatch4 (a, inv,
// n, k0 as given to it): x[4c+l] holds b on entry and x on return, c < n.
func TrsvTBatch4(a, inv []float64, n, k0 int, x []float64) {
	if n < 0 || k0 < 0 {
		panic("simd: bad batch dimensions")
	}
	if len(a) < Batch4Off(n, 0, k0) || len(inv) < 4*n || len(x) < 4*n {
		panic("simd: batch slice too short")
	}
	trsvTBatch4(a, inv, n, k0, x)
}

// trsvTBatch4Generic is TrsvTBatch4's specification: back substitution by rows of L,
// x[i] = x[i]/L[i][i], then x[c] −= L[i][c]·x[i] for c < i, the four lanes side by side.
func trsvTBatch4Generic(a, inv []float64, n, k0 int, x []float64) {
	for i := n - 1; i >= 0; i-- {
		o := Batch4Off(i, k0, k0)
		row := a[o : o+4*i]
		xi := x[4*i : 4*i+4 : 4*i+4]
		iv := inv[4*i : 4*i+4 : 4*i+4]
		x0, x1, x2, x3 := xi[0]*iv[0], xi[1]*iv[1], xi[2]*iv[2], xi[3]*iv[3]
		xi[0], xi[1], xi[2], xi[3] = x0, x1, x2, x3
		for c := 0; c < 4*i; c += 4 {
			r, xc := row[c:c+4:c+4], x[c:c+4:c+4]
			xc[0] -= r[0] * x0
			xc[1] -= r[1] * x1
			xc[2] -= r[2] * x2
			xc[3] -= r[3] * x3
		}
	}
}

// SymScaleBatch4 writes the packed lower triangle (prefix length 0) of S K S + rho·I in
// every lane: dst entry (i,c) lane l is (K[i][c]·s[4c+l])·s[4i+l], plus rho when c = i,
// for c ≤ i < n; K is n×n row-major with leading dimension ldk, only its lower triangle
// read, and s holds the four lanes' diagonals of S. len(dst) ≥ Batch4Off(n, 0, 0).
func SymScaleBatch4(dst, k []float64, ldk int, s []float64, n int, rho float64) {
	if n < 0 {
		panic("simd: bad batch dimensions")
	}
	checkMat(n, n, ldk, len(k))
	if len(dst) < Batch4Off(n, 0, 0) || len(s) < 4*n {
		panic("simd: batch slice too short")
	}
	symScaleBatch4(dst, k, ldk, s, n, rho)
}

// symScaleBatch4Generic is SymScaleBatch4's specification.
func symScaleBatch4Generic(dst, k []float64, ldk int, s []float64, n int, rho float64) {
	for i := 0; i < n; i++ {
		row := dst[Batch4Off(i, 0, 0):]
		kr := k[i*ldk:]
		for c := 0; c <= i; c++ {
			for l := 0; l < 4; l++ {
				row[4*c+l] = kr[c] * s[4*c+l] * s[4*i+l]
			}
		}
		for l := 0; l < 4; l++ {
			row[4*i+l] += rho
		}
	}
}

// FormPrimalBatch4 writes rows 0..m−1 of a packed matrix with prefix length n (see
// Batch4Off) for the Gram ρI + UUᵀ of U[a][r] = h[a·ldh+r]·s[4r+l] in lane l: the prefix
// P[a][r] = h[a·ldh+r]·s[4r+l] and the triangle T[a][·] = ρ·e_a. h is m×n row-major with
// leading dimension ldh; len(s) ≥ 4n, len(dst) ≥ Batch4Off(m, 0, n).
func FormPrimalBatch4(dst, h []float64, ldh int, s []float64, m, n int, rho float64) {
	if m < 0 || n < 0 {
		panic("simd: bad batch dimensions")
	}
	checkMat(m, n, ldh, len(h))
	if len(dst) < Batch4Off(m, 0, n) || len(s) < 4*n {
		panic("simd: batch slice too short")
	}
	formPrimalBatch4(dst, h, ldh, s, m, n, rho)
}

// formPrimalBatch4Generic is FormPrimalBatch4's specification.
func formPrimalBatch4Generic(dst, h []float64, ldh int, s []float64, m, n int, rho float64) {
	for a := 0; a < m; a++ {
		row := dst[Batch4Off(a, 0, n):Batch4Off(a+1, 0, n)]
		for r, v := range h[a*ldh : a*ldh+n] {
			for l := 0; l < 4; l++ {
				row[4*r+l] = v * s[4*r+l]
			}
		}
		tri := row[4*n:]
		for c := range tri {
			tri[c] = 0
		}
		for l := 0; l < 4; l++ {
			tri[4*a+l] = rho
		}
	}
}

// SqrtBatch4 computes x[i] = √x[i] for i < len(x).
func SqrtBatch4(x []float64) { sqrtBatch4(x) }

// sqrtBatch4Generic is SqrtBatch4's specification.
func sqrtBatch4Generic(x []float64) {
	for i, v := range x {
		x[i] = math.Sqrt(v)
	}
}

// DivBatch4 computes b[i] = b[i]/s[i] where s[i] > 0 and b[i] = 0 elsewhere, for
// i < len(b); len(s) ≥ len(b).
func DivBatch4(b, s []float64) {
	checkVec(len(b), len(s))
	divBatch4(b, s[:len(b)])
}

// divBatch4Generic is DivBatch4's specification.
func divBatch4Generic(b, s []float64) {
	for i, v := range s {
		if v > 0 {
			b[i] /= v
		} else {
			b[i] = 0
		}
	}
}

// StoreMulBatch4 writes dst[r·ld+l] = float32(s[4r+l]·x[4r+l]) for r < n, l < 4 (the four
// lanes into four neighbouring columns of a row-major float32 matrix) and reports whether
// every product was finite (before the conversion). ld ≥ 4; len(s), len(x) ≥ 4n.
func StoreMulBatch4(dst []float32, ld int, s, x []float64, n int) bool {
	if n < 0 || ld < 4 {
		panic("simd: bad batch dimensions")
	}
	checkMat(n, 4, ld, len(dst))
	if len(s) < 4*n || len(x) < 4*n {
		panic("simd: batch slice too short")
	}
	return storeMulBatch4(dst, ld, s, x, n)
}

// storeMulBatch4Generic is StoreMulBatch4's specification. Finiteness: v·0 is 0 for
// finite v and NaN otherwise, and a NaN stays in the sum.
func storeMulBatch4Generic(dst []float32, ld int, s, x []float64, n int) bool {
	var acc float64
	for r := 0; r < n; r++ {
		for l := 0; l < 4; l++ {
			v := s[4*r+l] * x[4*r+l]
			acc += v * 0
			dst[r*ld+l] = float32(v)
		}
	}
	return acc == 0
}
