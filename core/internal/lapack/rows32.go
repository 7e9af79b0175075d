package lapack

import "github.com/edgetrain/edgetrain/simd"

// Float32 row solves with a float64 Cholesky factor: B ← B·A⁻¹ for A = L·Lᵀ, as DpotrsRows,
// with the products in float32, where they run at about twice the float64 rate. The
// result carries float32 rounding amplified by A's condition; it is for callers that check
// and refine what they build from it in float64.

// rows32Block is the order of the diagonal blocks whose inverses Rows32Prep keeps: the
// substitutions become products with them and with the panels between them.
const rows32Block = 128

// Rows32Work returns the float32 scratch length of Rows32 for nrhs rows.
func Rows32Work(nrhs int) int { return nrhs * rows32Block }

// Rows32Prep writes into w (n×n, stride n) the float32 form of the Cholesky factor L in the
// lower triangle of a (from Dpotrf): L below its diagonal blocks of order rows32Block, and
// the inverse of each diagonal block (lower triangular, zeros above) in its place. The
// inverses are formed in float64.
func Rows32Prep(n int, a []float64, lda int, w []float32) {
	for i := 0; i < n; i++ {
		j0 := i / rows32Block * rows32Block
		row, src := w[i*n:(i+1)*n], a[i*lda:i*lda+n]
		for j := 0; j < j0; j++ {
			row[j] = float32(src[j])
		}
		clear(row[j0:])
	}
	var inv [rows32Block]float64
	for j0 := 0; j0 < n; j0 += rows32Block {
		jb := min(rows32Block, n-j0)
		// column c of L_jj⁻¹ by forward substitution, one column at a time
		for c := 0; c < jb; c++ {
			for i := 0; i < c; i++ {
				inv[i] = 0
			}
			inv[c] = 1 / a[(j0+c)*lda+j0+c]
			for i := c + 1; i < jb; i++ {
				li := a[(j0+i)*lda+j0:]
				var s float64
				for k := c; k < i; k++ {
					s += li[k] * inv[k]
				}
				inv[i] = -s / li[i]
			}
			for i := c; i < jb; i++ {
				w[(j0+i)*n+j0+c] = float32(inv[i])
			}
		}
	}
}

// Rows32 solves A·x = b for each of the nrhs rows b of B (nrhs×n, stride ldb) in place,
// B ← B·A⁻¹, with w from Rows32Prep: first Z·Lᵀ = B, then X·L = Z, a block column at a
// time (a product with the solved columns, then one with the diagonal block's inverse).
// tmp holds Rows32Work(nrhs) values.
func Rows32(n, nrhs int, w []float32, b []float32, ldb int, tmp []float32) {
	const nb = rows32Block
	for j0 := 0; j0 < n; j0 += nb {
		jb := min(nb, n-j0)
		if j0 > 0 {
			simd.GemmNT(nrhs, jb, j0, -1, b, ldb, w[j0*n:], n, 1, b[j0:], ldb)
		}
		simd.GemmNT(nrhs, jb, jb, 1, b[j0:], ldb, w[j0*n+j0:], n, 0, tmp, nb)
		for r := 0; r < nrhs; r++ {
			copy(b[r*ldb+j0:r*ldb+j0+jb], tmp[r*nb:r*nb+jb])
		}
	}
	for j0 := (n - 1) / nb * nb; j0 >= 0; j0 -= nb {
		jb := min(nb, n-j0)
		if e := j0 + jb; e < n {
			simd.GemmNN(nrhs, jb, n-e, -1, b[e:], ldb, w[e*n+j0:], n, 1, b[j0:], ldb)
		}
		simd.GemmNN(nrhs, jb, jb, 1, b[j0:], ldb, w[j0*n+j0:], n, 0, tmp, nb)
		for r := 0; r < nrhs; r++ {
			copy(b[r*ldb+j0:r*ldb+j0+jb], tmp[r*nb:r*nb+jb])
		}
	}
}
