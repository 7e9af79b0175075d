package simd

// PotrsVec64 solves L·Lᵀ·x = b in place in b (n values) for the Cholesky factor L (n×n,
// lower triangle, stride lda; n a multiple of four) with the inverses of its 4×4 diagonal
// blocks in t (32 values per block q: at 32q the matrix T the forward substitution's block
// at column 4q multiplies by, at 32q+16 the backward one's), the cache of
// lapack.PotrfDiag4. Forward, for j = 0, 4, …: s = b[j:j+4] − L[j:j+4, 0:j]·b[0:j] and
// b[j:j+4] = s·T; backward, for j = n−4, …, 0: s = b[j:j+4] − L[j+4:n, j:j+4]ᵀ·b[j+4:n]
// and b[j:j+4] = s·T', T and T' 4×4 row-major. These are the four-column substitutions of
// package lapack for one right-hand side, in one call: a single vector's solve is a chain
// of short steps, where a kernel call per block costs about as much as its flops.
// potrsVec64Go is the specification.
func PotrsVec64(n int, a []float64, lda int, t []float64, b []float64) {
	checkPotrsVec(n, a, lda, t, b)
	if n == 0 {
		return
	}
	potrsVec64(n, a, lda, t, b)
}

// PotrsVecPair64 runs PotrsVec64 on two independent systems of the same order, their
// steps interleaved so that each one's chain of dependent steps fills the other's waits.
func PotrsVecPair64(n int, a0 []float64, lda0 int, t0 []float64, b0 []float64, a1 []float64, lda1 int, t1 []float64, b1 []float64) {
	checkPotrsVec(n, a0, lda0, t0, b0)
	checkPotrsVec(n, a1, lda1, t1, b1)
	if n == 0 {
		return
	}
	potrsVecPair64(n, a0, lda0, t0, b0, a1, lda1, t1, b1)
}

// PotrsVecAsm reports whether PotrsVec64 and PotrsVecPair64 run a vector kernel (otherwise
// they are the scalar twin).
func PotrsVecAsm() bool { return potrsVecAsm() }

func checkPotrsVec(n int, a []float64, lda int, t []float64, b []float64) {
	if n < 0 || n%4 != 0 {
		panic("simd: PotrsVec64 needs n a non-negative multiple of four")
	}
	if n == 0 {
		return
	}
	checkMat(n, n, lda, len(a))
	checkVec(8*n, len(t))
	checkVec(n, len(b))
}

// potrsVec64Go is the specification of PotrsVec64.
func potrsVec64Go(n int, a []float64, lda int, t []float64, b []float64) {
	var s [4]float64
	for j := 0; j < n; j += 4 {
		for q := 0; q < 4; q++ {
			v := b[j+q]
			for p, l := range a[(j+q)*lda : (j+q)*lda+j] {
				v -= l * b[p]
			}
			s[q] = v
		}
		trsmStore(b[j:j+4], &s, t[8*j:8*j+16])
	}
	bwdVecLowerT4(n, a, lda, t, b)
}

// bwdVecLowerT4 overwrites b with L⁻ᵀb for the lower triangle L in a (n a multiple of four),
// block by block from the last, each block's 4×4 inverse taken from t[8j+16 : 8j+32]: the
// backward half of the Go twins of PotrsVec64 and GetrsTVec64.
func bwdVecLowerT4(n int, a []float64, lda int, t []float64, b []float64) {
	var s [4]float64
	for j := n - 4; j >= 0; j -= 4 {
		for q := 0; q < 4; q++ {
			v := b[j+q]
			for p := j + 4; p < n; p++ {
				v -= b[p] * a[p*lda+j+q]
			}
			s[q] = v
		}
		trsmStore(b[j:j+4], &s, t[8*j+16:8*j+32])
	}
}
