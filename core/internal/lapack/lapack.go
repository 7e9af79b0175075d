// Package lapack holds the dense float64 factorizations and solves of the damped systems
// the NGD methods build: Cholesky (Dpotrf, Dpotrs) for symmetric positive definite systems
// and LU with partial pivoting (Dgetrf, Dgetrs) for the others. The names follow LAPACK's.
// Matrices are row-major n×n with leading dimension ld. Numerical failure is a return
// value, never a panic, and nothing allocates. Each fast routine has an unblocked pure-Go
// twin (dpotrfGeneric, dpotrsGeneric) that is its specification and is tested against it.
package lapack

import (
	"math"

	"github.com/edgetrain/edgetrain/simd"
)

// potrfBlock is the panel width of the blocked Cholesky factorization: the trailing
// update, a float64 rank-potrfBlock SyrkLower64, carries almost all the flops.
const potrfBlock = 64

// Dpotrf overwrites the lower triangle of the SPD matrix a with its Cholesky factor L
// (a = L·Lᵀ); the strict upper triangle is not touched. It returns false when a is not
// numerically positive definite.
//
// Right-looking and blocked: factor a potrfBlock-wide diagonal block, solve the panel
// below it, subtract the panel's outer product from the trailing lower triangle
// (simd.SyrkLower64), repeat. dpotrfGeneric is the unblocked reference.
func Dpotrf(n int, a []float64, ld int) bool {
	if n <= potrfBlock {
		return dpotrfGeneric(n, a, ld)
	}
	for k0 := 0; k0 < n; k0 += potrfBlock {
		k1 := min(k0+potrfBlock, n)
		kb := k1 - k0
		if !dpotrfGeneric(kb, a[k0*ld+k0:], ld) {
			return false
		}
		if k1 == n {
			break
		}
		// Panel: L21 = A21·L11⁻ᵀ, row by row (forward substitution on contiguous rows).
		for i := k1; i < n; i++ {
			ri := a[i*ld+k0 : i*ld+k1]
			for j := range ri {
				lj := a[(k0+j)*ld+k0 : (k0+j)*ld+k0+j]
				ri[j] = (ri[j] - simd.Dot64(ri[:j], lj)) / a[(k0+j)*ld+k0+j]
			}
		}
		// Trailing update: lower(A22) −= L21·L21ᵀ.
		m := n - k1
		simd.SyrkLower64(m, kb, -1, a[k1*ld+k0:], ld, a[k1*ld+k1:], ld)
	}
	return true
}

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

// Dpotrs solves L·Lᵀ x = b in place in b, with L from Dpotrf. Both substitutions run
// along the contiguous rows of L: the backward one as an axpy per row of L.
func Dpotrs(n int, a []float64, ld int, b []float64) {
	for i := 0; i < n; i++ {
		b[i] = (b[i] - simd.Dot64(a[i*ld:i*ld+i], b[:i])) / a[i*ld+i]
	}
	for i := n - 1; i >= 0; i-- {
		xi := b[i] / a[i*ld+i]
		b[i] = xi
		row := a[i*ld : i*ld+i]
		bi := b[:i]
		for k, v := range row {
			bi[k] -= v * xi
		}
	}
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

// Dgetrf factors a = P·L·U with partial pivoting in place; piv[i] records the row swapped
// with row i (stored as float64 so it can live in a float64 slab). It returns false when a
// pivot is zero or not finite (a singular matrix).
func Dgetrf(n int, a []float64, ld int, piv []float64) bool {
	for k := 0; k < n; k++ {
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
			rk, rp := a[k*ld:k*ld+n], a[p*ld:p*ld+n]
			for j := range rk {
				rk[j], rp[j] = rp[j], rk[j]
			}
		}
		inv := 1 / a[k*ld+k]
		rk := a[k*ld+k+1 : k*ld+n]
		for i := k + 1; i < n; i++ {
			l := a[i*ld+k] * inv
			a[i*ld+k] = l
			if l != 0 {
				ri := a[i*ld+k+1 : i*ld+n]
				for j, v := range rk {
					ri[j] -= l * v
				}
			}
		}
	}
	return true
}

// Dgetrs solves A x = b in place in b with the factors from Dgetrf.
func Dgetrs(n int, a []float64, ld int, piv []float64, b []float64) {
	for k := 0; k < n; k++ {
		if p := int(piv[k]); p != k {
			b[k], b[p] = b[p], b[k]
		}
	}
	for i := 0; i < n; i++ {
		b[i] -= simd.Dot64(a[i*ld:i*ld+i], b[:i])
	}
	for i := n - 1; i >= 0; i-- {
		b[i] = (b[i] - simd.Dot64(a[i*ld+i+1:i*ld+n], b[i+1:n])) / a[i*ld+i]
	}
}
