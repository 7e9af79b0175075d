package lapack

import (
	"math"

	"github.com/edgetrain/edgetrain/simd"
)

// Four-column forms of the Cholesky factorization and its solves, for the small orders
// (and the recursion's diagonal blocks) where the packed products of the blocked routines
// cost more in packing and calls than they save.
//
// The columns are taken four at a time. Every element of a four-column panel of L is a
// row of A minus a product with the columns already factored (simd.PanelNT64: dot
// products of contiguous rows), then the small triangular solve with the panel's 4×4
// diagonal block, done as a product with that block's explicit inverse (inv4) in the same
// kernel call. The solves run the same way over their right-hand sides. The last n mod 4
// columns go through the Crout loop. dpotrfGeneric and dpotrsGeneric stay the reference.

// potrf4 is Dpotrf through four-column panels; it returns false when a is not
// numerically positive definite.
func potrf4(n int, a []float64, ld int) bool {
	var s, t [16]float64
	j := 0
	for ; j+4 <= n; j += 4 {
		// s = A[j:j+4, j:j+4] − L[j:j+4, 0:j]·L[j:j+4, 0:j]ᵀ, lane by lane (no 4×4
		// product), so whatever the strict upper triangle holds stays in the upper half
		// of s, which chol4 does not read.
		simd.PanelNT64(4, j, a[j*ld:], ld, a[j*ld:], ld, a[j*ld+j:], ld, s[:], 4, nil)
		below := j+4 < n
		if !chol4(a[j*ld+j:], ld, &s, &t, below) {
			return false
		}
		if below {
			// Rows below: L[i, j:j+4] = (A[i, j:j+4] − L[i, 0:j]·L[j:j+4, 0:j]ᵀ)·L_dd⁻ᵀ.
			simd.PanelNT64(n-j-4, j, a[(j+4)*ld:], ld, a[j*ld:], ld, a[(j+4)*ld+j:], ld, a[(j+4)*ld+j:], ld, &t)
		}
	}
	return croutFrom(j, n, a, ld)
}

// chol4 factors the 4×4 block whose lower triangle s holds (the diagonal block of A less
// the products with the factored columns) into d, and when inv is set, sets t to the
// transpose of the factor's inverse.
func chol4(d []float64, ld int, s, t *[16]float64, inv bool) bool {
	d = d[:3*ld+4]
	v00 := s[0]
	if !(v00 > 0) || math.IsInf(v00, 0) {
		return false
	}
	l00 := math.Sqrt(v00)
	i00 := 1 / l00
	l10 := s[4] * i00
	l20 := s[8] * i00
	l30 := s[12] * i00
	v11 := s[5] - l10*l10
	if !(v11 > 0) || math.IsInf(v11, 0) {
		return false
	}
	l11 := math.Sqrt(v11)
	i11 := 1 / l11
	l21 := (s[9] - l20*l10) * i11
	l31 := (s[13] - l30*l10) * i11
	v22 := s[10] - l20*l20 - l21*l21
	if !(v22 > 0) || math.IsInf(v22, 0) {
		return false
	}
	l22 := math.Sqrt(v22)
	i22 := 1 / l22
	l32 := (s[14] - l30*l20 - l31*l21) * i22
	v33 := s[15] - l30*l30 - l31*l31 - l32*l32
	if !(v33 > 0) || math.IsInf(v33, 0) {
		return false
	}
	l33 := math.Sqrt(v33)
	d[0] = l00
	d[ld], d[ld+1] = l10, l11
	d[2*ld], d[2*ld+1], d[2*ld+2] = l20, l21, l22
	d[3*ld], d[3*ld+1], d[3*ld+2], d[3*ld+3] = l30, l31, l32, l33
	if inv {
		invLower4(l10, l20, l21, l30, l31, l32, i00, i11, i22, 1/l33, t, true)
	}
	return true
}

// inv4 sets x to the inverse of the 4×4 lower triangle l (ld its stride), transposed when
// trans.
func inv4(l []float64, ld int, x *[16]float64, trans bool) {
	l = l[:3*ld+4]
	invLower4(l[ld], l[2*ld], l[2*ld+1], l[3*ld], l[3*ld+1], l[3*ld+2],
		1/l[0], 1/l[ld+1], 1/l[2*ld+2], 1/l[3*ld+3], x, trans)
}

// invLower4 sets x to the inverse of the lower triangle with off-diagonal elements lij
// and reciprocal diagonal iii, or to its transpose: X[r][q] = −(Σ_{q≤p<r} l[r][p]·X[p][q])/l[r][r].
func invLower4(l10, l20, l21, l30, l31, l32, i00, i11, i22, i33 float64, x *[16]float64, trans bool) {
	x10 := -l10 * i00 * i11
	x21 := -l21 * i11 * i22
	x32 := -l32 * i22 * i33
	x20 := -(l20*i00 + l21*x10) * i22
	x31 := -(l31*i11 + l32*x21) * i33
	x30 := -(l30*i00 + l31*x10 + l32*x20) * i33
	if trans {
		*x = [16]float64{i00, x10, x20, x30, 0, i11, x21, x31, 0, 0, i22, x32, 0, 0, 0, i33}
		return
	}
	*x = [16]float64{i00, 0, 0, 0, x10, i11, 0, 0, x20, x21, i22, 0, x30, x31, x32, i33}
}

// croutFrom runs the Crout loop of dpotrfGeneric for columns j0..n, the columns left of
// j0 being factored already.
func croutFrom(j0, n int, a []float64, ld int) bool {
	for j := j0; j < n; j++ {
		rj := a[j*ld : j*ld+j]
		d := a[j*ld+j] - dotShort(rj, rj)
		if !(d > 0) || math.IsInf(d, 0) {
			return false
		}
		d = math.Sqrt(d)
		a[j*ld+j] = d
		inv := 1 / d
		for i := j + 1; i < n; i++ {
			ri := a[i*ld : i*ld+j]
			a[i*ld+j] = (a[i*ld+j] - dotShort(ri, rj)) * inv
		}
	}
	return true
}

// potrs4 is Dpotrs through four-element blocks: forward, b[j:j+4] = (b[j:j+4] −
// L[j:j+4, 0:j]·b[0:j])·L_dd⁻ᵀ; backward, b[j:j+4] = (b[j:j+4] − b[j+4:n]·L[j+4:n, j:j+4])·L_dd⁻¹.
func potrs4(n int, a []float64, ld int, b []float64) {
	b = b[:n]
	var x [16]float64
	j := 0
	for ; j+4 <= n; j += 4 {
		inv4(a[j*ld+j:], ld, &x, true)
		simd.PanelNT64(1, j, b, j, a[j*ld:], ld, b[j:], 4, b[j:], 4, &x)
	}
	j0 := j
	for i := j0; i < n; i++ {
		b[i] = (b[i] - dotShort(a[i*ld:i*ld+i], b)) / a[i*ld+i]
	}
	for i := n - 1; i >= j0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= a[k*ld+i] * b[k]
		}
		b[i] = s / a[i*ld+i]
	}
	for j = j0 - 4; j >= 0; j -= 4 {
		inv4(a[j*ld+j:], ld, &x, false)
		var l []float64
		if k := n - j - 4; k > 0 {
			l = a[(j+4)*ld+j:]
		}
		simd.PanelNN64(1, n-j-4, b[j+4:], n-j-4, l, ld, b[j:], 4, b[j:], 4, &x)
	}
}

// potrsRows4 is DpotrsRows through four-column panels of B: forward, Z·Lᵀ = B with
// Z[:, j:j+4] = (B[:, j:j+4] − Z[:, 0:j]·L[j:j+4, 0:j]ᵀ)·L_dd⁻ᵀ, then backward, X·L = Z with
// X[:, j:j+4] = (Z[:, j:j+4] − X[:, j+4:n]·L[j+4:n, j:j+4])·L_dd⁻¹.
func potrsRows4(n, nrhs int, a []float64, lda int, b []float64, ldb int) {
	var x [16]float64
	j := 0
	for ; j+4 <= n; j += 4 {
		inv4(a[j*lda+j:], lda, &x, true)
		simd.PanelNT64(nrhs, j, b, ldb, a[j*lda:], lda, b[j:], ldb, b[j:], ldb, &x)
	}
	j0 := j
	for r := 0; r < nrhs; r++ {
		br := b[r*ldb : r*ldb+n]
		for i := j0; i < n; i++ {
			br[i] = (br[i] - dotShort(a[i*lda:i*lda+i], br)) / a[i*lda+i]
		}
		for i := n - 1; i >= j0; i-- {
			s := br[i]
			for k := i + 1; k < n; k++ {
				s -= a[k*lda+i] * br[k]
			}
			br[i] = s / a[i*lda+i]
		}
	}
	for j = j0 - 4; j >= 0; j -= 4 {
		inv4(a[j*lda+j:], lda, &x, false)
		var l []float64
		if k := n - j - 4; k > 0 {
			l = a[(j+4)*lda+j:]
		}
		simd.PanelNN64(nrhs, n-j-4, b[j+4:], ldb, l, lda, b[j:], ldb, b[j:], ldb, &x)
	}
}
