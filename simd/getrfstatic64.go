package simd

import "math"

// GetrfStatic64 factors the n×n matrix a (stride lda) as A = L·U in place without row
// interchanges (static pivoting), by the unblocked right-looking elimination of
// GetrfRight64 with row k as the pivot row of step k. It guards the factorization the way
// threshold partial pivoting does: it returns false, with a unspecified, when a pivot is
// zero or not finite or a multiplier |l_ik| = |a_ik/a_kk| exceeds lmax (partial pivoting
// keeps them at most 1), so the caller can factor the matrix again with pivoting. A NaN
// multiplier turns its row's pivot into NaN, which a later step then refuses. On amd64
// with AVX2 and n a multiple of four the elimination runs four steps per pass, four
// columns at a time, with most multipliers formed four rows at a time and checked at the
// end (getrfstatic64_amd64.s); getrfStatic64Generic is the specification.
func GetrfStatic64(n int, a []float64, lda int, lmax float64) bool {
	checkMat(n, n, lda, len(a))
	if n == 0 {
		return true
	}
	return getrfStatic64(n, a, lda, lmax)
}

// getrfStatic64Generic is the specification of GetrfStatic64.
func getrfStatic64Generic(n int, a []float64, lda int, lmax float64) bool {
	for k := 0; k < n; k++ {
		p := a[k*lda+k]
		if ap := math.Abs(p); !(ap > 0) || math.IsInf(ap, 0) {
			return false
		}
		inv := 1 / p
		uk := a[k*lda+k+1 : k*lda+n]
		for i := k + 1; i < n; i++ {
			l := a[i*lda+k] * inv
			if math.Abs(l) > lmax {
				return false
			}
			a[i*lda+k] = l
			ri := a[i*lda+k+1 : i*lda+n]
			for j, v := range uk {
				ri[j] -= l * v
			}
		}
	}
	return true
}
