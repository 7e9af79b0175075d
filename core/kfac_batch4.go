package core

import (
	"github.com/edgetrain/edgetrain/core/internal/lapack"
	"github.com/edgetrain/edgetrain/simd"
)

// Small damped systems are factored and solved on the batch-of-four kernels of package simd
// (PotrfBatch4, TrsvTBatch4) with the same matrix in all four lanes and the right-hand sides
// spread over the lanes as border rows: the factorization does the forward substitution of
// every right-hand side as it goes, and each back substitution serves four of them. At these
// orders the blocked Dpotrf and DpotrsRows spend most of their time on calls, packing and
// scratch, not on flops.

// batchMaxOrder is the largest order solved on the batch-of-four kernels.
const batchMaxOrder = 64

// batchOrder is the order n padded to the even order of the AVX2 kernel (an identity row is
// appended), or 0 when n is solved by Dpotrf and DpotrsRows.
func batchOrder(n int) int {
	if n == 0 || n > batchMaxOrder {
		return 0
	}
	return (n + 1) &^ 1
}

// batchLen is the length of the packed batch for order n and rows right-hand sides.
func batchLen(n, rows int) int {
	n2 := batchOrder(n)
	if n2 == 0 {
		return 0
	}
	return simd.Batch4Len(n2+(rows+3)/4, 0)
}

// solveSPD overwrites each of the rows right-hand sides b_q (rows of b, stride ldb, length n)
// with M⁻¹b_q for the symmetric positive definite M whose lower triangle is in m (stride
// ld). When fresh, m holds M itself and is overwritten by its Cholesky factor (on the batch
// kernels only when keep: a scratch system is left as it is); otherwise m holds the factor
// already. It returns false when M is not positive definite.
func (kf *kfac) solveSPD(fresh, keep bool, n int, m []float64, ld int, rows int, b []float64, ldb int) bool {
	n2 := batchOrder(n)
	if !fresh || n2 == 0 || rows == 0 {
		if fresh && !lapack.Dpotrf(n, m, ld) {
			return false
		}
		lapack.DpotrsRows(n, rows, m, ld, b, ldb)
		return true
	}
	R := (rows + 3) / 4 // border rows; right-hand side q rides in lane q%4 of border row q/4
	pk := kf.pk[:simd.Batch4Len(n2+R, 0)]
	inv := kf.pinv[:4*n2]
	ones := kf.ones[:4*n]
	for i := 0; i < n; i++ { // row i of M in every lane
		simd.ScaleBatch4(pk[simd.Batch4Off(i, 0, 0):], m[i*ld:i*ld+i+1], ones)
	}
	if n2 > n { // the padding: an identity row, which no right-hand side touches
		row := pk[simd.Batch4Off(n, 0, 0):simd.Batch4Off(n, n+1, 0)]
		clear(row)
		row[4*n], row[4*n+1], row[4*n+2], row[4*n+3] = 1, 1, 1, 1
	}
	for r := 0; r < R; r++ {
		row := pk[simd.Batch4Off(n2+r, 0, 0):simd.Batch4Off(n2+r+1, 0, 0)]
		clear(row)
		for l := 0; l < 4; l++ {
			if q := 4*r + l; q < rows {
				for c, v := range b[q*ldb : q*ldb+n] {
					row[4*c+l] = v
				}
			}
		}
	}
	if simd.PotrfBatch4(pk, inv, n2, 0, n2+R) != 0xf {
		return false
	}
	for i := 0; keep && i < n; i++ {
		row := pk[simd.Batch4Off(i, 0, 0):simd.Batch4Off(i, i+1, 0)]
		for c := range m[i*ld : i*ld+i+1] {
			m[i*ld+c] = row[4*c]
		}
	}
	for r := 0; r < R; r++ {
		x := pk[simd.Batch4Off(n2+r, 0, 0):simd.Batch4Off(n2+r, n2, 0)]
		simd.TrsvTBatch4(pk, inv, n2, 0, x)
		for l := 0; l < 4; l++ {
			if q := 4*r + l; q < rows {
				br := b[q*ldb : q*ldb+n]
				for c := range br {
					br[c] = x[4*c+l]
				}
			}
		}
	}
	return true
}
