package simd

import "math"

// GetrfStatic64 factors the n×n matrix a (stride lda) as A = L·U in place without row
// interchanges (static pivoting), by the unblocked right-looking elimination of
// GetrfRight64 with row k as the pivot row of step k. It guards the factorization the way
// threshold partial pivoting does: it returns false, with a unspecified, as soon as a
// pivot is zero or not finite or a multiplier |l_ik| = |a_ik/a_kk| exceeds lmax (partial
// pivoting keeps them at most 1), so the caller can factor a copy again with pivoting. A
// NaN multiplier turns its row's pivot into NaN, which a later step then refuses. On
// amd64 with AVX2 and n a multiple of four the updates run four columns at a time as in
// GetrfRight64; getrfStatic64Generic is the specification.
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
