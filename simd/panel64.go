package simd

// Four-column panel kernels for the small float64 factorizations and triangular solves of
// package lapack. Both compute, for each of m rows r, a four-vector
//
//	s = C[r, 0:4] − (the product of row r of A with a k×4 block of B)
//
// and store s·T into D[r, 0:4], where T is a 4×4 row-major matrix (the inverse of a
// diagonal block, triangular in practice) or, when T is nil, s itself. In PanelNT64 the
// block of B is given by four rows of length k (B(p,q) = b[q*ldb+p]), so each element of s
// is a dot product of contiguous rows; in PanelNN64 it is k rows of four contiguous values
// (B(p,q) = b[p*ldb+q]). A Cholesky or solve moving four columns at a time spends almost
// all its flops here. panelNT64Go and panelNN64Go are the specification; on amd64 with
// AVX2+FMA and on arm64 with NEON the rows run through assembly (two rows at a time for NT
// with the k dimension in the vector lanes, four rows at a time for NN with the four
// columns in the lanes).

// PanelNT64 sets D[r,q'] = Σ_q (C[r,q] − Σ_{p<k} a[r*lda+p]·b[q*ldb+p])·T[q,q'] for r < m and
// q, q' < 4 (no T: D[r,q] = C[r,q] − …). C and D are m×4 with leading dimensions ldc and
// ldd; D may be C, and row r of D may overlap nothing read for a later row.
func PanelNT64(m, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, d []float64, ldd int, t *[16]float64) {
	checkPanel(m, k, a, lda, c, ldc, d, ldd)
	if k > 0 && (ldb < k || len(b) < 3*ldb+k) {
		panic("simd: matrix slice too short")
	}
	if m == 0 {
		return
	}
	panelNT64(m, k, a, lda, b, ldb, c, ldc, d, ldd, t)
}

// PanelNN64 sets D[r,q'] = Σ_q (C[r,q] − Σ_{p<k} a[r*lda+p]·b[p*ldb+q])·T[q,q'] for r < m
// and q, q' < 4 (no T: D[r,q] = C[r,q] − …), with the same layout rules as PanelNT64.
func PanelNN64(m, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, d []float64, ldd int, t *[16]float64) {
	checkPanel(m, k, a, lda, c, ldc, d, ldd)
	if k > 0 && (ldb < 4 || len(b) < (k-1)*ldb+4) {
		panic("simd: matrix slice too short")
	}
	if m == 0 {
		return
	}
	panelNN64(m, k, a, lda, b, ldb, c, ldc, d, ldd, t)
}

func checkPanel(m, k int, a []float64, lda int, c []float64, ldc int, d []float64, ldd int) {
	if m < 0 || k < 0 {
		panic("simd: negative dimension")
	}
	if m == 0 {
		return
	}
	if ldc < 4 || ldd < 4 || (k > 0 && lda < k) {
		panic("simd: bad leading dimension")
	}
	if len(c) < (m-1)*ldc+4 || len(d) < (m-1)*ldd+4 || (k > 0 && len(a) < (m-1)*lda+k) {
		panic("simd: matrix slice too short")
	}
}

// panelNT64Go is the specification of PanelNT64.
func panelNT64Go(m, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, d []float64, ldd int, t *[16]float64) {
	var b0, b1, b2, b3 []float64
	if k > 0 {
		b0, b1, b2, b3 = b[:k], b[ldb:ldb+k], b[2*ldb:2*ldb+k], b[3*ldb:3*ldb+k]
	}
	for r := 0; r < m; r++ {
		var s0, s1, s2, s3 float64
		if k > 0 {
			ar := a[r*lda : r*lda+k]
			for p, x := range ar {
				s0 += x * b0[p]
				s1 += x * b1[p]
				s2 += x * b2[p]
				s3 += x * b3[p]
			}
		}
		cr := c[r*ldc : r*ldc+4 : r*ldc+4]
		panelStore(d[r*ldd:r*ldd+4:r*ldd+4], cr[0]-s0, cr[1]-s1, cr[2]-s2, cr[3]-s3, t)
	}
}

// panelNN64Go is the specification of PanelNN64.
func panelNN64Go(m, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, d []float64, ldd int, t *[16]float64) {
	for r := 0; r < m; r++ {
		var s0, s1, s2, s3 float64
		if k > 0 {
			ar := a[r*lda : r*lda+k]
			for p, x := range ar {
				bp := b[p*ldb : p*ldb+4 : p*ldb+4]
				s0 += x * bp[0]
				s1 += x * bp[1]
				s2 += x * bp[2]
				s3 += x * bp[3]
			}
		}
		cr := c[r*ldc : r*ldc+4 : r*ldc+4]
		panelStore(d[r*ldd:r*ldd+4:r*ldd+4], cr[0]-s0, cr[1]-s1, cr[2]-s2, cr[3]-s3, t)
	}
}

// panelStore writes (s0 s1 s2 s3)·T, or the vector itself when t is nil, into d.
func panelStore(d []float64, s0, s1, s2, s3 float64, t *[16]float64) {
	d = d[:4]
	if t == nil {
		d[0], d[1], d[2], d[3] = s0, s1, s2, s3
		return
	}
	for q := 0; q < 4; q++ {
		d[q] = s0*t[q] + s1*t[4+q] + s2*t[8+q] + s3*t[12+q]
	}
}

// PanelAsm reports whether PanelNT64 and PanelNN64 run assembly on the current path (the
// Go twins elsewhere), for callers that choose between algorithms by it.
func PanelAsm() bool { return panelAsm() }

// Ger64 computes A[i,j] += alpha·x[i*incx]·y[j] for i < m, j < n (the rank-one update of
// BLAS dger on a row-major A with leading dimension lda). A must not overlap x or y.
// ger64Go is the specification.
func Ger64(m, n int, alpha float64, x []float64, incx int, y []float64, a []float64, lda int) {
	if m < 0 || n < 0 {
		panic("simd: negative dimension")
	}
	if m == 0 || n == 0 {
		return
	}
	if incx < 1 || lda < n {
		panic("simd: bad leading dimension")
	}
	if len(x) <= (m-1)*incx || len(y) < n || len(a) < (m-1)*lda+n {
		panic("simd: matrix slice too short")
	}
	ger64(m, n, alpha, x, incx, y, a, lda)
}

// ger64Go is the specification of Ger64.
func ger64Go(m, n int, alpha float64, x []float64, incx int, y []float64, a []float64, lda int) {
	y = y[:n]
	for i := 0; i < m; i++ {
		s := alpha * x[i*incx]
		ai := a[i*lda : i*lda+n]
		for j, v := range y {
			ai[j] += s * v
		}
	}
}
