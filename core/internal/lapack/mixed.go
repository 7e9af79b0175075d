package lapack

import (
	"math"

	"github.com/edgetrain/edgetrain/simd"
)

// Mixed precision: factor an SPD matrix in float32, where the products run at twice the
// float64 rate, and recover float64 accuracy by iterative refinement in float64 (the
// LAPACK dsposv scheme). Refinement converges when cond(A)·2⁻²⁴ is well below one; when
// the float32 factorization fails or refinement stalls, the routine factors in float64.
//
// Dsposv needs A itself in float64 for its residuals and converts the float32 factor to
// float64 for the refinement solves: at n = 1280 those passes over n² values cost about
// what Spotrf saves against Dpotrf (≈ 9.5 against 15 ms CPU on the AVX2 machine of
// simd/BENCHMARKS.md). The dual solves of package core pay because they avoid both: they
// form only the float32 matrix (its float64 twin is the dominant cost there), apply the
// float64 operator from its factors without forming it, and refine with the float32 factor
// (lapack.Spotrs) directly.

// DsposvMaxIter is the number of refinement steps Dsposv tries before it falls back to a
// float64 factorization. It also falls back as soon as one step fails to halve the
// largest scaled residual: refinement contracts by about cond(A)·2⁻²⁴ per step, and a
// slower rate costs more than the float64 factorization it would save.
const DsposvMaxIter = 10

// DsposvWork32 and DsposvWork64 return the lengths of the float32 and float64 scratch
// Dsposv needs for an n×n system with nrhs right-hand sides.
func DsposvWork32(n int) int       { return n * n }
func DsposvWork64(n, nrhs int) int { return n*n + nrhs*n }

// Dsposv solves A·x = b for each of the nrhs rows b of B (nrhs×n, stride ldb) into the
// rows of X (stride ldx), for the SPD matrix A given by its lower triangle. It mirrors
// the lower triangle of a into the strict upper one (the residuals read whole rows). It
// first factors A in float32 and refines each solution in float64 until the residual
// satisfies ‖b − A·x‖∞ ≤ ‖x‖∞·‖A‖max·2⁻⁵³·√n; it returns the number of refinement steps
// taken, or −1 when it fell back to float64 (the float32 factorization failed, or
// refinement stalled, see DsposvMaxIter): then the lower triangle of a holds the
// float64 Cholesky factor of Dpotrf. ok is false when A is not positive definite in
// float64 either. work32 and work64 hold at least DsposvWork32(n) and
// DsposvWork64(n, nrhs) values; nothing allocates.
func Dsposv(n, nrhs int, a []float64, lda int, b []float64, ldb int, x []float64, ldx int, work32 []float32, work64 []float64) (iter int, ok bool) {
	if n == 0 || nrhs == 0 {
		return 0, Dpotrf(n, a, lda)
	}
	var anrm float64
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			v := a[i*lda+j]
			a[j*lda+i] = v
			anrm = max(anrm, math.Abs(v))
		}
		anrm = max(anrm, math.Abs(a[i*lda+i]))
	}
	if spotrfMixed(n, a, lda, work32[:DsposvWork32(n)]) {
		f := work64[:n*n]
		for i := 0; i < n; i++ {
			for j, v := range work32[i*n : i*n+i+1] {
				f[i*n+j] = float64(v)
			}
		}
		r := work64[n*n : n*n+nrhs*n]
		var bs struct{ pack [simd.PackLen64]float64 }
		for q := 0; q < nrhs; q++ {
			copy(x[q*ldx:q*ldx+n], b[q*ldb:q*ldb+n])
		}
		DpotrsRows(n, nrhs, f, n, x, ldx)
		cte := anrm * 0x1p-53 * math.Sqrt(float64(n))
		prev := math.Inf(1)
		for it := 0; it <= DsposvMaxIter; it++ {
			done := true
			worst := 0.0 // largest rmax/(xmax·cte) over the right-hand sides
			// R = B − X·A (A symmetric, whole rows now).
			for q := 0; q < nrhs; q++ {
				copy(r[q*n:(q+1)*n], b[q*ldb:q*ldb+n])
			}
			if nrhs >= 6 {
				simd.GemmPacked64(bs.pack[:], false, nrhs, n, n, -1, x, ldx, 1, a, 1, lda, r, n)
			} else {
				for q := 0; q < nrhs; q++ {
					xq, rq := x[q*ldx:q*ldx+n], r[q*n:(q+1)*n]
					for i := range rq {
						rq[i] -= simd.Dot64(a[i*lda:i*lda+n], xq)
					}
				}
			}
			for q := 0; q < nrhs; q++ {
				xq, rq := x[q*ldx:q*ldx+n], r[q*n:(q+1)*n]
				var xmax, rmax float64
				for i, v := range rq {
					rmax = max(rmax, math.Abs(v))
					xmax = max(xmax, math.Abs(xq[i]))
				}
				if !(rmax <= xmax*cte) {
					done = false
					worst = max(worst, rmax/(xmax*cte))
				}
			}
			if done {
				return it, true
			}
			if it == DsposvMaxIter || !(worst <= prev/2) {
				break
			}
			prev = worst
			DpotrsRows(n, nrhs, f, n, r, n)
			for q := 0; q < nrhs; q++ {
				xq, rq := x[q*ldx:q*ldx+n], r[q*n:(q+1)*n]
				for i, v := range rq {
					xq[i] += v
				}
			}
		}
	}
	// Fallback: float64 factorization and solves.
	if !Dpotrf(n, a, lda) {
		return -1, false
	}
	for q := 0; q < nrhs; q++ {
		copy(x[q*ldx:q*ldx+n], b[q*ldb:q*ldb+n])
	}
	DpotrsRows(n, nrhs, a, lda, x, ldx)
	return -1, true
}

// spotrfMixed rounds the lower triangle of a to float32 into w[:n*n] (stride n) and
// factors it there with Spotrf. It returns false when a value does not fit float32 or
// the float32 factorization breaks down.
func spotrfMixed(n int, a []float64, lda int, w []float32) bool {
	f := w[:n*n]
	for i := 0; i < n; i++ {
		for j, v := range a[i*lda : i*lda+i+1] {
			s := float32(v)
			if math.IsInf(float64(s), 0) || s != s {
				return false
			}
			f[i*n+j] = s
		}
	}
	return Spotrf(n, f, n)
}
