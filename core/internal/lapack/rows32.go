package lapack

import "github.com/edgetrain/edgetrain/simd"

// Float32 row solves with a float64 Cholesky factor: B ← B·A⁻¹ for A = L·Lᵀ, as DpotrsRows,
// with the products in float32, where they run at about twice the float64 rate. The
// result carries float32 rounding amplified by A's condition; it is for callers that check
// and refine what they build from it in float64.

// rows32Block is the order of the diagonal blocks whose inverses Rows32Prep keeps: the
// substitutions become products with them and with the panels between them.
const rows32Block = 64

// Rows32Work returns the float32 scratch length of Rows32 for nrhs rows.
func Rows32Work(nrhs int) int { return nrhs * rows32Block }

// Rows32Size returns the length of the prepared factor w of Rows32Prep for order n.
func Rows32Size(n int) int { return n*n + n*rows32Block }

// Rows32Prep writes into w (Rows32Size(n) values) the float32 form of the Cholesky factor
// L in the lower triangle of a (from Dpotrf) that Rows32 uses. Its first n×n values
// (stride n) hold L below its diagonal blocks of order rows32Block, Lᵀ above them, and in
// each diagonal block the inverse of L's (lower triangular, zeros above); the n×rows32Block
// values after them hold the transposes of those inverses, block after block. Both
// substitutions of Rows32 then multiply by a transposed operand, the faster product form.
// The inverses are formed in float64.
func Rows32Prep(n int, a []float64, lda int, w []float32) {
	const nb = rows32Block
	for i := 0; i < n; i++ {
		j0 := i / nb * nb
		row, src := w[i*n:(i+1)*n], a[i*lda:i*lda+n]
		for j := 0; j < j0; j++ {
			v := float32(src[j])
			row[j] = v
			w[j*n+i] = v
		}
		clear(row[j0:min(j0+nb, n)])
	}
	dt := w[n*n:]
	var inv [nb]float64
	for j0 := 0; j0 < n; j0 += nb {
		jb := min(nb, n-j0)
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
			trow := dt[(j0+c)*nb : (j0+c)*nb+nb]
			clear(trow)
			for i := c; i < jb; i++ {
				v := float32(inv[i])
				w[(j0+i)*n+j0+c] = v
				trow[i] = v
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
	dt := w[n*n:]
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
			// Z_j −= X_{>j}·L_{>j,j}, with L_{>j,j}ᵀ held above the diagonal
			simd.GemmNT(nrhs, jb, n-e, -1, b[e:], ldb, w[j0*n+e:], n, 1, b[j0:], ldb)
		}
		simd.GemmNT(nrhs, jb, jb, 1, b[j0:], ldb, dt[j0*nb:], nb, 0, tmp, nb)
		for r := 0; r < nrhs; r++ {
			copy(b[r*ldb+j0:r*ldb+j0+jb], tmp[r*nb:r*nb+jb])
		}
	}
}
