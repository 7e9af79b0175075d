package lapack

import "github.com/edgetrain/edgetrain/simd"

// DposvBlocks solves A·x = b for each of the nrhs rows b of B in place (B ← B·A⁻¹, B
// nrhs×n with leading dimension ldb) for the symmetric positive definite A, and, when
// factor is set, first overwrites the lower triangle of a with A's Cholesky factor L, as
// Dpotrf does; otherwise a already holds L. It returns false, with a and B unspecified,
// when A is not numerically positive definite. work holds at least BlocksWork(n) values.
// The strict upper triangle of a is neither read nor written.
//
// The columns go eight at a time, left to right (after the n mod 8 first ones, which the
// Crout loop takes): for the block J of eight columns, with its earlier columns packed
// into a strip of eight values per column (the rows of L[J, <J] transposed),
//
//	L[i, J] = (A[i, J] − L[i, <J]·L[J, <J]ᵀ)·L_JJ⁻ᵀ   for the rows i of L below J,
//	Y[r, J] = (B[r, J] − Y[r, <J]·L[J, <J]ᵀ)·L_JJ⁻ᵀ   for the rows r of B,
//
// six rows at a time in one pass each (simd.Strip6x8T: the product, then the diagonal
// block's inverse, one call per block column and matrix), so that the forward
// substitution Y·Lᵀ = B rides along with the factorization and reads the same strip. The
// backward substitution X·L = Y runs the blocks right to left the same way,
// X[r, J] = (Y[r, J] − X[r, >J]·L[>J, J])·L_JJ⁻¹, with L[>J, J] read in place (its rows
// are eight contiguous values; packed for the micro-kernel of the Go paths). B is read and
// written in place, in rows: none of it is transposed, only the strip of L per block
// column. Orders below 8 and fewer than 6 rows go to DposvRows/DpotrsRows.
func DposvBlocks(n, nrhs int, a []float64, lda int, b []float64, ldb int, factor bool, work []float64) bool {
	if n < 8 || (nrhs > 0 && nrhs < 6) {
		if factor {
			return DposvRows(n, nrhs, a, lda, b, ldb)
		}
		if nrhs > 0 {
			DpotrsRows(n, nrhs, a, lda, b, ldb)
		}
		return true
	}
	w0 := n % 8
	nb := n / 8
	pack := work[:8*n]
	inv := work[8*n : 8*n+64*nb]
	var tile [48]float64
	var d, tt [64]float64

	// the first w0 columns: the Crout loop for L, substitution for the rows of B
	if w0 > 0 {
		if factor && !croutCols(w0, n, a, lda) {
			return false
		}
		for r := 0; r < nrhs; r++ {
			br := b[r*ldb : r*ldb+w0]
			for j := range br {
				br[j] = (br[j] - dotShort(br[:j], a[j*lda:j*lda+j])) / a[j*lda+j]
			}
		}
	}
	if !factor {
		for m := 0; m < nb; m++ {
			j0 := w0 + 8*m
			for r := 0; r < 8; r++ {
				copy(d[r*8:r*8+r+1], a[(j0+r)*lda+j0:(j0+r)*lda+j0+r+1])
			}
			invTrans8(&d, inv[m*64:(m+1)*64])
		}
	}

	// forward: the factor's block columns and Y
	for m := 0; m < nb; m++ {
		j0 := w0 + 8*m
		k := j0
		s := pack[:8*k]
		if k > 0 {
			simd.Transpose64(8, k, a[j0*lda:], lda, s, 8)
		}
		t := inv[m*64 : (m+1)*64]
		if factor {
			// the diagonal block: its last six rows by the micro-kernel, the three elements
			// of its first two rows by dot products
			for r := 0; r < 8; r++ {
				copy(d[r*8:r*8+r+1], a[(j0+r)*lda+j0:(j0+r)*lda+j0+r+1])
			}
			if k > 0 {
				var t2 [48]float64
				simd.Strip6x8(k, -1, a[(j0+2)*lda:], lda, 1, s, t2[:], 8)
				for r := 2; r < 8; r++ {
					for c := 0; c <= r; c++ {
						d[r*8+c] += t2[(r-2)*8+c]
					}
				}
				r0, r1 := a[j0*lda:j0*lda+k], a[(j0+1)*lda:(j0+1)*lda+k]
				d[0] -= simd.Dot64(r0, r0)
				d[8] -= simd.Dot64(r1, r0)
				d[9] -= simd.Dot64(r1, r1)
			}
			if !dpotrfSmall(8, d[:], 8) {
				return false
			}
			for r := 0; r < 8; r++ {
				copy(a[(j0+r)*lda+j0:(j0+r)*lda+j0+r+1], d[r*8:r*8+r+1])
			}
			invTrans8(&d, t)
			stripRows(k, j0+8, n, a, lda, j0, s, t, &tile)
		}
		stripRows(k, 0, nrhs, b, ldb, j0, s, t, &tile)
	}

	if nrhs == 0 {
		return true
	}
	// backward: X·L = Y, block columns right to left
	for m := nb - 1; m >= 0; m-- {
		j0 := w0 + 8*m
		k := n - j0 - 8
		// L[>J, J] read in place by the assembly kernel, else packed for the micro-kernel
		u, ldu := a[min((j0+8)*lda+j0, len(a)-1):], lda
		if k > 0 && !simd.Strip6x8TAsm() {
			u, ldu = pack[:8*k], 8
			for p := 0; p < k; p++ {
				copy(u[p*8:p*8+8], a[(j0+8+p)*lda+j0:(j0+8+p)*lda+j0+8])
			}
		}
		t := inv[m*64 : (m+1)*64]
		for q := 0; q < 8; q++ {
			for j := 0; j < 8; j++ {
				tt[q*8+j] = t[j*8+q]
			}
		}
		stripRowsBack(k, nrhs, b, ldb, j0, u, ldu, tt[:], &tile)
	}
	if w0 > 0 {
		// the first w0 columns: X[r, :w0] = (Y[r, :w0] − X[r, w0:]·L[w0:, :w0])·L_00⁻¹, with
		// L[w0:, :w0] packed into zero-padded strips and L_00⁻¹ zero-padded to 8×8
		k := n - w0
		u := pack[:8*k]
		for p := 0; p < k; p++ {
			up := u[p*8 : p*8+8]
			copy(up, a[(w0+p)*lda:(w0+p)*lda+w0])
			clear(up[w0:])
		}
		d = [64]float64{}
		for r := 0; r < w0; r++ {
			copy(d[r*8:r*8+r+1], a[r*lda:r*lda+r+1])
		}
		invLower(w0, d[:], 8, false, tt[:], 8)
		for r0 := 0; r0 < nrhs; r0 += 6 {
			rs := min(r0, nrhs-6) // six rows ending at nrhs for the last group
			tile = [48]float64{}
			for r := 0; r < 6; r++ {
				copy(tile[r*8:r*8+w0], b[(rs+r)*ldb:(rs+r)*ldb+w0])
			}
			simd.Strip6x8T(1, k, -1, b[rs*ldb+w0:], ldb, 1, u, 8, tile[:], 8, tt[:], true)
			for r := r0 - rs; r < 6; r++ {
				copy(b[(rs+r)*ldb:(rs+r)*ldb+w0], tile[r*8:r*8+w0])
			}
		}
	}
	return true
}

// BlocksWork returns the float64 scratch DposvBlocks needs for order n.
func BlocksWork(n int) int { return 8*n + 64*(n/8) }

// BlocksPay reports whether DposvBlocks factors and solves faster than Dpotrf with
// DpotrsStrips, or DposvRows, for order n and nrhs rows (measured, thread CPU time with the
// assembly kernel: 256×128 rows 512 → 485 µs, 256×65 354 → 314, 128×256 227 → 198,
// 64×96 27 → 25, but 128×10 34 → 38 and 48×24 5.7 → 7.0).
func BlocksPay(n, nrhs int) bool {
	if !simd.Strip6x8TAsm() || nrhs < 6 {
		return false
	}
	return n >= 192 || n >= 128 && nrhs >= 24 || n >= 64 && nrhs >= 48
}

// stripRows runs the forward step of DposvBlocks on rows r0 ≤ r < r1 of x (stride ldx):
// x[r, j0:j0+8] ← (x[r, j0:j0+8] − x[r, :k]·S)·T for the packed strip s (k×8) and T,
// six rows at a time, the last group through tile as the six rows ending at r1 (r1 ≥ 6).
func stripRows(k, r0, r1 int, x []float64, ldx, j0 int, s, t []float64, tile *[48]float64) {
	g := (r1 - r0) / 6
	if g > 0 {
		simd.Strip6x8T(g, k, -1, x[r0*ldx:], ldx, 1, s, 8, x[r0*ldx+j0:], ldx, t, false)
	}
	r := r0 + 6*g
	if r == r1 {
		return
	}
	rs := r1 - 6
	for q := 0; q < 6; q++ {
		copy(tile[q*8:q*8+8], x[(rs+q)*ldx+j0:(rs+q)*ldx+j0+8])
	}
	simd.Strip6x8T(1, k, -1, x[rs*ldx:], ldx, 1, s, 8, tile[:], 8, t, false)
	for q := r - rs; q < 6; q++ {
		copy(x[(rs+q)*ldx+j0:(rs+q)*ldx+j0+8], tile[q*8:q*8+8])
	}
}

// stripRowsBack runs the backward step of DposvBlocks on the nrhs (≥ 6) rows of x:
// x[r, j0:j0+8] ← (x[r, j0:j0+8] − x[r, j0+8:j0+8+k]·U)·T, U(p, j) = u[p*ldu+j].
func stripRowsBack(k, nrhs int, x []float64, ldx, j0 int, u []float64, ldu int, t []float64, tile *[48]float64) {
	off := j0 + 8
	if k == 0 {
		off = 0 // not read
	}
	g := nrhs / 6
	simd.Strip6x8T(g, k, -1, x[off:], ldx, 1, u, ldu, x[j0:], ldx, t, true)
	r := 6 * g
	if r == nrhs {
		return
	}
	rs := nrhs - 6
	for q := 0; q < 6; q++ {
		copy(tile[q*8:q*8+8], x[(rs+q)*ldx+j0:(rs+q)*ldx+j0+8])
	}
	simd.Strip6x8T(1, k, -1, x[rs*ldx+off:], ldx, 1, u, ldu, tile[:], 8, t, true)
	for q := r - rs; q < 6; q++ {
		copy(x[(rs+q)*ldx+j0:(rs+q)*ldx+j0+8], tile[q*8:q*8+8])
	}
}

// invTrans8 writes L⁻ᵀ (upper, row-major 8×8) into t for the lower triangle L in d.
func invTrans8(d *[64]float64, t []float64) {
	var li [64]float64
	invLower(8, d[:], 8, false, li[:], 8)
	t = t[:64]
	for q := 0; q < 8; q++ {
		for j := 0; j < 8; j++ {
			t[q*8+j] = li[j*8+q]
		}
	}
}
