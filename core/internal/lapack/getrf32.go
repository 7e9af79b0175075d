package lapack

import (
	"math"

	"github.com/edgetrain/edgetrain/simd"
)

// Sgetrf is Dgetrf in float32: the LU factorization with partial pivoting A = P·L·U of the
// n×n matrix a (stride lda) in place, the pivots in piv as Dgetrf writes them. The products
// run at about twice the float64 rate; the factors carry float32 rounding, for callers that
// refine in float64. It returns false when a pivot is zero or not finite. Recursive on
// columns like Dgetrf; sgetrfPanel, the unblocked elimination, is its reference.
func Sgetrf(n int, a []float32, lda int, piv []float64) bool {
	return sgetrfRec(n, 0, n, a, lda, piv)
}

// sgetrfLeaf is the panel width below which the recursion eliminates column by column.
const sgetrfLeaf = 8

func sgetrfRec(n, c0, c1 int, a []float32, lda int, piv []float64) bool {
	w := c1 - c0
	if w <= sgetrfLeaf {
		return sgetrfPanel(n, c0, c1, a, lda, piv)
	}
	h := max(8, (w/2+4)&^7)
	if !sgetrfRec(n, c0, c0+h, a, lda, piv) {
		return false
	}
	r0 := c0 + h
	// U12 = L11⁻¹·A12, then A22 −= L21·U12
	strsmLowerUnit(h, c1-r0, a[c0*lda+c0:], lda, a[c0*lda+r0:], lda)
	simd.GemmNN(n-r0, c1-r0, h, -1, a[r0*lda+c0:], lda, a[c0*lda+r0:], lda, 1, a[r0*lda+r0:], lda)
	return sgetrfRec(n, r0, c1, a, lda, piv)
}

// strsmLowerUnit solves L·X = B in place in B (h×w, stride ldb) for the unit lower
// triangular L (h×h, stride ldl): halves recursively, one product between them.
func strsmLowerUnit(h, w int, l []float32, ldl int, b []float32, ldb int) {
	if h <= sgetrfLeaf {
		for i := 1; i < h; i++ {
			bi := b[i*ldb : i*ldb+w]
			for k, lik := range l[i*ldl : i*ldl+i] {
				if lik != 0 {
					simd.Axpy(-lik, b[k*ldb:k*ldb+w], bi)
				}
			}
		}
		return
	}
	h1 := h / 2
	strsmLowerUnit(h1, w, l, ldl, b, ldb)
	simd.GemmNN(h-h1, w, h1, -1, l[h1*ldl:], ldl, b, ldb, 1, b[h1*ldb:], ldb)
	strsmLowerUnit(h-h1, w, l[h1*ldl+h1:], ldl, b[h1*ldb:], ldb)
}

// sgetrfPanel eliminates columns c0..c1 (rows c0..n) of the n×n matrix a: pivot search
// (first largest magnitude) and whole-row swap as Dgetrf, rank-one updates inside the panel.
// sgetrfPanel(n, 0, n, …) is the unblocked factorization Sgetrf is checked against.
func sgetrfPanel(n, c0, c1 int, a []float32, lda int, piv []float64) bool {
	for k := c0; k < c1; k++ {
		p, best := k, float32(math.Abs(float64(a[k*lda+k])))
		for i := k + 1; i < n; i++ {
			if v := float32(math.Abs(float64(a[i*lda+k]))); v > best {
				p, best = i, v
			}
		}
		piv[k] = float64(p)
		if !(best > 0) || math.IsInf(float64(best), 0) {
			return false
		}
		if p != k {
			rk, rp := a[k*lda:k*lda+n], a[p*lda:p*lda+n]
			for j := range rk {
				rk[j], rp[j] = rp[j], rk[j]
			}
		}
		inv := 1 / a[k*lda+k]
		rk := a[k*lda+k+1 : k*lda+c1]
		for i := k + 1; i < n; i++ {
			l := a[i*lda+k] * inv
			a[i*lda+k] = l
			if l != 0 {
				ri := a[i*lda+k+1 : i*lda+c1]
				for j, v := range rk {
					ri[j] -= l * v
				}
			}
		}
	}
	return true
}
