package lapack

import "github.com/edgetrain/edgetrain/simd"

// posvFused is the largest order DposvRows factors and solves in one pass of four-column
// panels (posvRows4); larger ones go through Dpotrf and DpotrsRows. Its panels' inverted
// diagonal blocks are kept on the stack, posvFused/4 of them.
const posvFused = 64

// DposvRows factors the symmetric positive definite a (n×n, lower triangle, stride lda)
// into its Cholesky factor in place, as Dpotrf does, and overwrites each of the nrhs rows of
// b (stride ldb) with its solve b·A⁻¹, as DpotrsRows does after it. It returns false, with b
// unspecified, when a is not numerically positive definite.
//
// For small orders the two run as one: each four-column panel of the factor is followed by
// the same panel of the forward substitution Z·Lᵀ = B, with the inverse of the panel's
// diagonal block that the factorization has just formed, and the backward substitution
// X·L = Z reuses those inverses (transposed) instead of forming them again.
func DposvRows(n, nrhs int, a []float64, lda int, b []float64, ldb int) bool {
	return DposvRowsWork(n, nrhs, a, lda, b, ldb, nil)
}

// PosvRowsWork is the length of work with which DposvRowsWork keeps all its scratch there.
func PosvRowsWork(n int) int { return n*n + 9*n }

// DposvRowsWork is DposvRows with work (contents unspecified) for its scratch: the
// transposed factor and the diagonal blocks' inverses go there when len(work) ≥
// PosvRowsWork(n), else into arrays on the stack, which have to be cleared on each call
// (up to 10 KB).
func DposvRowsWork(n, nrhs int, a []float64, lda int, b []float64, ldb int, work []float64) bool {
	if nrhs >= 8 && n%4 == 0 && n >= panelMin && n <= posvTrsm && simd.PanelAsm() {
		if len(work) >= PosvRowsWork(n) {
			return posvTrsm8(n, nrhs, a, lda, b, ldb, work[:n*n], work[n*n:n*n+8*n], work[n*n+8*n:n*n+9*n])
		}
		return posvTrsm8Stack(n, nrhs, a, lda, b, ldb)
	}
	if n > posvFused || n < panelMin || !simd.PanelAsm() {
		if !Dpotrf(n, a, lda) {
			return false
		}
		if nrhs > 0 {
			DpotrsRows(n, nrhs, a, lda, b, ldb)
		}
		return true
	}
	if len(work) >= 4*n {
		return posvRows4(n, nrhs, a, lda, b, ldb, work[:4*n])
	}
	return posvRows4Stack(n, nrhs, a, lda, b, ldb)
}

// posvTrsm8Stack is posvTrsm8 with its scratch on the stack.
func posvTrsm8Stack(n, nrhs int, a []float64, lda int, b []float64, ldb int) bool {
	var lt [posvTrsm * posvTrsm]float64
	var inv [8 * posvTrsm]float64
	var w [posvTrsm]float64
	return posvTrsm8(n, nrhs, a, lda, b, ldb, lt[:n*n], inv[:8*n], w[:n])
}

// posvRows4Stack is posvRows4 with its scratch on the stack.
func posvRows4Stack(n, nrhs int, a []float64, lda int, b []float64, ldb int) bool {
	var inv [4 * posvFused]float64
	return posvRows4(n, nrhs, a, lda, b, ldb, inv[:4*n])
}

// posvTrsm is the largest order DposvRows solves through posvTrsm8 (its scratch, Lᵀ, on
// the stack unless DposvRowsWork is given work).
const posvTrsm = 32

// posvTrsm8 is DposvRows for orders that are a multiple of four up to posvTrsm and at least
// eight rows: the factor with Lᵀ and the diagonal blocks' inverses from one call of the
// fused kernel (PotrfDiag4T), the rows eight at a time through the whole-solve kernels
// (DpotrsRowsDiag4T: columns in the vector lanes, no sums across them), and the nrhs mod 8
// rows left through the panels with the same inverses (DpotrsRowsDiag4). Its scratch: lt
// (n² values), inv (8n) and work (n).
func posvTrsm8(n, nrhs int, a []float64, lda int, b []float64, ldb int, lt, inv, work []float64) bool {
	if !PotrfDiag4T(n, a, lda, lt[:n*n], inv[:8*n], work[:n]) {
		return false
	}
	r8 := nrhs &^ 7
	DpotrsRowsDiag4T(n, r8, a, lda, lt[:n*n], inv[:8*n], b, ldb)
	if r8 < nrhs {
		DpotrsRowsDiag4(n, nrhs-r8, a, lda, inv[:Diag4Len(n)], b[r8*ldb:], ldb)
	}
	return true
}

// posvRows4 is DposvRows through four-column panels, n ≤ posvFused. The n mod 4 leading
// columns go through the scalar loops, first in the factorization and the forward
// substitution (croutCols, short dot products) and last in the backward one.
// inv (4n values) receives L_dd⁻ᵀ of each panel, 16 values each.
func posvRows4(n, nrhs int, a []float64, lda int, b []float64, ldb int, inv []float64) bool {
	j0 := n % 4
	// Right-hand sides stored as the rows right after a's (same stride) are, for the
	// factorization's Crout loop and its panels below the diagonal, rows of a like the
	// others: their forward substitution runs in the same calls.
	below := n
	if ac := a[:cap(a)]; nrhs > 0 && ldb == lda && len(ac) > n*lda && &ac[n*lda] == &b[0] {
		a, below = ac, n+nrhs
	}
	if !croutCols(j0, below, a, lda) {
		return false
	}
	if below == n {
		for r := 0; r < nrhs; r++ {
			br := b[r*ldb : r*ldb+n]
			for i := 0; i < j0; i++ {
				br[i] = (br[i] - dotShort(a[i*lda:i*lda+i], br)) / a[i*lda+i]
			}
		}
	}
	var s [16]float64
	for j := j0; j < n; j += 4 {
		t := (*[16]float64)(inv[(j-j0)*4:])
		simd.PanelNT64(4, j, a[j*lda:], lda, a[j*lda:], lda, a[j*lda+j:], lda, s[:], 4, nil)
		if !chol4(a[j*lda+j:], lda, &s, t, true) {
			return false
		}
		if j+4 < below {
			simd.PanelNT64(below-j-4, j, a[(j+4)*lda:], lda, a[j*lda:], lda, a[(j+4)*lda+j:], lda, a[(j+4)*lda+j:], lda, t)
		}
		if nrhs > 0 && below == n {
			simd.PanelNT64(nrhs, j, b, ldb, a[j*lda:], lda, b[j:], ldb, b[j:], ldb, t)
		}
	}
	if nrhs == 0 {
		return true
	}
	// Backward: X[:, j:j+4] = (Z[:, j:j+4] − X[:, j+4:n]·L[j+4:n, j:j+4])·L_dd⁻¹ from the
	// last panel, then the leading j0 columns one by one.
	var x [16]float64
	for j := n - 4; j >= j0; j -= 4 {
		t := (*[16]float64)(inv[(j-j0)*4:])
		for p := 0; p < 4; p++ {
			for q := 0; q < 4; q++ {
				x[p*4+q] = t[q*4+p]
			}
		}
		var l []float64
		if k := n - j - 4; k > 0 {
			l = a[(j+4)*lda+j:]
		}
		simd.PanelNN64(nrhs, n-j-4, b[j+4:], ldb, l, lda, b[j:], ldb, b[j:], ldb, &x)
	}
	for r := 0; r < nrhs; r++ {
		br := b[r*ldb : r*ldb+n]
		for i := j0 - 1; i >= 0; i-- {
			v := br[i]
			for k := i + 1; k < n; k++ {
				v -= a[k*lda+i] * br[k]
			}
			br[i] = v / a[i*lda+i]
		}
	}
	return true
}

// Dposv is DposvRows for one right-hand side b (length n), with work (at least n² values,
// contents unspecified) for the fused kernel: orders from panelMin to posvFused with the
// panel kernels in assembly factor and solve in a single call of simd.PosvPanels64 (the n
// mod 4 leading columns by the scalar loops first, and their elements of the backward
// substitution last), which forms each panel from the factored columns kept transposed in
// work; other orders go through DposvRows. The panels' diagonal blocks' inverses go to
// work[n²:n²+8n] when work is that long, else to an array on the stack, which has to be
// cleared on each call.
func Dposv(n int, a []float64, ld int, b, work []float64) bool {
	if n < panelMin || n > posvFused || !simd.PanelAsm() {
		return DposvRows(n, 1, a, ld, b, n)
	}
	if len(work) >= n*n+8*n {
		return dposvFused(n, a, ld, b, work[:n*n], work[n*n:n*n+8*n])
	}
	var inv [posvFused * 8]float64 // L_dd⁻ᵀ and L_dd⁻¹ of each panel
	return dposvFused(n, a, ld, b, work[:n*n], inv[:8*n])
}

// dposvFused is Dposv's fused path with lt (n² values) and inv (8n values) as its scratch.
func dposvFused(n int, a []float64, ld int, b, lt, inv []float64) bool {
	b = b[:n]
	j0 := n % 4
	if !croutCols(j0, n, a, ld) {
		return false
	}
	for p := 0; p < j0; p++ {
		for i := p + 1; i < n; i++ {
			lt[p*n+i] = a[i*ld+p]
		}
	}
	for i := 0; i < j0; i++ {
		b[i] = (b[i] - dotShort(a[i*ld:i*ld+i], b)) / a[i*ld+i]
	}
	if !simd.PosvPanels64(n, j0, a, ld, b, lt, inv) {
		return false
	}
	for i := j0 - 1; i >= 0; i-- {
		v := b[i]
		for k := i + 1; k < n; k++ {
			v -= a[k*ld+i] * b[k]
		}
		b[i] = v / a[i*ld+i]
	}
	return true
}
