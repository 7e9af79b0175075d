package simd

import "math"

// GetrfRight64 factors the n×n matrix a (stride lda) as P·A = L·U with partial pivoting in
// place, by the unblocked right-looking elimination: for each column k the first row of
// largest magnitude in rows k..n becomes the pivot (piv[k] records it, as a float64), the
// rows are swapped whole, the column below the pivot is scaled into the multipliers of L,
// and the trailing rows lose their multiple of the pivot row. It returns false, with a and
// piv unspecified, on a zero or non-finite pivot. On amd64 with AVX2 and n a multiple of
// four the rank-one updates run four columns at a time, each row's update from the first
// four-column block that reaches past column k (the pivot row's entries left of k+1 taken
// as zero there), with the next column's pivot searched as the rows are updated; the
// input is assumed finite. getrfRight64Generic is the specification.
func GetrfRight64(n int, a []float64, lda int, piv []float64) bool {
	checkMat(n, n, lda, len(a))
	checkVec(n, len(piv))
	if n == 0 {
		return true
	}
	return getrfRight64(n, a, lda, piv)
}

// GetrfAsm reports whether GetrfRight64 runs a vector kernel at order n (otherwise it is
// its scalar twin, and blocked or panel-wise factorizations are faster).
func GetrfAsm(n int) bool { return getrfAsm(n) }

// getrfPairs selects, where there is one, the kernel that takes two steps of the
// elimination at a time (a variable so that tests and benchmarks can run both).
var getrfPairs = true

// getrfRight64Generic is the specification of GetrfRight64.
func getrfRight64Generic(n int, a []float64, lda int, piv []float64) bool {
	for k := 0; k < n; k++ {
		p, best := k, math.Abs(a[k*lda+k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(a[i*lda+k]); v > best {
				p, best = i, v
			}
		}
		piv[k] = float64(p)
		if !(best > 0) || math.IsInf(best, 0) {
			return false
		}
		if p != k {
			rk, rp := a[k*lda:k*lda+n], a[p*lda:p*lda+n]
			for j, v := range rk {
				rk[j], rp[j] = rp[j], v
			}
		}
		inv := 1 / a[k*lda+k]
		uk := a[k*lda+k+1 : k*lda+n]
		for i := k + 1; i < n; i++ {
			l := a[i*lda+k] * inv
			a[i*lda+k] = l
			ri := a[i*lda+k+1 : i*lda+n]
			for j, v := range uk {
				ri[j] -= l * v
			}
		}
	}
	return true
}
