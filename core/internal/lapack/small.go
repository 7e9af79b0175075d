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
// kernel call. The solves run the same way over their right-hand sides. The n mod 4
// columns that do not fill a panel go through the scalar loops, placed where they are
// cheapest. dpotrfGeneric and dpotrsGeneric stay the reference.

// potrf4 is Dpotrf through four-column panels; it returns false when a is not
// numerically positive definite. The n mod 4 columns that do not fill a panel come first
// (croutCols), where their dot products are shortest.
func potrf4(n int, a []float64, ld int) bool {
	j := n % 4
	if !croutCols(j, n, a, ld) {
		return false
	}
	var s, t [16]float64
	for ; j < n; j += 4 {
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
	return true
}

// chol4 factors the 4×4 block whose lower triangle s holds (the diagonal block of A less
// the products with the factored columns) into d, and when inv is set, sets t to the
// transpose of the factor's inverse.
//
// The pivots v_k (what the square roots are taken of) are eliminated without square roots,
// as in L·D·Lᵀ: v_{k+1} needs only a division by v_k, and the square roots that scale
// the factor run beside that chain rather than in it.
func chol4(d []float64, ld int, s, t *[16]float64, inv bool) bool {
	d = d[:3*ld+4]
	v0 := s[0]
	if !(v0 > 0) || math.IsInf(v0, 0) {
		return false
	}
	r0 := 1 / v0
	a10, a20, a30 := s[4], s[8], s[12]
	v1 := s[5] - a10*a10*r0
	if !(v1 > 0) || math.IsInf(v1, 0) {
		return false
	}
	r1 := 1 / v1
	u21 := s[9] - a20*a10*r0
	u31 := s[13] - a30*a10*r0
	v2 := s[10] - a20*a20*r0 - u21*u21*r1
	if !(v2 > 0) || math.IsInf(v2, 0) {
		return false
	}
	r2 := 1 / v2
	u32 := s[14] - a30*a20*r0 - u31*u21*r1
	v3 := s[15] - a30*a30*r0 - u31*u31*r1 - u32*u32*r2
	if !(v3 > 0) || math.IsInf(v3, 0) {
		return false
	}
	// 1/l_kk = sqrt(1/v_k), and l_kk = v_k/sqrt(v_k): one square root per pivot and no
	// further division.
	i00, i11, i22, i33 := math.Sqrt(r0), math.Sqrt(r1), math.Sqrt(r2), math.Sqrt(1/v3)
	l00, l11, l22, l33 := v0*i00, v1*i11, v2*i22, v3*i33
	l10, l20, l30 := a10*i00, a20*i00, a30*i00
	l21, l31 := u21*i11, u31*i11
	l32 := u32 * i22
	d[0] = l00
	d[ld], d[ld+1] = l10, l11
	d[2*ld], d[2*ld+1], d[2*ld+2] = l20, l21, l22
	d[3*ld], d[3*ld+1], d[3*ld+2], d[3*ld+3] = l30, l31, l32, l33
	if inv {
		invLower4(l10, l20, l21, l30, l31, l32, i00, i11, i22, i33, t, true)
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
	x10, x20, x21, x30, x31, x32 := simd.InvLower4(l10, l20, l21, l30, l31, l32, i00, i11, i22, i33)
	if trans {
		*x = [16]float64{i00, x10, x20, x30, 0, i11, x21, x31, 0, 0, i22, x32, 0, 0, 0, i33}
		return
	}
	*x = [16]float64{i00, 0, 0, 0, x10, i11, 0, 0, x20, x21, i22, 0, x30, x31, x32, i33}
}

// croutCols runs the Crout loop of dpotrfGeneric for the first w columns, all n rows.
func croutCols(w, n int, a []float64, ld int) bool {
	for j := 0; j < w; j++ {
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
	potrsPanels(n, 1, a, ld, b, n, nil)
}

// potrsRows4 is DpotrsRows through four-column panels of B: forward, Z·Lᵀ = B with
// Z[:, j:j+4] = (B[:, j:j+4] − Z[:, 0:j]·L[j:j+4, 0:j]ᵀ)·L_dd⁻ᵀ, then backward, X·L = Z with
// X[:, j:j+4] = (Z[:, j:j+4] − X[:, j+4:n]·L[j+4:n, j:j+4])·L_dd⁻¹.
func potrsRows4(n, nrhs int, a []float64, lda int, b []float64, ldb int) {
	potrsPanels(n, nrhs, a, lda, b, ldb, nil)
}

// potrsPanels runs the substitutions of potrsRows4 with the diagonal blocks' inverses taken
// from inv (the cache of PotrfDiag4) or, when inv is nil, formed block by block.
func potrsPanels(n, nrhs int, a []float64, lda int, b []float64, ldb int, inv []float64) {
	var x [16]float64
	// Forward: the n mod 4 leading columns first, where their dot products are shortest.
	j := n % 4
	for r := 0; r < nrhs; r++ {
		br := b[r*ldb : r*ldb+n]
		for i := 0; i < j; i++ {
			br[i] = (br[i] - dotShort(a[i*lda:i*lda+i], br)) / a[i*lda+i]
		}
	}
	for ; j < n; j += 4 {
		d := &x
		if inv != nil {
			d = fwd(inv, n, j)
		} else {
			inv4(a[j*lda+j:], lda, &x, true)
		}
		simd.PanelNT64(nrhs, j, b, ldb, a[j*lda:], lda, b[j:], ldb, b[j:], ldb, d)
	}
	// Backward: the n mod 4 trailing columns first, where their sums are shortest.
	j0 := n &^ 3
	for r := 0; r < nrhs; r++ {
		br := b[r*ldb : r*ldb+n]
		for i := n - 1; i >= j0; i-- {
			s := br[i]
			for k := i + 1; k < n; k++ {
				s -= a[k*lda+i] * br[k]
			}
			br[i] = s / a[i*lda+i]
		}
	}
	for j = j0 - 4; j >= 0; j -= 4 {
		d := &x
		if inv != nil {
			d = bwd(inv, j)
		} else {
			inv4(a[j*lda+j:], lda, &x, false)
		}
		var l []float64
		if k := n - j - 4; k > 0 {
			l = a[(j+4)*lda+j:]
		}
		simd.PanelNN64(nrhs, n-j-4, b[j+4:], ldb, l, lda, b[j:], ldb, b[j:], ldb, d)
	}
}

// invUnitLower4T sets x to the transpose of the inverse of the 4×4 unit lower triangle l.
func invUnitLower4T(l []float64, ld int, x *[16]float64) {
	l = l[:3*ld+4]
	invLower4(l[ld], l[2*ld], l[2*ld+1], l[3*ld], l[3*ld+1], l[3*ld+2], 1, 1, 1, 1, x, true)
}

// invUpper4T sets x to the transpose of the inverse of the 4×4 upper triangle u, which is
// the inverse of the lower triangle uᵀ.
func invUpper4T(u []float64, ld int, x *[16]float64) {
	u = u[:3*ld+4]
	invLower4(u[1], u[2], u[ld+2], u[3], u[ld+3], u[2*ld+3],
		1/u[0], 1/u[ld+1], 1/u[2*ld+2], 1/u[3*ld+3], x, false)
}

// getrsRows4 solves A·x = b for each of the nrhs rows of B (stride ldb) with the factors of
// Dgetrf, the rows already permuted: Z·Lᵀ = B through four-column panels of the unit L
// (Z[:, j:j+4] = (B[:, j:j+4] − Z[:, 0:j]·L[j:j+4, 0:j]ᵀ)·L_dd⁻ᵀ, the n mod 4 leading
// columns first), then X·Uᵀ = Z from the last columns (X[:, j:j+4] = (Z[:, j:j+4] −
// X[:, j+4:n]·U[j:j+4, j+4:n]ᵀ)·U_dd⁻ᵀ, the n mod 4 trailing columns first). Both read
// contiguous rows of the factors.
func getrsRows4(n, nrhs int, a []float64, lda int, b []float64, ldb int) {
	var x [16]float64
	j := n % 4
	for r := 0; r < nrhs; r++ {
		br := b[r*ldb : r*ldb+n]
		for i := 1; i < j; i++ {
			br[i] -= dotShort(a[i*lda:i*lda+i], br)
		}
	}
	for ; j < n; j += 4 {
		invUnitLower4T(a[j*lda+j:], lda, &x)
		simd.PanelNT64(nrhs, j, b, ldb, a[j*lda:], lda, b[j:], ldb, b[j:], ldb, &x)
	}
	j0 := n &^ 3
	for r := 0; r < nrhs; r++ {
		br := b[r*ldb : r*ldb+n]
		for i := n - 1; i >= j0; i-- {
			br[i] = (br[i] - dotShort(a[i*lda+i+1:i*lda+n], br[i+1:])) / a[i*lda+i]
		}
	}
	for j = j0 - 4; j >= 0; j -= 4 {
		invUpper4T(a[j*lda+j:], lda, &x)
		var u []float64
		if k := n - j - 4; k > 0 {
			u = a[j*lda+j+4:]
		}
		simd.PanelNT64(nrhs, n-j-4, b[j+4:], ldb, u, lda, b[j:], ldb, b[j:], ldb, &x)
	}
}

// getrf4 is Dgetrf through four-column panels in Crout order (left-looking): for the
// panel of columns j..j+4, the block below the diagonal is brought up to date with the
// factored columns (A[j:n, j:j+4] −= L[j:n, 0:j]·U[0:j, j:j+4], simd.PanelNN64), factored
// with partial pivoting (getrfPanel, whole-row swaps), and then the four rows of U right of
// it are formed: U[j:j+4, j+4:n] = L_dd⁻¹·(A[j:j+4, j+4:n] − L[j:j+4, 0:j]·U[0:j, j+4:n]).
// The n mod 4 columns that do not fill a panel come first, so that the rows of U right of
// every full panel are a whole number of four-column blocks. Pivots are chosen as in
// dgetrfGeneric (first largest magnitude); rounding may order near ties differently.
func getrf4(n int, a []float64, ld int, piv []float64) bool {
	return getrfCrout(n, a, ld, piv, false)
}

// getrfCrout is getrf4 with each full panel factored by panelFused when fused is set (see
// DgetrfSmall), by getrfPanel otherwise.
func getrfCrout(n int, a []float64, ld int, piv []float64, fused bool) bool {
	w := n % 4
	if w > 0 {
		if !getrfPanel(n, 0, w, a, ld, piv) {
			return false
		}
		trsmLeftLowerUnit(nil, w, n-w, a, ld, a[w:], ld)
	}
	for j := w; j < n; j += 4 {
		if j > 0 {
			simd.PanelNN64(n-j, j, a[j*ld:], ld, a[j:], ld, a[j*ld+j:], ld, a[j*ld+j:], ld, nil)
		}
		var ok bool
		if fused {
			ok = panelFused(n, j, a, ld, piv)
		} else {
			ok = getrfPanel(n, j, j+4, a, ld, piv)
		}
		if !ok {
			return false
		}
		if j+4 == n {
			break
		}
		if j > 0 {
			for c := j + 4; c < n; c += 4 {
				simd.PanelNN64(4, j, a[j*ld:], ld, a[c:], ld, a[j*ld+c:], ld, a[j*ld+c:], ld, nil)
			}
		}
		trsmLeftLowerUnit(nil, 4, n-j-4, a[j*ld+j:], ld, a[j*ld+j+4:], ld)
	}
	return true
}
