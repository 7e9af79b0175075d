package lapack

import (
	"math"

	"github.com/edgetrain/edgetrain/simd"
)

// DgetrfSmall is Dgetrf for small orders (up to getrfDirect; larger ones go to Dgetrf) in
// the four-column Crout order of getrf4, with each panel factored in one scalar pass per
// column instead of a pivot search, a scaling pass and a rank-one kernel call (getrfPanel):
// the multipliers of column k and their update of the panel's columns right of it are
// formed row by row in the same loop, which also finds the next column's pivot. At these
// orders a panel's rank-one updates are one to three columns wide, too narrow for a vector
// kernel to pay for its call. Pivots are chosen as in dgetrfGeneric (first largest
// magnitude); rounding may order near ties differently.
//
// Orders that are a multiple of four up to getrfRight run simd.GetrfRight64 instead when
// it has a vector kernel: the right-looking elimination with each row's rank-one update in
// four-column blocks, one call for the whole factorization, faster there than the panels'
// kernel calls (measured: n = 32 2.36 → 1.55-1.88 µs, n = 128 69 → 62-65 µs, n = 160 slower).
func DgetrfSmall(n int, a []float64, ld int, piv []float64) bool {
	if n >= 4 && n <= getrfRight && simd.GetrfAsm(n) {
		return simd.GetrfRight64(n, a, ld, piv)
	}
	if n < getrfUnblocked || n > getrfDirect {
		return Dgetrf(n, a, ld, piv)
	}
	return getrfCrout(n, a, ld, piv, true)
}

// getrfRight is the largest order DgetrfSmall hands to simd.GetrfRight64.
const getrfRight = 128

// panelFused factors the four columns j..j+3 (rows j..n) with partial pivoting, whole-row
// swaps; see DgetrfSmall.
func panelFused(n, j int, a []float64, ld int, piv []float64) bool {
	// pivot of column j
	p, best := j, math.Abs(a[j*ld+j])
	for i := j + 1; i < n; i++ {
		if v := math.Abs(a[i*ld+j]); v > best {
			p, best = i, v
		}
	}
	for k := j; k < j+4; k++ {
		piv[k] = float64(p)
		if !(best > 0) || math.IsInf(best, 0) {
			return false
		}
		if p != k {
			swapRows(a[k*ld:k*ld+n], a[p*ld:p*ld+n])
		}
		inv := 1 / a[k*ld+k]
		rk := a[k*ld+k+1 : k*ld+j+4]
		p, best = k+1, 0 // the next column's pivot, searched in the same pass
		switch len(rk) {
		case 3:
			u0, u1, u2 := rk[0], rk[1], rk[2]
			for i := k + 1; i < n; i++ {
				ri := a[i*ld+k : i*ld+k+4]
				l := ri[0] * inv
				ri[0] = l
				x := ri[1] - l*u0
				ri[1] = x
				ri[2] -= l * u1
				ri[3] -= l * u2
				if v := math.Abs(x); v > best {
					p, best = i, v
				}
			}
		case 2:
			u0, u1 := rk[0], rk[1]
			for i := k + 1; i < n; i++ {
				ri := a[i*ld+k : i*ld+k+3]
				l := ri[0] * inv
				ri[0] = l
				x := ri[1] - l*u0
				ri[1] = x
				ri[2] -= l * u1
				if v := math.Abs(x); v > best {
					p, best = i, v
				}
			}
		case 1:
			u0 := rk[0]
			for i := k + 1; i < n; i++ {
				ri := a[i*ld+k : i*ld+k+2]
				l := ri[0] * inv
				ri[0] = l
				x := ri[1] - l*u0
				ri[1] = x
				if v := math.Abs(x); v > best {
					p, best = i, v
				}
			}
		default:
			for i := k + 1; i < n; i++ {
				a[i*ld+k] *= inv
			}
		}
	}
	return true
}

// DgetrfStatic factors a without row interchanges (static pivoting) as DgetrfSmall's
// factors with the identity permutation in piv, so that the solves of DgetrfSmall's
// factors take them as they are, and fills inv (Diag4Len(n) values) as GetrfDiag4T does;
// simd.GetrfStatic64 does the elimination, and for a multiple of four writes the cache as
// it goes (the same formulas and order of operations: the same values). It returns false
// when a pivot is zero or not finite or a multiplier exceeds lmax in magnitude (the
// threshold-pivoting guard: partial pivoting keeps them at most 1, and bounded multipliers
// bound the growth of the factors), with a unspecified: the caller factors the matrix
// again with DgetrfSmall. Where pivoting is rarely needed this saves the pivot search,
// which the elimination waits for at every step.
func DgetrfStatic(n int, a []float64, ld int, piv []float64, lmax float64, inv []float64) bool {
	fused := n > 0 && n%4 == 0 && Diag4Used(n)
	var c []float64
	if fused {
		c = inv[:Diag4Len(n)]
	}
	if !simd.GetrfStatic64(n, a, ld, lmax, c) {
		return false
	}
	if !fused {
		GetrfDiag4T(n, a, ld, inv)
	}
	for k := range piv[:n] {
		piv[k] = float64(k)
	}
	return true
}
