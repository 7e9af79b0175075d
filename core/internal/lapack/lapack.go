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

// potrfUnblocked is the largest order Dpotrf factors with the unblocked Crout loop; it
// is also the order at which the recursion below stops.
const potrfUnblocked = 16

// Dpotrf overwrites the lower triangle of the SPD matrix a with its Cholesky factor L
// (a = L·Lᵀ); the strict upper triangle is not touched. It returns false when a is not
// numerically positive definite.
//
// Recursive: split a into [A11 0; A21 A22] with A11 of about n/2 columns (a multiple of
// eight), factor A11, solve L21·L11ᵀ = A21 (trsmRightLowerT, itself recursive), subtract
// L21·L21ᵀ from the lower triangle of A22 (simd.GemmPacked64 in its triangular form) and
// factor A22. Almost all flops land in the packed products. dpotrfGeneric, the unblocked
// loop, is the reference.
func Dpotrf(n int, a []float64, ld int) bool {
	switch {
	case n <= potrfUnblocked:
		return dpotrfGeneric(n, a, ld)
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
	if n <= potrfUnblocked {
		return dpotrfGeneric(n, a, ld)
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
