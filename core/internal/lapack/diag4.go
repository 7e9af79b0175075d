package lapack

import "github.com/edgetrain/edgetrain/simd"

// Solves with cached diagonal-block inverses. The four-column solves of small.go invert
// each 4×4 diagonal block of the factor afresh on every call (inv4: four divisions and a
// chain of products per block), which at small orders costs about as much as the panel
// products themselves. A caller that solves many times with one factor can form those
// inverses once (PotrfDiag4, GetrfDiag4) and pass them to DpotrsDiag4, DpotrsRowsDiag4 and
// DgetrsDiag4. The results are bit for bit those of Dpotrs, DpotrsRows and Dgetrs: the
// same inverses enter the same panel products; the tests check that.
//
// The cache holds 32 values per four-column block q < n/4: at 32q the inverse the forward
// substitution multiplies by for its block at column n mod 4 + 4q, at 32q+16 the one the
// backward substitution multiplies by for its block at column 4q (the forward blocks
// leave the n mod 4 leading columns out, the backward ones the trailing ones).

// Diag4Len returns the length of the cache for a factor of order n.
func Diag4Len(n int) int { return n / 4 * 32 }

// Diag4Used reports whether the solves of order n read the cache; beyond it they run
// Dpotrs, DpotrsRows and Dgetrs, whose blocked forms do not use four-column blocks, and a
// cache need not be formed.
func Diag4Used(n int) bool { return n <= potrsDirect }

// PotrfDiag4 fills inv (Diag4Len(n) values) from the Cholesky factor L in a (Dpotrf's).
func PotrfDiag4(n int, a []float64, ld int, inv []float64) {
	if !Diag4Used(n) {
		return
	}
	for j := n % 4; j < n; j += 4 {
		inv4(a[j*ld+j:], ld, fwd(inv, n, j), true)
	}
	for j := 0; j+4 <= n; j += 4 {
		inv4(a[j*ld+j:], ld, bwd(inv, j), false)
	}
}

// GetrfDiag4 fills inv (Diag4Len(n) values) from the LU factors in a (Dgetrf's).
func GetrfDiag4(n int, a []float64, ld int, inv []float64) {
	if !Diag4Used(n) {
		return
	}
	for j := n % 4; j < n; j += 4 {
		invUnitLower4T(a[j*ld+j:], ld, fwd(inv, n, j))
	}
	for j := 0; j+4 <= n; j += 4 {
		invUpper4T(a[j*ld+j:], ld, bwd(inv, j))
	}
}

// fwd returns the cached inverse of the forward substitution's block at column j (the
// blocks start at n mod 4), bwd the backward one's (those start at 0).
func fwd(inv []float64, n, j int) *[16]float64 {
	q := (j - n%4) / 4
	return (*[16]float64)(inv[32*q : 32*q+16])
}

func bwd(inv []float64, j int) *[16]float64 {
	q := j / 4
	return (*[16]float64)(inv[32*q+16 : 32*q+32])
}

// DpotrsDiag4 is Dpotrs with the cache of PotrfDiag4.
func DpotrsDiag4(n int, a []float64, ld int, inv []float64, b []float64) {
	if !Diag4Used(n) {
		Dpotrs(n, a, ld, b)
		return
	}
	potrsPanels(n, 1, a, ld, b, n, inv)
}

// DpotrsRowsDiag4 is DpotrsRows with the cache of PotrfDiag4.
func DpotrsRowsDiag4(n, nrhs int, a []float64, lda int, inv []float64, b []float64, ldb int) {
	if !Diag4Used(n) {
		DpotrsRows(n, nrhs, a, lda, b, ldb)
		return
	}
	potrsPanels(n, nrhs, a, lda, b, ldb, inv)
}

// DgetrsDiag4 is Dgetrs with the cache of GetrfDiag4.
func DgetrsDiag4(n int, a []float64, ld int, piv []float64, inv []float64, b []float64) {
	if !Diag4Used(n) {
		Dgetrs(n, a, ld, piv, b)
		return
	}
	permute(n, piv, b)
	b = b[:n]
	j := n % 4
	for i := 1; i < j; i++ {
		b[i] -= dotShort(a[i*ld:i*ld+i], b)
	}
	for ; j < n; j += 4 {
		simd.PanelNT64(1, j, b, n, a[j*ld:], ld, b[j:], n, b[j:], n, fwd(inv, n, j))
	}
	j0 := n &^ 3
	for i := n - 1; i >= j0; i-- {
		b[i] = (b[i] - dotShort(a[i*ld+i+1:i*ld+n], b[i+1:])) / a[i*ld+i]
	}
	for j = j0 - 4; j >= 0; j -= 4 {
		var u []float64
		if k := n - j - 4; k > 0 {
			u = a[j*ld+j+4:]
		}
		simd.PanelNT64(1, n-j-4, b[j+4:], n, u, ld, b[j:], n, b[j:], n, bwd(inv, j))
	}
}

// GetrfDiag4T fills inv (Diag4Len(n) values) from the LU factors in a (Dgetrf's) for
// DgetrsTDiag4: per block, U_dd⁻¹ (the transpose of the inverse of the lower triangle
// U_ddᵀ) and the inverse of the unit lower L_dd, by simd.InvLower4 (inlined) written
// in place (no 4×4 temporary per block; getrfDiag4TRef in the tests is the form with
// invLower4).
func GetrfDiag4T(n int, a []float64, ld int, inv []float64) {
	if !Diag4Used(n) {
		return
	}
	for j := n % 4; j < n; j += 4 {
		u := a[j*ld+j : j*ld+j+3*ld+4]
		i00, i11, i22, i33 := 1/u[0], 1/u[ld+1], 1/u[2*ld+2], 1/u[3*ld+3]
		l10, l20, l21, l30, l31, l32 := u[1], u[2], u[ld+2], u[3], u[ld+3], u[2*ld+3]
		x10, x20, x21, x30, x31, x32 := simd.InvLower4(l10, l20, l21, l30, l31, l32, i00, i11, i22, i33)
		x := fwd(inv, n, j)
		x[0], x[1], x[2], x[3] = i00, x10, x20, x30
		x[4], x[5], x[6], x[7] = 0, i11, x21, x31
		x[8], x[9], x[10], x[11] = 0, 0, i22, x32
		x[12], x[13], x[14], x[15] = 0, 0, 0, i33
	}
	for j := 0; j+4 <= n; j += 4 {
		l := a[j*ld+j : j*ld+j+3*ld+4]
		l10, l20, l21, l30, l31, l32 := l[ld], l[2*ld], l[2*ld+1], l[3*ld], l[3*ld+1], l[3*ld+2]
		x10, x20, x21, x30, x31, x32 := simd.InvLower4(l10, l20, l21, l30, l31, l32, 1, 1, 1, 1)
		x := bwd(inv, j)
		x[0], x[1], x[2], x[3] = 1, 0, 0, 0
		x[4], x[5], x[6], x[7] = x10, 1, 0, 0
		x[8], x[9], x[10], x[11] = x20, x21, 1, 0
		x[12], x[13], x[14], x[15] = x30, x31, x32, 1
	}
}

// DgetrsTDiag4 solves Aᵀx = b in place in b with the factors of A from Dgetrf and the
// cache of GetrfDiag4T. With P·A = L·U (P the row interchanges), Aᵀ = Uᵀ·Lᵀ·P: the
// forward substitution with Uᵀ and the backward one with Lᵀ read contiguous rows of U and
// L in four-column blocks (simd.PanelNN64; for a multiple of four with the kernels in
// assembly, both in one call of simd.GetrsTVec64), then the interchanges are undone in reverse
// order. dgetrsTGeneric is the reference.
func DgetrsTDiag4(n int, a []float64, ld int, piv []float64, inv []float64, b []float64) {
	if !Diag4Used(n) {
		dgetrsTGeneric(n, a, ld, piv, b)
		return
	}
	b = b[:n]
	if potrsVec(n) {
		// both substitutions in one call (the same blocks summed in another order)
		simd.GetrsTVec64(n, a, ld, inv, b)
		unpermute(n, piv, b)
		return
	}
	// Uᵀz = b: z[j:j+4] = (b[j:j+4] − z[0:j]·U[0:j, j:j+4])·U_dd⁻¹, the n mod 4 leading
	// elements first.
	j := n % 4
	for i := 0; i < j; i++ {
		s := b[i]
		for k := 0; k < i; k++ {
			s -= a[k*ld+i] * b[k]
		}
		b[i] = s / a[i*ld+i]
	}
	for ; j < n; j += 4 {
		var u []float64
		if j > 0 {
			u = a[j:]
		}
		simd.PanelNN64(1, j, b, j, u, ld, b[j:], 4, b[j:], 4, fwd(inv, n, j))
	}
	// Lᵀw = z: w[j:j+4] = (z[j:j+4] − w[j+4:n]·L[j+4:n, j:j+4])·L_dd⁻¹, the n mod 4
	// trailing elements first.
	j0 := n &^ 3
	for i := n - 1; i >= j0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= a[k*ld+i] * b[k]
		}
		b[i] = s
	}
	for j = j0 - 4; j >= 0; j -= 4 {
		var l []float64
		if k := n - j - 4; k > 0 {
			l = a[(j+4)*ld+j:]
		}
		simd.PanelNN64(1, n-j-4, b[j+4:], n-j-4, l, ld, b[j:], 4, b[j:], 4, bwd(inv, j))
	}
	unpermute(n, piv, b)
}

// unpermute undoes the row interchanges of Dgetrf on b, in reverse order.
func unpermute(n int, piv []float64, b []float64) {
	for k := n - 1; k >= 0; k-- {
		if p := int(piv[k]); p != k {
			b[k], b[p] = b[p], b[k]
		}
	}
}

// dgetrsTGeneric is the reference for DgetrsTDiag4: the two substitutions by columns of U
// and L, then the interchanges in reverse order.
func dgetrsTGeneric(n int, a []float64, ld int, piv []float64, b []float64) {
	for i := 0; i < n; i++ {
		s := b[i]
		for k := 0; k < i; k++ {
			s -= a[k*ld+i] * b[k]
		}
		b[i] = s / a[i*ld+i]
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= a[k*ld+i] * b[k]
		}
		b[i] = s
	}
	for k := n - 1; k >= 0; k-- {
		if p := int(piv[k]); p != k {
			b[k], b[p] = b[p], b[k]
		}
	}
}

// diag4U reports whether PotrfDiag4U mirrors the factor and DpotrsRowsDiag4U takes the
// one-call row solves (simd.TrsmRowsFwd64, TrsmRowsBwd64) at order n: four-column blocks
// from column 0.
func diag4U(n int) bool { return n > 0 && Diag4Used(n) && n%4 == 0 }

// PotrfDiag4U is PotrfDiag4 for DpotrsRowsDiag4U: it also copies the factor's strict lower
// triangle onto the strict upper one (Lᵀ), which Dpotrf leaves alone, so that the forward
// substitution reads contiguous rows of Lᵀ.
func PotrfDiag4U(n int, a []float64, ld int, inv []float64) {
	PotrfDiag4(n, a, ld, inv)
	if !diag4U(n) {
		return
	}
	for i := 1; i < n; i++ {
		for j, v := range a[i*ld : i*ld+i] {
			a[j*ld+i] = v
		}
	}
}

// DpotrsRowsDiag4U is DpotrsRowsDiag4 with the factor and cache of PotrfDiag4U: each
// substitution is one call over all rows (simd.TrsmRowsFwd64 with Lᵀ, TrsmRowsBwd64 with L),
// eight rows at a time with the four columns of a block in the vector lanes, instead of a
// panel call per block of four columns. It agrees with DpotrsRows to rounding.
func DpotrsRowsDiag4U(n, nrhs int, a []float64, lda int, inv []float64, b []float64, ldb int) {
	if !diag4U(n) {
		DpotrsRowsDiag4(n, nrhs, a, lda, inv, b, ldb)
		return
	}
	simd.TrsmRowsFwd64(nrhs, n, b, ldb, a, lda, inv)
	simd.TrsmRowsBwd64(nrhs, n, b, ldb, a, lda, inv[16:])
}

// PotrfDiag4T factors the symmetric positive definite a (n×n, lower triangle, stride ld)
// into its Cholesky factor L in place like Dpotrf, writes Lᵀ into lt (n×n, stride n,
// lt[p*n+i] = L[i,p] for i past the four-column block of p, blocks counted from column 0;
// the rest unspecified) and the cache of PotrfDiag4 into inv,
// for DpotrsRowsDiag4T, and overwrites b (n values) with its solve A⁻¹b. It returns false,
// with a and b unspecified, when a is not numerically positive definite. Orders that are a
// multiple of four from panelMin to posvFused with the panel kernels in assembly are
// factored and solved in one call of simd.PosvPanels64, which keeps Lᵀ and the diagonal
// blocks' inverses as it goes; other orders run Dpotrf, PotrfDiag4, a transposing copy
// and DpotrsDiag4.
func PotrfDiag4T(n int, a []float64, ld int, lt, inv, b []float64) bool {
	if n%4 == 0 && n >= panelMin && n <= posvFused && simd.PanelAsm() {
		return simd.PosvPanels64(n, 0, a, ld, b[:n], lt[:n*n], inv[:8*n])
	}
	if !Dpotrf(n, a, ld) {
		return false
	}
	PotrfDiag4(n, a, ld, inv)
	for i := 1; i < n; i++ {
		for p, v := range a[i*ld : i*ld+i] {
			lt[p*n+i] = v
		}
	}
	DpotrsDiag4(n, a, ld, inv, b)
	return true
}

// DpotrsRowsDiag4T is DpotrsRowsDiag4U with the factor, Lᵀ and cache of PotrfDiag4T.
func DpotrsRowsDiag4T(n, nrhs int, a []float64, lda int, lt, inv []float64, b []float64, ldb int) {
	if !diag4U(n) {
		DpotrsRowsDiag4(n, nrhs, a, lda, inv, b, ldb)
		return
	}
	simd.TrsmRowsFwd64(nrhs, n, b, ldb, lt, n, inv)
	simd.TrsmRowsBwd64(nrhs, n, b, ldb, a, lda, inv[16:])
}

// potrsVec reports whether DpotrsVecDiag4 and DpotrsVecDiag4Pair take simd.PotrsVec64, and
// DgetrsTDiag4 simd.GetrsTVec64, at order n: the cache is used, the blocks start at column
// 0, and the kernels are in assembly.
func potrsVec(n int) bool { return diag4U(n) && simd.PotrsVecAsm() }

// DpotrsVecDiag4 is DpotrsDiag4 in one call of simd.PotrsVec64 where that runs a vector
// kernel and n is a multiple of four: the same substitutions with the same cached
// inverses, summed in another order (so it agrees with Dpotrs to rounding, not bit for
// bit).
func DpotrsVecDiag4(n int, a []float64, ld int, inv []float64, b []float64) {
	if !potrsVec(n) {
		DpotrsDiag4(n, a, ld, inv, b)
		return
	}
	simd.PotrsVec64(n, a, ld, inv, b)
}

// DpotrsVecDiag4Pair runs DpotrsVecDiag4 on two independent systems of order n, through
// simd.PotrsVecPair64, which interleaves their substitutions.
func DpotrsVecDiag4Pair(n int, a0 []float64, ld0 int, inv0 []float64, b0 []float64, a1 []float64, ld1 int, inv1 []float64, b1 []float64) {
	if !potrsVec(n) {
		DpotrsDiag4(n, a0, ld0, inv0, b0)
		DpotrsDiag4(n, a1, ld1, inv1, b1)
		return
	}
	simd.PotrsVecPair64(n, a0, ld0, inv0, b0, a1, ld1, inv1, b1)
}

// PotriAddUsed reports whether DpotriAddDiag4 runs its fast form at order n: a multiple of
// eight with the cache used and the row-solve and product kernels in assembly.
func PotriAddUsed(n int) bool { return n%8 == 0 && diag4U(n) && simd.GemmRMAsm(n, n) }

// DpotriAddDiag4 adds the inverse (L·Lᵀ)⁻¹ of a Cholesky-factored matrix to the lower
// triangle of p (n×n, stride ldp; its strict upper triangle is unspecified afterwards),
// given the factor L (lower triangle of a, stride lda) and the cache of
// PotrfDiag4 (or PotrfDiag4T). z is n×n scratch (stride n). The fast form (PotriAddUsed)
// first forms L⁻¹ in z by backward row solves Z·L = I, eight rows at a time and each on
// the leading columns only (row i of L⁻¹ is zero right of column i; simd.TrsmRowsBwd64
// with the leading part of the factor and cache), then adds the lower triangle of
// L⁻ᵀ·L⁻¹ = ZᵀZ by simd.GemmRMLower64 with the triangles' zeros skipped: well under n³/3
// multiply-adds, where a row solve of the identity takes n³. Other orders solve the identity (DpotrsRowsDiag4) and
// add it.
func DpotriAddDiag4(n int, a []float64, lda int, inv []float64, z []float64, p []float64, ldp int) {
	DpotriAddDiag4Z(n, a, lda, inv, z, false, p, ldp)
}

// DpotriAddDiag4Z is DpotriAddDiag4 for a caller that keeps its scratch z between calls:
// with zeroed set, z's entries above its 4×4 diagonal blocks (stride n) are zero on
// entry, as a call of order n that returned true leaves them, and z is not cleared first
// (L⁻¹ is written below and on those blocks only). It returns whether z is left so: the
// fast form ran.
func DpotriAddDiag4Z(n int, a []float64, lda int, inv []float64, z []float64, zeroed bool, p []float64, ldp int) bool {
	if n == 0 {
		return false
	}
	z = z[:n*n]
	fast := PotriAddUsed(n)
	if !fast || !zeroed {
		clear(z)
	}
	if !fast {
		for i := 0; i < n; i++ {
			z[i*n+i] = 1
		}
		DpotrsRowsDiag4(n, n, a, lda, inv, z, n)
		for i := 0; i < n; i++ {
			simd.Axpy64(1, z[i*n:(i+1)*n], p[i*ldp:i*ldp+n])
		}
		return false
	}
	simd.TrtriLower64(n, a, lda, inv, z, n)
	simd.GemmRMLower64(true, true, n, n, 1, z, n, z, n, p, ldp)
	return true
}

// PotrfDiag4TPair runs PotrfDiag4T on two independent systems of order n, each on a copy of
// the lower triangle of a_s (stride lda_s, not written) with shift added on the diagonal,
// written into d_s (stride ldd_s): d_s gets the factor, lt_s Lᵀ, inv_s the cache and b_s
// its solve. Orders that PotrfDiag4T factors in one kernel call take both systems in one
// call of simd.PosvPair64, which reads a_s in place and overlaps the two factorizations'
// latency-bound diagonal blocks; others copy and call PotrfDiag4T twice. It returns false
// when either system is not numerically positive definite.
func PotrfDiag4TPair(n int, shift float64, a0 []float64, lda0 int, d0 []float64, ldd0 int, lt0, inv0, b0 []float64,
	a1 []float64, lda1 int, d1 []float64, ldd1 int, lt1, inv1, b1 []float64) bool {
	if n%4 == 0 && n >= panelMin && n <= posvFused && simd.PanelAsm() {
		return simd.PosvPair64(n, shift, a0, lda0, d0, ldd0, b0[:n], lt0[:n*n], inv0[:8*n],
			a1, lda1, d1, ldd1, b1[:n], lt1[:n*n], inv1[:8*n])
	}
	copyShiftLower(n, shift, a0, lda0, d0, ldd0)
	if !PotrfDiag4T(n, d0, ldd0, lt0, inv0, b0) {
		return false
	}
	copyShiftLower(n, shift, a1, lda1, d1, ldd1)
	return PotrfDiag4T(n, d1, ldd1, lt1, inv1, b1)
}

// copyShiftLower copies the lower triangle of a into d with shift added on the diagonal.
func copyShiftLower(n int, shift float64, a []float64, lda int, d []float64, ldd int) {
	for r := 0; r < n; r++ {
		copy(d[r*ldd:r*ldd+r], a[r*lda:r*lda+r])
		d[r*ldd+r] = a[r*lda+r] + shift
	}
}

// DpotriPairDiag4Z sets p (n×n, stride ldp) to the sum of the inverses (L_0·L_0ᵀ)⁻¹ +
// (L_1·L_1ᵀ)⁻¹ of two Cholesky-factored matrices of order n, each given as
// DpotriAddDiag4Z takes it (a_s, lda_s, inv_s), with scratch z0 and z1 kept between calls
// as DpotriAddDiag4Z keeps z (zeroed: both were left so by a call of order n that returned
// true). The fast form forms L_s⁻¹ in z_s by simd.TrtriLowerPair64 (both in one call when
// lda0 = lda1) and then both products
// L_s⁻ᵀL_s⁻¹ in one pass that writes p, both triangles (simd.SyrkLowerPair64: no clear
// of p first, one set of sums per block of p, no mirroring after); other orders clear p,
// add the two inverses by DpotriAddDiag4Z and mirror the lower triangle. It returns
// whether z0 and z1 are left with their zeros.
func DpotriPairDiag4Z(n int, a0 []float64, lda0 int, inv0 []float64, a1 []float64, lda1 int, inv1 []float64,
	z0, z1 []float64, zeroed bool, p []float64, ldp int) bool {
	if n == 0 {
		return false
	}
	if !PotriAddUsed(n) {
		for r := 0; r < n; r++ {
			clear(p[r*ldp : r*ldp+r+1])
		}
		DpotriAddDiag4Z(n, a0, lda0, inv0, z0, false, p, ldp)
		DpotriAddDiag4Z(n, a1, lda1, inv1, z1, false, p, ldp)
		simd.MirrorLower64(n, p, ldp)
		return false
	}
	z0, z1 = z0[:n*n], z1[:n*n]
	if !zeroed {
		clear(z0)
		clear(z1)
	}
	if lda0 == lda1 {
		simd.TrtriLowerPair64(n, a0, a1, lda0, inv0, inv1, z0, z1, n)
	} else {
		simd.TrtriLower64(n, a0, lda0, inv0, z0, n)
		simd.TrtriLower64(n, a1, lda1, inv1, z1, n)
	}
	simd.SyrkLowerPair64(n, 1, z0, z1, n, p, ldp)
	return true
}
