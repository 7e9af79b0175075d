package simd

// Row-wise triangular solves in four-column blocks for the small float64 factorizations of
// package lapack, one call for a whole solve. For each of m rows x of X (m×n, n a multiple
// of four, leading dimension ldx) and each block of columns j..j+3,
//
//	x[j:j+4] ← (x[j:j+4] − Σ_p x[p]·M[p, j:j+4])·T_j
//
// where T_j is the 4×4 row-major matrix at t[8j:8j+16] (blocks 32 values apart) and M[p, ·]
// = m[p*ldm:]. TrsmRowsFwd64 takes the blocks left to right with p < j (the forward
// substitution X·Uᵀ... with U upper triangular, M = U: X·Lᵀ = B for M = Lᵀ); TrsmRowsBwd64
// takes them right to left with p ≥ j+4 (X·L = Z for M = L lower triangular). With T_j the
// inverse of the diagonal block these are the two halves of a row solve with a Cholesky
// factor. The sums run over contiguous four-element rows of M with the four columns in the
// vector lanes, eight rows of X at a time on AVX2+FMA (so that eight independent FMA chains
// hide the latency), and with no call per block; trsmRowsFwd64Go and trsmRowsBwd64Go are
// the specification. X must not overlap M or t.

// TrsmRowsFwd64 runs the forward form (blocks left to right, p < j); see above.
func TrsmRowsFwd64(m, n int, x []float64, ldx int, mt []float64, ldm int, t []float64) {
	checkTrsm(m, n, x, ldx, mt, ldm, t)
	if m == 0 || n == 0 {
		return
	}
	trsmRowsFwd64(m, n, x, ldx, mt, ldm, t)
}

// TrsmRowsBwd64 runs the backward form (blocks right to left, p ≥ j+4); see above.
func TrsmRowsBwd64(m, n int, x []float64, ldx int, mt []float64, ldm int, t []float64) {
	checkTrsm(m, n, x, ldx, mt, ldm, t)
	if m == 0 || n == 0 {
		return
	}
	trsmRowsBwd64(m, n, x, ldx, mt, ldm, t)
}

func checkTrsm(m, n int, x []float64, ldx int, mt []float64, ldm int, t []float64) {
	if m < 0 || n < 0 || n%4 != 0 {
		panic("simd: bad dimension")
	}
	if m == 0 || n == 0 {
		return
	}
	if ldx < n || ldm < n {
		panic("simd: bad leading dimension")
	}
	if len(x) < (m-1)*ldx+n || len(mt) < (n-1)*ldm+n || len(t) < 8*(n-4)+16 {
		panic("simd: matrix slice too short")
	}
}

// trsmRowsFwd64Go is the specification of TrsmRowsFwd64.
func trsmRowsFwd64Go(m, n int, x []float64, ldx int, mt []float64, ldm int, t []float64) {
	for r := 0; r < m; r++ {
		xr := x[r*ldx : r*ldx+n]
		for j := 0; j < n; j += 4 {
			s := [4]float64{xr[j], xr[j+1], xr[j+2], xr[j+3]}
			for p := 0; p < j; p++ {
				xp, mp := xr[p], mt[p*ldm+j:p*ldm+j+4]
				s[0] -= xp * mp[0]
				s[1] -= xp * mp[1]
				s[2] -= xp * mp[2]
				s[3] -= xp * mp[3]
			}
			trsmStore(xr[j:j+4], &s, t[8*j:8*j+16])
		}
	}
}

// trsmRowsBwd64Go is the specification of TrsmRowsBwd64.
func trsmRowsBwd64Go(m, n int, x []float64, ldx int, mt []float64, ldm int, t []float64) {
	for r := 0; r < m; r++ {
		xr := x[r*ldx : r*ldx+n]
		for j := n - 4; j >= 0; j -= 4 {
			s := [4]float64{xr[j], xr[j+1], xr[j+2], xr[j+3]}
			for p := j + 4; p < n; p++ {
				xp, mp := xr[p], mt[p*ldm+j:p*ldm+j+4]
				s[0] -= xp * mp[0]
				s[1] -= xp * mp[1]
				s[2] -= xp * mp[2]
				s[3] -= xp * mp[3]
			}
			trsmStore(xr[j:j+4], &s, t[8*j:8*j+16])
		}
	}
}

// trsmStore sets d = s·T for the 4×4 row-major T.
func trsmStore(d []float64, s *[4]float64, t []float64) {
	t = t[:16]
	for q := 0; q < 4; q++ {
		d[q] = s[0]*t[q] + s[1]*t[4+q] + s[2]*t[8+q] + s[3]*t[12+q]
	}
}
