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
//
// inv is nil, or for n a multiple of four n/4·32 values that receive, per four-column
// block q, the inverses the substitutions with the transposed factors multiply by: at 32q
// U_dd⁻¹ (column-major, i.e. the inverse of the lower triangle U_ddᵀ, row-major) and at
// 32q+16 the inverse of the unit lower L_dd transposed (row-major), formed as
// getrfStaticDiag4 forms them (on amd64 as each block's pivot rows are final, with the
// reciprocals of the pivots the elimination forms anyway).
func GetrfStatic64(n int, a []float64, lda int, lmax float64, inv []float64) bool {
	checkMat(n, n, lda, len(a))
	if inv != nil && (n%4 != 0 || len(inv) < n/4*32) {
		panic("simd: GetrfStatic64 cache needs n a multiple of 4 and n/4·32 values")
	}
	if n == 0 {
		return true
	}
	return getrfStatic64(n, a, lda, lmax, inv)
}

// getrfStaticDiag4 writes the cache of GetrfStatic64 from the factors in a (n a multiple
// of four): per block the reciprocals i_jj = 1/u_jj, then U_dd⁻¹ and L_dd⁻¹ by
// substitution in a fixed order of operations (no fused multiply-adds).
func getrfStaticDiag4(n int, a []float64, lda int, inv []float64) {
	for j := 0; j < n; j += 4 {
		u := a[j*lda+j : j*lda+j+3*lda+4]
		i00, i11, i22, i33 := 1/u[0], 1/u[lda+1], 1/u[2*lda+2], 1/u[3*lda+3]
		u01, u02, u12, u03, u13, u23 := u[1], u[2], u[lda+2], u[3], u[lda+3], u[2*lda+3]
		// Uᵀ's elements below its diagonal are U's above it
		x10, x20, x21, x30, x31, x32 := InvLower4(u01, u02, u12, u03, u13, u23, i00, i11, i22, i33)
		f := inv[8*j : 8*j+16]
		f[0], f[1], f[2], f[3] = i00, x10, x20, x30
		f[4], f[5], f[6], f[7] = 0, i11, x21, x31
		f[8], f[9], f[10], f[11] = 0, 0, i22, x32
		f[12], f[13], f[14], f[15] = 0, 0, 0, i33
		l10, l20, l21, l30, l31, l32 := u[lda], u[2*lda], u[2*lda+1], u[3*lda], u[3*lda+1], u[3*lda+2]
		y10, y20, y21, y30, y31, y32 := InvLower4(l10, l20, l21, l30, l31, l32, 1, 1, 1, 1)
		b := inv[8*j+16 : 8*j+32]
		b[0], b[1], b[2], b[3] = 1, 0, 0, 0
		b[4], b[5], b[6], b[7] = y10, 1, 0, 0
		b[8], b[9], b[10], b[11] = y20, y21, 1, 0
		b[12], b[13], b[14], b[15] = y30, y31, y32, 1
	}
}

// getrfStatic64Generic is the specification of GetrfStatic64.
func getrfStatic64Generic(n int, a []float64, lda int, lmax float64, inv []float64) bool {
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
	if inv != nil {
		getrfStaticDiag4(n, a, lda, inv)
	}
	return true
}
