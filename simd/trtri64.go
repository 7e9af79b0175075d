package simd

// TrtriLower64 writes the inverse X = L⁻¹ of the lower-triangular n×n matrix L (a, stride
// lda; n a multiple of four) into x (n×n, stride ldx), given the inverses of L's 4×4
// diagonal blocks as t holds them for the forward substitution: at 32q the matrix
// T_q = (L_qq⁻¹)ᵀ (4×4 row-major), the cache of lapack.PotrfDiag4. Block row I of X is
// X[I, I] = T_Iᵀ and, for each block column C < I,
//
//	X[I, C] = −L_II⁻¹ · Σ_{C ≤ P < I} L[I, P]·X[P, C],
//
// formed from the block rows above it. Entries of x above the diagonal blocks are not
// written (a caller that needs them zero clears x first). trtriLower64Go is the
// specification.
func TrtriLower64(n int, a []float64, lda int, t []float64, x []float64, ldx int) {
	if n < 0 || n%4 != 0 {
		panic("simd: TrtriLower64 needs n a non-negative multiple of four")
	}
	if n == 0 {
		return
	}
	checkMat(n, n, lda, len(a))
	checkMat(n, n, ldx, len(x))
	checkVec(8*n, len(t))
	trtriLower64(n, a, lda, t, x, ldx)
}

// trtriLower64Go is the specification of TrtriLower64.
func trtriLower64Go(n int, a []float64, lda int, t []float64, x []float64, ldx int) {
	var s [16]float64
	for i := 0; i < n; i += 4 {
		tq := t[8*i : 8*i+16]
		for c := 0; c < i; c += 4 {
			// S = Σ_p L[i.., p]·X[p, c..], rows r, columns q
			for r := 0; r < 4; r++ {
				for q := 0; q < 4; q++ {
					var v float64
					for p := c; p < i; p++ {
						v += a[(i+r)*lda+p] * x[p*ldx+c+q]
					}
					s[r*4+q] = v
				}
			}
			// X[i+r, c+q] = −Σ_k L_ii⁻¹[r,k]·S[k,q], L_ii⁻¹[r,k] = T[k,r]
			for r := 0; r < 4; r++ {
				for q := 0; q < 4; q++ {
					v := tq[0*4+r]*s[0*4+q] + tq[1*4+r]*s[1*4+q] + tq[2*4+r]*s[2*4+q] + tq[3*4+r]*s[3*4+q]
					x[(i+r)*ldx+c+q] = -v
				}
			}
		}
		for r := 0; r < 4; r++ {
			for q := 0; q < 4; q++ {
				x[(i+r)*ldx+i+q] = tq[q*4+r]
			}
		}
	}
}
