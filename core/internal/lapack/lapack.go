// Package lapack holds the dense float64 factorizations and solves of the damped systems
// the NGD methods build: Cholesky (Dpotrf, Dpotrs, DpotrsRows) for symmetric positive
// definite systems, LU with partial pivoting (Dgetrf, Dgetrs, DgetrsRows) for the others,
// and the mixed-precision Dsposv. The names follow LAPACK's. Matrices are row-major n×n
// with leading dimension ld; the Rows solves take many right-hand sides as the rows of a
// matrix. Numerical failure is a return value, never a panic, and nothing allocates (the
// blocked routines keep their scratch on the stack). Small orders run four columns at a
// time over the panel kernels of package simd (small.go), larger ones recurse into packed
// products (blocked.go). Each fast routine has an unblocked pure-Go twin (dpotrfGeneric,
// dpotrsGeneric, dgetrfGeneric, dgetrsGeneric) that is its specification and is tested
// against it.
package lapack

import (
	"math"

	"github.com/edgetrain/edgetrain/simd"
)

// Measured crossovers of the Cholesky routines (on amd64; arm64, whose NEON panel kernels
// make simd.PanelAsm true as well, uses them unmeasured). With the panel kernels in assembly
// (simd.PanelAsm) the recursion of Dpotrf stops at potrfLeafAsm columns and Dpotrf factors
// orders up to potrfDirect outright, through four-column panels (potrf4) from order
// panelMin on and the Crout loop with inline dot products (dpotrfSmall) below it; with the
// Go twins of the kernels the Crout loop, which beats them there, takes blocks of up to
// potrfUnblocked columns and orders up to
// goDirect. Dpotrs runs four-element blocks (potrs4) up to order potrsDirect, then
// the dot-and-axpy loop whose backward half reads rows of L. DpotrsRows runs four-column
// panels (potrsRows4) up to order potrsRowsDirect, or potrsRowsFewN with at most
// potrsRowsFew right-hand sides, and the blocked solves beyond.
const (
	potrfUnblocked  = 16
	potrfLeafAsm    = 128
	potrfDirect     = 256
	panelMin        = 16
	goDirect        = 48
	potrsDirect     = 96
	potrsRowsDirect = 128
	potrsRowsFew    = 32
	potrsRowsFewN   = 256
	getrsDirect     = 256
)

// Dpotrf overwrites the lower triangle of the SPD matrix a with its Cholesky factor L
// (a = L·Lᵀ); the strict upper triangle is not touched. It returns false when a is not
// numerically positive definite.
//
// Orders up to a few hundred are factored four columns at a time (potrf4, small.go).
// Larger ones recurse: split a into [A11 0; A21 A22] with A11 of about n/2 columns (a
// multiple of eight), factor A11, solve L21·L11ᵀ = A21 (trsmRightLowerT, itself
// recursive), subtract L21·L21ᵀ from the lower triangle of A22 (simd.GemmPacked64 in its
// triangular form) and factor A22. dpotrfGeneric, the unblocked loop, is the reference.
func Dpotrf(n int, a []float64, ld int) bool {
	direct := goDirect
	if simd.PanelAsm() {
		direct = potrfDirect
	}
	switch {
	case n <= direct:
		return potrfLeaf(n, a, ld)
	case n <= smallN:
		var b smallScratch
		s := b.scratch()
		return dpotrfRec(&s, n, a, ld)
	}
	var b bigScratch
	s := b.scratch()
	return dpotrfRec(&s, n, a, ld)
}

func dpotrfRec(s *scratch, n int, a []float64, ld int) bool {
	unblocked := potrfUnblocked
	if simd.PanelAsm() {
		unblocked = potrfLeafAsm
	}
	if n <= unblocked {
		return potrfLeaf(n, a, ld)
	}
	h := half(n)
	if !dpotrfRec(s, h, a, ld) {
		return false
	}
	m := n - h
	trsmRightLowerT(s, m, h, a, ld, false, a[h*ld:], ld)
	simd.GemmPacked64(s.pack, true, m, m, h, -1, a[h*ld:], ld, 1, a[h*ld:], 1, ld, a[h*ld+h:], ld)
	return dpotrfRec(s, m, a[h*ld+h:], ld)
}

// potrfLeaf factors a block Dpotrf or its recursion does not split.
func potrfLeaf(n int, a []float64, ld int) bool {
	if n >= panelMin && simd.PanelAsm() {
		return potrf4(n, a, ld)
	}
	return dpotrfSmall(n, a, ld)
}

// half returns the split point of n columns: about n/2, a multiple of eight.
func half(n int) int { return max(8, (n/2+4)&^7) }

// dpotrfGeneric is the unblocked Cholesky–Crout factorization Dpotrf is checked
// against: column j of L from dot products of the rows left of it.
func dpotrfGeneric(n int, a []float64, ld int) bool {
	for j := 0; j < n; j++ {
		rj := a[j*ld : j*ld+j]
		d := a[j*ld+j] - simd.Dot64(rj, rj)
		if !(d > 0) || math.IsInf(d, 0) {
			return false
		}
		d = math.Sqrt(d)
		a[j*ld+j] = d
		inv := 1 / d
		for i := j + 1; i < n; i++ {
			ri := a[i*ld : i*ld+j]
			a[i*ld+j] = (a[i*ld+j] - simd.Dot64(ri, rj)) * inv
		}
	}
	return true
}

// Dpotrs solves L·Lᵀ x = b in place in b, with L from Dpotrf. Small orders go four
// elements at a time (potrs4); larger ones run both substitutions along the contiguous
// rows of L, the backward one as an axpy per row of L.
func Dpotrs(n int, a []float64, ld int, b []float64) {
	if n <= potrsDirect {
		potrs4(n, a, ld, b)
		return
	}
	for i := 0; i < n; i++ {
		b[i] = (b[i] - simd.Dot64(a[i*ld:i*ld+i], b[:i])) / a[i*ld+i]
	}
	for i := n - 1; i >= 0; i-- {
		xi := b[i] / a[i*ld+i]
		b[i] = xi
		simd.Axpy64(-xi, a[i*ld:i*ld+i], b[:i])
	}
}

// DpotrsRows solves A·x = b for each of the nrhs rows b of B in place, with L from
// Dpotrf: B is nrhs×n with leading dimension ldb, and B ← B·A⁻¹ (A is symmetric).
//
// In row form the two substitutions are right-sided triangular solves, Z·Lᵀ = B and then
// X·L = Z, blocked like Dpotrf: most flops are products of the already solved columns with
// a block of L (simd.GemmPacked64), the rest products with the inverse of a small diagonal
// triangle. Small orders, and few rows of moderate order, go through four-column panels
// instead (potrsRows4); fewer than four rows of a large order through Dpotrs one by one.
func DpotrsRows(n, nrhs int, a []float64, lda int, b []float64, ldb int) {
	if n <= potrsRowsDirect || (nrhs <= potrsRowsFew && n <= potrsRowsFewN) {
		potrsRows4(n, nrhs, a, lda, b, ldb)
		return
	}
	if nrhs < 4 {
		for r := 0; r < nrhs; r++ {
			Dpotrs(n, a, lda, b[r*ldb:r*ldb+n])
		}
		return
	}
	if nrhs <= smallN {
		var bs smallScratch
		s := bs.scratch()
		trsmRightLowerT(&s, nrhs, n, a, lda, false, b, ldb)
		trsmRightLower(&s, nrhs, n, a, lda, false, b, ldb)
		return
	}
	var bs bigScratch
	s := bs.scratch()
	trsmRightLowerT(&s, nrhs, n, a, lda, false, b, ldb)
	trsmRightLower(&s, nrhs, n, a, lda, false, b, ldb)
}

// dpotrsGeneric is the reference for Dpotrs: the backward substitution reads the
// columns of L.
func dpotrsGeneric(n int, a []float64, ld int, b []float64) {
	for i := 0; i < n; i++ {
		b[i] = (b[i] - simd.Dot64(a[i*ld:i*ld+i], b[:i])) / a[i*ld+i]
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= a[k*ld+i] * b[k]
		}
		b[i] = s / a[i*ld+i]
	}
}

// getrfUnblocked is the order below which Dgetrf runs the unblocked loop, and the panel
// width at which its recursion stops; up to getrfDirect it runs four-column panels
// (getrf4). Measured crossovers.
const (
	getrfUnblocked = 16
	getrfDirect    = 160
)

// Dgetrf factors a = P·L·U with partial pivoting in place; piv[i] records the row swapped
// with row i (stored as float64 so it can live in a float64 slab). It returns false when a
// pivot is zero or not finite (a singular matrix). Rows are swapped whole, at once.
//
// Small orders go through four-column panels in Crout order (getrf4, small.go). Larger
// ones recurse on columns (Toledo): factor the left half of the remaining columns, solve
// U12 = L11⁻¹·A12 for the rows of the left half, subtract L21·U12 from the rest
// (simd.GemmPacked64), factor the right half. dgetrfGeneric, the unblocked loop, is the
// reference; pivots are chosen the same way (first largest magnitude), though rounding
// may order near ties differently.
func Dgetrf(n int, a []float64, ld int, piv []float64) bool {
	switch {
	case n < getrfUnblocked:
		return dgetrfGeneric(n, a, ld, piv)
	case n <= getrfDirect:
		return getrf4(n, a, ld, piv)
	case n <= smallN:
		var b smallScratch
		s := b.scratch()
		return dgetrfRec(&s, n, 0, n, a, ld, piv)
	}
	var b bigScratch
	s := b.scratch()
	return dgetrfRec(&s, n, 0, n, a, ld, piv)
}

// dgetrfRec factors columns c0..c1, rows c0..n, of the n×n matrix a: the columns left of
// c0 are factored and those inside have been updated by them. Row swaps move whole rows.
func dgetrfRec(s *scratch, n, c0, c1 int, a []float64, ld int, piv []float64) bool {
	w := c1 - c0
	if w <= getrfUnblocked {
		return getrfPanel(n, c0, c1, a, ld, piv)
	}
	h := half(w)
	if !dgetrfRec(s, n, c0, c0+h, a, ld, piv) {
		return false
	}
	// U12 = L11⁻¹·A12, rows c0..c0+h, columns c0+h..c1.
	trsmLeftLowerUnit(s, h, c1-c0-h, a[c0*ld+c0:], ld, a[c0*ld+c0+h:], ld)
	// A22 −= L21·U12.
	r0 := c0 + h
	simd.GemmPacked64(s.pack, false, n-r0, c1-r0, h, -1, a[r0*ld+c0:], ld, 1, a[c0*ld+r0:], ld, 1, a[r0*ld+r0:], ld)
	return dgetrfRec(s, n, r0, c1, a, ld, piv)
}

// getrfPanel is the unblocked elimination restricted to columns c0..c1 (rows c0..n): the
// pivot search and row swap of dgetrfGeneric, with the rank-one updates kept inside the
// panel (simd.Ger64).
func getrfPanel(n, c0, c1 int, a []float64, ld int, piv []float64) bool {
	for k := c0; k < c1; k++ {
		if !getrfPivot(n, k, a, ld, piv) {
			return false
		}
		if k+1 < n && k+1 < c1 {
			simd.Ger64(n-k-1, c1-k-1, -1, a[(k+1)*ld+k:], ld, a[k*ld+k+1:k*ld+c1], a[(k+1)*ld+k+1:], ld)
		}
	}
	return true
}

// getrfPivot does step k of the elimination up to its rank-one update: it picks the
// pivot of column k (first largest magnitude in rows k..n), swaps the rows whole, and
// scales the column below the pivot into multipliers. It returns false on a zero or
// non-finite pivot.
func getrfPivot(n, k int, a []float64, ld int, piv []float64) bool {
	p, best := k, math.Abs(a[k*ld+k])
	for i := k + 1; i < n; i++ {
		if v := math.Abs(a[i*ld+k]); v > best {
			p, best = i, v
		}
	}
	piv[k] = float64(p)
	if !(best > 0) || math.IsInf(best, 0) {
		return false
	}
	if p != k {
		swapRows(a[k*ld:k*ld+n], a[p*ld:p*ld+n])
	}
	inv := 1 / a[k*ld+k]
	for i := k + 1; i < n; i++ {
		a[i*ld+k] *= inv
	}
	return true
}

// swapRows exchanges the rows x and y (of equal length).
func swapRows(x, y []float64) {
	y = y[:len(x)]
	for j, v := range x {
		x[j], y[j] = y[j], v
	}
}

// dgetrfGeneric is the unblocked right-looking elimination Dgetrf is checked against.
func dgetrfGeneric(n int, a []float64, ld int, piv []float64) bool {
	for k := 0; k < n; k++ {
		if !getrfPivot(n, k, a, ld, piv) {
			return false
		}
		rk := a[k*ld+k+1 : k*ld+n]
		for i := k + 1; i < n; i++ {
			l := a[i*ld+k]
			ri := a[i*ld+k+1 : i*ld+n]
			for j, v := range rk {
				ri[j] -= l * v
			}
		}
	}
	return true
}

// permute applies the row interchanges of Dgetrf to b in order.
func permute(n int, piv []float64, b []float64) {
	for k := 0; k < n; k++ {
		if p := int(piv[k]); p != k {
			b[k], b[p] = b[p], b[k]
		}
	}
}

// dgetrsGeneric is the reference for Dgetrs: the two substitutions by dot products.
func dgetrsGeneric(n int, a []float64, ld int, piv []float64, b []float64) {
	permute(n, piv, b)
	for i := 0; i < n; i++ {
		b[i] -= simd.Dot64(a[i*ld:i*ld+i], b[:i])
	}
	for i := n - 1; i >= 0; i-- {
		b[i] = (b[i] - simd.Dot64(a[i*ld+i+1:i*ld+n], b[i+1:n])) / a[i*ld+i]
	}
}

// DgetrsRows solves A·x = b for each of the nrhs rows b of B in place (B is nrhs×n with
// leading dimension ldb) with the factors from Dgetrf, that is B ← B·A⁻ᵀ. With
// A = P·L·U every row is permuted, then solved against Lᵀ (unit diagonal) and Uᵀ from the
// right, blocked like DpotrsRows. Small orders, and few rows of moderate order, go
// through four-column panels instead (getrsRows4); fewer than four rows of a large order
// through Dgetrs one by one.
func DgetrsRows(n, nrhs int, a []float64, lda int, piv []float64, b []float64, ldb int) {
	if n <= potrsRowsDirect || (nrhs <= potrsRowsFew && n <= potrsRowsFewN) {
		for r := 0; r < nrhs; r++ {
			permute(n, piv, b[r*ldb:r*ldb+n])
		}
		getrsRows4(n, nrhs, a, lda, b, ldb)
		return
	}
	if nrhs < 4 {
		for r := 0; r < nrhs; r++ {
			Dgetrs(n, a, lda, piv, b[r*ldb:r*ldb+n])
		}
		return
	}
	for r := 0; r < nrhs; r++ {
		permute(n, piv, b[r*ldb:r*ldb+n])
	}
	if nrhs <= smallN {
		var bs smallScratch
		s := bs.scratch()
		trsmRightLowerT(&s, nrhs, n, a, lda, true, b, ldb)
		trsmRightUpperT(&s, nrhs, n, a, lda, b, ldb)
		return
	}
	var bs bigScratch
	s := bs.scratch()
	trsmRightLowerT(&s, nrhs, n, a, lda, true, b, ldb)
	trsmRightUpperT(&s, nrhs, n, a, lda, b, ldb)
}

// Dgetrs solves A x = b in place in b with the factors from Dgetrf: small orders through
// four-element blocks (getrsRows4), larger ones by dot products along the rows of L and U.
// dgetrsGeneric is the reference.
func Dgetrs(n int, a []float64, ld int, piv []float64, b []float64) {
	permute(n, piv, b)
	if n <= getrsDirect {
		getrsRows4(n, 1, a, ld, b, n)
		return
	}
	for i := 0; i < n; i++ {
		b[i] -= simd.Dot64(a[i*ld:i*ld+i], b[:i])
	}
	for i := n - 1; i >= 0; i-- {
		b[i] = (b[i] - simd.Dot64(a[i*ld+i+1:i*ld+n], b[i+1:n])) / a[i*ld+i]
	}
}

// dpotrfSmall is dpotrfGeneric for small orders and the recursion's diagonal blocks, with
// the short dot products inline and two rows at a time sharing the loads of row j (a call
// into the vector dot costs more than it saves at these lengths).
func dpotrfSmall(n int, a []float64, ld int) bool {
	for j := 0; j < n; j++ {
		rj := a[j*ld : j*ld+j]
		d := a[j*ld+j] - dotShort(rj, rj)
		if !(d > 0) || math.IsInf(d, 0) {
			return false
		}
		d = math.Sqrt(d)
		a[j*ld+j] = d
		inv := 1 / d
		i := j + 1
		for ; i+2 <= n; i += 2 { // two rows share the loads of row j
			r0 := a[i*ld : i*ld+j]
			r1 := a[(i+1)*ld : (i+1)*ld+j]
			r1 = r1[:len(r0)]
			rj := rj[:len(r0)]
			var s0, s1 float64
			for k, v := range rj {
				s0 += r0[k] * v
				s1 += r1[k] * v
			}
			a[i*ld+j] = (a[i*ld+j] - s0) * inv
			a[(i+1)*ld+j] = (a[(i+1)*ld+j] - s1) * inv
		}
		if i < n {
			ri := a[i*ld : i*ld+j]
			a[i*ld+j] = (a[i*ld+j] - dotShort(ri, rj)) * inv
		}
	}
	return true
}

// dotShort returns Σ x[i]*y[i] with two partial sums; len(y) ≥ len(x).
func dotShort(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1 float64
	i := 0
	for ; i+2 <= len(x); i += 2 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
	}
	if i < len(x) {
		s0 += x[i] * y[i]
	}
	return s0 + s1
}
