//go:build !purego && !noasm

package simd

// GemmNT with a short summation: the NT micro-kernels form each element of C as a dot
// product over k, eight lanes wide, and then reduce the lanes horizontally; for k ≤ 32
// the reductions cost more than the multiply-adds. There the product runs as GemmNN on
// Bᵀ, copied to a stack block sized to the operand (the copy is n·k moves; a Go array on
// the stack is zeroed on entry, hence the two sizes).

// ntShortK is the longest summation ntViaNN takes.
const ntShortK = 32

// ntViaNN computes C = alpha·A·Bᵀ + beta·C as GemmNN on a transposed copy of B and
// reports true, or reports false and does nothing when the shape does not suit it.
func ntViaNN(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) bool {
	if k == 0 || k > ntShortK || m < 6 || n < 8 {
		return false
	}
	if n*k > 256 {
		return false
	}
	var bt [256]float32
	transposeInto(bt[:n*k], n, k, b, ldb)
	nnDrive(m, n, k, alpha, a, lda, 1, bt[:n*k], n, beta, c, ldc)
	return true
}

// transposeInto writes the k×n transpose of the n×k matrix b (stride ldb) into t
// (stride n).
func transposeInto(t []float32, n, k int, b []float32, ldb int) {
	for j := 0; j < n; j++ {
		row := b[j*ldb : j*ldb+k]
		for p, v := range row {
			t[p*n+j] = v
		}
	}
}
